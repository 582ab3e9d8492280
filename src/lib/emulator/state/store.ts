/**
 * The account's state: one plain-data object per service plus the event log, saved as one snapshot through a
 * persistence adapter. Saves are serialized and coalesced: the newest state wins and a save in flight finishes
 * before the next starts.
 */
import type { RecordedEvent } from '../core/types';
import type { PersistenceAdapter } from './persistence';
import { parse, stringify } from './serialize';

export const SNAPSHOT_FORMAT = 'boundary-lab-sandbox';

export interface SandboxSnapshot {
  format: typeof SNAPSHOT_FORMAT;
  version: 1;
  accountId: string;
  region: string;
  savedAt: Date;
  services: Record<string, unknown>;
  events: RecordedEvent[];
}

/** CloudTrail keeps 90 days of management events; the sandbox keeps the newest this many. */
export const MAX_EVENTS = 5_000;
/** Reads add only events; their save waits this long so a burst of reads costs one serialization. */
export const READ_SAVE_DELAY_MS = 5_000;

export class Store {
  services: Record<string, unknown> = {};
  events: RecordedEvent[] = [];
  private saving: Promise<void> = Promise.resolve();
  private pending = false;

  constructor(
    private readonly adapter: PersistenceAdapter,
    readonly accountId: string,
    readonly region: string,
  ) {}

  snapshot(now: Date): SandboxSnapshot {
    return {
      format: SNAPSHOT_FORMAT,
      version: 1,
      accountId: this.accountId,
      region: this.region,
      savedAt: now,
      services: this.services,
      events: this.events,
    };
  }

  serialize(now: Date, space?: number): string {
    return stringify(this.snapshot(now), space);
  }

  static parse(text: string): SandboxSnapshot {
    const snap = parse<SandboxSnapshot>(text);
    if (!snap || typeof snap !== 'object' || snap.format !== SNAPSHOT_FORMAT || snap.version !== 1) {
      throw new Error('Not a Boundary Lab sandbox export (expected "format": "boundary-lab-sandbox", "version": 1).');
    }
    if (typeof snap.services !== 'object' || !Array.isArray(snap.events)) throw new Error('The sandbox export is incomplete.');
    return snap;
  }

  async load(): Promise<SandboxSnapshot | undefined> {
    const text = await this.adapter.load();
    return text === undefined ? undefined : Store.parse(text);
  }

  record(event: RecordedEvent) {
    this.events.push(event);
    // Trim in batches: dropping one event per call would shift the whole array every time.
    if (this.events.length > MAX_EVENTS + 500) this.events.splice(0, this.events.length - MAX_EVENTS);
  }

  /** Persist the current state; resolves once a save that includes it has finished. */
  commit(now: () => Date): Promise<void> {
    if ((this.adapter as { discards?: boolean }).discards) return this.saving;
    if (this.pending) return this.saving;
    this.pending = true;
    this.saving = this.saving.catch(() => undefined).then(async () => {
      this.pending = false;
      await this.adapter.save(this.serialize(now()));
    });
    return this.saving;
  }

  private soon: ReturnType<typeof setTimeout> | undefined;

  /** Save within a few seconds, coalescing the saves of many reads (which only add events) into one. */
  commitSoon(now: () => Date) {
    if (this.soon !== undefined) return;
    this.soon = setTimeout(() => {
      this.soon = undefined;
      void this.commit(now).catch((e) => console.error('[sandbox] could not save state:', e));
    }, READ_SAVE_DELAY_MS);
    (this.soon as { unref?: () => void }).unref?.();
  }

  async clear() {
    await this.saving;
    await this.adapter.clear();
  }
}
