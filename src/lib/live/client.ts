/**
 * The browser side of live mode: an SDK v3 request handler that ships each request to the live server, which signs
 * it (if the workshop policy allows) and forwards it to AWS. Isomorphic (fetch + base64 only), so the terminal's
 * `aws` command and the checks use it exactly as they use the sandbox's in-process handler. The session is the
 * HttpOnly cookie the one-time link set: same-origin fetches (pages and workers) carry it, scripts cannot read it.
 */
import { FORWARD_PATH, type ForwardRequest, type ForwardResponse } from './envelope';
import type { HttpRequest } from '@smithy/protocol-http';
import { bodyBytes, requestUrl } from '../emulator/sdk';
import { fromBase64, toBase64 } from '../emulator/protocol/values';

export class LiveRefusedError extends Error {
  override name = 'LiveServerRefused';
  constructor(
    public readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface LiveHandlerOptions {
  /** The live server's origin, e.g. http://127.0.0.1:53211 (the page's own origin). */
  origin: string;
  fetch?: typeof fetch;
}

/** An SDK v3 requestHandler (`{ handle(request) → { response } }`) that goes through the live server. */
export function createLiveRequestHandler(opts: LiveHandlerOptions) {
  const doFetch = opts.fetch ?? fetch;
  return {
    metadata: { handlerProtocol: 'http/1.1' },
    async handle(request: HttpRequest, options?: { abortSignal?: AbortSignal }) {
      const envelope: ForwardRequest = {
        method: request.method,
        url: requestUrl(request),
        headers: request.headers,
        body: toBase64((await bodyBytes(request.body)) ?? new Uint8Array()),
      };
      const res = await doFetch(`${opts.origin}${FORWARD_PATH}`, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(envelope),
        signal: options?.abortSignal,
      });
      const payload = (await res.json()) as ForwardResponse & { message?: string };
      if (res.status !== 200) throw new LiveRefusedError(res.status, payload.message ?? `Live server answered ${res.status}`);
      return {
        // A Web ReadableStream, as the in-process handler answers: the SDK hands it out for streaming outputs (S3
        // GetObject's Body) and refuses a bare Uint8Array there.
        response: { statusCode: payload.status, reason: undefined, headers: payload.headers, body: new Response((fromBase64(payload.body) ?? new Uint8Array()) as Uint8Array<ArrayBuffer>).body },
      };
    },
    updateHttpClientConfig() {},
    httpHandlerConfigs() {
      return {};
    },
    destroy() {},
  };
}
