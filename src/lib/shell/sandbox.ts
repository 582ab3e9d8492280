/**
 * A learner's whole sandbox as the terminal sees it: the emulator (or a sandbox endpoint), the shared filesystem
 * and one shell, persisted together, exported and imported as one JSON file, and reset as one. Isomorphic: the
 * browser worker and bin/shell.ts both build on it, each with its own persistence adapters.
 */
import type { Emulator, PersistenceAdapter } from '../emulator/index';
import type { AwsRunner, ShellHooks } from './commands';
import { restoreFiles, snapshotFiles, type FilesSnapshot } from './files';
import { seedHome, writeAwsFiles } from './seed';
import { HOME, ShellSession, type RunResult } from './session';
import type { ShellState } from './state';

export const EXPORT_FORMAT = 'boundary-lab-sandbox';

export interface ShellRecord {
  version: 1;
  files: FilesSnapshot;
  state: ShellState;
  history: string[];
  scrollback: string;
}

export interface SandboxExport {
  format: typeof EXPORT_FORMAT;
  version: 1;
  exportedAt: string;
  files: FilesSnapshot;
  shell: { state: ShellState; history: string[] };
  /** The emulator's own export (undefined when the shell talks to a sandbox endpoint). */
  emulator?: unknown;
}

export type SandboxTarget =
  | { emulator: Emulator }
  | { endpoint: string; credentials: { accessKeyId: string; secretAccessKey: string }; region: string }
  /** Live mode: an SDK request handler that reaches AWS through the live server. */
  | { requestHandler: unknown; credentials: { accessKeyId: string; secretAccessKey: string }; region: string };

export interface SandboxOptions {
  target: SandboxTarget;
  /** The lab templates for ~/labs (file name → text). */
  labs: Record<string, string>;
  /** Where the files, shell state, history and scrollback persist (default: nowhere). */
  store?: PersistenceAdapter;
  hooks?: ShellHooks;
  aws?: AwsRunner;
  sleep?: (ms: number) => Promise<void>;
  /** Most scrollback characters kept. */
  scrollbackLimit?: number;
}

export class Sandbox {
  session!: ShellSession;
  scrollback = '';
  private saving: Promise<void> = Promise.resolve();
  /** AWS calls the emulator answered since its state was last saved on purpose (see run()). */
  private unsavedCalls = 0;

  private constructor(private readonly options: SandboxOptions) {
    const t = options.target;
    if ('emulator' in t) t.emulator.onCall(() => this.unsavedCalls++);
  }

  static async open(options: SandboxOptions): Promise<Sandbox> {
    const sandbox = new Sandbox(options);
    await sandbox.load();
    return sandbox;
  }

  get region(): string {
    const t = this.options.target;
    return 'emulator' in t ? t.emulator.region : t.region;
  }

  private async credentials() {
    const t = this.options.target;
    if ('emulator' in t) {
      await t.emulator.ready;
      return t.emulator.adminCredentials;
    }
    return t.credentials;
  }

  private newSession(state?: ShellState, history?: string[]) {
    const t = this.options.target;
    const fs = this.session?.fs;
    this.session = new ShellSession({
      fs,
      state,
      history,
      aws: this.options.aws,
      hooks: this.options.hooks,
      sleep: this.options.sleep,
      transport: () =>
        'emulator' in t ? { requestHandler: t.emulator.sdkConfig().requestHandler, fastWaiters: true } : 'requestHandler' in t ? { requestHandler: t.requestHandler } : { endpoint: t.endpoint },
    });
  }

  private async load() {
    const text = await this.options.store?.load();
    const record = text ? (JSON.parse(text) as ShellRecord) : undefined;
    if (record?.version === 1) {
      this.newSession(record.state, record.history);
      await restoreFiles(this.session.fs, record.files);
      this.scrollback = record.scrollback ?? '';
      await this.refreshStaleCredentials();
    } else {
      this.newSession();
      await this.seed();
    }
  }

  private async seed() {
    await seedHome(this.session.fs, { labs: this.options.labs, credentials: await this.credentials(), region: this.region });
  }

  /**
   * Run a command line in the shell and persist the result. The emulator saves a read or a denied call's CloudTrail
   * event only seconds later (coalescing bursts of reads); a browser ends the SharedWorker holding the sandbox as
   * soon as the learner's last page goes, so an event a learner's command made is saved before the prompt returns,
   * or a quick move to the next lesson would lose it and its CloudTrail check would fail.
   */
  async run(line: string, signal?: AbortSignal): Promise<RunResult> {
    const result = await this.session.run(line, { signal });
    await Promise.all([this.save(), this.saveAccount()]);
    return result;
  }

