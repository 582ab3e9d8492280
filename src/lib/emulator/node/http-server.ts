/** Node-only: serve a Web-standard handler over HTTP on 127.0.0.1 (the `npm run sandbox` endpoint). */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MAX_BODY_BYTES, type RawHttpRequest } from '../gateway';
import type { WireResponse } from '../protocol/types';

/** What can be served: a Web-standard handler, or an emulator with its raw fast path. */
export type Servable = ((request: Request) => Promise<Response>) | { handleRaw(request: RawHttpRequest): Promise<WireResponse> };

function headersOf(req: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) {
    if (v === undefined) continue;
    headers.set(k, Array.isArray(v) ? v.join(', ') : v);
  }
  return headers;
}

export interface RunningServer {
  server: Server;
  port: number;
  url: string;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<Uint8Array | 'too-large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(tooLarge ? 'too-large' : chunks.length === 1 ? new Uint8Array(chunks[0]) : new Uint8Array(Buffer.concat(chunks))));
    req.on('error', reject);
  });
}

export function toRequest(req: IncomingMessage, body: Uint8Array, origin: string): Request {
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) {
    if (v === undefined) continue;
    headers.set(k, Array.isArray(v) ? v.join(', ') : v);
  }
  const method = req.method ?? 'GET';
  return new Request(origin + (req.url ?? '/'), {
    method,
    headers,
    body: method === 'GET' || method === 'HEAD' || body.length === 0 ? undefined : (body as BodyInit),
  });
}

async function respond(res: ServerResponse, response: Response) {
  const headers: Record<string, string> = {};
  response.headers.forEach((v, k) => (headers[k] = v));
  const body = Buffer.from(await response.arrayBuffer());
  if (!('content-length' in headers)) headers['content-length'] = String(body.length);
  res.writeHead(response.status, headers);
  res.end(body);
}

/**
 * The last-resort guard: an error that escaped every handler (an unhandled rejection or exception from background
 * work such as a stack operation) is logged as an internal error and the process keeps serving. Node's default would
 * end it, taking every learner's terminal down with one bad request. Returns a function that removes the guard.
 */
export function keepServingOnEscapedErrors(log: (message: string, error: unknown) => void = (m, e) => console.error(m, e)): () => void {
  const onRejection = (reason: unknown) => log('[sandbox] internal error (an unhandled rejection escaped; still serving):', reason);
  const onException = (error: unknown) => log('[sandbox] internal error (an uncaught exception escaped; still serving):', error);
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  return () => {
    process.off('unhandledRejection', onRejection);
    process.off('uncaughtException', onException);
  };
}

/** What a request that failed inside the sandbox gets: AWS's InternalFailure (HTTP 500), which SDKs retry. */
const INTERNAL_FAILURE = '<ErrorResponse><Error><Type>Receiver</Type><Code>InternalFailure</Code><Message>The request processing has failed because of an unknown error, exception or failure.</Message></Error></ErrorResponse>';

export function serve(
  handle: Servable,
  options: { port?: number; host?: string } = {},
): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const server = createServer(async (req, res) => {
    try {
      const body = await readBody(req);
      if (body === 'too-large') {
        res.writeHead(413, { 'content-type': 'text/xml' });
        res.end('<ErrorResponse><Error><Type>Sender</Type><Code>RequestEntityTooLarge</Code><Message>Request body is too large.</Message></Error></ErrorResponse>');
        req.destroy();
        return;
      }
      if (typeof handle !== 'function') {
        const out = await handle.handleRaw({ method: req.method ?? 'GET', target: req.url ?? '/', headers: headersOf(req), body });
        // A string body goes out in one write with the headers; a Buffer would take a second (writev).
        const payload = typeof out.body === 'string' ? out.body : Buffer.from(out.body.buffer, out.body.byteOffset, out.body.byteLength);
        const length = typeof payload === 'string' ? Buffer.byteLength(payload) : payload.length;
        // A HEAD answer (S3's HeadObject) carries the object's Content-Length with no body: keep the one it set.
        const headLength = req.method === 'HEAD' ? out.headers['content-length'] : undefined;
        res.writeHead(out.status, { ...out.headers, 'content-length': headLength ?? String(length) });
        res.end(req.method === 'HEAD' ? undefined : payload);
        return;
      }
      const origin = `http://${req.headers.host ?? `${host}:${(server.address() as AddressInfo).port}`}`;
      await respond(res, await handle(toRequest(req, body, origin)));
    } catch (e) {
      console.error('[sandbox] internal error: request failed:', e);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/xml' });
      res.end(INTERNAL_FAILURE);
    }
  });
  server.keepAliveTimeout = 60_000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 4566, host, () => {
      const port = (server.address() as AddressInfo).port;
      resolve({
        server,
        port,
        url: `http://${host}:${port}`,
        close: () => new Promise<void>((r) => {
          server.closeAllConnections();
          server.close(() => r());
        }),
      });
    });
  });
}
