/**
 * Browsers drop "forbidden" headers (Host, Content-Length …) from a `Request` built in script, but the SDK
 * signed them. The in-process handler keeps the headers it was given beside the Request, and the gateway reads
 * them from here when present.
 */
const raw = new WeakMap<Request, Headers>();

export function attachRawHeaders(request: Request, headers: Headers): Request {
  raw.set(request, headers);
  return request;
}

export function rawHeaders(request: Request): Headers {
  return raw.get(request) ?? request.headers;
}
