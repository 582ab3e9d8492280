#!/usr/bin/env node
// Serves the built site (dist/) on 127.0.0.1 under BASE_PATH, as a good static host would: immutable caching for
// the content-hashed files, revalidation for the rest, compression (src/lib/http/static.ts). Written here rather
// than using `astro preview`, which refuses to run twice on one machine (a learner's `npm start` beside `npm test`)
// and sends no caching headers.
import { createServer } from 'node:http';
import { resolve } from 'node:path';
import { register } from 'tsx/esm/api';

register();
const { createStaticHandler } = await import('../src/lib/http/static.ts');

const args = process.argv.slice(2);
const portIndex = args.indexOf('--port');
const port = Number(portIndex >= 0 ? args[portIndex + 1] : process.env.PORT || 4321);
const rootIndex = args.indexOf('--root');
const dist = rootIndex >= 0 ? resolve(args[rootIndex + 1]) : new URL('../dist', import.meta.url).pathname;
const base = (process.env.BASE_PATH || '/').replace(/\/?$/, '/');
const serveStatic = createStaticHandler({ root: dist, base });

const server = createServer((req, res) => {
  serveStatic(req, res)
    .then((answered) => {
      if (answered) return;
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' });
      res.end('Method not allowed');
    })
    .catch((err) => {
      console.error(`internal error serving ${req.url}: ${err instanceof Error ? err.message : String(err)}`);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('Internal error');
    });
});
server.listen(port, '127.0.0.1', () => console.log(`Serving ${dist} at http://127.0.0.1:${port}${base}`));
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => server.close(() => process.exit(0)));
