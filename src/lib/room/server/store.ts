/**
 * Room storage: one interface, two implementations (embedded SQLite by default, PostgreSQL when hosted), one schema and
 * one list of migrations for both. Only progress is stored: a learner's display name, which lesson they are on, and
 * which checks passed or failed when — never commands, output, credentials or account ids.
 *
 * Secrets (the instructor key, learner tokens) are stored as SHA-256 hashes; the server compares hashes in constant time.
 */
import type { LearnerProgress, StepProgress } from '../protocol';

export interface RoomRecord {
  code: string;
  name: string;
  instructorKeyHash: string;
  createdAt: number;
  expiresAt: number;
}

export interface LearnerRecord {
  id: string;
  roomCode: string;
  name: string;
  tokenHash: string;
  lesson: string | null;
  lessonSince: number | null;
  lastSeen: number;
  joinedAt: number;
}

export interface EventRecord {
  learnerId: string;
  /** Client-chosen (for de-duplication of resent events) or server-made. */
  eventId: string;
  step: string | null;
  result: 'pass' | 'fail' | null;
  lesson: string | null;
  at: number;
}

/** A change another instance (or this one) made, for the dashboards connected here. */
export type RoomNotice = { code: string; kind: 'learner'; learnerId: string } | { code: string; kind: 'message'; message: string; at: number } | { code: string; kind: 'closed' };

export interface RoomStore {
  readonly kind: 'sqlite' | 'postgres';
  createRoom(room: RoomRecord): Promise<void>;
  getRoom(code: string): Promise<RoomRecord | undefined>;
  deleteRoom(code: string): Promise<boolean>;
  /** Deletes rooms whose expiry has passed, with all their data; returns their codes. */
  deleteExpired(now: number): Promise<string[]>;
  addLearner(learner: LearnerRecord): Promise<void>;
  learnerByTokenHash(code: string, tokenHash: string): Promise<LearnerRecord | undefined>;
  getLearner(id: string): Promise<LearnerRecord | undefined>;
  /** Stores an event once (a resent event id is ignored) and updates the learner's lesson and last-seen time. */
  addEvent(roomCode: string, event: EventRecord): Promise<boolean>;
  learners(code: string): Promise<LearnerRecord[]>;
  events(code: string, learnerId?: string): Promise<EventRecord[]>;
  addMessage(code: string, message: string, at: number): Promise<void>;
  /** Tells every instance's subscribers (this one included) about a change. */
  publish(notice: RoomNotice): Promise<void>;
  subscribe(listener: (notice: RoomNotice) => void): () => void;
  close(): Promise<void>;
}

/**
 * The schema, as migrations applied in order and recorded in schema_migrations. The SQL is the common subset of SQLite
 * and PostgreSQL (TEXT, BIGINT, composite keys, ON DELETE CASCADE) so both run the same text.
 */
export const MIGRATIONS: string[][] = [
  [
    `CREATE TABLE rooms (
       code TEXT PRIMARY KEY,
       name TEXT NOT NULL,
       instructor_key_hash TEXT NOT NULL,
       created_at BIGINT NOT NULL,
       expires_at BIGINT NOT NULL)`,
    `CREATE TABLE learners (
       id TEXT PRIMARY KEY,
       room_code TEXT NOT NULL REFERENCES rooms(code) ON DELETE CASCADE,
       name TEXT NOT NULL,
       token_hash TEXT NOT NULL UNIQUE,
       lesson TEXT,
       lesson_since BIGINT,
       last_seen BIGINT NOT NULL,
       joined_at BIGINT NOT NULL)`,
    `CREATE INDEX learners_room ON learners(room_code)`,
    `CREATE TABLE events (
       learner_id TEXT NOT NULL REFERENCES learners(id) ON DELETE CASCADE,
       event_id TEXT NOT NULL,
       room_code TEXT NOT NULL REFERENCES rooms(code) ON DELETE CASCADE,
       step TEXT,
       result TEXT,
       lesson TEXT,
       at BIGINT NOT NULL,
       PRIMARY KEY (learner_id, event_id))`,
    `CREATE INDEX events_room ON events(room_code)`,
    `CREATE TABLE messages (
       room_code TEXT NOT NULL REFERENCES rooms(code) ON DELETE CASCADE,
       at BIGINT NOT NULL,
       message TEXT NOT NULL)`,
  ],
];

/** A learner's progress from their record and events (events in the order they were made). */
export function progressOf(learner: LearnerRecord, events: EventRecord[]): LearnerProgress {
  const steps: Record<string, StepProgress> = {};
  for (const e of [...events].sort((a, b) => a.at - b.at)) {
    if (!e.step || !e.result) continue;
    const s = (steps[e.step] ??= { result: e.result, at: new Date(e.at).toISOString(), fails: 0 });
    if (e.result === 'fail') {
      s.fails += 1;
      // A passed step stays passed: a recheck failing later (the account moved on) does not undo it.
      if (s.result !== 'pass') s.at = new Date(e.at).toISOString();
    } else if (s.result !== 'pass') {
      s.result = 'pass';
      s.at = new Date(e.at).toISOString();
    }
  }
  return {
    learnerId: learner.id,
    name: learner.name,
    lesson: learner.lesson,
    lessonSince: learner.lessonSince === null ? null : new Date(learner.lessonSince).toISOString(),
    steps,
    lastSeen: new Date(learner.lastSeen).toISOString(),
  };
}

/** Subscribers of one process; the PostgreSQL store feeds it from LISTEN, the SQLite store directly. */
export class LocalBus {
  private readonly listeners = new Set<(n: RoomNotice) => void>();
  subscribe(listener: (n: RoomNotice) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  emit(n: RoomNotice): void {
    for (const l of this.listeners) {
      try {
        l(n);
      } catch {
        // One broken subscriber (a closed stream) must not stop the others.
      }
    }
  }
}
