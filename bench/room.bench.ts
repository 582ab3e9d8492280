/**
 * The workshop room under a room's load: 500 simulated learners, each sending 20 check events over keep-alive HTTP
 * to one room server (its own process), with the instructor's dashboard stream open. Reports, for SQLite and for
 * PostgreSQL (a throwaway server started here): events stored (all 10,000), p95 time from a learner's POST to the
 * dashboard's stream event (goals < 250 ms SQLite, < 500 ms PostgreSQL) beside the p95 of the POST's own round trip,
 * throughput, and the server's peak memory.
 *
 * Two runs each. Paced (the goal's figure): every learner sends one event a second (start times spread over the
 * first second), so the room offers 500 events/s, far more than a real room, whose learners pass a check every
 * half-minute or so. Saturated (beside it, in `comparison`): all 500 learners send as fast as their previous answer
 * allows; there the p95 is the queue's length over the server's throughput, not the time an event takes to reach the
 * dashboard, and client and server share this machine's cores.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Agent, fetch as ufetch } from 'undici';
import { havePostgres, startPostgres } from '../tests/support/postgres';
import { STEP_IDS } from '../src/lib/room/protocol';
import { takeSseEvents } from '../src/lib/room/sse';

const LEARNERS = 500;
const EVENTS = 20;
const PACE_MS = 1000;
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)] ?? NaN;
const emit = (o: object) => console.log(JSON.stringify(o));

interface Figures {
  stored: number;
  p95: number;
  rttP95: number;
  seen: number;
  throughput: number;
  seconds: number;
  maxRssKb: number;
}

async function run(databaseUrl: string | undefined, paced: boolean): Promise<Figures> {
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
    learners.map(async (l, i) => {
      const start = performance.now() + (paced ? (i / LEARNERS) * PACE_MS : 0);
      for (let n = 1; n <= EVENTS; n++) {
        if (paced) {
          const due = start + (n - 1) * PACE_MS - performance.now();
          if (due > 0) await new Promise((r) => setTimeout(r, due));
        }
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
  return {
    stored,
    p95: Math.round(p95(latencies)),
    rttP95: Math.round(p95(rtts)),
    seen: latencies.length,
    throughput: Math.round((LEARNERS * EVENTS) / (elapsed / 1000)),
    seconds: +(elapsed / 1000).toFixed(2),
    maxRssKb,
  };
}

async function report(kind: 'sqlite' | 'postgres', databaseUrl?: string) {
  const paced = await run(databaseUrl, true);
  const burst = await run(databaseUrl, false);
  const goal = kind === 'sqlite' ? 250 : 500;
  emit({ metric: `room.${kind}.events_stored`, value: paced.stored, unit: 'events', goal: LEARNERS * EVENTS, comparison: { saturated_run: burst.stored } });
  emit({
    metric: `room.${kind}.post_to_dashboard_p95`,
    value: paced.p95,
    unit: 'ms',
    goal: `< ${goal}`,
    conditions: `${LEARNERS} learners, one event each per ${PACE_MS} ms (${Math.round((LEARNERS * 1000) / PACE_MS)} events/s offered)`,
    comparison: {
      post_round_trip_p95_ms: paced.rttP95,
      events_seen_on_stream: paced.seen,
      saturated: { post_to_dashboard_p95_ms: burst.p95, post_round_trip_p95_ms: burst.rttP95, events_seen_on_stream: burst.seen },
    },
  });
  emit({ metric: `room.${kind}.throughput`, value: burst.throughput, unit: 'events/s', conditions: 'saturated: every learner sends as soon as its previous event is answered', comparison: { learners: LEARNERS, events_each: EVENTS, seconds: burst.seconds } });
  emit({ metric: `room.${kind}.server_peak_rss`, value: Math.round(Math.max(paced.maxRssKb, burst.maxRssKb) / 1024), unit: 'MB' });
}

await report('sqlite');
if (havePostgres()) {
  const pg = await startPostgres();
  try {
    await report('postgres', pg.url);
  } finally {
    pg.stop();
  }
} else emit({ metric: 'room.postgres', skipped: 'initdb/pg_ctl not on PATH' });