  /** Saves the emulator's account now when AWS calls were made since the last time (the host calls it per command). */
  async saveAccount(): Promise<void> {
    const t = this.options.target;
    if (!('emulator' in t) || this.unsavedCalls === 0) return;
    this.unsavedCalls = 0;
    await t.emulator.flush();
  }

  /** Append terminal output to the scrollback kept for the next page load (a `clear` drops what came before). */
  appendScrollback(text: string): void {
    const all = this.scrollback + text;
    const cleared = all.lastIndexOf('\x1b[3J');
    const kept = cleared >= 0 ? all.slice(cleared + 4) : all;
    const limit = this.options.scrollbackLimit ?? 200_000;
    this.scrollback = kept.length > limit ? kept.slice(kept.length - limit) : kept;
  }

  async save(): Promise<void> {
    const store = this.options.store;
    if (!store) return;
    const next = this.saving.then(async () => {
      const record: ShellRecord = {
        version: 1,
        files: await snapshotFiles(this.session.fs),
        state: this.session.state,
        history: this.session.history.slice(-1000),
        scrollback: this.scrollback,
      };
      await store.save(JSON.stringify(record));
    });
    this.saving = next.catch(() => undefined);
    return next;
  }

  /** "New terminal": a fresh shell with the default profile; files and the account stay. */
  async newTerminal(): Promise<void> {
    this.session.restart();
    this.scrollback = '';
    await this.save();
  }

  /** "Reset sandbox": a fresh account, fresh files and a fresh shell. History stays, as the learner's own typing. */
  async reset(): Promise<void> {
    const t = this.options.target;
    if ('emulator' in t) await t.emulator.reset();
    await restoreFiles(this.session.fs, {});
    this.session.restart();
    await this.seed();
    this.scrollback = '';
    await this.save();
  }

  async export(): Promise<string> {
    const t = this.options.target;
    const out: SandboxExport = {
      format: EXPORT_FORMAT,
      version: 1,
      exportedAt: new Date().toISOString(),
      files: await snapshotFiles(this.session.fs),
      shell: { state: this.session.state, history: this.session.history },
      ...('emulator' in t ? { emulator: JSON.parse(t.emulator.export()) } : {}),
    };
    return JSON.stringify(out, null, 2);
  }

  async import(text: string): Promise<void> {
    let data: SandboxExport;
    try {
      data = JSON.parse(text);
    } catch {
      throw new Error('This file is not a Boundary Lab sandbox export (it is not JSON).');
    }
    if (data?.format !== EXPORT_FORMAT || data.version !== 1 || !data.files || !data.shell?.state) {
      throw new Error('This file is not a Boundary Lab sandbox export.');
    }
    const t = this.options.target;
    if ('emulator' in t && data.emulator !== undefined) await t.emulator.import(JSON.stringify(data.emulator));
    await restoreFiles(this.session.fs, data.files);
    this.session.state = data.shell.state;
    this.session.history.splice(0, this.session.history.length, ...(data.shell.history ?? []));
    this.scrollback = '';
    await this.save();
  }

  /**
   * The saved files may name an administrator key of an account that no longer exists (the emulator's state was
   * lost or reset elsewhere): point the default profile at the current one. A key the learner put there that is
   * not an access key id of the form the sandbox issues is left alone.
   */
  private async refreshStaleCredentials() {
    let text = '';
    try {
      text = await this.session.fs.readFile(`${HOME}/.aws/credentials`);
    } catch {
      return;
    }
    const section = /\[default\]([^[]*)/.exec(text)?.[1] ?? '';
    const key = /aws_access_key_id\s*=\s*(\S+)/.exec(section)?.[1];
    const current = await this.credentials();
    if (key && /^AKIA[A-Z0-9]{16}$/.test(key) && key !== current.accessKeyId) await this.refreshAwsFiles();
  }

  /** Point ~/.aws at the current administrator again (e.g. when the saved files predate an emulator reset). */
  async refreshAwsFiles(): Promise<void> {
    await writeAwsFiles(this.session.fs, { credentials: await this.credentials(), region: this.region });
  }
}
