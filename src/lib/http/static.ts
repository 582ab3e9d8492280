/**
 * Serves the built site (dist/) the way a good static host does, for every server of the project (`npm start`, the
 * live server, a room server): content-hashed files under `_astro/` are cached for a year as immutable, everything
 * else is revalidated (ETag and Last-Modified, answering 304), and text is sent Brotli- or gzip-compressed when the
 * client accepts it. A room of learners on one access point then downloads the terminal once.
 *
 * Written here rather than with `serve-static` + `compression`: the live server rewrites each HTML page (a meta tag
 * and a Content-Security-Policy computed from it), so the validators and the compressed copies must be of the
 * rewritten bytes, and each compressed copy needs its own ETag (RFC 9110 §8.8.3). Compression is Node's zlib.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import { contentType, isCompressible } from './types';

export const IMMUTABLE = 'public, max-age=31536000, immutable';
export const REVALIDATE = 'no-cache';

export interface HtmlRewrite {
  body: string;
  headers?: Record<string, string>;
}

export interface StaticOptions {
  /** The built site's directory (absolute). */
  root: string;
  /** The URL path the site is published under, e.g. "/" or "/boundary-lab/" (the build's BASE_PATH). */
  base?: string;
  /** Rewrites every HTML page before it is served (the live server adds its mode and CSP). */
  html?: (text: string) => HtmlRewrite;
}

/** Answers one request; resolves false when it did not (not GET/HEAD), so the caller can answer it itself. */
export type StaticHandler = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;

type Encoding = 'br' | 'gzip';

interface Entry {
  stamp: string;
  body: Buffer;
  etag: string;
  lastModified: string;
  headers: Record<string, string>;
  encoded: Map<Encoding, Promise<Buffer>>;
}

const brotli = promisify(brotliCompress);
const gz = promisify(gzip);
// Quality 5 compresses the 3 MB sandbox worker in about 0.4 s (quality 11 takes 16 s) and each copy is made once.
const BROTLI_QUALITY = 5;
// Below this a compressed body saves less than the headers it adds.
const MIN_COMPRESS = 1024;

