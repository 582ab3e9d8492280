/**
 * The terminal, loaded on first open: xterm.js with the line editor, connected to the sandbox host. Output from
 * every tab of the sandbox shows here; this tab's commands resolve `run()` calls and notify listeners.
 */
import type { LabOp } from '../../lib/lab-runtime/remote';
import { Terminal } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';
import '@xterm/xterm/css/xterm.css';
import { LineEditor } from '../../lib/shell/line-editor/line-editor';
import type { HostMessage } from '../../lib/shell/worker/protocol';
import type { CommandFinished } from './api';
import { connect, type Connection } from './connection';
import { currentTheme } from './theme';

const SR_KEY = 'boundaryLab.terminal.screenReader';

export interface MountOptions {
  onFinished(e: CommandFinished): void;
  /** The page's link to the sandbox, when the loader already opened it (so the worker loads beside this code). */
  connection?: Connection;
}

/** The prompt as bash colours it in most distributions: green user@host, blue directory. */
function colourPrompt(prompt: string): string {
  const m = /^([^:]+):(.*)\$ $/.exec(prompt);
  return m ? `\x1b[1;32m${m[1]}\x1b[0m:\x1b[1;34m${m[2]}\x1b[0m$ ` : prompt;
}

export async function mountTerminal(root: HTMLElement, options: MountOptions) {
  const container = root.querySelector<HTMLElement>('[data-xterm]')!;
  let screenReader = false;
  try {
    screenReader = localStorage.getItem(SR_KEY) === '1';
  } catch {
    screenReader = false;
  }
  const term = new Terminal({
    cursorBlink: true,
    fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace',
    fontSize: 14,
    scrollback: 5000,
    theme: currentTheme(),
    screenReaderMode: screenReader,
    allowProposedApi: false,
  });
  const fit = new FitAddon();
  term.loadAddon(fit);
  term.open(container);
  const doFit = () => {
    if (container.offsetParent !== null) {
      try {
        fit.fit();
      } catch {
        // Not laid out yet.
      }
    }
  };
  new ResizeObserver(doFit).observe(container);
  doFit();
  new MutationObserver(() => (term.options.theme = currentTheme())).observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });

  const client = crypto.randomUUID?.() ?? `${Date.now()}-${Math.random()}`;
  const conn = options.connection ?? connect();
  let prompt = '';
  let nextId = 1;
  const replies = new Map<number, (m: Extract<HostMessage, { t: 'reply' }>) => void>();
  const request = (m: Record<string, unknown>) =>
    new Promise<Extract<HostMessage, { t: 'reply' }>>((resolve) => {
      const id = nextId++;
      replies.set(id, resolve);
      conn.post({ ...m, id } as never);
    });

  let lastExit = 0;
  let idleWaiters: ((code: number) => void)[] = [];
  let readyResolve!: () => void;
  const ready = new Promise<void>((r) => (readyResolve = r));
  let started = false;

  const editor = new LineEditor(term, {
    prompt: () => colourPrompt(prompt),
    onSubmit: (line) => {
      running.start();
      conn.post({ t: 'run', client, id: nextId++, line });
    },
    onInterrupt: () => conn.post({ t: 'interrupt' }),
    complete: async (line) => {
      const r = await request({ t: 'complete', line });
      return r.ok ? (r.value as { from: number; items: string[] }) : { from: line.length, items: [] };
    },
  });

  const status = root.querySelector<HTMLElement>('[data-status]');
  // While the sandbox is being replaced (Reset, Import), keystrokes wait and are typed into the new one.
  let held: string[] | undefined;
  term.onData((d) => (held ? held.push(d) : editor.handleInput(d)));
  const replaceSandbox = async (what: string, work: () => Promise<Extract<HostMessage, { t: 'reply' }>>, done: string) => {
    held = [];
    const started = Date.now();
    const say = () => status && (status.textContent = `${what}… ${Math.floor((Date.now() - started) / 1000)} s. What you type waits for the new sandbox.`);
    say();
    const timer = setInterval(say, 1000);
    try {
      const r = await work();
      if (status) status.textContent = r.ok ? done : `${what} failed: ${r.error}`;
      return r;
    } finally {
      clearInterval(timer);
      const keys = held;
      held = undefined;
      for (const k of keys) editor.handleInput(k);
      setTimeout(() => status?.textContent === done && (status.textContent = ''), 8000);
    }
  };
  term.attachCustomKeyEventHandler((ev) => {
    if (ev.type !== 'keydown') return true;
    const mod = ev.ctrlKey || ev.metaKey;
    const key = ev.key.toLowerCase();
    // Ctrl/Cmd-C copies a selection (and does not interrupt); without one, Ctrl-C reaches the line editor.
    if (mod && key === 'c' && (term.hasSelection() || ev.shiftKey || ev.metaKey)) {
      const text = term.getSelection();
      if (text) void navigator.clipboard?.writeText(text).catch(() => undefined);
      ev.preventDefault();
      return false;
    }
    // Ctrl/Cmd-V: let the browser paste (xterm receives the paste event).
    if (mod && key === 'v') return false;
    return true;
  });

  /**
   * Waiters and polling loops print nothing for long stretches (and output arrives when the line ends): after a
   * second, the bar says the command runs, for how long, and that Ctrl-C stops it. The seconds are hidden from
   * screen readers, which hear "Running" once rather than every second.
   */
  const running = (() => {
    let timer: ReturnType<typeof setInterval> | undefined;
    let since = 0;
    const show = () => {
      if (!status || held) return;
      const seconds = Math.floor((Date.now() - since) / 1000);
      if (seconds < 1) return;
      let clock = status.querySelector<HTMLElement>('[data-elapsed]');
      if (!clock) {
        status.replaceChildren('Running — press Ctrl-C to stop it. ');
        clock = document.createElement('span');
        clock.dataset.elapsed = '';
        clock.setAttribute('aria-hidden', 'true');
        status.append(clock);
      }
      clock.textContent = `${seconds} s`;
    };
    return {
      start() {
        clearInterval(timer);
        since = Date.now();
        timer = setInterval(show, 250);
      },
      stop() {
        clearInterval(timer);
        timer = undefined;
        if (status?.querySelector('[data-elapsed]')) status.textContent = '';
      },
    };
  })();

  let editorModule: Promise<typeof import('./editor')> | undefined;
  const editorUi = () => (editorModule ??= import('./editor'));

  conn.onMessage((m) => {
    switch (m.t) {
      case 'ready':
        prompt = m.prompt;
        term.reset();
        editor.printAbove(m.scrollback);
        editor.history.splice(0, editor.history.length, ...m.history);
        if (!m.busy) editor.start();
        if (!started) {
          started = true;
          readyResolve();
        }
        return;
      case 'echo':
        editor.printAbove(m.text);
        if (!editor.isReading) return;
        editor.addHistory(m.line);
        return;
      case 'output':
        editor.printAbove(m.text);
        return;
      case 'done':
        prompt = m.prompt;
        if (m.from === client) {
          running.stop();
          lastExit = m.exitCode;
          options.onFinished({ command: m.line, exitCode: m.exitCode, local: true });
          editor.start();
          if (editor.isReading) {
            const waiters = idleWaiters;
            idleWaiters = [];
            for (const w of waiters) w(lastExit);
          }
        } else {
          options.onFinished({ command: m.line, exitCode: m.exitCode, local: false });
          if (editor.isReading) editor.printAbove('');
          else if (!started) editor.start();
        }
        return;
      case 'restart':
        running.stop();
        prompt = m.prompt;
        term.reset();
        editor.printAbove(m.scrollback);
        editor.start();
        return;
      case 'edit':
        if (m.to !== client) return;
        void editorUi().then((e) =>
          e.openEditor(root, m.path, m.text).then((text) => {
            conn.post({ t: 'editor', id: m.id, text });
            term.focus();
          }),
        );
        return;
      case 'editClosed':
        if (editorModule) void editorModule.then((e) => e.closeEditor());
        return;
      case 'reply':
        replies.get(m.id)?.(m);
        replies.delete(m.id);
        return;
      case 'spawnLambda':
        void import('./lambda-spawner').then((l) => l.spawnLambdaWorker(m.port));
        return;
      case 'fatal':
        term.write(`\r\n\x1b[31m${m.message}\x1b[0m\r\n`);
        return;
    }
  });

  conn.post({ t: 'hello', client });
  window.addEventListener('pagehide', () => conn.post({ t: 'bye', client }));

  // Header actions.
  const action = (name: string) => root.querySelector<HTMLElement>(`[data-action="${name}"]`);
  action('new')?.addEventListener('click', async () => {
    await request({ t: 'newTerminal' });
    term.focus();
  });
  action('reset')?.addEventListener('click', async () => {
    if (!confirm('Reset the sandbox? Every stack, role, policy and file you made is deleted, and you start again from a fresh account.')) return;
    await replaceSandbox('Resetting the sandbox', () => request({ t: 'reset' }), 'The sandbox is fresh: a new, empty account.');
    term.focus();
  });
  action('export')?.addEventListener('click', async () => {
    const r = await request({ t: 'export' });
    if (!r.ok) return editor.printAbove(`\x1b[31mExport failed: ${r.error}\x1b[0m\r\n`);
    const url = URL.createObjectURL(new Blob([r.value as string], { type: 'application/json' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `boundary-lab-sandbox-${new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-')}.json`;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  });
  const importInput = root.querySelector<HTMLInputElement>('[data-import]');
  action('import')?.addEventListener('click', () => importInput?.click());
  importInput?.addEventListener('change', async () => {
    const file = importInput.files?.[0];
    importInput.value = '';
    if (!file) return;
    const text = await file.text();
    const r = await replaceSandbox('Importing the sandbox', () => request({ t: 'import', text }), `Imported ${file.name}.`);
    if (!r.ok) editor.printAbove(`\x1b[31mImport failed: ${r.error}\x1b[0m\r\n`);
    term.focus();
  });
  const sr = action('screen-reader');
  sr?.setAttribute('aria-pressed', String(screenReader));
  sr?.addEventListener('click', () => {
    screenReader = !screenReader;
    term.options.screenReaderMode = screenReader;
    sr.setAttribute('aria-pressed', String(screenReader));
    try {
      localStorage.setItem(SR_KEY, screenReader ? '1' : '0');
    } catch {
      // Not remembered without storage.
    }
  });

  await ready;
  return {
    fit: doFit,
    focus: () => term.focus(),
    /** Type `text` as shown and press Enter; resolves with the exit status of the last command it ran. */
    run(text: string): Promise<number> {
      term.focus();
      return new Promise<number>((resolve) => {
        idleWaiters.push(resolve);
        editor.handleInput(`${text.replace(/\r?\n$/, '')}\r`);
      });
    },
    /** A lesson component's request of the sandbox (see src/lib/shell/worker/lab-bridge.ts). */
    async call(op: LabOp): Promise<unknown> {
      const r = await request({ t: 'lab', op });
      if (!r.ok) throw new Error(r.error);
      return r.value;
    },
    /** Reset the sandbox without asking (the caller has asked). */
    async reset(): Promise<void> {
      const r = await replaceSandbox('Resetting the sandbox', () => request({ t: 'reset' }), 'The sandbox is fresh: a new, empty account.');
      if (!r.ok) throw new Error(r.error);
    },
    term,
  };
}
