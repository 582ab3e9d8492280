/**
 * The caching and compression headers of every server that serves the build (issue 17): `npm start`
 * (scripts/serve.mjs, a real process) and the shared handler as the live server configures it (HTML rewritten).
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { createStaticHandler, IMMUTABLE, negotiateEncoding } from '../../../src/lib/http/static';

const root = join(import.meta.dirname, '..', '..', '..');
const site = mkdtempSync(join(tmpdir(), 'boundary-lab-static-'));
const script = `export const terminal = ${JSON.stringify('x'.repeat(4000))};\n`;
const page = `<!doctype html><html><head><title>Welcome</title></head><body>${'<p>Lesson text.</p>'.repeat(100)}</body></html>`;

function writeSite(dir: string) {
  mkdirSync(join(dir, 'base', '_astro'), { recursive: true });
  mkdirSync(join(dir, 'base', 'welcome'), { recursive: true });
  writeFileSync(join(dir, 'base', '_astro', 'app.Ab12Cd34.js'), script);
  writeFileSync(join(dir, 'base', 'welcome', 'index.html'), page);
  writeFileSync(join(dir, 'base', 'sw.js'), `self.addEventListener('fetch', () => {}); // ${'.'.repeat(2000)}`);
  writeFileSync(join(dir, 'base', 'favicon.png'), Buffer.alloc(3000, 1));
  writeFileSync(join(dir, 'base', '404.html'), '<h1>Not found</h1>');
}
writeSite(site);

/** Each server under test: a name and how to start it on the fixture site (published under /ws/). */
const servers: { name: string; start(): Promise<{ url: string; stop(): Promise<void> }> }[] = [
  {
    name: 'npm start (scripts/serve.mjs)',
    async start() {
      const port = 4600 + Math.floor(Math.random() * 300);
      const child: ChildProcess = spawn(process.execPath, ['scripts/serve.mjs', '--port', String(port), '--root', join(site, 'base')], {
        cwd: root,
        env: { ...process.env, BASE_PATH: '/ws' },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      await new Promise<void>((resolve, reject) => {
        child.stdout!.on('data', (d) => String(d).includes('Serving') && resolve());
        child.once('exit', (code) => reject(new Error(`serve.mjs exited with ${code}`)));
      });
      return { url: `http://127.0.0.1:${port}/ws/`, stop: async () => void child.kill() };
    },
  },
  {
    name: 'the live server configuration (HTML rewritten per page)',
    async start() {
      const handler = createStaticHandler({
        root: join(site, 'base'),
        base: '/ws/',
        html: (text) => ({ body: text.replace('<head>', '<head><meta name="boundary-lab-mode" content="live">'), headers: { 'content-security-policy': "default-src 'self'" } }),
      });
      const server: Server = createServer((req, res) => void handler(req, res).then((ok) => ok || res.writeHead(405).end()));
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      const { port } = server.address() as AddressInfo;
      return { url: `http://127.0.0.1:${port}/ws/`, stop: () => new Promise<void>((r) => server.close(() => r())) };
    },
  },
];

afterAll(() => rmSync(site, { recursive: true, force: true }));

for (const s of servers) {
  describe(s.name, () => {
    let url = '';
    let stop = async () => {};
    beforeAll(async () => ({ url, stop } = await s.start()), 20_000);
    afterAll(() => stop());

    it('caches a content-hashed asset for a year as immutable', async () => {
      const res = await fetch(`${url}_astro/app.Ab12Cd34.js`, { headers: { 'accept-encoding': 'identity' } });
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe(IMMUTABLE);
      expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
      expect(await res.text()).toBe(script);
    });

    it('makes the browser revalidate HTML and the service worker, with ETag and Last-Modified', async () => {
      for (const path of ['welcome/', 'sw.js']) {
        const res = await fetch(`${url}${path}`, { headers: { 'accept-encoding': 'identity' } });
        expect(res.status, path).toBe(200);
        expect(res.headers.get('cache-control'), path).toBe('no-cache');
        expect(res.headers.get('etag'), path).toMatch(/^"[\w-]+"$/);
        expect(new Date(res.headers.get('last-modified')!).getTime(), path).toBeGreaterThan(0);
      }
    });

    it('answers 304 with no body when the copy is current, by ETag or by date, and 200 when it is not', async () => {
      const first = await fetch(`${url}welcome/`, { headers: { 'accept-encoding': 'identity' } });
      const body = await first.text();
      const etag = first.headers.get('etag')!;
      const byTag = await fetch(`${url}welcome/`, { headers: { 'accept-encoding': 'identity', 'if-none-match': `"other", ${etag}` } });
      expect(byTag.status).toBe(304);
      expect(byTag.headers.get('etag')).toBe(etag);
      expect(byTag.headers.get('cache-control')).toBe('no-cache');
      expect(await byTag.text()).toBe('');
      const byDate = await fetch(`${url}welcome/`, { headers: { 'accept-encoding': 'identity', 'if-modified-since': first.headers.get('last-modified')! } });
      expect(byDate.status).toBe(304);
      const stale = await fetch(`${url}welcome/`, { headers: { 'accept-encoding': 'identity', 'if-none-match': '"stale"' } });
      expect(stale.status).toBe(200);
      expect(await stale.text()).toBe(body);
    });

    it('compresses with Brotli or gzip as the client accepts, each with its own ETag', async () => {
      const plain = await (await fetch(`${url}welcome/`, { headers: { 'accept-encoding': 'identity' } })).text();
      // Node's fetch decodes bodies itself, so ask with node:http semantics: read the header, then decode by hand.
      const br = await get(`${url}welcome/`, { 'accept-encoding': 'gzip, deflate, br' });
      expect(br.headers['content-encoding']).toBe('br');
      expect(br.headers.vary).toBe('Accept-Encoding');
      expect(brotliDecompressSync(br.body).toString()).toBe(plain);
      const gz = await get(`${url}welcome/`, { 'accept-encoding': 'gzip;q=1, br;q=0' });
      expect(gz.headers['content-encoding']).toBe('gzip');
      expect(gunzipSync(gz.body).toString()).toBe(plain);
      expect(gz.headers.etag).not.toBe(br.headers.etag);
      expect(Number(gz.headers['content-length'])).toBeLessThan(plain.length);
      const again = await get(`${url}welcome/`, { 'accept-encoding': 'br', 'if-none-match': br.headers.etag as string });
      expect(again.status).toBe(304);
      // Images do not shrink: sent as they are.
      const png = await get(`${url}favicon.png`, { 'accept-encoding': 'br, gzip' });
      expect(png.headers['content-encoding']).toBeUndefined();
    });

    it('redirects a directory without its slash, answers 404 with the site page, and refuses other methods', async () => {
      const dir = await fetch(`${url}welcome`, { redirect: 'manual' });
      expect(dir.status).toBe(301);
      expect(dir.headers.get('location')).toBe('/ws/welcome/');
      const missing = await fetch(`${url}nowhere/`);
      expect(missing.status).toBe(404);
      expect(await missing.text()).toContain('Not found');
      const escape = await fetch(`${url}..%2f..%2fetc%2fpasswd`);
      expect(escape.status).toBe(404);
      expect((await fetch(`${url}welcome/`, { method: 'POST' })).status).toBe(405);
    });
  });
}

describe('the live configuration', () => {
  it('the live configuration serves the rewritten page, and its validators are of the rewritten bytes', async () => {
    const handler = createStaticHandler({ root: join(site, 'base'), base: '/ws/', html: (t) => ({ body: t.replace('Welcome', 'Live') }) });
    const server = createServer((req, res) => void handler(req, res));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    const res = await fetch(`http://127.0.0.1:${port}/ws/welcome/`, { headers: { 'accept-encoding': 'identity' } });
    expect(await res.text()).toContain('<title>Live</title>');
    server.close();
  });
});

describe('Accept-Encoding', () => {
  it('prefers Brotli, honours q-values and refusals, and sends nothing encoded when none is acceptable', () => {
    expect(negotiateEncoding('gzip, deflate, br, zstd')).toBe('br');
    expect(negotiateEncoding('gzip')).toBe('gzip');
    expect(negotiateEncoding('br;q=0.5, gzip;q=0.8')).toBe('gzip');
    expect(negotiateEncoding('br;q=0, *')).toBe('gzip');
    expect(negotiateEncoding('identity')).toBeUndefined();
    expect(negotiateEncoding(undefined)).toBeUndefined();
  });
});

/** A GET with node:http, which (unlike fetch) leaves the body as sent. */
async function get(url: string, headers: Record<string, string>) {
  const { request } = await import('node:http');
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }>((resolve, reject) => {
    request(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    })
      .on('error', reject)
      .end();
  });
}
