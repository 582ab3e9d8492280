/**
 * The room survives its server: a restart on the same SQLite file loses nothing, and two room servers on one
 * PostgreSQL database serve the same rooms, an event posted to one reaching a dashboard connected to the other.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { havePostgres, startPostgres, type TestPostgres } from '../../../../tests/support/postgres';
import { STEP_IDS } from '../protocol';
import { startTestRoomServer, sseReader } from './testing';

const json = (body: unknown, token?: string): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
  body: JSON.stringify(body),
});

describe('restart', () => {
  it('a restarted server on the same --data keeps every room, learner and event', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'room-restart-'));
    let server = await startTestRoomServer({ dataDir });
    let api = `http://127.0.0.1:${server.port}`;
    const room = await (await fetch(`${api}/api/rooms`, json({ name: 'r' }))).json();
    const l = await (await fetch(`${api}/api/rooms/${room.code}/join`, json({ name: 'Ada' }))).json();
    await fetch(`${api}/api/rooms/${room.code}/events`, json({ step: STEP_IDS[0], result: 'fail' }, l.token));
    await server.close();

    server = await startTestRoomServer({ dataDir });
    api = `http://127.0.0.1:${server.port}`;
    try {
      // The learner's token still works after the restart; what it queued arrives.
      expect((await fetch(`${api}/api/rooms/${room.code}/events`, json({ step: STEP_IDS[0], result: 'pass', id: 'q1' }, l.token))).status).toBe(202);
      const p = await (await fetch(`${api}/api/rooms/${room.code}/progress`, { headers: { authorization: `Bearer ${room.instructorKey}` } })).json();
      expect(p.learners[0].steps[STEP_IDS[0]]).toMatchObject({ result: 'pass', fails: 1 });
    } finally {
      await server.close();
    }
  });
});

const usePg = havePostgres();
describe.skipIf(!usePg)('two instances on one PostgreSQL', () => {
  let pg: TestPostgres;
  beforeAll(async () => {
    pg = await startPostgres();
  }, 120_000);
  afterAll(() => pg?.stop());

  it('an event posted to one instance reaches a dashboard connected to the other', async () => {
    const a = await startTestRoomServer({ databaseUrl: pg.url });
    const b = await startTestRoomServer({ databaseUrl: pg.url });
    try {
      const apiA = `http://127.0.0.1:${a.port}`;
      const apiB = `http://127.0.0.1:${b.port}`;
      const room = await (await fetch(`${apiA}/api/rooms`, json({ name: 'shared' }))).json();
      const dash = sseReader(await fetch(`${apiB}/api/rooms/${room.code}/stream`, { headers: { authorization: `Bearer ${room.instructorKey}` } }));
      const l = await (await fetch(`${apiB}/api/rooms/${room.code}/join`, json({ name: 'Lin' }))).json();
      await dash.next('learner', 1000);
      await fetch(`${apiA}/api/rooms/${room.code}/events`, json({ step: STEP_IDS[1], result: 'pass' }, l.token));
      const e = await dash.next('learner', 1000);
      expect(e.learner.steps[STEP_IDS[1]].result).toBe('pass');
      // And a broadcast from B reaches a learner connected to A.
      const learner = sseReader(await fetch(`${apiA}/api/rooms/${room.code}/messages`, { headers: { authorization: `Bearer ${l.token}` } }));
      await learner.next('room');
      await fetch(`${apiB}/api/rooms/${room.code}/broadcast`, json({ message: 'break' }, room.instructorKey));
      expect((await learner.next('message', 1000)).message).toBe('break');
      dash.cancel();
      learner.cancel();
    } finally {
      await a.close();
      await b.close();
    }
  });
});
