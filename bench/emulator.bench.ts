/**
 * Emulator benchmarks (`npx tsx bench/emulator.bench.ts`), one JSON line per metric:
 * - median latency of GetRole and GetCallerIdentity from an SDK v3 client over HTTP against `bin/sandbox.ts`,
 *   measured in the same run against a canned-response HTTP server (the floor for that client; goal ≤ 1.5×) and,
 *   when `moto_server` is on PATH, against moto (goal ≤ 0.4×);
 * - in-process GetRole calls per second with authorization (SDK client → inProcessRequestHandler → gateway).
 * Each server runs in its own process so the client's event loop measures only the round trip.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { CreateRoleCommand, GetRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { createEmulator } from '../src/lib/emulator';
import { startSandbox } from '../tests/unit/emulator/harness';

const N = Number(process.env.BENCH_N ?? 400);
const WARMUP = 50;
const TRUST = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] });

/**
 * The floor: an HTTP server that answers every request with a fixed, valid response — the very bytes the sandbox
 * returned for the same call — so the client parses the same XML and only the server's work differs.
 */
const CANNED_SERVER = `
const http = require('node:http');
const answers = JSON.parse(process.env.CANNED_ANSWERS);
const server = http.createServer((req, res) => {
  let body = '';
  req.on('data', (d) => (body += d));
  req.on('end', () => {
    const xml = body.includes('Action=GetRole') ? answers.GetRole : answers.GetCallerIdentity;
    res.writeHead(200, { 'content-type': 'text/xml', 'x-amzn-requestid': '00000000-0000-0000-0000-000000000000', 'content-length': Buffer.byteLength(xml) });
    res.end(xml);
  });
});
server.keepAliveTimeout = 60000;
server.listen(Number(process.argv[1]), '127.0.0.1', () => console.log('ready'));
`;

/** What the sandbox answers to a call, as raw text (signed like an SDK request). */
async function rawAnswer(url: string, credentials: { accessKeyId: string; secretAccessKey: string }, service: string, body: string): Promise<string> {
  const u = new URL(url);
  const req = new HttpRequest({
    method: 'POST', protocol: 'http:', hostname: u.hostname, port: Number(u.port), path: '/',
    headers: { host: u.host, 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, body,
  });
  const signed = await new SignatureV4({ credentials, region: 'us-east-1', service, sha256: Sha256 }).sign(req);
  const res = await fetch(url + '/', { method: 'POST', headers: signed.headers as Record<string, string>, body });
  return res.text();
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

async function waitFor(url: string, timeoutMs = 20_000) {
  const start = Date.now();
  for (;;) {
    try {
      await fetch(url, { method: 'POST', body: '' });
      return;
    } catch {
      if (Date.now() - start > timeoutMs) throw new Error(`${url} did not start`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

async function startCanned(answers: Record<string, string>): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['-e', CANNED_SERVER, String(port)], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, CANNED_ANSWERS: JSON.stringify(answers) },
  });
  const url = `http://127.0.0.1:${port}`;
  await waitFor(url);
  return { url, child };
}

async function startMoto(): Promise<{ url: string; child: ChildProcess } | undefined> {
  if (spawnSync('sh', ['-c', 'command -v moto_server']).status !== 0) return undefined;
  const port = await freePort();
  const child = spawn('moto_server', ['-p', String(port), '-H', '127.0.0.1'], { stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  await waitFor(url, 30_000);
  return { url, child };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/**
 * Median latency of each target, measured interleaved (one call to each per round) so that load from other
 * processes on the machine weighs on every target alike.
 */
async function measureInterleaved(calls: (() => Promise<unknown>)[]): Promise<number[]> {
  for (let i = 0; i < WARMUP; i++) for (const call of calls) await call();
  const times: number[][] = calls.map(() => []);
  for (let i = 0; i < N; i++) {
    for (let j = 0; j < calls.length; j++) {
      const t = performance.now();
      await calls[j]();
      times[j].push(performance.now() - t);
    }
  }
  return times.map(median);
}

const creds = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
const clients = (url: string, credentials = creds) => ({
  iam: new IAMClient({ endpoint: url, region: 'us-east-1', credentials, maxAttempts: 1 }),
  sts: new STSClient({ endpoint: url, region: 'us-east-1', credentials, maxAttempts: 1 }),
});

function emit(metric: string, value: number, unit: string, goal: string, comparison: Record<string, unknown>) {
  console.log(JSON.stringify({ metric, value: Math.round(value * 1000) / 1000, unit, goal, comparison }));
}

const sandbox = await startSandbox(process.env.BENCH_CORE_ONLY ? ['--core-only'] : []);
const ours = clients(sandbox.url, sandbox.credentials);
await ours.iam.send(new CreateRoleCommand({ RoleName: 'bench', AssumeRolePolicyDocument: TRUST }));
const canned = await startCanned({
  GetRole: await rawAnswer(sandbox.url, sandbox.credentials, 'iam', 'Action=GetRole&Version=2010-05-08&RoleName=bench'),
  GetCallerIdentity: await rawAnswer(sandbox.url, sandbox.credentials, 'sts', 'Action=GetCallerIdentity&Version=2011-06-15'),
});
const moto = await startMoto();
try {
  const floor = clients(canned.url);
  const motoClients = moto ? clients(moto.url) : undefined;
  if (motoClients) await motoClients.iam.send(new CreateRoleCommand({ RoleName: 'bench', AssumeRolePolicyDocument: TRUST }));

  for (const [name, run] of [
    ['GetRole', (c: ReturnType<typeof clients>) => () => c.iam.send(new GetRoleCommand({ RoleName: 'bench' }))],
    ['GetCallerIdentity', (c: ReturnType<typeof clients>) => () => c.sts.send(new GetCallerIdentityCommand({}))],
  ] as const) {
    const [oursMs, floorMs, motoMs] = await measureInterleaved([run(ours), run(floor), ...(motoClients ? [run(motoClients)] : [])]);
    emit(`emulator.http.${name}.median_latency`, oursMs, 'ms', '≤ 1.5 × canned-response floor', {
      canned_floor_ms: Math.round(floorMs * 1000) / 1000,
      ratio_to_floor: Math.round((oursMs / floorMs) * 100) / 100,
      ...(motoMs !== undefined
        ? { moto_ms: Math.round(motoMs * 1000) / 1000, ratio_to_moto: Math.round((oursMs / motoMs) * 100) / 100, moto_goal: '≤ 0.4 × moto' }
        : { moto: 'moto_server not on PATH' }),
      samples: N,
    });
  }

  const em = createEmulator({ pace: 0 });
  await em.ready;
  const iam = new IAMClient(em.sdkConfig());
  await iam.send(new CreateRoleCommand({ RoleName: 'bench', AssumeRolePolicyDocument: TRUST }));
  for (let i = 0; i < 200; i++) await iam.send(new GetRoleCommand({ RoleName: 'bench' }));
  const start = performance.now();
  let calls = 0;
  while (performance.now() - start < 2000) {
    await iam.send(new GetRoleCommand({ RoleName: 'bench' }));
    calls++;
  }
  emit('emulator.inprocess.GetRole.calls_per_second', calls / ((performance.now() - start) / 1000), 'calls/s', 'higher is better (SDK v3 client → SigV4 check → IAM engine → provider)', {
    note: 'single SDK v3 client, sequential calls, authorization included',
  });
} finally {
  await sandbox.stop();
  canned.child.kill();
  moto?.child.kill();
}
