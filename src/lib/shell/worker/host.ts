/**
 * The sandbox host: one Sandbox (emulator, files, shell) serving every page of the browser. Pages connect as
 * ports; a command line from any page runs in the one shell, its output goes to every page (the one that typed it
 * already shows the command, the others get an echo), and the scrollback is kept for the next page load.
 * Environment-neutral: the SharedWorker and Worker entries, and the tests, give it ports.
 */
import { internalErrorText } from '../internal-error';
import type { Sandbox } from '../sandbox';
import type { ClientMessage, HostMessage, Port } from './protocol';
import type { LabOp } from '../../lab-runtime/remote';

/** Terminal output wants CRLF. */
export const toTerminal = (text: string) => text.replace(/\r?\n/g, '\r\n');

export class SandboxHost {
  private readonly ports = new Set<Port>();
  private readonly owners = new Map<Port, string>();
  private running: { controller: AbortController; client: string } | undefined;
  private edits = new Map<number, { client: string; resolve: (text: string | undefined) => void }>();
  private nextEdit = 1;
  private sandbox: Sandbox | undefined;
  private failure: string | undefined;

  private readonly open: (hooks: { openEditor: (path: string, text: string, signal?: AbortSignal) => Promise<string | undefined> }) => Promise<Sandbox>;

  /**
   * `open` builds the Sandbox, given the hooks the host provides (the editor goes through the pages). `discard`
   * deletes the saved sandbox: when saved state cannot be loaded, "Reset sandbox" discards it and opens afresh.
   */
  constructor(
    open: (hooks: { openEditor: (path: string, text: string, signal?: AbortSignal) => Promise<string | undefined> }) => Promise<Sandbox>,
    /** Answers the lesson components' requests (see lab-bridge.ts). */
    private readonly lab?: (op: LabOp) => Promise<unknown>,
    private readonly discard?: () => Promise<void>,
  ) {
    this.open = open;
    void this.start();
  }

  private start(): Promise<void> {
    return this.open({ openEditor: (path, text, signal) => this.openEditor(path, text, signal) }).then(
      (s) => {
        this.sandbox = s;
        this.failure = undefined;
        for (const p of this.ports) this.greet(p);
      },
      (e) => {
        const reason = (e as Error)?.message ?? String(e);
        this.failure = this.discard
          ? `The saved sandbox could not be loaded (${reason}). Reset sandbox to start again from a fresh account.`
          : `The sandbox could not start: ${reason}`;
        this.broadcast({ t: 'fatal', message: this.failure });
      },
    );
  }

  /** The page best placed to do page-only work (start Lambda Workers): the one running the command, else any. */
  pagePort(): Port | undefined {
    const client = this.running?.client;
    const running = client ? [...this.owners].find(([, c]) => c === client)?.[0] : undefined;
    return running ?? [...this.owners.keys()][this.owners.size - 1] ?? [...this.ports][0];
  }

  connect(port: Port): (message: ClientMessage) => void {
    this.ports.add(port);
    return (m) => void this.receive(port, m);
  }

  disconnect(port: Port): void {
    const client = this.owners.get(port);
    this.ports.delete(port);
    this.owners.delete(port);
    // An editor left open by a page that went away would block the shell: cancel it.
    for (const [id, e] of this.edits) if (e.client === client) this.closeEdit(id, undefined);
  }

  private greet(port: Port) {
    if (this.failure) return port.postMessage({ t: 'fatal', message: this.failure });
    const s = this.sandbox;
    if (!s) return;
    port.postMessage({ t: 'ready', prompt: s.session.prompt(), scrollback: s.scrollback, history: [...s.session.history], busy: !!this.running });
  }

  private broadcast(m: HostMessage, except?: Port) {
    for (const p of this.ports) if (p !== except) p.postMessage(m);
  }

  private async receive(port: Port, m: ClientMessage) {
    switch (m.t) {
      case 'hello':
        this.owners.set(port, m.client);
        return this.greet(port);
      case 'bye':
        return this.disconnect(port);
      case 'interrupt':
        this.running?.controller.abort();
        for (const id of [...this.edits.keys()]) this.closeEdit(id, undefined);
        return;
      case 'editor':
        return this.closeEdit(m.id, m.text);
      case 'run':
        return this.run(port, m.client, m.id, m.line);
      case 'lab': {
        try {
          await this.ready();
          if (!this.lab) throw new Error('This sandbox host serves no lab requests.');
          port.postMessage({ t: 'reply', id: m.id, ok: true, value: await this.lab(m.op) });
        } catch (e) {
          port.postMessage({ t: 'reply', id: m.id, ok: false, error: (e as Error).message });
        }
        return;
      }
      case 'complete': {
        const s = await this.ready();
        try {
          const c = await s.session.complete(m.line);
          port.postMessage({ t: 'reply', id: m.id, ok: true, value: c });
        } catch (e) {
          port.postMessage({ t: 'reply', id: m.id, ok: false, error: (e as Error).message });
        }
        return;
      }
      default:
        return this.command(port, m);
    }
  }

