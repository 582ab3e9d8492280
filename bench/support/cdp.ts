/**
 * A Chromium driven over the DevTools Protocol itself, for measurements that must reach every target: network and
 * CPU throttling apply per target, and Playwright's sessions cannot address the service worker and the sandbox's
 * shared worker (flattened child sessions). Hand-written because it is ~100 lines over Node's own WebSocket, and
 * Puppeteer or chrome-remote-interface would add a dependency that does the same.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

type Listener = (params: any, sessionId?: string) => void;

export interface Throttle {
  /** Round-trip latency added to each request, ms. */
  latencyMs: number;
  downloadBytesPerSecond: number;
  uploadBytesPerSecond: number;
  cpuSlowdown: number;
}

export class Browser {
  private ws!: WebSocket;
  private nextId = 1;
  private pending = new Map<number, { resolve(v: any): void; reject(e: Error): void }>();
  private listeners = new Map<string, Set<Listener>>();
  private child!: ChildProcess;
  private profile = '';
  /**
   * Bytes received over the network by every attached target (encodedDataLength, headers included), for a
   * diagnosis: Chromium reports a worker's main script with its headers only, so the bench counts at its server.
   */
  bytes = 0;
  /** What was fetched, when BENCH_VERBOSE is set: url, bytes, ms since launch. */
  log: { url: string; bytes: number; at: number }[] = [];
  private urls = new Map<string, string>();
  private t0 = performance.now();
  pageSession = '';

  static async launch(throttle?: Throttle): Promise<Browser> {
    const b = new Browser();
    await b.start(throttle);
    return b;
  }

