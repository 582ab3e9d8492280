/**
 * The live server's static files: the built workshop, with the live-mode marker and a CSP that hashes the page's
 * inline scripts. One function on purpose, so a shared static-file module (caching, compression) can replace it.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { contentSecurityPolicy } from './csp';

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
  '.wasm': 'application/wasm',
  '.yml': 'text/yaml; charset=utf-8',
  '.pf_meta': 'application/octet-stream',
  '.pf_index': 'application/octet-stream',
  '.pf_fragment': 'application/octet-stream',
  '.pagefind': 'application/octet-stream',
};

export async function serveStatic(distDir: string, pathname: string, req: IncomingMessage, res: ServerResponse, connect: string[] = []): Promise<void> {
  const plain = (status: number, text: string) => {
    res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(text);
  };
  if (req.method !== 'GET' && req.method !== 'HEAD') return plain(405, 'Method not allowed');
  let rel: string;
  try {
    rel = normalize(decodeURIComponent(pathname)).replace(/^[/\\]+/, '');
  } catch {
    return plain(400, 'Bad path');
  }
  let file = join(distDir, rel);
  if (!file.startsWith(distDir + sep) && file !== distDir) return plain(404, 'Not found');
  const s = await stat(file).catch(() => undefined);
  if (s?.isDirectory()) file = join(file, 'index.html');
  let data = await readFile(file).catch(() => undefined);
  let status = 200;
  if (!data) {
    data = await readFile(join(distDir, '404.html')).catch(() => Buffer.from('Not found'));
    status = 404;
    file = '404.html';
  }
  const type = TYPES[extname(file)] ?? 'application/octet-stream';
  if (type.startsWith('text/html')) {
    const html = data.toString('utf8').replace('<head>', '<head><meta name="boundary-lab-mode" content="live">');
    res.setHeader('content-security-policy', contentSecurityPolicy(html, connect));
    data = Buffer.from(html);
  }
  res.writeHead(status, { 'content-type': type, 'content-length': data.length });
  res.end(req.method === 'HEAD' ? undefined : data);
}
