/**
 * Test helpers for live mode (test-only: Node, real sockets): the sandbox as an HTTP endpoint (what `npm run
 * sandbox` serves), a live server in front of it with the workshop policy, a session from its one-time link, and
 * SDK clients that reach AWS through it as the page does.
 */
import { request } from 'node:http';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEmulator, type Emulator } from '../emulator';
import { applicationProviders } from '../emulator/services/all';
import { serve, type RunningServer } from '../emulator/node/http-server';
import { startLiveServer, type LiveServer, type LiveServerOptions } from './server';
import { createLiveRequestHandler } from './client';
import { loadWorkshopPolicy } from './policy/node';
import { BASE_IDENTITY_KEY_ID, BASE_IDENTITY_SECRET } from './envelope';

export const root = fileURLToPath(new URL('../../../', import.meta.url));
export const base = { accessKeyId: BASE_IDENTITY_KEY_ID, secretAccessKey: BASE_IDENTITY_SECRET };

export async function startSandbox(opts: NonNullable<Parameters<typeof applicationProviders>[0]> = {}): Promise<{ emulator: Emulator; http: RunningServer }> {
  const emulator = createEmulator({ pace: 0, providers: applicationProviders({ lambdaRuntime: opts.lambdaRuntime }) });
  await emulator.ready;
  const http = await serve(emulator, { port: 0 });
  return { emulator, http };
}

export function tinySite(): string {
  const dist = mkdtempSync(join(tmpdir(), 'bl-dist-'));
  mkdirSync(join(dist, 'welcome'));
  writeFileSync(join(dist, 'welcome', 'index.html'), '<html><head><title>Welcome</title><script>console.log(1)</script></head><body>hi</body></html>');
  // A content-hashed asset, large enough to be worth compressing.
  mkdirSync(join(dist, '_astro'));
  writeFileSync(join(dist, '_astro', 'app.Ab12Cd34.js'), `export const lines = [${'"the terminal", '.repeat(200)}];\n`);
  return dist;
}

export interface Reply {
  status: number;
  body: string;
  headers: Record<string, string | string[] | undefined>;
}

export function call(port: number, opts: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer }): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const r = request({ host: '127.0.0.1', port, method: opts.method ?? 'GET', path: opts.path, headers: opts.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, body: Buffer.concat(chunks).toString(), headers: res.headers }));
    });
    r.on('error', reject);
    r.end(opts.body);
  });
}

/** Opens a one-time link as a browser would and returns the session cookie it set (`name=value`). */
export async function enter(port: number, link: string): Promise<{ reply: Reply; cookie?: string }> {
  const url = new URL(link);
  const reply = await call(port, { path: `${url.pathname}${url.search}`, headers: { host: `127.0.0.1:${port}` } });
  const set = reply.headers['set-cookie']?.[0];
  return { reply, cookie: set?.split(';')[0] };
}

export interface LiveFixture {
  live: LiveServer;
  origin: string;
  cookie: string;
  logs: string[];
  /** POST a JSON value to an API path with the session, the right Host and Origin. */
  api(path: string, value: unknown, extra?: Record<string, string>): Promise<Reply>;
  /** The page's request handler, with the session (Node's fetch sends the cookie and Origin as a browser would). */
  handler(): ReturnType<typeof createLiveRequestHandler>;
  close(): Promise<void>;
}

export async function startLive(upstream: string, credentials: LiveServerOptions['credentials'], extra: Partial<LiveServerOptions> = {}): Promise<LiveFixture> {
  const logs: string[] = [];
  const live = await startLiveServer({
    distDir: tinySite(),
    region: 'us-east-1',
    credentials,
    upstream,
    policy: loadWorkshopPolicy(root),
    log: (l) => logs.push(l),
    ...extra,
  });
  const origin = `http://127.0.0.1:${live.port}`;
  const { cookie } = await enter(live.port, live.url);
  if (!cookie) throw new Error('the link set no session cookie');
  const headers = (more: Record<string, string> = {}) => ({ host: `127.0.0.1:${live.port}`, origin, cookie, 'content-type': 'application/json', ...more });
  return {
    live,
    origin,
    cookie,
    logs,
    api: (path, value, more = {}) => call(live.port, { method: 'POST', path, headers: headers(more), body: JSON.stringify(value) }),
    handler: () =>
      createLiveRequestHandler({
        origin,
        fetch: (input, init) => fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), origin, cookie } }),
      }),
    close: () => live.close(),
  };
}
