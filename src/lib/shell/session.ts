/**
 * One interactive shell: just-bash with a virtual filesystem, the Boundary Lab commands (`aws`, `edit`/`nano`/`vi`,
 * `clear`, `history`), and bash's interactive behaviour of keeping variables, exports, functions, aliases, options
 * and the working directory from one command line to the next (state.ts carries them across exec() calls).
 */
import { Bash, InMemoryFs, getCommandNames, type IFileSystem, type TransformPlugin } from 'just-bash';
import { complete, type Completion } from './completion';
import { shellCommands, type AwsRunner, type ShellHooks } from './commands';
import { CAPTURE, PLACEHOLDER, epilogue, execEnv, initialState, parseFunctionNames, prelude, stateFrom, type Captured, type ShellState } from './state';

export const HOME = '/home/learner';
export const USER = 'learner';
export const HOSTNAME = 'boundary-lab';

export interface ShellSessionOptions {
  /** The filesystem, shared by every shell of one sandbox (default: a new in-memory one). */
  fs?: IFileSystem;
  /** Runs the `aws` command (default: src/lib/shell/aws, loaded on first use). */
  aws?: AwsRunner;
  /** Where `aws` sends its requests: an in-process SDK request handler or an endpoint URL. */
  transport?: () => { requestHandler?: unknown; endpoint?: string; fastWaiters?: boolean };
  hooks?: ShellHooks;
  /** Extra environment for a fresh shell. */
  env?: Record<string, string>;
  /** A saved state to continue from. */
  state?: ShellState;
  history?: string[];
  /** Waiters' and `sleep`'s clock (tests shorten it). */
  sleep?: (ms: number) => Promise<void>;
}

export interface RunResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export function defaultEnv(): Record<string, string> {
  return {
    HOME,
    USER,
    LOGNAME: USER,
    SHELL: '/bin/bash',
    TERM: 'xterm-256color',
    LANG: 'C.UTF-8',
    PATH: '/usr/local/bin:/usr/bin:/bin',
    HOSTNAME,
  };
}

export function newFileSystem(): IFileSystem {
  const fs = new InMemoryFs();
  return fs;
}

/** A fresh shell's state: at home, the default environment, no functions or aliases. */
export function freshState(env: Record<string, string> = {}): ShellState {
  return initialState(HOME, { ...defaultEnv(), ...env });
}

export class ShellSession {
  readonly fs: IFileSystem;
  state: ShellState;
  history: string[];
  private readonly bash: Bash;
  private readonly extraEnv: Record<string, string>;
  private queue: Promise<unknown> = Promise.resolve();
  /** Function definitions met in the command line now running, by name (the last one wins). */
  private defined = new Map<string, unknown>();
  private captured: Captured | undefined;
  private restoring = false;

  constructor(options: ShellSessionOptions = {}) {
    this.fs = options.fs ?? newFileSystem();
    this.extraEnv = options.env ?? {};
    this.state = options.state ?? freshState(this.extraEnv);
    this.history = options.history ?? [];
    const capture = {
      name: CAPTURE,
      execute: async (args: string[], ctx: { env: Map<string, string>; exportedEnv?: Record<string, string>; cwd: string }) => {
        this.captured = {
          status: Number(args[0]) || 0,
          cwd: ctx.cwd,
          env: new Map(ctx.env),
          exported: Object.keys(ctx.exportedEnv ?? {}),
          functionNames: parseFunctionNames(args[1] ?? ''),
          declarations: args[2] ?? '',
        };
        return { stdout: '', stderr: '', exitCode: Number(args[0]) || 0 };
      },
    };
    this.bash = new Bash({
      fs: this.fs,
      cwd: HOME,
      env: defaultEnv(),
      customCommands: [
        ...shellCommands({
          aws: options.aws,
          transport: options.transport ?? (() => ({})),
          hooks: options.hooks ?? {},
          history: () => this.history,
          sleep: options.sleep,
        }),
        capture,
      ],
      ...(options.sleep ? { sleep: options.sleep } : {}),
      // A learner's `aws cloudformation wait` may take minutes; Ctrl-C is the way out, not a deadline.
      executionLimits: { maxExecutionTimeMs: Infinity },
      processInfo: { pid: 4242, ppid: 4241, uid: 1000, gid: 1000 },
    });
    this.bash.registerTransformPlugin(this.functionPlugin());
  }

