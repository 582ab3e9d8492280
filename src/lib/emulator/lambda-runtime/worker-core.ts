/**
 * Runs inside the isolated instance (Web Worker or worker_threads Worker): loads the deployment package,
 * patches `console` the way the Node.js runtime does, and invokes the handler.
 *
 * SDK clients: the worker holds a module map of real SDK v3 packages, loaded with dynamic `import()` only
 * when the function's code names them. Vite bundles each entry of the map into the browser worker's chunks and
 * Node resolves them from node_modules, so one map serves both — where shipping a prebuilt bundle would
 * duplicate the SDK and a Blob module could not resolve bare specifiers. Each client class is wrapped so that,
 * like in Lambda, `new S3Client({})` picks up the region and the execution role's credentials, and its requests
 * go to the host through `WorkerHost.send` (the host passes them in through the gateway).
 *
 * Files loaded by Node directly (type stripping): keep erasable syntax and `.ts` extensions on relative imports.
 */
import type { HostMessage, InstanceSetup, WireHttpRequest, WireHttpResponse, WorkerMessage } from './types.ts';
import { esmToCjs } from './esm-to-cjs.ts';
import { named, toFormatted, toRapidResponse } from './node-errors.ts';
import { SDK_MODULES, wrapSdkModule } from './sdk-modules.ts';

export interface WorkerHost {
  post(message: WorkerMessage): void;
  onMessage(listener: (message: HostMessage) => void): void;
  /** util.format where the platform has it (Node); a close reimplementation otherwise. */
  format(...args: unknown[]): string;
  memoryUsedMB(): number | undefined;
}

const TASK_ROOT = '/var/task';

interface Loaded {
  handler: (event: unknown, context: unknown, callback?: unknown) => unknown;
}