function encode(body: Buffer, encoding: Encoding): Promise<Buffer> {
  return encoding === 'br'
    ? brotli(body, { params: { [constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } })
    : gz(body, { level: 6 });
}

/** The encoding to send, from Accept-Encoding with its q-values (RFC 9110 §12.5.3); Brotli first when both are. */
export function negotiateEncoding(header: string | string[] | undefined): Encoding | undefined {
  const text = Array.isArray(header) ? header.join(',') : (header ?? '');
  const q = new Map<string, number>();
  for (const part of text.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const qp = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const value = qp ? Number(qp.slice(2)) : 1;
    q.set(name, Number.isFinite(value) ? value : 0);
  }
  const weight = (e: string) => q.get(e) ?? (q.has('*') ? q.get('*')! : 0);
  const best = (['br', 'gzip'] as const).filter((e) => weight(e) > 0).sort((a, b) => weight(b) - weight(a));
  return best[0];
}

/** Whether the client's copy is current: If-None-Match when sent (weak comparison), else If-Modified-Since. */
function notModified(req: IncomingMessage, etag: string, lastModified: string): boolean {
  const inm = req.headers['if-none-match'];
  if (inm !== undefined) {
    if (inm.trim() === '*') return true;
    const bare = etag.replace(/^W\//, '');
    return inm.split(',').some((t) => t.trim().replace(/^W\//, '') === bare);
  }
  const ims = req.headers['if-modified-since'];
  if (!ims) return false;
  const since = Date.parse(ims);
  return Number.isFinite(since) && Date.parse(lastModified) <= since;
}

export function createStaticHandler(options: StaticOptions): StaticHandler {
  const root = normalize(options.root).replace(/[/\\]+$/, '');
  const base = (options.base || '/').replace(/\/?$/, '/').replace(/^\/?/, '/');
  const hashedPrefix = `${base}_astro/`;
  const cache = new Map<string, Entry>();

  /** The file for a URL path, or undefined; directories answer with their index.html. */
  async function resolve(pathname: string): Promise<{ file: string; dir?: boolean } | undefined> {
    if (!pathname.startsWith(base) && `${pathname}/` !== base) return undefined;
    let rel: string;
    try {
      rel = decodeURIComponent(pathname.slice(base.length - 1));
    } catch {
      return undefined;
    }
    if (rel.includes('\0')) return undefined;
    rel = normalize(rel).replace(/^[/\\]+/, '');
    const file = join(root, rel);
    if (file !== root && !file.startsWith(root + sep)) return undefined;
    const s = await stat(file).catch(() => undefined);
    if (s?.isDirectory()) {
      const index = join(file, 'index.html');
      return (await stat(index).catch(() => undefined))?.isFile() ? { file: index, dir: true } : undefined;
    }
    return s?.isFile() ? { file } : undefined;
  }

  async function load(file: string): Promise<Entry | undefined> {
    const s = await stat(file).catch(() => undefined);
    if (!s?.isFile()) return undefined;
    const stamp = `${s.size}-${s.mtimeMs}`;
    const hit = cache.get(file);
    if (hit?.stamp === stamp) return hit;
    let body = await readFile(file).catch(() => undefined);
    if (!body) return undefined;
    let headers: Record<string, string> = {};
    if (options.html && extname(file) === '.html') {
      const rewritten = options.html(body.toString('utf8'));
      body = Buffer.from(rewritten.body);
      headers = rewritten.headers ?? {};
    }
    const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
    const entry: Entry = { stamp, body, etag, lastModified: s.mtime.toUTCString(), headers, encoded: new Map() };
    cache.set(file, entry);
    return entry;
  }

  return async (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const { pathname } = new URL(req.url ?? '/', 'http://localhost');
    let found = await resolve(pathname);
    // A directory without its trailing slash: redirect, as static hosts do, so relative links resolve.
    if (found?.dir && !pathname.endsWith('/')) {
      res.writeHead(301, { location: `${pathname}/`, 'cache-control': REVALIDATE, 'content-length': 0 });
      res.end();
      return true;
    }
    let status = 200;
    let entry = found && (await load(found.file));
    if (!entry) {
      status = 404;
      found = { file: join(root, '404.html') };
      entry = await load(found.file);
    }
    if (!entry) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': REVALIDATE, 'content-length': 9 });
      res.end(req.method === 'HEAD' ? undefined : 'Not found');
      return true;
    }
    const type = contentType(found!.file);
    const compressible = isCompressible(type) && entry.body.length >= MIN_COMPRESS;
    const encoding = compressible ? negotiateEncoding(req.headers['accept-encoding']) : undefined;
    // Each representation has its own strong ETag, so a cache never serves gzip bytes for a Brotli validator.
    const etag = encoding ? entry.etag.replace(/"$/, `-${encoding}"`) : entry.etag;
    const headers: Record<string, string | number> = {
      'cache-control': status === 200 && pathname.startsWith(hashedPrefix) ? IMMUTABLE : REVALIDATE,
      etag,
      'last-modified': entry.lastModified,
      'x-content-type-options': 'nosniff',
      ...(compressible ? { vary: 'Accept-Encoding' } : {}),
      ...entry.headers,
    };
    if (status === 200 && notModified(req, etag, entry.lastModified)) {
      res.writeHead(304, headers);
      res.end();
      return true;
    }
    let body = entry.body;
    if (encoding) {
      let pending = entry.encoded.get(encoding);
      if (!pending) entry.encoded.set(encoding, (pending = encode(entry.body, encoding)));
      body = await pending;
      headers['content-encoding'] = encoding;
    }
    res.writeHead(status, { ...headers, 'content-type': type, 'content-length': body.length });
    res.end(req.method === 'HEAD' ? undefined : body);
    return true;
  };
}
