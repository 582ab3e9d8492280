/**
 * Where the sandbox's state lives between sessions. One interface, several adapters: in memory (tests, and the
 * default), a file (Node: ../node/file-persistence), IndexedDB (the browser, wired by the terminal).
 * Adapters store the snapshot as one JSON text; `save` must be atomic (a crash leaves the previous text).
 */
export interface PersistenceAdapter {
  load(): Promise<string | undefined>;
  save(snapshot: string): Promise<void>;
  clear(): Promise<void>;
}

/** Keeps nothing: an emulator created without a store (tests, benches, one-off runs) skips serializing its state. */
export class NoPersistence implements PersistenceAdapter {
  readonly discards = true;
  async load() {
    return undefined;
  }
  async save() {}
  async clear() {}
}

export class MemoryPersistence implements PersistenceAdapter {
  private text: string | undefined;
  constructor(initial?: string) {
    this.text = initial;
  }
  async load() {
    return this.text;
  }
  async save(snapshot: string) {
    this.text = snapshot;
  }
  async clear() {
    this.text = undefined;
  }
}
