/**
 * The live-mode server: serves the built workshop on 127.0.0.1 and forwards the page's AWS calls through the
 * Forwarder. Every request passes the guards (Host, Origin, token) before anything else; API bodies are size-capped.
 */
import { createServer, type IncomingMessage, type ServerResponse, type Server } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { guardRequest, newToken } from './guards';
import { contentSecurityPolicy, SECURITY_HEADERS } from './csp';
import { Forwarder, ForwardRefused } from './forwarder';
import { FORWARD_PATH, TOKEN_HEADER, BASE_IDENTITY_KEY_ID, BASE_IDENTITY_SECRET, type ForwardRequest } from './envelope';
import type { AwsCredentialIdentityProvider } from '@smithy/types';

export const MAX_API_BODY = 6 * 1024 * 1024;

export interface LiveServerOptions {
  distDir: string;
  region: string;
  credentials: AwsCredentialIdentityProvider;
  /** Accounts the run may touch; empty means "the account of the base identity, once confirmed". */
  accounts?: string[];
  port?: number;
  upstream?: string;
  log?: (line: string) => void;
}

export interface Identity {
  accountId: string;
  arn: string;
}

export interface LiveServer {
  url: string;
  port: number;
  token: string;
  identity: Identity;
  server: Server;
  close(): Promise<void>;
}

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

