/**
 * The hosted room store: PostgreSQL (DATABASE_URL), through `pg` (MIT, the maintained Node driver). Several room
 * servers behind a load balancer share it: every change is published with NOTIFY on one channel and each instance
 * LISTENs, so an event posted to one instance reaches dashboards connected to another.
 *
 * Same migrations as SQLite; an advisory lock keeps two instances starting together from applying them twice.
 */
import pg from 'pg';
import { LocalBus, MIGRATIONS, type EventRecord, type LearnerRecord, type RoomNotice, type RoomRecord, type RoomStore } from './store';
import { eventFromRow, learnerFromRow, roomFromRow } from './sqlite';

const CHANNEL = 'boundary_lab_room';
const MIGRATION_LOCK = 0x626c6162; // "blab"

export class PostgresRoomStore implements RoomStore {
  readonly kind = 'postgres' as const;
  private readonly bus = new LocalBus();
  private listener?: pg.Client;
  private closed = false;

  private constructor(
    private readonly pool: pg.Pool,
    private readonly url: string,
  ) {}

  static async open(url: string): Promise<PostgresRoomStore> {
    const pool = new pg.Pool({ connectionString: url, max: 10 });
    // An idle client that loses its server must not crash the process; queries report their own errors.
    pool.on('error', () => {});
    const store = new PostgresRoomStore(pool, url);
    await store.migrate();
    await store.listen();
    return store;
  }

  private async migrate(): Promise<void> {
    const c = await this.pool.connect();
    try {
      await c.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
      await c.query('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY)');
      const done = new Set((await c.query('SELECT version FROM schema_migrations')).rows.map((r) => Number(r.version)));
      for (const [i, statements] of MIGRATIONS.entries()) {
        if (done.has(i + 1)) continue;
        await c.query('BEGIN');
        try {
          for (const sql of statements) await c.query(sql);
          await c.query('INSERT INTO schema_migrations (version) VALUES ($1)', [i + 1]);
          await c.query('COMMIT');
        } catch (e) {
          await c.query('ROLLBACK');
          throw e;
        }
      }
    } finally {
      await c.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {});
      c.release();
    }
  }

  /** One dedicated connection LISTENs; when it drops it comes back, and dashboards re-read progress on reconnect. */
  private async listen(): Promise<void> {
    const client = new pg.Client({ connectionString: this.url });
    client.on('error', () => {});
    client.on('end', () => {
      if (!this.closed) setTimeout(() => void this.listen().catch(() => {}), 500);
    });
    client.on('notification', (msg) => {
      if (msg.channel !== CHANNEL || !msg.payload) return;
      try {
        this.bus.emit(JSON.parse(msg.payload) as RoomNotice);
      } catch {
        // A payload we did not write: ignore it.
      }
    });
    await client.connect();
    await client.query(`LISTEN ${CHANNEL}`);
    this.listener = client;
  }

  async createRoom(r: RoomRecord): Promise<void> {
    await this.pool.query('INSERT INTO rooms (code, name, instructor_key_hash, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)', [
      r.code,
      r.name,
      r.instructorKeyHash,
      r.createdAt,
      r.expiresAt,
    ]);
  }
  async getRoom(code: string): Promise<RoomRecord | undefined> {
    const { rows } = await this.pool.query('SELECT * FROM rooms WHERE code = $1', [code]);
    return rows[0] ? roomFromRow(rows[0]) : undefined;
  }
  async deleteRoom(code: string): Promise<boolean> {
    return ((await this.pool.query('DELETE FROM rooms WHERE code = $1', [code])).rowCount ?? 0) > 0;
  }
  async deleteExpired(now: number): Promise<string[]> {
    const { rows } = await this.pool.query('DELETE FROM rooms WHERE expires_at <= $1 RETURNING code', [now]);
    return rows.map((r) => String(r.code));
  }
  async addLearner(l: LearnerRecord): Promise<void> {
    await this.pool.query(
      'INSERT INTO learners (id, room_code, name, token_hash, lesson, lesson_since, last_seen, joined_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
      [l.id, l.roomCode, l.name, l.tokenHash, l.lesson, l.lessonSince, l.lastSeen, l.joinedAt],
    );
  }
  async learnerByTokenHash(code: string, tokenHash: string): Promise<LearnerRecord | undefined> {
    const { rows } = await this.pool.query('SELECT * FROM learners WHERE room_code = $1 AND token_hash = $2', [code, tokenHash]);
    return rows[0] ? learnerFromRow(rows[0]) : undefined;
  }
  async getLearner(id: string): Promise<LearnerRecord | undefined> {
    const { rows } = await this.pool.query('SELECT * FROM learners WHERE id = $1', [id]);
    return rows[0] ? learnerFromRow(rows[0]) : undefined;
  }
  async addEvent(roomCode: string, e: EventRecord): Promise<boolean> {
    const inserted = await this.pool.query(
      'INSERT INTO events (learner_id, event_id, room_code, step, result, lesson, at) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING',
      [e.learnerId, e.eventId, roomCode, e.step, e.result, e.lesson, e.at],
    );
    if ((inserted.rowCount ?? 0) === 0) return false;
    await this.pool.query(
      `UPDATE learners SET
         lesson = CASE WHEN $1::text IS NOT NULL AND (lesson_since IS NULL OR lesson_since <= $2) AND (lesson IS NULL OR lesson <> $1) THEN $1 ELSE lesson END,
         lesson_since = CASE WHEN $1::text IS NOT NULL AND (lesson_since IS NULL OR lesson_since <= $2) AND (lesson IS NULL OR lesson <> $1) THEN $2 ELSE lesson_since END,
         last_seen = GREATEST(last_seen, $2)
       WHERE id = $3`,
      [e.lesson, e.at, e.learnerId],
    );
    return true;
  }
  async learners(code: string): Promise<LearnerRecord[]> {
    const { rows } = await this.pool.query('SELECT * FROM learners WHERE room_code = $1 ORDER BY joined_at, id', [code]);
    return rows.map(learnerFromRow);
  }
  async events(code: string, learnerId?: string): Promise<EventRecord[]> {
    const { rows } = learnerId
      ? await this.pool.query('SELECT * FROM events WHERE room_code = $1 AND learner_id = $2 ORDER BY at', [code, learnerId])
      : await this.pool.query('SELECT * FROM events WHERE room_code = $1 ORDER BY at', [code]);
    return rows.map(eventFromRow);
  }
  async addMessage(code: string, message: string, at: number): Promise<void> {
    await this.pool.query('INSERT INTO messages (room_code, at, message) VALUES ($1, $2, $3)', [code, at, message]);
  }
  async publish(n: RoomNotice): Promise<void> {
    // NOTIFY reaches every LISTENing instance, this one included, so local subscribers hear it the same way.
    await this.pool.query('SELECT pg_notify($1, $2)', [CHANNEL, JSON.stringify(n)]);
  }
  subscribe(listener: (n: RoomNotice) => void): () => void {
    return this.bus.subscribe(listener);
  }
  async close(): Promise<void> {
    this.closed = true;
    await this.listener?.end().catch(() => {});
    await this.pool.end();
  }
}