  private async start(throttle?: Throttle) {
    this.profile = mkdtempSync(join(tmpdir(), 'boundary-lab-bench-'));
    const exe = process.env.BOUNDARY_LAB_CHROMIUM || (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : 'chromium');
    this.child = spawn(
      exe,
      ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--remote-debugging-port=0', `--user-data-dir=${this.profile}`, 'about:blank'],
      { stdio: 'ignore' },
    );
    // A bench that dies must not leave its browser running.
    const child = this.child;
    process.once('exit', () => child.exitCode === null && child.kill());
    const portFile = join(this.profile, 'DevToolsActivePort');
    for (let i = 0; i < 200 && !existsSync(portFile); i++) await new Promise((r) => setTimeout(r, 50));
    const [port, path] = readFileSync(portFile, 'utf8').trim().split('\n');
    this.ws = new WebSocket(`ws://127.0.0.1:${port}${path}`);
    await new Promise((resolve, reject) => {
      this.ws.onopen = resolve;
      this.ws.onerror = reject;
    });
    this.ws.onmessage = (e) => this.receive(JSON.parse(String(e.data)));

    // Every target (the page, its dedicated workers, the service worker, the sandbox's shared worker) is paused as it
    // starts, throttled and counted, then let go.
    const sessions = new Map<string, string>();
    // A worker can be attached twice (by the browser and by its page): each session must let it run.
    this.on('Target.attachedToTarget', (p) => {
      if (!sessions.has(p.targetInfo.targetId)) sessions.set(p.targetInfo.targetId, p.sessionId);
      void this.prepare(p.sessionId, p.targetInfo.type, throttle);
    });
    // Bytes that crossed the network: not a response the service worker or the HTTP cache gave (counted where the
    // service worker itself fetched it).
    const local = new Set<string>();
    this.on('Network.responseReceived', (p, sid) => {
      this.urls.set(`${sid}:${p.requestId}`, p.response.url);
      // Chromium's own pages (chrome://, the headless omnibox) are not the workshop's traffic.
      if (!/^https?:/.test(p.response.url)) local.add(`${sid}:${p.requestId}`);
      if (p.response.fromServiceWorker || p.response.fromDiskCache || p.response.fromPrefetchCache || p.response.status === 0) local.add(`${sid}:${p.requestId}`);
    });
    this.on('Network.loadingFinished', (p, sid) => {
      const key = `${sid}:${p.requestId}`;
      if (local.delete(key)) return;
      this.bytes += p.encodedDataLength ?? 0;
      if (process.env.BENCH_VERBOSE) this.log.push({ url: this.urls.get(key) ?? '?', bytes: p.encodedDataLength, at: Math.round(performance.now() - this.t0) });
    });
    await this.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: true, flatten: true });
    const { targetInfos } = await this.send('Target.getTargets');
    const page = targetInfos.find((t: any) => t.type === 'page');
    let sessionId = sessions.get(page.targetId);
    if (!sessionId) {
      sessionId = (await this.send('Target.attachToTarget', { targetId: page.targetId, flatten: true })).sessionId as string;
      sessions.set(page.targetId, sessionId);
      await this.prepare(sessionId, 'page', throttle);
    }
    this.pageSession = sessionId;
    await this.send('Page.enable', {}, sessionId);
  }

  private async prepare(sessionId: string, type: string, throttle?: Throttle) {
    const s = (m: string, p: object = {}) => this.send(m, p, sessionId).catch(() => undefined);
    // Sent together, not one after another: a paused worker may answer nothing until it runs, and a session
    // handles its commands in order, so the throttling is in place before the worker's first request.
    const steps = [s('Network.enable')];
    if (throttle) {
      steps.push(
        s('Network.emulateNetworkConditions', {
          offline: false,
          latency: throttle.latencyMs,
          downloadThroughput: throttle.downloadBytesPerSecond,
          uploadThroughput: throttle.uploadBytesPerSecond,
        }),
        s('Emulation.setCPUThrottlingRate', { rate: throttle.cpuSlowdown }),
      );
    }
    if (type === 'page' || type === 'iframe') steps.push(s('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: true, flatten: true }));
    steps.push(s('Runtime.runIfWaitingForDebugger'));
    await Promise.all(steps);
  }

  send(method: string, params: object = {}, sessionId?: string): Promise<any> {
    const id = this.nextId++;
    this.ws.send(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }));
    return new Promise((resolve, reject) => this.pending.set(id, { resolve, reject }));
  }

  on(method: string, l: Listener) {
    if (!this.listeners.has(method)) this.listeners.set(method, new Set());
    this.listeners.get(method)!.add(l);
    return () => this.listeners.get(method)!.delete(l);
  }

  once(method: string, sessionId?: string): Promise<any> {
    return new Promise((resolve) => {
      const off = this.on(method, (p, sid) => {
        if (sessionId && sid !== sessionId) return;
        off();
        resolve(p);
      });
    });
  }

  private receive(m: any) {
    if (m.id !== undefined) {
      const p = this.pending.get(m.id);
      this.pending.delete(m.id);
      if (m.error) p?.reject(new Error(`${m.error.message} ${m.error.data ?? ''}`));
      else p?.resolve(m.result);
      return;
    }
    for (const l of this.listeners.get(m.method) ?? []) l(m.params, m.sessionId);
  }

  /** Navigates the page and resolves at DOMContentLoaded. */
  async goto(url: string) {
    const loaded = this.once('Page.domContentEventFired', this.pageSession);
    await this.send('Page.navigate', { url }, this.pageSession);
    await loaded;
  }

  /** Evaluates an expression in the page (awaiting a promise) and returns its value. */
  async eval<T>(expression: string): Promise<T> {
    const r = await this.send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true }, this.pageSession);
    if (r.exceptionDetails) throw new Error(r.exceptionDetails.exception?.description ?? r.exceptionDetails.text);
    return r.result.value as T;
  }

  async close() {
    try {
      await this.send('Browser.close');
    } catch {
      // Already gone.
    }
    this.ws.close();
    await new Promise((r) => (this.child.exitCode !== null ? r(undefined) : this.child.once('exit', r)));
    rmSync(this.profile, { recursive: true, force: true });
  }
}
