/**
 * The host side of the Lambda runtime, shared by the browser and Node implementations: a pool of warm
 * instances per function revision, the invocation timeout, and the bridge that carries the function's SDK
 * requests to the gateway. Only `spawn` differs between platforms.
 */
import type {
  InstanceSetup,
  LambdaRuntime,
  LogLine,
  RuntimeInvocation,
  RuntimeResult,
  WorkerMessage,
  WorkerPort,
} from './types';

interface Instance {
  key: string;
  port: WorkerPort;
  busy: boolean;
  initialized?: boolean;
  idle?: ReturnType<typeof setTimeout>;
  setup?: InstanceSetup;
  logStreamName?: string;
  active?: ActiveInvocation;
}

/** Lambda's limit on the init phase of an on-demand function. */
const INIT_LIMIT_MS = 10_000;

interface ActiveInvocation {
  invokeId: string;
  initDone(): void;
  invocation: RuntimeInvocation;
  logs: LogLine[];
  finish(message: Extract<WorkerMessage, { type: 'result' }> | { crashed: string }): void;
}

export interface RuntimeOptions {
  /**
   * SDK packages a spare instance loads before it is needed, so a cold start skips most of the SDK's load
   * time (the lab's function calls S3). Packages functions are seen to use are added as they appear.
   */
  preload?: string[];
  /** How long an idle instance stays warm (default 10 minutes, as Lambda keeps environments for minutes). */
  idleMs?: number;
}

export function createLambdaRuntime(spawn: () => WorkerPort, options: RuntimeOptions = {}): LambdaRuntime {
  const instances = new Set<Instance>();
  let counter = 0;
  const preload = new Set(options.preload ?? ['@aws-sdk/client-s3']);
  // One spare instance, started after the first cold start and kept loading the SDK while idle.
  let spare: WorkerPort | undefined;
  let closed = false;

  const startSpare = () => {
    if (closed || spare) return;
    const port = spawn();
    spare = port;
    port.onExit(() => {
      if (spare === port) spare = undefined;
    });
    port.post({ type: 'preload', modules: [...preload] });
  };

  const stop = (inst: Instance) => {
    clearTimeout(inst.idle);
    instances.delete(inst);
    inst.port.terminate();
  };

  function start(key: string): Instance {
    const port = spare ?? spawn();
    spare = undefined;
    const inst: Instance = { key, port, busy: false };
    inst.port.onMessage((msg) => {
      const active = inst.active;
      if (!active || !('invokeId' in msg) || msg.invokeId !== active.invokeId) {
        // A request or log from an invocation that already ended (timed out): drop it, as Lambda freezes it.
        if (msg.type === 'http-request') inst.port.post({ type: 'http-response', id: msg.id, error: 'invocation ended' });
        return;
      }
      if (msg.type === 'log') active.logs.push(msg.line);
      else if (msg.type === 'init-done') active.initDone();
      else if (msg.type === 'http-request') {
        active.invocation.send(msg.request, inst.setup!).then(
          (response) => inst.port.post({ type: 'http-response', id: msg.id, response }),
          (e: unknown) => inst.port.post({ type: 'http-response', id: msg.id, error: String((e as Error)?.message ?? e) }),
        );
      } else if (msg.type === 'result') {
        for (const m of msg.sdkModules ?? []) preload.add(m);
        active.finish(msg);
      }
    });
    inst.port.onExit((reason) => {
      instances.delete(inst);
      inst.active?.finish({ crashed: reason });
    });
    instances.add(inst);
    return inst;
  }

  return {
    async invoke(invocation) {
      let inst = [...instances].find((i) => i.key === invocation.instanceKey && !i.busy);
      const cold = !inst;
      inst ??= start(invocation.instanceKey);
      inst.busy = true;
      clearTimeout(inst.idle);
      try {
        if (!inst.setup) {
          const { logStreamName, ...setup } = await invocation.setup();
          inst.setup = setup;
          inst.logStreamName = logStreamName;
        }
        const invokeId = `${++counter}`;
        const startedAt = Date.now();
        const context = { ...invocation.context, awsRequestId: invocation.requestId, logStreamName: inst.logStreamName! };
        const logs: LogLine[] = [];
        const outcome = await new Promise<Omit<RuntimeResult, 'logs' | 'logStreamName' | 'startedAt'>>((resolve) => {
          const onTimeout = () => {
            // Lambda stops the environment when a function times out; the next invocation starts cold.
            stop(inst!);
            const seconds = (invocation.timeoutMs / 1000).toFixed(2);
            logs.push({
              timestamp: Date.now(),
              message: `${new Date().toISOString()} ${invocation.requestId} Task timed out after ${seconds} seconds\n\n`,
            });
            resolve({
              outcome: 'timeout',
              payload: JSON.stringify({
                errorType: 'Sandbox.Timedout',
                errorMessage: `RequestId: ${invocation.requestId} Error: Task timed out after ${seconds} seconds`,
              }),
              durationMs: invocation.timeoutMs,
              maxMemoryUsedMB: 0,
            });
          };
          // The function's timeout starts when init ends; init itself has Lambda's own limit.
          let timer = setTimeout(onTimeout, inst!.initialized ? invocation.timeoutMs : INIT_LIMIT_MS + invocation.timeoutMs);
          inst!.active = {
            invokeId,
            initDone() {
              inst!.initialized = true;
              clearTimeout(timer);
              timer = setTimeout(onTimeout, invocation.timeoutMs);
            },
            invocation,
            logs,
            finish(msg) {
              clearTimeout(timer);
              if ('crashed' in msg) {
                resolve({
                  outcome: 'error',
                  payload: JSON.stringify({
                    errorType: 'Runtime.ExitError',
                    errorMessage: `RequestId: ${invocation.requestId} Error: Runtime exited with error: ${msg.crashed}`,
                  }),
                  durationMs: Date.now() - startedAt,
                  maxMemoryUsedMB: 0,
                });
                return;
              }
              resolve({
                outcome: msg.ok ? 'success' : 'error',
                payload: msg.payload,
                durationMs: msg.durationMs,
                initDurationMs: msg.initDurationMs,
                maxMemoryUsedMB: msg.memoryUsedMB ?? 0,
              });
            },
          };
          inst!.port.post({
            type: 'invoke',
            invokeId,
            setup: inst!.setup!,
            event: invocation.event,
            context,
            timeoutMs: invocation.timeoutMs,
          });
        });
        return {
          ...outcome,
          ...(cold ? {} : { initDurationMs: undefined }),
          logs,
          logStreamName: inst.logStreamName!,
          startedAt,
        };
      } finally {
        inst.busy = false;
        inst.active = undefined;
        // After a cold start, not during it: the spare's SDK loading would compete for the CPU.
        if (cold) setTimeout(startSpare, 0);
        if (instances.has(inst)) {
          const idle = inst;
          idle.idle = setTimeout(() => stop(idle), options.idleMs ?? 600_000);
          // Node: an idle instance must not keep the process alive.
          (idle.idle as { unref?: () => void }).unref?.();
        }
      }
    },
    reset(prefix) {
      for (const inst of [...instances]) if (inst.key.startsWith(prefix) && !inst.busy) stop(inst);
    },
    close() {
      closed = true;
      spare?.terminate();
      spare = undefined;
      for (const inst of [...instances]) stop(inst);
    },
  };
}
