/**
 * The live-mode server: serves the built workshop on 127.0.0.1 and forwards the page's AWS calls through the
 * Forwarder, which signs only what the workshop policy allows. Every request passes the guards (Host, Origin,
 * session) before anything else; the one-time link is exchanged for a session cookie; API bodies are size-capped.
 */
import { createServer, type IncomingMessage, type ServerResponse, type Server } from 'node:http';
import { randomBytes } from 'node:crypto';
import { guardRequest, Sessions, sessionCookie, sessionFromCookie, LINK_TTL_MS } from './guards';
import { SECURITY_HEADERS } from './csp';
import { Forwarder, ForwardRefused, type Identity } from './forwarder';
import { serveStatic } from './static';
import { FORWARD_PATH, ENTER_PATH, BASE_IDENTITY_KEY_ID, BASE_IDENTITY_SECRET, type ForwardRequest } from './envelope';
import type { WorkshopPolicy } from './policy/derive';
import type { AwsCredentialIdentityProvider } from '@smithy/types';

export type { Identity } from './forwarder';

export const MAX_API_BODY = 6 * 1024 * 1024;

export interface LiveServerOptions {
  distDir: string;
  region: string;
  credentials: AwsCredentialIdentityProvider;
  /** What may be signed: policy/node.ts derives it from the lab definition. */
  policy: WorkshopPolicy;
  /** Accounts the run may touch; empty means "the account of the base identity, once confirmed". */
  accounts?: string[];
  port?: number;
  upstream?: string;
  /** How long an unused link stays valid (default five minutes). */
  linkTtlMs?: number;
  /** A workshop room server the learner's page reports progress to (its origin joins the CSP's connect-src). */
  roomOrigin?: string;
  log?: (line: string) => void;
}

export interface LiveServer {
  /** The first one-time link. */
  url: string;
  port: number;
  /** The account the credentials belong to now. */
  readonly identity: Identity;
  /** A new one-time link, for another browser or after the first was spent. */
  newLink(): string;
  server: Server;
  close(): Promise<void>;
}

const USED_LINK_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Link already used — Boundary Lab</title></head>
<body><main><h1>This link has been used or has expired</h1>
<p>The link <code>npm run live</code> prints works once, within five minutes, so that someone who sees it later (on a projector, in the
browser's history) cannot use it. To get a new one, type <code>new-link</code> and Enter in the terminal where <code>npm run live</code>
runs, or stop it (Ctrl-C) and start it again.</p></main></body></html>`;

export async function startLiveServer(opts: LiveServerOptions): Promise<LiveServer> {
  const sessions = new Sessions(opts.linkTtlMs ?? LINK_TTL_MS);
  const forwarder = new Forwarder(opts);
  await forwarder.baseCredentials();
  const first = forwarder.identity!;
  if (!forwarder.accountAllowed(first.accountId)) {
    throw new Error(
      `The credentials belong to account ${first.accountId}, which is not one of the pinned accounts (${opts.accounts!.join(', ')}). Refusing to start.`,
    );
  }
  /** The key the live terminal encrypts its saved state with: gone with this process, which makes that state unreadable. */
  const storeKey = randomBytes(32).toString('base64');
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
    const api = url.pathname.startsWith('/__live/') && url.pathname !== ENTER_PATH;
    const hasSession = sessions.valid(sessionFromCookie(req.headers.cookie));
    const verdict = guardRequest({ port, host: req.headers.host, origin: req.headers.origin, session: hasSession, api });
    if (!verdict.ok) {
      req.resume();
      return sendJson(res, verdict.status, { message: verdict.reason });
    }
    if (url.pathname === ENTER_PATH) return enter(url, hasSession, res);
    if (!api) return serveStatic(opts.distDir, url.pathname, req, res, opts.roomOrigin ? [opts.roomOrigin] : []);
    // Every API call is a POST: browsers send Origin on POST even same-origin, never on a same-origin GET.
    if (req.method !== 'POST') return sendJson(res, 405, { message: 'Method not allowed' });
    const body = await readBody(req, MAX_API_BODY).catch((e: Error) => e);
    if (body instanceof Error) return sendJson(res, 413, { message: body.message });
    const value = parseJsonObject(body);
    if (value === undefined) return sendJson(res, 400, { message: 'The body must be a JSON object' });
    switch (url.pathname) {
      case '/__live/status': {
        const identity = forwarder.identity!;
        return sendJson(res, 200, {
          mode: 'live',
          accountId: identity.accountId,
          callerArn: identity.arn,
          region: opts.region,
          confirmed: forwarder.confirmedAccount === identity.accountId,
          baseCredentials: { accessKeyId: BASE_IDENTITY_KEY_ID, secretAccessKey: BASE_IDENTITY_SECRET },
          storeKey,
        });
      }
      case '/__live/confirm': {
        const accountId = value.accountId;
        if (accountId !== undefined && typeof accountId !== 'string') return sendJson(res, 400, { message: 'accountId must be a string' });
        const identity = forwarder.identity!;
        if (accountId !== identity.accountId) {
          return sendJson(res, 409, { message: `Account ${accountId ?? '(none)'} is not the account of these credentials (${identity.accountId}).` });
        }
        if (!forwarder.accountAllowed(identity.accountId)) {
          return sendJson(res, 409, { message: `Account ${identity.accountId} is not one of the accounts given with --account.` });
        }
        forwarder.confirmedAccount = identity.accountId;
        return sendJson(res, 200, { confirmed: true, accountId: identity.accountId });
      }
      case FORWARD_PATH: {
        const envelope = value as unknown as ForwardRequest;
        if (
          typeof envelope.url !== 'string' ||
          typeof envelope.method !== 'string' ||
          typeof envelope.headers !== 'object' ||
          envelope.headers === null ||
          (envelope.body !== undefined && typeof envelope.body !== 'string')
        ) {
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

  /** Spends the link's token for a session cookie; a spent, expired or unknown token leaves any session as it was. */
  function enter(url: URL, hasSession: boolean, res: ServerResponse) {
    const outcome = sessions.exchange(url.searchParams.get('token'));
    if ('session' in outcome) {
      res.writeHead(303, { location: '/welcome/', 'set-cookie': sessionCookie(outcome.session), 'content-length': 0 });
      return res.end();
    }
    opts.log?.(`a ${outcome.problem === 'expired' ? 'expired' : 'used or unknown'} link was opened${hasSession ? ' (the browser keeps its session)' : ''}`);
    const data = Buffer.from(USED_LINK_PAGE);
    res.writeHead(410, { 'content-type': 'text/html; charset=utf-8', 'content-length': data.length, 'content-security-policy': "default-src 'none'" });
    res.end(data);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  port = typeof address === 'object' && address ? address.port : port;
  const newLink = () => `http://127.0.0.1:${port}${ENTER_PATH}?token=${sessions.issueLink()}`;
  return {
    url: newLink(),
    port,
    get identity() {
      return forwarder.identity!;
    },
    newLink,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
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

/** The body as a JSON object; anything else (not JSON, null, an array, a string) is undefined. */
function parseJsonObject(body: Buffer): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(body.toString('utf8'));
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