export function startWorker(host: WorkerHost): void {
  let setup: InstanceSetup | undefined;
  let loaded: Loaded | undefined;
  let initError: unknown;
  let current: { invokeId: string; requestId: string; init: boolean } | undefined;
  let nextHttpId = 0;
  const pendingHttp = new Map<number, { resolve: (r: WireHttpResponse) => void; reject: (e: Error) => void }>();
  const sdkCache = new Map<string, Record<string, unknown>>();
  const rawModules = new Map<string, Promise<Record<string, unknown>>>();
  const rawModule = (spec: string) => {
    if (!rawModules.has(spec)) rawModules.set(spec, SDK_MODULES[spec]());
    return rawModules.get(spec)!;
  };

  const log = (level: string, args: unknown[]) => {
    if (!current) return;
    const timestamp = Date.now();
    // During init the Node.js runtime has no request yet and prints `undefined`.
    const requestId = current.init ? 'undefined' : current.requestId;
    const message = `${new Date(timestamp).toISOString()}\t${requestId}\t${level}\t${host.format(...args)}\n`;
    host.post({ type: 'log', invokeId: current.invokeId, line: { timestamp, message, ...(current.init ? { init: true } : {}) } });
  };
  // The Node.js runtime's console: every method writes one line with time, request id and level.
  const lambdaConsole = {
    log: (...a: unknown[]) => log('INFO', a),
    info: (...a: unknown[]) => log('INFO', a),
    warn: (...a: unknown[]) => log('WARN', a),
    error: (...a: unknown[]) => log('ERROR', a),
    debug: (...a: unknown[]) => log('DEBUG', a),
    trace: (...a: unknown[]) => log('TRACE', a),
    fatal: (...a: unknown[]) => log('FATAL', a),
  };
  for (const k of Object.keys(lambdaConsole) as (keyof typeof lambdaConsole)[]) {
    (globalThis.console as unknown as Record<string, unknown>)[k] = lambdaConsole[k];
  }

  const send = (request: WireHttpRequest): Promise<WireHttpResponse> =>
    new Promise((resolve, reject) => {
      const id = ++nextHttpId;
      pendingHttp.set(id, { resolve, reject });
      host.post({ type: 'http-request', id, invokeId: current?.invokeId ?? '', request });
    });

  host.onMessage((msg) => {
    if (msg.type === 'preload') {
      // Load in the background; a failure surfaces again when a function requires the module.
      for (const spec of msg.modules) if (SDK_MODULES[spec]) rawModule(spec).catch(() => rawModules.delete(spec));
      return;
    }
    if (msg.type === 'http-response') {
      const p = pendingHttp.get(msg.id);
      pendingHttp.delete(msg.id);
      if (msg.response) p?.resolve(msg.response);
      else p?.reject(new Error(msg.error ?? 'request failed'));
      return;
    }
    void invoke(msg);
  });

  async function invoke(msg: Extract<HostMessage, { type: 'invoke' }>) {
    current = { invokeId: msg.invokeId, requestId: msg.context.awsRequestId, init: false };
    let initDurationMs: number | undefined;
    if (!setup) {
      setup = msg.setup;
      const t0 = performance.now();
      current.init = true;
      try {
        loaded = await load(setup);
      } catch (e) {
        initError = e;
        lambdaConsole.error('Uncaught Exception', toFormatted(e));
        // Lambda discards a failed environment: the next invocation initializes again.
        setup = undefined;
      }
      initDurationMs = performance.now() - t0;
      current.init = false;
      host.post({ type: 'init-done', invokeId: msg.invokeId });
    }
    const t1 = performance.now();
    let ok = false;
    let payload: string;
    if (initError || !loaded) {
      payload = JSON.stringify(toRapidResponse(initError));
      initError = undefined;
    } else {
      try {
        const result = await runHandler(loaded.handler, msg);
        payload = result === undefined ? 'null' : JSON.stringify(result);
        ok = true;
      } catch (e) {
        lambdaConsole.error('Invoke Error', toFormatted(e));
        payload = JSON.stringify(toRapidResponse(e));
      }
    }
    const durationMs = performance.now() - t1;
    host.post({
      type: 'result',
      invokeId: msg.invokeId,
      ok,
      payload,
      initDurationMs,
      durationMs,
      memoryUsedMB: host.memoryUsedMB(),
      sdkModules: [...sdkCache.keys()],
    });
    current = undefined;
  }

  function runHandler(handler: Loaded['handler'], msg: Extract<HostMessage, { type: 'invoke' }>): Promise<unknown> {
    const deadline = Date.now() + msg.timeoutMs;
    return new Promise((resolve, reject) => {
      const done = (err: unknown, result?: unknown) => (err ? reject(err) : resolve(result));
      const context = {
        ...msg.context,
        callbackWaitsForEmptyEventLoop: true,
        getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
        done,
        succeed: (r: unknown) => done(undefined, r),
        fail: (e: unknown) => done(e ?? 'handled'),
      };
      try {
        const ret = handler(JSON.parse(msg.event), context, done);
        if (ret && typeof (ret as Promise<unknown>).then === 'function') {
          (ret as Promise<unknown>).then(resolve, reject);
        } else if (handler.length < 3) {
          // A non-async handler without a callback parameter ends the invocation with undefined.
          resolve(ret);
        }
      } catch (e) {
        reject(e);
      }
    });
  }

  async function load(s: InstanceSetup): Promise<Loaded> {
    const [file, ...rest] = s.handler.split('.');
    const exportName = rest.join('.');
    const entry = ['.js', '.mjs', '.cjs'].map((ext) => file + ext).find((p) => p in s.files);
    if (!entry) {
      throw named('Runtime.ImportModuleError', `Error: Cannot find module '${file}'\nRequire stack:\n- /var/runtime/index.mjs`);
    }
    const specs = new Set<string>();
    for (const text of Object.values(s.files)) {
      for (const m of text.matchAll(/(?:require\s*\(\s*|from\s*|import\s*\(?\s*)(['"])([^'"]+)\1/g)) specs.add(m[2]);
    }
    for (const spec of specs) {
      if (SDK_MODULES[spec] && !sdkCache.has(spec)) sdkCache.set(spec, wrapSdkModule(await rawModule(spec), s, send));
    }
    const modules = new Map<string, { exports: Record<string, unknown>; ready: Promise<void> }>();
    const env = { ...s.env };
    const fakeProcess = { env, version: 'v22.0.0', versions: { node: '22.0.0' }, platform: 'linux', arch: 'x64', cwd: () => TASK_ROOT, nextTick: (f: () => void) => queueMicrotask(f) };

    const requireFrom = (from: string) => (spec: string): unknown => {
      const sdk = sdkCache.get(spec);
      if (sdk) return sdk;
      if (spec.startsWith('./') || spec.startsWith('../')) {
        const path = resolvePath(from, spec, s.files);
        if (path) return evaluate(path).exports;
      }
      // AWS difference: Lambda's Node.js runtime has every @aws-sdk client; the sandbox has the lab's services'.
      const hint = spec.startsWith('@aws-sdk/')
        ? ` (the Boundary Lab sandbox provides ${Object.keys(SDK_MODULES).join(', ')})`
        : '';
      const err = new Error(`Cannot find module '${spec}'${hint}\nRequire stack:\n- ${TASK_ROOT}/${from}\n- /var/runtime/index.mjs`);
      (err as Error & { code?: string }).code = 'MODULE_NOT_FOUND';
      throw err;
    };

    const evaluate = (path: string) => {
      const existing = modules.get(path);
      if (existing) return existing;
      const module = { exports: {} as Record<string, unknown>, ready: Promise.resolve() };
      modules.set(path, module);
      if (path.endsWith('.json')) {
        module.exports = JSON.parse(s.files[path]);
        return module;
      }
      const isEsm = path.endsWith('.mjs') || (path.endsWith('.js') && packageType(s.files) === 'module');
      const source = isEsm ? esmToCjs(s.files[path]) : s.files[path];
      let fn: (...args: unknown[]) => unknown;
      try {
        fn = new Function(
          'exports', 'require', 'module', '__filename', '__dirname', 'process', 'console',
          '__esmDefault', '__exportAll', '__importMeta', '__dynamicImport',
          `${isEsm ? '"use strict";' : ''}${source}\n//# sourceURL=${TASK_ROOT}/${path}`,
        ) as (...args: unknown[]) => unknown;
      } catch (e) {
        throw named('Runtime.UserCodeSyntaxError', String(e));
      }
      const req = requireFrom(path);
      const ret = fn(
        module.exports, req, module, `${TASK_ROOT}/${path}`, TASK_ROOT, fakeProcess, lambdaConsole,
        (m: Record<string, unknown>) => (m && '__esModule' in m ? m.default : (m?.default ?? m)),
        (getters: Record<string, () => unknown>) => {
          for (const [k, get] of Object.entries(getters)) module.exports[k] = get();
        },
        { url: `file://${TASK_ROOT}/${path}` },
        async (spec: string) => req(spec),
      );
      if (isEsm) module.ready = ret as Promise<void>;
      return module;
    };

    const main = evaluate(entry);
    try {
      await main.ready;
    } catch (e) {
      throw e;
    }
    const handler = exportName.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], main.exports);
    if (typeof handler !== 'function') {
      throw named('Runtime.HandlerNotFound', `${s.handler} is undefined or not exported`);
    }
    return { handler: handler as Loaded['handler'] };
  }
}

function packageType(files: Record<string, string>): string | undefined {
  try {
    return files['package.json'] ? JSON.parse(files['package.json']).type : undefined;
  } catch {
    return undefined;
  }
}

function resolvePath(from: string, spec: string, files: Record<string, string>): string | undefined {
  const parts = from.split('/').slice(0, -1);
  for (const seg of spec.split('/')) {
    if (seg === '..') parts.pop();
    else if (seg !== '.') parts.push(seg);
  }
  const base = parts.join('/');
  return [base, `${base}.js`, `${base}.mjs`, `${base}.cjs`, `${base}.json`, `${base}/index.js`].find((p) => p in files);
}
