/**
 * The learner's side of a room: which room this browser joined (kept in localStorage), and the events it owes the room
 * server. Every event gets an id when it is made and waits in a queue until the server accepts it, so events made while
 * the server is unreachable are sent later, and a resend after a lost answer is counted once (the server de-duplicates
 * by id). Storage and transport are injected so the same code runs in the page and in tests.
 */
export interface RoomMembership {
  /** The room server's origin ('' for the site's own origin). */
  server: string;
  code: string;
  roomName?: string;
  learnerId: string;
  token: string;
  name: string;
}

export interface QueuedEvent {
  id: string;
  at: string;
  step?: string;
  result?: 'pass' | 'fail';
  lesson?: string;
}

export interface KeyValue {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export type Post = (m: RoomMembership, body: QueuedEvent) => Promise<'sent' | 'retry' | 'drop'>;

const MEMBERSHIP = 'boundary-lab:room';
const QUEUE = 'boundary-lab:room-queue';
/** A learner offline for a whole day does not grow the queue without bound. */
const MAX_QUEUE = 500;

const randomId = () => {
  const bytes = new Uint8Array(12);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(36).padStart(2, '0')).join('').slice(0, 24);
};

export class LearnerRoom {
  private flushing: Promise<void> | undefined;

  constructor(
    private readonly storage: KeyValue,
    private readonly post: Post,
    private readonly now: () => Date = () => new Date(),
  ) {}

  membership(): RoomMembership | undefined {
    try {
      const m = JSON.parse(this.storage.getItem(MEMBERSHIP) ?? 'null');
      return m && typeof m.code === 'string' && typeof m.token === 'string' ? m : undefined;
    } catch {
      return undefined;
    }
  }

  join(m: RoomMembership): void {
    this.storage.setItem(MEMBERSHIP, JSON.stringify(m));
    this.storage.removeItem(QUEUE);
  }

  /** Remembers the room's name once the server has told it (keeps the queue). */
  rename(roomName: string): void {
    const m = this.membership();
    if (m) this.storage.setItem(MEMBERSHIP, JSON.stringify({ ...m, roomName }));
  }

  leave(): void {
    this.storage.removeItem(MEMBERSHIP);
    this.storage.removeItem(QUEUE);
  }

  queued(): QueuedEvent[] {
    try {
      const q = JSON.parse(this.storage.getItem(QUEUE) ?? '[]');
      return Array.isArray(q) ? q : [];
    } catch {
      return [];
    }
  }

  private save(q: QueuedEvent[]): void {
    this.storage.setItem(QUEUE, JSON.stringify(q.slice(-MAX_QUEUE)));
  }

  /** Queues an event (only while in a room) and tries to send the queue. */
  record(e: { step: string; result: 'pass' | 'fail' } | { lesson: string }): Promise<void> {
    if (!this.membership()) return Promise.resolve();
    this.save([...this.queued(), { id: randomId(), at: this.now().toISOString(), ...e }]);
    return this.flush();
  }

  /** Sends queued events in order; stops at the first that must wait (server unreachable), keeps the rest. */
  flush(): Promise<void> {
    if (this.flushing) return this.flushing;
    const send = async () => {
      for (;;) {
        const m = this.membership();
        const [next] = this.queued();
        if (!m || !next) return;
        const outcome = await this.post(m, next).catch(() => 'retry' as const);
        if (outcome === 'retry') return;
        // 'sent' or 'drop' (the server refused it for good, e.g. the room closed): either way it leaves the queue.
        this.save(this.queued().filter((q) => q.id !== next.id));
      }
    };
    // `.finally` runs after the assignment even when the queue is empty and `send` settles at once.
    this.flushing = send().finally(() => {
      this.flushing = undefined;
    });
    return this.flushing;
  }
}
