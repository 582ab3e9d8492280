/**
 * Node-only: the sandbox's state in a file. Each save writes a temporary file beside it, flushes it to disk and
 * renames it over the old one, so a crash mid-write leaves the previous state whole.
 */
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { PersistenceAdapter } from '../state/persistence';

export const STATE_FILE = 'sandbox-state.json';

export class FilePersistence implements PersistenceAdapter {
  readonly file: string;
  private seq = 0;

  /** `name`: the file in `dir` (the shell keeps its own state beside the emulator's). */
  constructor(
    readonly dir: string,
    name = STATE_FILE,
  ) {
    this.file = join(dir, name);
  }

  async load(): Promise<string | undefined> {
    try {
      return await readFile(this.file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
  }

  async save(snapshot: string): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const tmp = `${this.file}.${process.pid}.${++this.seq}.tmp`;
    const fh = await open(tmp, 'w');
    try {
      await fh.writeFile(snapshot, 'utf8');
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, this.file);
  }

  async clear(): Promise<void> {
    await rm(this.file, { force: true });
  }
}
