/**
 * The browser side of live mode: an SDK v3 request handler that ships each (already signed) request to the live
 * server, which forwards it to AWS. Isomorphic (fetch + base64 only), so the terminal's `aws` command and the
 * checks use it exactly as they use the sandbox's in-process handler.
 */
import { FORWARD_PATH, TOKEN_HEADER, type ForwardRequest, type ForwardResponse } from './envelope';

interface SdkHttpRequest {
  method: string;
  protocol: string;
  hostname: string;
  port?: number;
  path: string;
  query?: Record<string, string | string[] | null>;
  headers: Record<string, string>;
  body?: unknown;
}

export class LiveRefusedError extends Error {
  override name = 'LiveServerRefused';
  constructor(
    public readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** RFC 3986 encoding, as the SDK encodes query strings. */
function encode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export function requestUrl(req: SdkHttpRequest): string {
  const parts: string[] = [];
  for (const key of Object.keys(req.query ?? {}).sort()) {
    const v = req.query![key];
    if (v === null) parts.push(encode(key));
    else for (const one of Array.isArray(v) ? v : [v]) parts.push(`${encode(key)}=${encode(one)}`);
  }
  const port = req.port ? `:${req.port}` : '';
  return `${req.protocol}//${req.hostname}${port}${req.path}${parts.length ? `?${parts.join('&')}` : ''}`;
}

async function bodyBytes(body: unknown): Promise<Uint8Array> {
  if (body === undefined || body === null) return new Uint8Array();
  if (typeof body === 'string') return new TextEncoder().encode(body);
  if (body instanceof Uint8Array) return body;
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  if (typeof Blob !== 'undefined' && body instanceof Blob) return new Uint8Array(await body.arrayBuffer());
  if (typeof ReadableStream !== 'undefined' && body instanceof ReadableStream) return new Uint8Array(await new Response(body).arrayBuffer());
  throw new TypeError('Unsupported request body for the live forwarder');
}

function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

function fromBase64(b64: string): Uint8Array {
  const s = atob(b64);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

export interface LiveHandlerOptions {
  /** The live server's origin, e.g. http://127.0.0.1:53211 (the page's own origin). */
  origin: string;
  token: string;
  fetch?: typeof fetch;
}

/** An SDK v3 requestHandler (`{ handle(request) → { response } }`) that goes through the live server. */
export function createLiveRequestHandler(opts: LiveHandlerOptions) {
  const doFetch = opts.fetch ?? fetch;
  return {
    metadata: { handlerProtocol: 'http/1.1' },
    async handle(request: SdkHttpRequest, options?: { abortSignal?: AbortSignal }) {
      const envelope: ForwardRequest = {
        method: request.method,
        url: requestUrl(request),
        headers: request.headers,
        body: toBase64(await bodyBytes(request.body)),
      };
      const res = await doFetch(`${opts.origin}${FORWARD_PATH}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [TOKEN_HEADER]: opts.token },
        body: JSON.stringify(envelope),
        signal: options?.abortSignal,
      });
      const payload = (await res.json()) as ForwardResponse & { message?: string };
      if (res.status !== 200) throw new LiveRefusedError(res.status, payload.message ?? `Live server answered ${res.status}`);
      return {
        response: { statusCode: payload.status, reason: undefined, headers: payload.headers, body: fromBase64(payload.body) },
      };
    },
    updateHttpClientConfig() {},
    httpHandlerConfigs() {
      return {};
    },
    destroy() {},
  };
}
