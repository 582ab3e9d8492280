#!/usr/bin/env node
// Serves the built site (dist/) on 127.0.0.1 under BASE_PATH, as any static host would. Written here rather than
// using `astro preview`, which refuses to run twice on one machine (a learner's `npm start` beside `npm test`).
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';

const args = process.argv.slice(2);
const portIndex = args.indexOf('--port');
const port = Number(portIndex >= 0 ? args[portIndex + 1] : process.env.PORT || 4321);
const dist = new URL('../dist', import.meta.url).pathname;
const base = (process.env.BASE_PATH || '/').replace(/\/?$/, '/');
const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.xml': 'application/xml',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
};

async function find(pathname) {
  if (!pathname.startsWith(base) && `${pathname}/` !== base) return undefined;
  let rel;
  try {
    rel = normalize(decodeURIComponent(pathname.slice(base.length - 1))).replace(/^[/\\]+/, '');
  } catch {
    return undefined;
  }
  const file = join(dist, rel);
  if (file !== dist && !file.startsWith(dist + sep)) return undefined;
  const s = await stat(file).catch(() => undefined);
  if (s?.isDirectory()) return (await stat(join(file, 'index.html')).catch(() => undefined)) ? join(file, 'index.html') : undefined;
  return s?.isFile() ? file : undefined;
}

const server = createServer(async (req, res) => {
  const { pathname } = new URL(req.url ?? '/', 'http://localhost');
  // A directory without its trailing slash: redirect, as static hosts do, so relative links resolve.
  if (!pathname.endsWith('/') && !extname(pathname)) {
    const dir = await find(`${pathname}/`);
    if (dir) {
      res.writeHead(301, { location: `${pathname}/` });
      return res.end();
    }
  }
  const file = await find(pathname);
  const status = file ? 200 : 404;
  const path = file ?? join(dist, '404.html');
  const body = await readFile(path).catch(() => Buffer.from('Not found'));
  res.writeHead(status, { 'content-type': types[extname(path)] ?? 'application/octet-stream', 'content-length': body.length });
  res.end(req.method === 'HEAD' ? undefined : body);
});
server.listen(port, '127.0.0.1', () => console.log(`Serving dist/ at http://127.0.0.1:${port}${base}`));
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => server.close(() => process.exit(0)));
