/**
 * Node-only: a PersistenceAdapter holding one JSON text in a named file, written atomically (temporary file,
 * fsync, rename), for the shell's files and state beside the emulator's sandbox-state.json.
 */
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { PersistenceAdapter } from '../../emulator/index';

export class FileTextStore implements PersistenceAdapter {
  readonly file: string;
  private seq = 0;

  constructor(
    readonly dir: string,
    name = 'shell-state.json',
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

  async save(text: string): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const tmp = `${this.file}.${process.pid}.${++this.seq}.tmp`;
    const fh = await open(tmp, 'w');
    try {
      await fh.writeFile(text, 'utf8');
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
