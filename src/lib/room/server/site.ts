/**
 * The built workshop (dist/), served under the site's base path beside the room API, so that learners' pages and the
 * API share one origin. Kept to one function so the project's shared static-file module can replace it.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
  '.webmanifest': 'application/manifest+json',
};

export function siteHandler(distDir: string, basePath: string) {
  const base = basePath.replace(/\/?$/, '/');
  async function find(pathname: string): Promise<string | undefined> {
    if (!pathname.startsWith(base) && `${pathname}/` !== base) return undefined;
    let rel: string;
    try {
      rel = normalize(decodeURIComponent(pathname.slice(base.length - 1))).replace(/^[/\\]+/, '');
    } catch {
      return undefined;
    }
    const file = join(distDir, rel);
    if (file !== distDir && !file.startsWith(distDir + sep)) return undefined;
    const s = await stat(file).catch(() => undefined);
    if (s?.isDirectory()) return (await stat(join(file, 'index.html')).catch(() => undefined)) ? join(file, 'index.html') : undefined;
    return s?.isFile() ? file : undefined;
  }
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const { pathname } = new URL(req.url ?? '/', 'http://room.invalid');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' });
      return void res.end();
    }
    if (!pathname.endsWith('/') && !extname(pathname) && (await find(`${pathname}/`))) {
      res.writeHead(301, { location: `${pathname}/` });
      return void res.end();
    }
    const file = await find(pathname);
    const path = file ?? join(distDir, '404.html');
    const body = await readFile(path).catch(() => Buffer.from('Not found'));
    res.writeHead(file ? 200 : 404, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream', 'content-length': body.length });
    res.end(req.method === 'HEAD' ? undefined : body);
  };
}
