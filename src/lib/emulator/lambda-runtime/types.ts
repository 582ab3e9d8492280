/**
 * The Lambda runtime's contracts: the host (the Lambda provider) runs one invocation through a
 * `LambdaRuntime`; the runtime keeps isolated instances (a Web Worker in browsers, a worker_threads Worker in
 * Node) that talk to it only through `WorkerPort` messages. Function code never sees the emulator: its SDK
 * clients' signed HTTP requests travel to the host as messages and go in through the gateway like any call.
 */

/** A signed SDK request as it crosses the worker boundary (structured-clone friendly). */
export interface WireHttpRequest {
  method: string;
  protocol: string;
  hostname: string;
  port?: number;
  path: string;
  query: Record<string, string | string[] | null>;
  headers: Record<string, string>;
  body?: string | Uint8Array;
}

export interface WireHttpResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: Uint8Array;
}

/** What a new instance is started with; it keeps it for its whole life, as a Lambda execution environment does. */
export interface InstanceSetup {
  /** The deployment package's files (path → UTF-8 text). */
  files: Record<string, string>;
  /** `file.export`, e.g. `index.handler`. */
  handler: string;
  /** The function's environment variables plus the runtime's (AWS_REGION, AWS_ACCESS_KEY_ID…). */
  env: Record<string, string>;
  /** How the SDK clients inside the function are configured. */
  sdk: { region: string; endpoint?: string; credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string } };
}

export interface InvocationContext {
  functionName: string;
  functionVersion: string;
  invokedFunctionArn: string;
  memoryLimitInMB: string;
  awsRequestId: string;
  logGroupName: string;
  logStreamName: string;
}

export interface RuntimeInvocation {
  /** Instances are reused only for the same key (function + code + configuration revision). */
  instanceKey: string;
  requestId: string;
  /** The event as JSON text. */
  event: string;
  timeoutMs: number;
  context: Omit<InvocationContext, 'awsRequestId' | 'logStreamName'>;
  /** Called on a cold start to set up the new instance (the host assumes the execution role here). */
  setup(): Promise<InstanceSetup & { logStreamName: string }>;
  /** Carries a function's SDK request to the gateway and returns the gateway's answer. */
  send(request: WireHttpRequest, setup: InstanceSetup): Promise<WireHttpResponse>;
}

/** The error document Lambda returns for a function error (Payload with FunctionError: Unhandled). */
export interface FunctionErrorDocument {
  errorType: string;
  errorMessage: string;
  trace?: string[];
}

export interface LogLine {
  timestamp: number;
  message: string;
  /** Written while the module loaded (Lambda's init phase), before START. */
  init?: boolean;
}

export interface RuntimeResult {
  outcome: 'success' | 'error' | 'timeout';
  /** JSON text: the handler's result, or the error document. */
  payload: string;
  /** Console output as the Node.js runtime formats it, in order. */
  logs: LogLine[];
  /** The instance's log stream (fixed for its life). */
  logStreamName: string;
  startedAt: number;
  durationMs: number;
  /** Present on a cold start. */
  initDurationMs?: number;
  maxMemoryUsedMB: number;
}

export interface LambdaRuntime {
  invoke(invocation: RuntimeInvocation): Promise<RuntimeResult>;
  /** Stop the warm instances whose key starts with `prefix` (code or configuration changed, function deleted). */
  reset(prefix: string): void;
  /** Stop every instance. */
  close(): void;
}

/** One isolated instance, seen from the host. */
export interface WorkerPort {
  post(message: HostMessage): void;
  onMessage(listener: (message: WorkerMessage) => void): void;
  /** Fires if the instance dies (uncaught error outside an invocation, process exit). */
  onExit(listener: (reason: string) => void): void;
  terminate(): void;
}

export type HostMessage =
  | {
      type: 'invoke';
      invokeId: string;
      setup: InstanceSetup;
      event: string;
      context: InvocationContext;
      /** The function's timeout; it runs from the end of init, as in Lambda. */
      timeoutMs: number;
    }
  | { type: 'http-response'; id: number; response?: WireHttpResponse; error?: string }
  /** Sent to a spare instance: start loading these SDK packages before any function is assigned. */
  | { type: 'preload'; modules: string[] };

export type WorkerMessage =
  | { type: 'log'; invokeId: string; line: LogLine }
  /** A new instance finished loading the function's code (Lambda's init phase). */
  | { type: 'init-done'; invokeId: string }
  | { type: 'http-request'; id: number; invokeId: string; request: WireHttpRequest }
  | {
      type: 'result';
      invokeId: string;
      ok: boolean;
      payload: string;
      initDurationMs?: number;
      durationMs: number;
      memoryUsedMB?: number;
      /** The SDK packages the function's code loaded (so spare instances can preload them). */
      sdkModules?: string[];
    };