  /** The prompt bash would print: `learner@boundary-lab:~/labs$ `. */
  prompt(): string {
    const cwd = this.state.cwd === HOME ? '~' : this.state.cwd.startsWith(`${HOME}/`) ? `~${this.state.cwd.slice(HOME.length)}` : this.state.cwd;
    return `${USER}@${HOSTNAME}:${cwd}$ `;
  }

  /** Run one complete command line, as an interactive bash would. Calls run one after another. */
  run(line: string, options: { signal?: AbortSignal; record?: boolean } = {}): Promise<RunResult> {
    const next = this.queue.then(() => this.runNow(line, options));
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Tab completion for the text of the current line up to the cursor. */
  complete(line: string): Promise<Completion> {
    const aliases = Object.keys(this.state.vars)
      .filter((k) => k.startsWith('BASH_ALIAS_'))
      .map((k) => k.slice('BASH_ALIAS_'.length));
    return complete(line, {
      fs: this.fs,
      cwd: this.state.cwd,
      home: HOME,
      commands: () => [...getCommandNames(), 'aws', 'edit', 'nano', 'vi', 'vim', 'cd', 'export', 'alias', 'unalias', 'unset', 'source', ...Object.keys(this.state.functions), ...aliases],
    });
  }

  /** A fresh shell (the filesystem stays): as closing the terminal and opening a new one. */
  restart(): void {
    this.state = freshState(this.extraEnv);
  }

  private async runNow(line: string, { signal, record = true }: { signal?: AbortSignal; record?: boolean }): Promise<RunResult> {
    if (record && line.trim() && !/^\s/.test(line) && this.history[this.history.length - 1] !== line) this.history.push(line);
    if (!line.trim()) return { stdout: '', stderr: '', exitCode: this.state.status };
    this.defined = new Map();
    this.captured = undefined;
    this.restoring = true;
    const script = `${prelude(this.state)}\n${line}\n${epilogue}`;
    let result: RunResult;
    try {
      const r = await this.bash.exec(script, { env: execEnv(this.state), cwd: this.state.cwd, rawScript: true, signal });
      result = { stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode };
    } catch (e) {
      result = { stdout: '', stderr: `bash: ${(e as Error).message}\n`, exitCode: 1 };
    }
    if (signal?.aborted) {
      // bash prints nothing but the ^C the terminal echoes.
      result.stderr = result.stderr.replace(/^bash: execution aborted\r?\n?/gm, '');
      result.exitCode = 130;
    }
    if (this.captured) this.state = stateFrom(this.captured, this.state, this.defined);
    // AWS difference: none; bash difference: a line ended early (exit, set -e, Ctrl-C) keeps the previous state. See LIMITATIONS.md.
    else this.state = { ...this.state, status: result.exitCode };
    return result;
  }

  /**
   * Restores saved function bodies into the prelude's placeholders and records the functions the command line
   * defines, so that they can be restored before the next line. Applies to the top-level script only.
   */
  private functionPlugin(): TransformPlugin {
    return {
      name: 'boundary-lab-functions',
      transform: ({ ast }) => {
        if (!this.restoring) return { ast };
        this.restoring = false;
        walk(ast, (node) => {
          if (node.type !== 'FunctionDef' || typeof node.name !== 'string') return;
          if (JSON.stringify(node.body).includes(PLACEHOLDER)) {
            const saved = this.state.functions[node.name] as Record<string, unknown> | undefined;
            if (saved) Object.assign(node, { body: saved.body, redirections: saved.redirections ?? [] });
          } else {
            this.defined.set(node.name, JSON.parse(JSON.stringify(node)));
          }
        });
        return { ast };
      },
    };
  }
}

type Node = Record<string, unknown> & { type?: unknown };

function walk(value: unknown, visit: (node: Node) => void): void {
  if (Array.isArray(value)) {
    for (const v of value) walk(v, visit);
  } else if (value && typeof value === 'object') {
    const node = value as Node;
    if (typeof node.type === 'string') visit(node);
    for (const v of Object.values(node)) if (v && typeof v === 'object') walk(v, visit);
  }
}
