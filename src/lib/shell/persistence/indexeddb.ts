/**
 * The browser's persistence adapter (the emulator's PersistenceAdapter interface): one JSON text per key in an
 * IndexedDB object store. A put is one transaction, so a crash leaves the previous text whole. The sandbox uses two
 * keys: `emulator` (the account) and `shell` (files, shell state, history, scrollback).
 */
import type { PersistenceAdapter } from '../../emulator/index';

export const DB_NAME = 'boundary-lab';
const STORE = 'sandbox';

let opening: Promise<IDBDatabase> | undefined;

function openDb(name: string): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(name, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB could not be opened'));
    req.onblocked = () => reject(new Error('IndexedDB is blocked by another tab'));
  });
}

function request<T>(db: IDBDatabase, mode: IDBTransactionMode, run: (s: IDBObjectStore) => IDBRequest): Promise<T> {
  return new Promise((resolve, reject) => {
    const tx = db.transaction(STORE, mode);
    const req = run(tx.objectStore(STORE));
    tx.oncomplete = () => resolve(req.result as T);
    tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
  });
}

export class IndexedDbPersistence implements PersistenceAdapter {
  constructor(
    readonly key: string,
    readonly dbName = DB_NAME,
  ) {}

  private db(): Promise<IDBDatabase> {
    if (this.dbName !== DB_NAME) return openDb(this.dbName);
    return (opening ??= openDb(DB_NAME).catch((e) => {
      opening = undefined;
      throw e;
    }));
  }

  async load(): Promise<string | undefined> {
    const value = await request<unknown>(await this.db(), 'readonly', (s) => s.get(this.key));
    return typeof value === 'string' ? value : undefined;
  }

  async save(snapshot: string): Promise<void> {
    await request(await this.db(), 'readwrite', (s) => s.put(snapshot, this.key));
  }

  async clear(): Promise<void> {
    await request(await this.db(), 'readwrite', (s) => s.delete(this.key));
  }
}