  private async ready(): Promise<Sandbox> {
    while (!this.sandbox) {
      if (this.failure) throw new Error(this.failure);
      await new Promise((r) => setTimeout(r, 20));
    }
    return this.sandbox;
  }

  /** Settles when no reset, import or new terminal is under way. */
  private replacing: Promise<void> = Promise.resolve();

  private async run(port: Port, client: string, id: number, line: string) {
    const s = await this.ready();
    await this.replacing;
    const shown = `${s.session.prompt()}${line.replace(/\n/g, '\r\n> ')}\r\n`;
    s.appendScrollback(shown);
    this.broadcast({ t: 'echo', from: client, text: shown, line }, port);
    const exit = /^\s*(exit|logout)(\s+\d+)?\s*$/.test(line);
    if (exit) {
      // An interactive bash ends here; the terminal starts a new one, as "New terminal" does.
      await s.newTerminal();
      this.broadcast({ t: 'restart', prompt: s.session.prompt(), scrollback: 'logout\r\n' });
      this.broadcast({ t: 'done', from: client, id, line, exitCode: 0, prompt: s.session.prompt() });
      return;
    }
    const controller = new AbortController();
    this.running = { controller, client };
    let exitCode = 1;
    try {
      const r = await s.session.run(line, { signal: controller.signal });
      exitCode = r.exitCode;
      let out = toTerminal(r.stdout + r.stderr);
      if (controller.signal.aborted) out += '^C\r\n';
      if (out) {
        s.appendScrollback(out);
        this.broadcast({ t: 'output', text: out });
      }
    } catch (e) {
      // The session turns the shell's own errors into output: what reaches here is a fault of the sandbox.
      const out = toTerminal(`bash: ${internalErrorText(e)}\n`);
      s.appendScrollback(out);
      this.broadcast({ t: 'output', text: out });
    } finally {
      this.running = undefined;
    }
    // Before the prompt returns: the browser may end this worker as soon as the learner moves on (see Sandbox.run).
    await s.saveAccount().catch((e) => this.broadcast({ t: 'output', text: toTerminal(`\n(the sandbox could not be saved: ${(e as Error).message})\n`) }));
    this.broadcast({ t: 'done', from: client, id, line, exitCode, prompt: s.session.prompt() });
    await s.save().catch((e) => this.broadcast({ t: 'output', text: toTerminal(`\n(the sandbox could not be saved: ${(e as Error).message})\n`) }));
  }

  private openEditor(path: string, text: string, signal?: AbortSignal): Promise<string | undefined> {
    const client = this.running?.client ?? '';
    const id = this.nextEdit++;
    return new Promise((resolve) => {
      this.edits.set(id, { client, resolve });
      signal?.addEventListener('abort', () => this.closeEdit(id, undefined));
      const target = [...this.owners].find(([, c]) => c === client)?.[0];
      const message: HostMessage = { t: 'edit', id, to: client, path, text };
      if (target) target.postMessage(message);
      else this.broadcast(message);
    });
  }

  private closeEdit(id: number, text: string | undefined) {
    const e = this.edits.get(id);
    if (!e) return;
    this.edits.delete(id);
    e.resolve(text);
    this.broadcast({ t: 'editClosed', id });
  }

  private async command(port: Port, m: Extract<ClientMessage, { t: 'newTerminal' | 'reset' | 'export' | 'import' }>) {
    if (m.t === 'reset' && this.failure && this.discard) {
      try {
        await this.discard();
        await this.start();
        if (this.failure) throw new Error(this.failure);
        port.postMessage({ t: 'reply', id: m.id, ok: true });
      } catch (e) {
        port.postMessage({ t: 'reply', id: m.id, ok: false, error: (e as Error).message });
      }
      return;
    }
    try {
      const s = await this.ready();
      let value: unknown;
      if (m.t === 'export') value = await s.export();
      else {
        this.running?.controller.abort();
        // Command lines that arrive meanwhile wait for the new sandbox instead of running in the old one.
        let release!: () => void;
        const previous = this.replacing;
        this.replacing = new Promise<void>((r) => (release = r));
        try {
          await previous;
          if (m.t === 'newTerminal') await s.newTerminal();
          if (m.t === 'reset') await s.reset();
          if (m.t === 'import') await s.import(m.text);
        } finally {
          release();
        }
        this.broadcast({ t: 'restart', prompt: s.session.prompt(), scrollback: '' });
      }
      port.postMessage({ t: 'reply', id: m.id, ok: true, value });
    } catch (e) {
      port.postMessage({ t: 'reply', id: m.id, ok: false, error: (e as Error).message });
    }
  }
}
