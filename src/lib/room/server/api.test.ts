/**
 * The room API, run as one conformance suite against each store: embedded SQLite and a real PostgreSQL server that the
 * test starts (throwaway cluster). Every request is real HTTP to a running room server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { havePostgres, startPostgres, type TestPostgres } from '../../../../tests/support/postgres';
import { STEP_IDS } from '../protocol';
import { startTestRoomServer, sseReader } from './testing';
import type { RoomServer } from './server';

type Target = { name: string; databaseUrl?: () => string };
let pg: TestPostgres | undefined;
const usePg = havePostgres();
beforeAll(async () => {
  if (usePg) pg = await startPostgres();
}, 120_000);
afterAll(() => pg?.stop());

const targets: Target[] = [{ name: 'SQLite' }, ...(usePg ? [{ name: 'PostgreSQL', databaseUrl: () => pg!.url }] : [])];
const [step1, step2] = STEP_IDS;

describe.each(targets)('room API on $name', ({ databaseUrl }) => {
  let server: RoomServer;
  let api: string;
  const post = (path: string, body: unknown, token?: string, headers: Record<string, string> = {}) =>
    fetch(`${api}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const get = (path: string, token?: string, headers: Record<string, string> = {}) =>
    fetch(`${api}${path}`, { headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers } });
  const newRoom = async () => (await (await post('/api/rooms', { name: 'Room 1' })).json()) as { code: string; instructorKey: string; joinUrl: string; dashboardUrl: string };
  const join = async (code: string, name = 'Ada') => (await (await post(`/api/rooms/${code}/join`, { name })).json()) as { learnerId: string; token: string };

  beforeAll(async () => {
    server = await startTestRoomServer({ databaseUrl: databaseUrl?.() });
    api = `http://127.0.0.1:${server.port}`;
  });
  afterAll(() => server.close());

  it('creates a room with a ≥128-bit instructor key, a join link and a dashboard link whose key is in the fragment', async () => {
    const res = await post('/api/rooms', { name: 'Morning session' });
    expect(res.status).toBe(201);
    const room = await res.json();
    expect(room.code).toMatch(/^[A-Z2-9]{6}$/);
    expect(Buffer.from(room.instructorKey, 'base64url').length).toBeGreaterThanOrEqual(16);
    expect(new URL(room.joinUrl).searchParams.get('code')).toBe(room.code);
    const dash = new URL(room.dashboardUrl);
    expect(dash.search).toBe('');
    expect(new URLSearchParams(dash.hash.slice(1)).get('key')).toBe(room.instructorKey);
  });

  it('joins, records step and lesson events, and counts failed checks before a pass', async () => {
    const room = await newRoom();
    const ada = await join(room.code, 'Ada');
    expect(ada.learnerId).toBeTruthy();
    expect((await post(`/api/rooms/${room.code}/events`, { lesson: 'create-builder-iam' }, ada.token)).status).toBe(202);
    expect((await post(`/api/rooms/${room.code}/events`, { step: step1, result: 'fail' }, ada.token)).status).toBe(202);
    expect((await post(`/api/rooms/${room.code}/events`, { step: step1, result: 'fail' }, ada.token)).status).toBe(202);
    expect((await post(`/api/rooms/${room.code}/events`, { step: step1, result: 'pass' }, ada.token)).status).toBe(202);
    const res = await get(`/api/rooms/${room.code}/progress`, room.instructorKey);
    expect(res.status).toBe(200);
    const p = await res.json();
    expect(p.learners).toHaveLength(1);
    const [l] = p.learners;
    expect(l).toMatchObject({ learnerId: ada.learnerId, name: 'Ada', lesson: 'create-builder-iam' });
    expect(l.steps[step1]).toMatchObject({ result: 'pass', fails: 2 });
    expect(Date.parse(l.steps[step1].at)).not.toBeNaN();
    expect(Date.parse(l.lastSeen)).not.toBeNaN();
  });

  it('counts a resent event (same id) once', async () => {
    const room = await newRoom();
    const l = await join(room.code);
    for (let i = 0; i < 3; i++) expect((await post(`/api/rooms/${room.code}/events`, { step: step2, result: 'fail', id: 'evt-1' }, l.token)).status).toBe(202);
    const p = await (await get(`/api/rooms/${room.code}/progress`, room.instructorKey)).json();
    expect(p.learners[0].steps[step2].fails).toBe(1);
  });

  it('refuses unknown steps and lessons, unknown fields, malformed JSON, non-objects and bodies over 4 KB', async () => {
    const room = await newRoom();
    const l = await join(room.code);
    const ev = (b: unknown) => post(`/api/rooms/${room.code}/events`, b, l.token);
    for (const bad of [{ step: 'no-such-step', result: 'pass' }, { step: step1, result: 'maybe' }, { lesson: 'nope' }, { step: step1, result: 'pass', extra: 1 }, {}, '[1]', 'null', '{"step":']) {
      const res = await ev(bad);
      expect(res.status, JSON.stringify(bad)).toBe(400);
      const body = await res.json();
      expect(body.message).toBeTruthy();
    }
    expect((await ev({ step: step1, result: 'pass', id: 'x'.repeat(5000) })).status).toBe(413);
    expect((await post('/api/rooms', { name: 'x', owner: 'me' })).status).toBe(400);
    const p = await (await get(`/api/rooms/${room.code}/progress`, room.instructorKey)).json();
    expect(p.learners[0].steps).toEqual({});
  });

  it('validates names: 1–40 characters, no control characters, stored as the text given', async () => {
    const room = await newRoom();
    for (const name of ['', '   ', 'x'.repeat(41), 'a\u0000b', 'tab\tname', 'bidi\u202Ename']) {
      expect((await post(`/api/rooms/${room.code}/join`, { name })).status, JSON.stringify(name)).toBe(400);
    }
    const xss = '<img src=x onerror=alert(1)>';
    await join(room.code, xss);
    const p = await (await get(`/api/rooms/${room.code}/progress`, room.instructorKey)).json();
    expect(p.learners[0].name).toBe(xss);
  });

  it('keeps progress for the instructor: no key 401, a learner token or a wrong key 403', async () => {
    const room = await newRoom();
    const l = await join(room.code);
    expect((await get(`/api/rooms/${room.code}/progress`)).status).toBe(401);
    expect((await get(`/api/rooms/${room.code}/progress`, l.token)).status).toBe(403);
    expect((await get(`/api/rooms/${room.code}/stream`, l.token)).status).toBe(403);
    expect((await post(`/api/rooms/${room.code}/broadcast`, { message: 'hi' }, l.token)).status).toBe(403);
    expect((await fetch(`${api}/api/rooms/${room.code}`, { method: 'DELETE', headers: { authorization: `Bearer ${l.token}` } })).status).toBe(403);
    // A learner token is not an instructor key, and an instructor key is not a learner token.
    expect((await post(`/api/rooms/${room.code}/events`, { lesson: 'welcome' }, room.instructorKey)).status).toBe(403);
  });

  it('answers CSV, one row per learner, when asked for text/csv', async () => {
    const room = await newRoom();
    const a = await join(room.code, 'Ada');
    await join(room.code, '=cmd|calc');
    await post(`/api/rooms/${room.code}/events`, { step: step1, result: 'pass' }, a.token);
    const res = await get(`/api/rooms/${room.code}/progress`, room.instructorKey, { accept: 'text/csv' });
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (await res.text()).trim().split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toContain(step1);
    expect(lines[1]).toContain('Ada');
    expect(lines[1]).toContain('pass');
    expect(lines[2]).toContain("'=cmd|calc");
  });

  it('streams one event per learner event to the dashboard, and broadcasts to learners', async () => {
    const room = await newRoom();
    const l = await join(room.code, 'Grace');
    const dash = sseReader(await get(`/api/rooms/${room.code}/stream`, room.instructorKey));
    const learnerStream = sseReader(await get(`/api/rooms/${room.code}/messages?token=${l.token}`));
    expect(await learnerStream.next('room')).toEqual({ code: room.code, name: 'Room 1' });
    await post(`/api/rooms/${room.code}/events`, { step: step1, result: 'fail' }, l.token);
    const e = await dash.next('learner');
    expect(e.learner).toMatchObject({ name: 'Grace', steps: { [step1]: { result: 'fail', fails: 1 } } });
    await post(`/api/rooms/${room.code}/events`, { lesson: 'assume-builder' }, l.token);
    expect((await dash.next('learner')).learner.lesson).toBe('assume-builder');
    expect((await post(`/api/rooms/${room.code}/broadcast`, { message: 'Ten minutes left' }, room.instructorKey)).status).toBe(202);
    expect((await learnerStream.next('message')).message).toBe('Ten minutes left');
    // The key may also come in the query (EventSource cannot send headers).
    const byQuery = await get(`/api/rooms/${room.code}/stream?key=${encodeURIComponent(room.instructorKey)}`);
    expect(byQuery.status).toBe(200);
    await byQuery.body?.cancel();
    dash.cancel();
    learnerStream.cancel();
  });

  it('deletes a room and all its data', async () => {
    const room = await newRoom();
    const l = await join(room.code);
    await post(`/api/rooms/${room.code}/events`, { step: step1, result: 'pass' }, l.token);
    const res = await fetch(`${api}/api/rooms/${room.code}`, { method: 'DELETE', headers: { authorization: `Bearer ${room.instructorKey}` } });
    expect(res.status).toBe(204);
    expect((await get(`/api/rooms/${room.code}/progress`, room.instructorKey)).status).toBe(404);
    expect(await server.store.learners(room.code)).toEqual([]);
    expect(await server.store.events(room.code)).toEqual([]);
  });

  it('answers 404 for an unknown room and unknown routes, 405 for a wrong method', async () => {
    expect((await post('/api/rooms/ZZZZZ9/join', { name: 'x' })).status).toBe(404);
    expect((await get('/api/rooms')).status).toBe(405);
    const room = await newRoom();
    expect((await get(`/api/rooms/${room.code}/nothing`, room.instructorKey)).status).toBe(404);
  });
});

describe('room server rules that do not depend on the store', () => {
  it('rate-limits guessing join codes with 429 and Retry-After', async () => {
    const server = await startTestRoomServer();
    const api = `http://127.0.0.1:${server.port}`;
    try {
      let last: Response | undefined;
      for (let i = 0; i < 25; i++) {
        last = await fetch(`${api}/api/rooms/AAAAA${'23456789ABCDEFGHJKMNPQRSTUVWXYZ'[i]}/join`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{"name":"guess"}',
        });
      }
      expect(last!.status).toBe(429);
      expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
    } finally {
      await server.close();
    }
  });

  it('needs ROOM_ADMIN_KEY to create a room when it is set', async () => {
    const server = await startTestRoomServer({ adminKey: 'admin-secret-key' });
    const api = `http://127.0.0.1:${server.port}`;
    const create = (auth?: string) =>
      fetch(`${api}/api/rooms`, { method: 'POST', headers: { 'content-type': 'application/json', ...(auth ? { authorization: `Bearer ${auth}` } : {}) }, body: '{"name":"r"}' });
    try {
      expect((await create()).status).toBe(401);
      expect((await create('wrong')).status).toBe(401);
      expect((await create('admin-secret-key')).status).toBe(201);
    } finally {
      await server.close();
    }
  });

  it('allows CORS only for --allow-origin, and then links to the published site with the server', async () => {
    const server = await startTestRoomServer({ allowOrigins: ['https://learn.example.org/boundary-lab/', 'http://127.0.0.1:*'] });
    const api = `http://127.0.0.1:${server.port}`;
    try {
      const ok = await fetch(`${api}/api/rooms`, { method: 'POST', headers: { 'content-type': 'application/json', origin: 'https://learn.example.org' }, body: '{"name":"r"}' });
      expect(ok.headers.get('access-control-allow-origin')).toBe('https://learn.example.org');
      const room = await ok.json();
      expect(room.joinUrl.startsWith('https://learn.example.org/boundary-lab/room/join/?code=')).toBe(true);
      expect(new URL(room.joinUrl).searchParams.get('server')).toBe(api);
      const other = await fetch(`${api}/api/rooms`, { method: 'POST', headers: { 'content-type': 'application/json', origin: 'https://evil.example' }, body: '{"name":"r"}' });
      expect(other.headers.get('access-control-allow-origin')).toBeNull();
      const pre = await fetch(`${api}/api/rooms`, { method: 'OPTIONS', headers: { origin: 'https://learn.example.org', 'access-control-request-method': 'POST' } });
      expect(pre.status).toBe(204);
      // A learner's live server on any loopback port (--allow-origin http://127.0.0.1:*), and nothing else there.
      const live = await fetch(`${api}/api/rooms`, { method: 'POST', headers: { 'content-type': 'application/json', origin: 'http://127.0.0.1:50123' }, body: '{"name":"r"}' });
      expect(live.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:50123');
      const lookalike = await fetch(`${api}/api/rooms`, { method: 'POST', headers: { 'content-type': 'application/json', origin: 'http://127.0.0.1.evil.example:80' }, body: '{"name":"r"}' });
      expect(lookalike.headers.get('access-control-allow-origin')).toBeNull();
      const preBad = await fetch(`${api}/api/rooms`, { method: 'OPTIONS', headers: { origin: 'https://evil.example' } });
      expect(preBad.status).toBe(403);
    } finally {
      await server.close();
    }
  });

  it('expires rooms after their time and deletes their data', async () => {
    let t = Date.now();
    const server = await startTestRoomServer({ ttlMs: 60_000, sweepMs: 50, now: () => t });
    const api = `http://127.0.0.1:${server.port}`;
    try {
      const room = await (await fetch(`${api}/api/rooms`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":"r"}' })).json();
      t += 61_000;
      await new Promise((r) => setTimeout(r, 200));
      expect(await server.store.getRoom(room.code)).toBeUndefined();
    } finally {
      await server.close();
    }
  });
});