export async function startLiveServer(opts: LiveServerOptions): Promise<LiveServer> {
  const token = newToken();
  const forwarder = new Forwarder({ region: opts.region, credentials: opts.credentials, upstream: opts.upstream, log: opts.log });
  const identity = await callerIdentity(forwarder, opts.region);
  if (opts.accounts && opts.accounts.length > 0 && !opts.accounts.includes(identity.accountId)) {
    throw new Error(
      `The credentials belong to account ${identity.accountId}, which is not one of the pinned accounts (${opts.accounts.join(', ')}). Refusing to start.`,
    );
  }
  let port = opts.port ?? 0;

  const server = createServer((req, res) => {
    handle(req, res).catch((err) => {
      opts.log?.(`internal error: ${err instanceof Error ? err.message : String(err)}`);
      if (!res.headersSent) sendJson(res, 500, { message: 'Internal error in the Boundary Lab live server' });
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse) {
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v);
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const api = url.pathname.startsWith('/__live/');
    const verdict = guardRequest({
      port,
      token,
      host: req.headers.host,
      origin: req.headers.origin,
      tokenHeader: req.headers[TOKEN_HEADER] as string | undefined,
      api,
    });
    if (!verdict.ok) {
      req.resume();
      return sendJson(res, verdict.status, { message: verdict.reason });
    }
    if (!api) return serveStatic(url.pathname, req, res);
    // Every API call is a POST: browsers send Origin on POST even same-origin, never on a same-origin GET.
    if (req.method !== 'POST') return sendJson(res, 405, { message: 'Method not allowed' });
    const body = await readBody(req, MAX_API_BODY).catch((e: Error) => e);
    if (body instanceof Error) return sendJson(res, 413, { message: body.message });
    switch (url.pathname) {
      case '/__live/status':
        return sendJson(res, 200, {
          mode: 'live',
          accountId: identity.accountId,
          callerArn: identity.arn,
          region: opts.region,
          confirmed: forwarder.confirmedAccount === identity.accountId,
          baseCredentials: { accessKeyId: BASE_IDENTITY_KEY_ID, secretAccessKey: BASE_IDENTITY_SECRET },
        });
      case '/__live/confirm': {
        const { accountId } = parseJson(body) as { accountId?: string };
        if (accountId !== identity.accountId) {
          return sendJson(res, 409, { message: `Account ${accountId ?? '(none)'} is not the account of these credentials (${identity.accountId}).` });
        }
        forwarder.confirmedAccount = identity.accountId;
        return sendJson(res, 200, { confirmed: true, accountId: identity.accountId });
      }
      case FORWARD_PATH: {
        const envelope = parseJson(body) as ForwardRequest | undefined;
        if (!envelope || typeof envelope.url !== 'string' || typeof envelope.method !== 'string' || typeof envelope.headers !== 'object') {
          return sendJson(res, 400, { message: 'Malformed forward request' });
        }
        try {
          return sendJson(res, 200, await forwarder.forward(envelope));
        } catch (e) {
          if (e instanceof ForwardRefused) return sendJson(res, e.status, { message: e.message });
          return sendJson(res, 502, { message: `Could not reach AWS: ${e instanceof Error ? e.message : String(e)}` });
        }
      }
      default:
        return sendJson(res, 404, { message: 'Not found' });
    }
  }

  async function serveStatic(pathname: string, req: IncomingMessage, res: ServerResponse) {
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, { message: 'Method not allowed' });
    let rel: string;
    try {
      rel = normalize(decodeURIComponent(pathname)).replace(/^[/\\]+/, '');
    } catch {
      return sendJson(res, 400, { message: 'Bad path' });
    }
    let file = join(opts.distDir, rel);
    if (!file.startsWith(opts.distDir + sep) && file !== opts.distDir) return sendJson(res, 404, { message: 'Not found' });
    const s = await stat(file).catch(() => undefined);
    if (s?.isDirectory()) file = join(file, 'index.html');
    let data = await readFile(file).catch(() => undefined);
    let status = 200;
    if (!data) {
      data = await readFile(join(opts.distDir, '404.html')).catch(() => Buffer.from('Not found'));
      status = 404;
      file = '404.html';
    }
    const type = TYPES[extname(file)] ?? 'application/octet-stream';
    if (type.startsWith('text/html')) {
      const html = data.toString('utf8').replace('<head>', '<head><meta name="boundary-lab-mode" content="live">');
      res.setHeader('content-security-policy', contentSecurityPolicy(html));
      data = Buffer.from(html);
    }
    res.writeHead(status, { 'content-type': type, 'content-length': data.length });
    res.end(req.method === 'HEAD' ? undefined : data);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  port = typeof address === 'object' && address ? address.port : port;
  return {
    url: `http://127.0.0.1:${port}/welcome/#token=${token}`,
    port,
    token,
    identity,
    server,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** GetCallerIdentity with the base identity, through the same forwarder (and upstream) the page will use. */
async function callerIdentity(forwarder: Forwarder, region: string): Promise<Identity> {
  const body = Buffer.from('Action=GetCallerIdentity&Version=2011-06-15');
  const host = `sts.${region}.amazonaws.com`;
  const url = new URL(`https://${host}/`);
  const headers = await forwarder.signWithBase(
    { method: 'POST', url: url.href, headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, body: '' },
    url,
    { host, service: 'sts', signingRegion: region },
    body,
  );
  const answer = await forwarder.sendSigned('POST', url, { host, service: 'sts', signingRegion: region }, headers, body);
  const xml = answer.body.toString('utf8');
  if (answer.status !== 200) {
    const message = /<Message>([^<]*)<\/Message>/.exec(xml)?.[1] ?? `HTTP ${answer.status}`;
    throw new Error(`GetCallerIdentity failed with the base credentials: ${message}`);
  }
  const accountId = /<Account>(\d{12})<\/Account>/.exec(xml)?.[1];
  const arn = /<Arn>([^<]+)<\/Arn>/.exec(xml)?.[1];
  if (!accountId || !arn) throw new Error('GetCallerIdentity returned no account');
  return { accountId, arn };
}

function sendJson(res: ServerResponse, status: number, value: unknown) {
  const data = Buffer.from(JSON.stringify(value));
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': data.length });
  res.end(data);
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) {
      req.resume();
      return reject(new Error(`Request body is larger than ${limit} bytes`));
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        req.destroy();
        reject(new Error(`Request body is larger than ${limit} bytes`));
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
}
