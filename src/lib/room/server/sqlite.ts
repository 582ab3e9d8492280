/**
 * The default room store: embedded SQLite through Node's built-in `node:sqlite`, in one file under --data that survives
 * restarts (WAL journal, so a crash loses at most the write in flight). Node's driver is synchronous; the calls are
 * sub-millisecond, so the interface's promises resolve at once.
 */
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { LocalBus, MIGRATIONS, type EventRecord, type LearnerRecord, type RoomNotice, type RoomRecord, type RoomStore } from './store';

type Row = Record<string, unknown>;

export function roomFromRow(r: Row): RoomRecord {
  return {
    code: String(r.code),
    name: String(r.name),
    instructorKeyHash: String(r.instructor_key_hash),
    createdAt: Number(r.created_at),
    expiresAt: Number(r.expires_at),
  };
}
export function learnerFromRow(r: Row): LearnerRecord {
  return {
    id: String(r.id),
    roomCode: String(r.room_code),
    name: String(r.name),
    tokenHash: String(r.token_hash),
    lesson: r.lesson === null ? null : String(r.lesson),
    lessonSince: r.lesson_since === null ? null : Number(r.lesson_since),
    lastSeen: Number(r.last_seen),
    joinedAt: Number(r.joined_at),
  };
}
export function eventFromRow(r: Row): EventRecord {
  return {
    learnerId: String(r.learner_id),
    eventId: String(r.event_id),
    step: r.step === null ? null : String(r.step),
    result: r.result === null ? null : (String(r.result) as 'pass' | 'fail'),
    lesson: r.lesson === null ? null : String(r.lesson),
    at: Number(r.at),
  };
}

export class SqliteRoomStore implements RoomStore {
  readonly kind = 'sqlite' as const;
  private readonly db: DatabaseSync;
  private readonly bus = new LocalBus();
  private readonly statements = new Map<string, StatementSync>();

  /** Statements are prepared once and reused: a room's hot path runs the same few thousands of times. */
  private q(sql: string): StatementSync {
    let st = this.statements.get(sql);
    if (!st) this.statements.set(sql, (st = this.db.prepare(sql)));
    return st;
  }

  constructor(file: string) {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    this.db = new DatabaseSync(file);
    this.db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;');
    this.migrate();
  }

  private migrate(): void {
    this.db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY)');
    const done = new Set(this.db.prepare('SELECT version FROM schema_migrations').all().map((r) => Number(r.version)));
    MIGRATIONS.forEach((statements, i) => {
      const version = i + 1;
      if (done.has(version)) return;
      this.db.exec('BEGIN');
      try {
        for (const sql of statements) this.db.exec(sql);
        this.db.prepare('INSERT INTO schema_migrations (version) VALUES (?)').run(version);
        this.db.exec('COMMIT');
      } catch (e) {
        this.db.exec('ROLLBACK');
        throw e;
      }
    });
  }

  async createRoom(r: RoomRecord): Promise<void> {
    this
      .q('INSERT INTO rooms (code, name, instructor_key_hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?)')
      .run(r.code, r.name, r.instructorKeyHash, r.createdAt, r.expiresAt);
  }
  async getRoom(code: string): Promise<RoomRecord | undefined> {
    const row = this.q('SELECT * FROM rooms WHERE code = ?').get(code);
    return row ? roomFromRow(row) : undefined;
  }
  async deleteRoom(code: string): Promise<boolean> {
    return Number(this.q('DELETE FROM rooms WHERE code = ?').run(code).changes) > 0;
  }
  async deleteExpired(now: number): Promise<string[]> {
    const codes = this.q('SELECT code FROM rooms WHERE expires_at <= ?').all(now).map((r) => String(r.code));
    for (const code of codes) await this.deleteRoom(code);
    return codes;
  }
  async addLearner(l: LearnerRecord): Promise<void> {
    this
      .q('INSERT INTO learners (id, room_code, name, token_hash, lesson, lesson_since, last_seen, joined_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(l.id, l.roomCode, l.name, l.tokenHash, l.lesson, l.lessonSince, l.lastSeen, l.joinedAt);
  }
  async learnerByTokenHash(code: string, tokenHash: string): Promise<LearnerRecord | undefined> {
    const row = this.q('SELECT * FROM learners WHERE room_code = ? AND token_hash = ?').get(code, tokenHash);
    return row ? learnerFromRow(row) : undefined;
  }
  async getLearner(id: string): Promise<LearnerRecord | undefined> {
    const row = this.q('SELECT * FROM learners WHERE id = ?').get(id);
    return row ? learnerFromRow(row) : undefined;
  }
  async addEvent(roomCode: string, e: EventRecord): Promise<boolean> {
    const inserted = this
      .q(
        'INSERT INTO events (learner_id, event_id, room_code, step, result, lesson, at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
      )
      .run(e.learnerId, e.eventId, roomCode, e.step, e.result, e.lesson, e.at);
    if (Number(inserted.changes) === 0) return false;
    // The newest lesson event wins (a queued, older one arriving late does not move the learner back).
    if (e.lesson) {
      this.db
        .prepare(
          'UPDATE learners SET lesson = ?, lesson_since = ? WHERE id = ? AND (lesson_since IS NULL OR lesson_since <= ?) AND (lesson IS NULL OR lesson <> ?)',
        )
        .run(e.lesson, e.at, e.learnerId, e.at, e.lesson);
    }
    this.q('UPDATE learners SET last_seen = MAX(last_seen, ?) WHERE id = ?').run(e.at, e.learnerId);
    return true;
  }
  async learners(code: string): Promise<LearnerRecord[]> {
    return this.q('SELECT * FROM learners WHERE room_code = ? ORDER BY joined_at, id').all(code).map(learnerFromRow);
  }
  async events(code: string, learnerId?: string): Promise<EventRecord[]> {
    const rows = learnerId
      ? this.q('SELECT * FROM events WHERE room_code = ? AND learner_id = ? ORDER BY at, rowid').all(code, learnerId)
      : this.q('SELECT * FROM events WHERE room_code = ? ORDER BY at, rowid').all(code);
    return rows.map(eventFromRow);
  }
  async addMessage(code: string, message: string, at: number): Promise<void> {
    this.q('INSERT INTO messages (room_code, at, message) VALUES (?, ?, ?)').run(code, at, message);
  }
  async publish(n: RoomNotice): Promise<void> {
    this.bus.emit(n);
  }
  subscribe(listener: (n: RoomNotice) => void): () => void {
    return this.bus.subscribe(listener);
  }
  async close(): Promise<void> {
    this.db.close();
  }
}
