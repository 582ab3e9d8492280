/**
 * The room service's HTTP API (documented in the README). Every route answers JSON errors {"error","message"}:
 * 400 for malformed or unknown input, 401/403 for a missing or wrong key, 404 for an unknown room, 413 for a body over
 * 4 KB, 429 after too many failed look-ups from one client. Nothing a learner sends is ever echoed as HTML.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import {
  BroadcastBody,
  CODE_PATTERN,
  CreateRoomBody,
  JoinBody,
  LESSON_SLUGS,
  LessonEventBody,
  MAX_BODY_BYTES,
  STEP_IDS,
  StepEventBody,
  firstIssue,
  type CreateRoomResponse,
  type JoinResponse,
  type ProgressResponse,
} from '../protocol';
import { progressCsv } from './csv';
import { FailureLimiter, hashSecret, newCode, newId, newSecret, secretMatches } from './secrets';
import { progressOf, type RoomRecord, type RoomStore } from './store';
import { StreamHub } from './streams';

export interface RoomApiOptions {
  store: RoomStore;
  /** Where this server is reached (links it prints and returns). */
  publicUrl: string;
  /** The site's root URL for join and dashboard links: this server's own, or --allow-origin's published copy. */
  siteUrl: string;
  /**
   * Other origins allowed to call the API (CORS), from --allow-origin: a published copy of the site, or a pattern with
   * a port wildcard such as http://127.0.0.1:* for learners in live mode (their live server's port is random).
   */
  allowOrigins?: string[];
  /** ROOM_ADMIN_KEY: when set, creating a room needs it as a bearer token. */
  adminKey?: string;
  /** How long a room lives after it is created. */
  ttlMs: number;
  now?: () => number;
  limiter?: FailureLimiter;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  const text = status === 204 ? '' : JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers });
  res.end(text);
};

async function readJson(req: IncomingMessage): Promise<unknown> {
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (type !== 'application/json') throw new HttpError(415, 'UnsupportedMediaType', 'send the body as application/json');
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > MAX_BODY_BYTES) throw new HttpError(413, 'PayloadTooLarge', `body must be at most ${MAX_BODY_BYTES} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, 'PayloadTooLarge', `body must be at most ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new HttpError(400, 'MalformedJson', 'body is not valid JSON');
  }
}

function parse<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new HttpError(400, 'ValidationError', 'body must be a JSON object');
  const r = schema.safeParse(body);
  if (!r.success) throw new HttpError(400, 'ValidationError', firstIssue(r.error));
  return r.data;
}

