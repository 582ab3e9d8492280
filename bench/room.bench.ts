/**
 * The workshop room under a room's load: 500 simulated learners, each sending 20 check events over keep-alive HTTP
 * to one room server (its own process), with the instructor's dashboard stream open. Reports, for SQLite and for
 * PostgreSQL (a throwaway server started here): events stored (all 10,000), p95 time from a learner's POST to the
 * dashboard's stream event (goals < 250 ms SQLite, < 500 ms PostgreSQL) beside the p95 of the POST's own round trip,
 * throughput, and the server's peak memory.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Agent, fetch as ufetch } from 'undici';
import { havePostgres, startPostgres } from '../tests/support/postgres';
import { STEP_IDS } from '../src/lib/room/protocol';
import { takeSseEvents } from '../src/lib/room/sse';

const LEARNERS = 500;
const EVENTS = 20;
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)] ?? NaN;
const emit = (o: object) => console.log(JSON.stringify(o));

async function run(kind: 'sqlite' | 'postgres', databaseUrl?: string) {
  const child = fork(fileURLToPath(new URL('./room-server.ts', import.meta.url)), {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, DATABASE_URL: databaseUrl ?? '' },
  });
  const { port } = await new Promise<{ port: number }>((r) => child.once('message', (m) => r(m as { port: number })));
  const api = `http://127.0.0.1:${port}`;
  const agent = new Agent({ keepAliveTimeout: 30_000, connections: 128 });
  const post = (path: string, body: unknown, token?: string) =>
    ufetch(`${api}${path}`, {
      method: 'POST',
      dispatcher: agent,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
  const room = (await (await post('/api/rooms', { name: 'bench' })).json()) as { code: string; instructorKey: string };
  const learners: { learnerId: string; token: string }[] = [];
  for (let i = 0; i < LEARNERS; i += 50) {
    learners.push(...(await Promise.all(Array.from({ length: 50 }, (_, j) => post(`/api/rooms/${room.code}/join`, { name: `learner ${i + j}` }).then((r) => r.json() as any)))));
  }

  // The dashboard: every stream event carries the learner's whole progress; its total failed checks tell which of
  // that learner's events it answers (each learner sends its events one after another).
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  const stream = await fetch(`${api}/api/rooms/${room.code}/stream`, { headers: { authorization: `Bearer ${room.instructorKey}` } });
  const reader = stream.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  const reading = (async () => {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      const taken = takeSseEvents(buffer + value);
      buffer = taken.rest;
      for (const { data } of taken.events) {
        const e = data as any;
        if (e.type !== 'learner') continue;
        const n = Object.values(e.learner.steps as Record<string, { fails: number }>).reduce((a, s) => a + s.fails, 0);
        const t = sentAt.get(`${e.learner.learnerId}:${n}`);
        if (t !== undefined) latencies.push(performance.now() - t), sentAt.delete(`${e.learner.learnerId}:${n}`);
      }
    }
  })();

  const rtts: number[] = [];
  const started = performance.now();
  await Promise.all(
    learners.map(async (l) => {
      for (let n = 1; n <= EVENTS; n++) {
        const t = performance.now();
        sentAt.set(`${l.learnerId}:${n}`, t);
        const res = await post(`/api/rooms/${room.code}/events`, { step: STEP_IDS[n % STEP_IDS.length], result: 'fail' }, l.token);
        await res.arrayBuffer();
        rtts.push(performance.now() - t);
      }
    }),
  );
  const elapsed = performance.now() - started;
  const deadline = Date.now() + 10_000;
  while (latencies.length < LEARNERS * EVENTS && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  const progress = (await (await fetch(`${api}/api/rooms/${room.code}/progress`, { headers: { authorization: `Bearer ${room.instructorKey}` } })).json()) as any;
  const stored = progress.learners.reduce((a: number, l: any) => a + Object.values(l.steps).reduce((b: number, s: any) => b + s.fails, 0), 0);
  await reader.cancel().catch(() => {});
  await reading.catch(() => {});
  child.send('stop');
  const { maxRssKb } = await new Promise<{ maxRssKb: number }>((r) => child.on('message', (m: any) => m.maxRssKb && r(m)));
  await agent.close();
  const goal = kind === 'sqlite' ? 250 : 500;
  emit({ metric: `room.${kind}.events_stored`, value: stored, unit: 'events', goal: LEARNERS * EVENTS });
  emit({ metric: `room.${kind}.post_to_dashboard_p95`, value: Math.round(p95(latencies)), unit: 'ms', goal: `< ${goal}`, comparison: { post_round_trip_p95_ms: Math.round(p95(rtts)), events_seen_on_stream: latencies.length } });
  emit({ metric: `room.${kind}.throughput`, value: Math.round((LEARNERS * EVENTS) / (elapsed / 1000)), unit: 'events/s', comparison: { learners: LEARNERS, events_each: EVENTS, seconds: +(elapsed / 1000).toFixed(2) } });
  emit({ metric: `room.${kind}.server_peak_rss`, value: Math.round(maxRssKb / 1024), unit: 'MB' });
}

await run('sqlite');
if (havePostgres()) {
  const pg = await startPostgres();
  try {
    await run('postgres', pg.url);
  } finally {
    pg.stop();
  }
} else emit({ metric: 'room.postgres', skipped: 'initdb/pg_ctl not on PATH' });
