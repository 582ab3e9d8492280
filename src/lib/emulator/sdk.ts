/**
 * An SDK v3 request handler that calls the emulator in the same process, without a network, in browsers and
 * Node: `new IAMClient({ region, credentials, requestHandler: inProcessRequestHandler(emulator) })`.
 * The SDK still signs the request, so the gateway authenticates and authorizes it exactly as over HTTP.
 */
import { HttpResponse, type HttpRequest } from '@smithy/protocol-http';
import { rfc3986 } from './protocol/values';
import { attachRawHeaders } from './core/raw-headers';

export interface RequestHandlerTarget {
  handle(request: Request): Promise<Response>;
}

/** An SDK request body (string, bytes, Blob, stream …) as bytes; undefined when there is none. */
export async function bodyBytes(body: unknown): Promise<Uint8Array | undefined> {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string') return new TextEncoder().encode(body);
  if (body instanceof Uint8Array) return body;
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  if (ArrayBuffer.isView(body)) return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  if (typeof Blob !== 'undefined' && body instanceof Blob) return new Uint8Array(await body.arrayBuffer());
  if (typeof ReadableStream !== 'undefined' && body instanceof ReadableStream) {
    return new Uint8Array(await new Response(body).arrayBuffer());
  }
  if (typeof (body as any)[Symbol.asyncIterator] === 'function') {
    const chunks: Uint8Array[] = [];
    for await (const chunk of body as AsyncIterable<Uint8Array | string>) {
      chunks.push(typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk);
    }
    const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
    let o = 0;
    for (const c of chunks) {
      out.set(c, o);
      o += c.length;
    }
    return out;
  }
  return new TextEncoder().encode(String(body));
}

/** The query string as the SDK's own HTTP handlers build it (and as SigV4 signed it). */
function queryString(query: HttpRequest['query']): string {
  const parts: string[] = [];
  for (const key of Object.keys(query ?? {}).sort()) {
    const value = query[key];
    if (value === null || value === undefined) parts.push(rfc3986(key));
    else if (Array.isArray(value)) for (const v of value) parts.push(`${rfc3986(key)}=${rfc3986(v)}`);
    else parts.push(`${rfc3986(key)}=${rfc3986(value)}`);
  }
  return parts.join('&');
}

/** The URL an SDK request goes to, with its query string as the SDK's own handlers build it. */
export function requestUrl(req: Pick<HttpRequest, 'protocol' | 'hostname' | 'port' | 'path' | 'query'>): string {
  const port = req.port ? `:${req.port}` : '';
  const qs = queryString(req.query);
  return `${req.protocol}//${req.hostname}${port}${req.path}${qs ? `?${qs}` : ''}`;
}

export function toWebRequest(req: HttpRequest, body: Uint8Array | undefined): Request {
  const url = requestUrl(req);
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers.set(k, v);
  const method = req.method.toUpperCase();
  const request = new Request(url, {
    method,
    headers,
    body: method === 'GET' || method === 'HEAD' ? undefined : (body as BodyInit | undefined),
  });
  return attachRawHeaders(request, headers);
}

export function inProcessRequestHandler(target: RequestHandlerTarget) {
  return {
    metadata: { handlerProtocol: 'http/1.1' },
    async handle(request: HttpRequest, _options?: { abortSignal?: unknown }): Promise<{ response: HttpResponse }> {
      const res = await target.handle(toWebRequest(request, await bodyBytes(request.body)));
      const headers: Record<string, string> = {};
      res.headers.forEach((v, k) => (headers[k] = v));
      // A Web ReadableStream: the SDK collects it for ordinary outputs and hands it out for streaming ones
      // (S3 GetObject Body), in browsers and in Node alike.
      const body = res.body ?? new Response(new Uint8Array()).body;
      return { response: new HttpResponse({ statusCode: res.status, reason: res.statusText, headers, body }) };
    },
    updateHttpClientConfig(): void {},
    httpHandlerConfigs(): Record<string, never> {
      return {};
    },
    destroy(): void {},
  };
}