/** An --allow-origin value as a matcher of Origin headers: its origin exactly, or with `*` for the port. */
export function originPattern(value: string): RegExp {
  const wildcardPort = /^(https?:\/\/[^/:]+):\*\/?$/.exec(value);
  if (wildcardPort) return new RegExp(`^${wildcardPort[1].replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d{1,5}$`);
  const origin = new URL(value).origin;
  return new RegExp(`^${origin.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
}

export function bearer(req: IncomingMessage): string | undefined {
  const h = req.headers.authorization;
  const m = typeof h === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(h) : null;
  return m?.[1];
}

const clientOf = (req: IncomingMessage) => req.socket.remoteAddress ?? 'unknown';

export function createRoomApi(o: RoomApiOptions) {
  const now = o.now ?? Date.now;
  const limiter = o.limiter ?? new FailureLimiter();
  const hub = new StreamHub(o.store);
  const patterns = (o.allowOrigins ?? []).map(originPattern);
  const allowed = (origin: string | undefined) => Boolean(origin && patterns.some((p) => p.test(origin)));
  // Join links point at the published site when there is one (the first --allow-origin without a wildcard).
  const corsOrigin = o.allowOrigins?.some((a) => !a.includes('*')) ? 'yes' : undefined;
  const site = o.siteUrl.replace(/\/?$/, '/');

  const links = (code: string, key: string) => {
    const server = corsOrigin ? `&server=${encodeURIComponent(o.publicUrl.replace(/\/$/, ''))}` : '';
    return {
      joinUrl: `${site}room/join/?code=${code}${server}`,
      // The key travels in the fragment: browsers never send it to a server, so no log holds it.
      dashboardUrl: `${site}room/dashboard/#code=${code}&key=${encodeURIComponent(key)}${server}`,
    };
  };

  async function room(req: IncomingMessage, code: string): Promise<RoomRecord> {
    const r = CODE_PATTERN.test(code) ? await o.store.getRoom(code) : undefined;
    if (!r || r.expiresAt <= now()) {
      limiter.fail(clientOf(req));
      throw new HttpError(404, 'NoSuchRoom', `room ${JSON.stringify(code.slice(0, 16))} does not exist or has closed`);
    }
    return r;
  }
  // A learner's id by room and token hash, kept once found: learners are never removed from a room that still exists
  // (the room itself is looked up on every request), so an event costs one query fewer.
  const learnerIds = new Map<string, string>();
  async function learnerOf(code: string, tokenHash: string): Promise<{ id: string } | undefined> {
    const key = `${code}:${tokenHash}`;
    const known = learnerIds.get(key);
    if (known) return { id: known };
    const learner = await o.store.learnerByTokenHash(code, tokenHash);
    if (learner) {
      if (learnerIds.size >= 100_000) learnerIds.clear();
      learnerIds.set(key, learner.id);
    }
    return learner;
  }

  async function instructor(req: IncomingMessage, code: string, key = bearer(req)): Promise<RoomRecord> {
    const r = await room(req, code);
    if (!key) throw new HttpError(401, 'Unauthorized', 'this needs the instructor key as a bearer token', { 'www-authenticate': 'Bearer' });
    if (!secretMatches(key, r.instructorKeyHash)) {
      limiter.fail(clientOf(req));
      throw new HttpError(403, 'Forbidden', 'the instructor key is not this room’s');
    }
    return r;
  }

  async function progress(r: RoomRecord): Promise<ProgressResponse> {
    const [learners, events] = await Promise.all([o.store.learners(r.code), o.store.events(r.code)]);
    const byLearner = new Map<string, typeof events>();
    for (const e of events) (byLearner.get(e.learnerId) ?? byLearner.set(e.learnerId, []).get(e.learnerId)!).push(e);
    return {
      room: { code: r.code, name: r.name, createdAt: new Date(r.createdAt).toISOString(), expiresAt: new Date(r.expiresAt).toISOString() },
      steps: STEP_IDS,
      lessons: LESSON_SLUGS,
      learners: learners.map((l) => progressOf(l, byLearner.get(l.id) ?? [])),
    };
  }

  async function route(req: IncomingMessage, res: ServerResponse, path: string[], url: URL): Promise<void> {
    const method = req.method ?? 'GET';
    // POST /api/rooms
    if (path.length === 0) {
      if (method !== 'POST') throw new HttpError(405, 'MethodNotAllowed', `${method} is not allowed here`, { allow: 'POST' });
      if (o.adminKey && !(bearer(req) && secretMatches(bearer(req), hashSecret(o.adminKey)))) {
        limiter.fail(clientOf(req));
        throw new HttpError(401, 'Unauthorized', 'creating a room on this server needs ROOM_ADMIN_KEY as a bearer token', { 'www-authenticate': 'Bearer' });
      }
      const { name } = parse(CreateRoomBody, await readJson(req));
      const instructorKey = newSecret();
      let code = newCode();
      for (let i = 0; i < 5 && (await o.store.getRoom(code)); i++) code = newCode();
      const t = now();
      await o.store.createRoom({ code, name, instructorKeyHash: hashSecret(instructorKey), createdAt: t, expiresAt: t + o.ttlMs });
      const body: CreateRoomResponse = { code, instructorKey, ...links(code, instructorKey) };
      return json(res, 201, body);
    }
    const [code, action, ...rest] = path;
    if (rest.length) throw new HttpError(404, 'NotFound', 'no such route');
    const allow = (methods: string) => {
      if (!methods.split(',').includes(method)) throw new HttpError(405, 'MethodNotAllowed', `${method} is not allowed here`, { allow: methods });
    };
    switch (action) {
      case undefined: {
        allow('DELETE');
        const r = await instructor(req, code);
        await o.store.deleteRoom(r.code);
        await o.store.publish({ code: r.code, kind: 'closed' });
        return json(res, 204, null);
      }
      case 'join': {
        allow('POST');
        const r = await room(req, code);
        const { name } = parse(JoinBody, await readJson(req));
        const token = newSecret();
        const learnerId = newId();
        const t = now();
        await o.store.addLearner({ id: learnerId, roomCode: r.code, name, tokenHash: hashSecret(token), lesson: null, lessonSince: null, lastSeen: t, joinedAt: t });
        await o.store.publish({ code: r.code, kind: 'learner', learnerId });
        const body: JoinResponse = { learnerId, token };
        return json(res, 201, body);
      }
      case 'events': {
        allow('POST');
        const r = await room(req, code);
        const token = bearer(req);
        const learner = token ? await learnerOf(r.code, hashSecret(token)) : undefined;
        if (!learner) {
          limiter.fail(clientOf(req));
          throw new HttpError(token ? 403 : 401, token ? 'Forbidden' : 'Unauthorized', 'this needs your learner token as a bearer token');
        }
        const raw = await readJson(req);
        const isStep = typeof raw === 'object' && raw !== null && 'step' in raw;
        const body = isStep ? parse(StepEventBody, raw) : parse(LessonEventBody, raw);
        const t = now();
        // A queued event keeps the time it was made, but never claims a time in the future.
        const at = body.at ? Math.min(Date.parse(body.at), t) : t;
        const stored = await o.store.addEvent(r.code, {
          learnerId: learner.id,
          eventId: body.id ?? newId(),
          step: 'step' in body ? body.step : null,
          result: 'result' in body ? body.result : null,
          lesson: 'lesson' in body ? body.lesson : null,
          at,
        });
        if (stored) await o.store.publish({ code: r.code, kind: 'learner', learnerId: learner.id });
        return json(res, 202, { accepted: true, duplicate: !stored });
      }
      case 'progress': {
        allow('GET,HEAD');
        const r = await instructor(req, code);
        const p = await progress(r);
        if (/\btext\/csv\b/i.test(String(req.headers.accept ?? ''))) {
          res.writeHead(200, {
            'content-type': 'text/csv; charset=utf-8',
            'content-disposition': `attachment; filename="room-${r.code}.csv"`,
            'cache-control': 'no-store',
          });
          return void res.end(progressCsv(p));
        }
        return json(res, 200, p);
      }
      case 'stream': {
        allow('GET');
        const r = await instructor(req, code, bearer(req) ?? url.searchParams.get('key') ?? undefined);
        return hub.instructor(r.code, req, res);
      }
      case 'messages': {
        // A learner's own stream: the instructor's broadcasts, nothing about other learners.
        allow('GET');
        const r = await room(req, code);
        const token = bearer(req) ?? url.searchParams.get('token') ?? undefined;
        const learner = token ? await o.store.learnerByTokenHash(r.code, hashSecret(token)) : undefined;
        if (!learner) {
          limiter.fail(clientOf(req));
          throw new HttpError(403, 'Forbidden', 'this needs your learner token');
        }
        return hub.learner(r, req, res);
      }
      case 'broadcast': {
        allow('POST');
        const r = await instructor(req, code);
        const { message } = parse(BroadcastBody, await readJson(req));
        const t = now();
        await o.store.addMessage(r.code, message, t);
        await o.store.publish({ code: r.code, kind: 'message', message, at: t });
        return json(res, 202, { accepted: true });
      }
      default:
        throw new HttpError(404, 'NotFound', 'no such route');
    }
  }

  /** Handles /api/rooms…; returns false for any other path so the caller serves the site. */
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const url = new URL(req.url ?? '/', 'http://room.invalid');
    if (url.pathname !== '/api/rooms' && !url.pathname.startsWith('/api/rooms/')) return false;
    const origin = req.headers.origin;
    if (origin && allowed(origin)) {
      res.setHeader('access-control-allow-origin', origin);
      res.setHeader('vary', 'Origin');
    }
    if (req.method === 'OPTIONS') {
      if (allowed(origin)) {
        res.writeHead(204, {
          'access-control-allow-methods': 'GET, POST, DELETE',
          'access-control-allow-headers': 'authorization, content-type, accept',
          'access-control-max-age': '600',
        });
      } else res.writeHead(403);
      res.end();
      return true;
    }
    try {
      const wait = limiter.retryAfter(clientOf(req));
      if (wait) throw new HttpError(429, 'TooManyRequests', 'too many failed attempts from this address; try again later', { 'retry-after': String(wait) });
      const path = url.pathname.split('/').slice(3).filter(Boolean).map(decodeURIComponent);
      await route(req, res, path, url);
    } catch (e) {
      if (res.headersSent) {
        res.destroy();
        return true;
      }
      if (e instanceof HttpError) json(res, e.status, { error: e.code, message: e.message }, e.headers);
      else if (e instanceof URIError) json(res, 400, { error: 'BadRequest', message: 'malformed path' });
      else {
        console.error(`room: internal error: ${e instanceof Error ? e.message : String(e)}`);
        json(res, 500, { error: 'InternalError', message: 'internal error in the room server' });
      }
    }
    return true;
  }

  return { handle, hub, progress, links };
}
