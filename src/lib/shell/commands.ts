/**
 * The commands Boundary Lab adds to just-bash: `aws`, `edit`/`nano`/`vi` (the page's editor), `clear` and `history`.
 */
import { defineCommand, type Command, type IFileSystem } from 'just-bash';
import type { AwsCommandIO } from './aws/index';

export type AwsRunner = (io: AwsCommandIO) => Promise<number>;

export interface ShellHooks {
  /**
   * Open FILE in an editor; resolve with the text to save, or undefined when the learner cancels.
   * Without it, `edit` says that no editor is available.
   */
  openEditor?(path: string, text: string, signal?: AbortSignal): Promise<string | undefined>;
}

export interface CommandOptions {
  aws?: AwsRunner;
  /** `fastWaiters`: the in-process sandbox, where `aws … wait` need not poll as slowly as against AWS. */
  transport: () => { requestHandler?: unknown; endpoint?: string; fastWaiters?: boolean };
  hooks: ShellHooks;
  history: () => string[];
  sleep?: (ms: number) => Promise<void>;
}

export function resolvePath(cwd: string, path: string): string {
  const parts = (path.startsWith('/') ? path : `${cwd}/${path}`).split('/');
  const out: string[] = [];
  for (const p of parts) {
    if (!p || p === '.') continue;
    if (p === '..') out.pop();
    else out.push(p);
  }
  return `/${out.join('/')}`;
}

async function readBytes(fs: IFileSystem, path: string): Promise<Uint8Array | undefined> {
  try {
    return await fs.readFileBuffer(path);
  } catch {
    return undefined;
  }
}

let defaultAws: Promise<AwsRunner> | undefined;
const loadAws = () => (defaultAws ??= import('./aws/index').then((m) => m.runAws));

/**
 * AWS difference: against the in-process sandbox, `aws … wait` polls every 0.25 s instead of the CLI's 30 s (or 5 s),
 * because sandbox stacks and executions finish in a second or two and a 2 s poll would double the wait; the answers
 * it waits for are the same.
 */
export const SANDBOX_WAITER_POLL_MS = 250;

function sandboxWaiterSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, Math.min(ms, SANDBOX_WAITER_POLL_MS));
    signal?.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });
}

export const CLEAR_SCREEN = '\x1b[H\x1b[2J\x1b[3J';

export function shellCommands(options: CommandOptions): Command[] {
  const aws = defineCommand('aws', async (args, ctx) => {
    let stdout = '';
    let stderr = '';
    const expand = (p: string) => (p === '~' || p.startsWith('~/') ? `${ctx.env.get('HOME') ?? '/'}${p.slice(1)}` : p);
    const run = options.aws ?? (await loadAws());
    const transport = options.transport();
    const exitCode = await run({
      argv: args,
      // The CLI sees the environment a child process gets: exported variables only.
      env: { ...(ctx.exportedEnv ?? Object.fromEntries(ctx.env)) },
      cwd: ctx.cwd,
      readFile: (p) => readBytes(ctx.fs, resolvePath(ctx.cwd, expand(p))),
      writeFile: async (p, data) => {
        const path = resolvePath(ctx.cwd, expand(p));
        const parent = path.slice(0, path.lastIndexOf('/')) || '/';
        // `aws s3 cp --recursive` and `sync` make the folders they write into, as the CLI does.
        if (parent !== '/' && !(await ctx.fs.exists(parent))) await ctx.fs.mkdir(parent, { recursive: true });
        await ctx.fs.writeFile(path, data);
      },
      files: {
        async stat(p) {
          try {
            const st = await ctx.fs.stat(resolvePath(ctx.cwd, expand(p)));
            return { isDirectory: st.isDirectory, size: st.size, mtime: st.mtime };
          } catch {
            return undefined;
          }
        },
        list: (p) => ctx.fs.readdir(resolvePath(ctx.cwd, expand(p))),
        remove: (p) => ctx.fs.rm(resolvePath(ctx.cwd, expand(p))),
      },
      stdout: (t) => void (stdout += t),
      stderr: (t) => void (stderr += t),
      signal: ctx.signal,
      transport: { requestHandler: transport.requestHandler, endpoint: transport.endpoint },
      ...(options.sleep ? { sleep: (ms: number) => options.sleep!(ms) } : transport.fastWaiters ? { sleep: sandboxWaiterSleep } : {}),
    });
    return { stdout, stderr, exitCode };
  });

  const editor = (name: string) =>
    defineCommand(name, async (args, ctx) => {
      const file = args.find((a) => !a.startsWith('-') && !a.startsWith('+'));
      if (!file) return { stdout: '', stderr: `${name}: a file name is needed, e.g. ${name} builder-policy.json\n`, exitCode: 1 };
      const open = options.hooks.openEditor;
      if (!open) return { stdout: '', stderr: `${name}: no editor is available in this terminal\n`, exitCode: 1 };
      const path = resolvePath(ctx.cwd, file);
      let text = '';
      try {
        const st = await ctx.fs.stat(path);
        if (st.isDirectory) return { stdout: '', stderr: `${name}: ${file}: Is a directory\n`, exitCode: 1 };
        text = await ctx.fs.readFile(path);
      } catch {
        // A new file, as nano and vi allow.
      }
      const saved = await open(path, text, ctx.signal);
      if (saved !== undefined) await ctx.fs.writeFile(path, saved);
      return { stdout: '', stderr: '', exitCode: 0 };
    });

  const clear = defineCommand('clear', async () => ({ stdout: CLEAR_SCREEN, stderr: '', exitCode: 0 }));

  const history = defineCommand('history', async (args) => {
    const list = options.history();
    if (args[0] === '-c') {
      list.length = 0;
      return { stdout: '', stderr: '', exitCode: 0 };
    }
    const n = args[0] && /^\d+$/.test(args[0]) ? Number(args[0]) : list.length;
    const start = Math.max(0, list.length - n);
    const lines = list.slice(start).map((l, i) => `${String(start + i + 1).padStart(5)}  ${l}\n`);
    return { stdout: lines.join(''), stderr: '', exitCode: 0 };
  });

  // just-bash's printenv also prints unexported variables; bash's prints the environment only.
  const printenv = defineCommand('printenv', async (args, ctx) => {
    const env = ctx.exportedEnv ?? Object.fromEntries(ctx.env);
    if (!args.length) return { stdout: Object.entries(env).map(([k, v]) => `${k}=${v}\n`).join(''), stderr: '', exitCode: 0 };
    const found = args.filter((a) => a in env);
    return { stdout: found.map((a) => `${env[a]}\n`).join(''), stderr: '', exitCode: found.length === args.length ? 0 : 1 };
  });

  const whoami = defineCommand('whoami', async (_args, ctx) => ({ stdout: `${ctx.env.get('USER') ?? 'learner'}\n`, stderr: '', exitCode: 0 }));

  return [aws, printenv, whoami, editor('edit'), editor('nano'), editor('vi'), editor('vim'), clear, history];
}
