/**
 * The local server's guards: Host, Origin and the session. Pure functions of the request's headers so that each
 * rule is tested on its own; the server applies them in order before anything else runs.
 *
 * The link `npm run live` prints carries a one-time token. Opening it exchanges the token for a session cookie
 * (HttpOnly, SameSite=Strict) and the token is spent: a second use, or a use after a few minutes, gets nothing.
 */
import { timingSafeEqual, randomBytes } from 'node:crypto';

export const SESSION_COOKIE = 'boundary_lab_live';
/** An unused link expires after this long. */
export const LINK_TTL_MS = 5 * 60_000;

/** A fresh secret: 256 bits, URL-safe. */
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

/** One-time links and the sessions they were exchanged for. */
export class Sessions {
  private readonly links = new Map<string, number>();
  private readonly sessions: string[] = [];

  constructor(private readonly ttlMs = LINK_TTL_MS) {}

  /** A new one-time token, valid until used or until the TTL runs out. */
  issueLink(now = Date.now()): string {
    const token = newToken();
    this.links.set(token, now + this.ttlMs);
    return token;
  }

  /** Spends a link's token: a new session id, or why not. */
  exchange(token: string | null, now = Date.now()): { session: string } | { problem: 'unknown' | 'expired' } {
    const entry = [...this.links].find(([t]) => tokenMatches(t, token));
    if (!entry) return { problem: 'unknown' };
    this.links.delete(entry[0]);
    if (entry[1] < now) return { problem: 'expired' };
    const session = newToken();
    this.sessions.push(session);
    return { session };
  }

  valid(session: string | undefined): boolean {
    let ok = false;
    for (const s of this.sessions) ok = tokenMatches(s, session) || ok;
    return ok;
  }
}

/** The session id from a Cookie header. */
export function sessionFromCookie(cookie: string | undefined): string | undefined {
  for (const part of (cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === SESSION_COOKIE) return value.join('=');
  }
  return undefined;
}

export function sessionCookie(session: string): string {
  return `${SESSION_COOKIE}=${session}; HttpOnly; SameSite=Strict; Path=/`;
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
 * every API call needs Host, the server's Origin and a session.
 */
export function guardRequest(opts: { port: number; host?: string; origin?: string; session: boolean; api: boolean }): GuardVerdict {
  if (!hostAllowed(opts.host, opts.port)) return { ok: false, status: 421, reason: 'Host is not this server' };
  if (opts.origin !== undefined && !originAllowed(opts.origin, opts.port)) {
    return { ok: false, status: 403, reason: 'Origin is not this server' };
  }
  if (!opts.api) return { ok: true };
  if (opts.origin === undefined) return { ok: false, status: 403, reason: 'API calls need an Origin' };
  if (!opts.session) return { ok: false, status: 401, reason: 'No live session: open the one-time link that `npm run live` printed' };
  return { ok: true };
}
