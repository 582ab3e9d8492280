/**
 * The local server's guards: token, Origin and Host. Pure functions of the request's headers so that each rule is
 * tested on its own; the server applies them in order before anything else runs.
 */
import { timingSafeEqual, randomBytes } from 'node:crypto';

/** A fresh token: 256 bits, URL-safe. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Compares in constant time (for equal lengths; a length mismatch is rejected without comparing). */
export function tokenMatches(expected: string, given: string | undefined | null): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  if (a.length !== b.length) {
    timingSafeEqual(a, a);
    return false;
  }
  return timingSafeEqual(a, b);
}

/** Host must name this server on the loopback interface (DNS rebinding defence). */
export function hostAllowed(host: string | undefined, port: number): boolean {
  return host === `127.0.0.1:${port}` || host === `localhost:${port}`;
}

/** Origin must be the server's own origin. */
export function originAllowed(origin: string | undefined, port: number): boolean {
  return origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`;
}

export type GuardVerdict = { ok: true } | { ok: false; status: number; reason: string };

/**
 * Static files may be fetched without Origin (a browser's navigation sends none) but still need the right Host;
 * every API call needs Host, the server's Origin and the token.
 */
export function guardRequest(opts: {
  port: number;
  token: string;
  host?: string;
  origin?: string;
  tokenHeader?: string;
  api: boolean;
}): GuardVerdict {
  if (!hostAllowed(opts.host, opts.port)) return { ok: false, status: 421, reason: 'Host is not this server' };
  if (opts.origin !== undefined && !originAllowed(opts.origin, opts.port)) {
    return { ok: false, status: 403, reason: 'Origin is not this server' };
  }
  if (!opts.api) return { ok: true };
  if (opts.origin === undefined) return { ok: false, status: 403, reason: 'API calls need an Origin' };
  if (!tokenMatches(opts.token, opts.tokenHeader)) return { ok: false, status: 401, reason: 'Missing or wrong token' };
  return { ok: true };
}
