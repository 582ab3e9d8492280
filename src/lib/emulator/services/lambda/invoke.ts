/**
 * One invocation: run the handler in the Lambda runtime as the execution role, then write the platform's and
 * the function's log lines to CloudWatch Logs through the gateway, signed as that role (so the role's
 * logs:CreateLogGroup/CreateLogStream/PutLogEvents permissions decide, as in AWS: without them the log
 * is silently lost).
 */
import {
  CloudWatchLogsClient,
  type CloudWatchLogsClientConfig,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  PutLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { HttpRequest } from '@smithy/protocol-http';
import type { Credentials, OperationContext } from '../../core/types';
import type { LambdaRuntime, LogLine, WireHttpRequest, WireHttpResponse } from '../../lambda-runtime/types';
import { fromBase64, readZip, toBase64 } from './code';
import { roleCannotBeAssumed } from './errors';
import { RUNNABLE_RUNTIMES, randomHex, type FunctionRecord, type LambdaState } from './model';

export interface InvocationOutcome {
  functionError: boolean;
  payload: string;
  /** The invocation's log, START to REPORT, as LogResult's source. */
  log: string;
}

/** What the provider keeps outside its JSON state: live credentials per instance log stream. */
export interface InvokeDeps {
  runtime(): LambdaRuntime | undefined;
  instanceCredentials: Map<string, Credentials>;
  streamsWritten: Set<string>;
}

const utcDay = (d: Date) => d.toISOString().slice(0, 10).replace(/-/g, '/');

export async function runFunction(
  ctx: OperationContext<LambdaState>,
  fn: FunctionRecord,
  event: string,
  requestId: string,
  deps: InvokeDeps,
): Promise<InvocationOutcome> {
  const config = fn.configuration;
  const runtime = deps.runtime();
  if (!RUNNABLE_RUNTIMES.includes(config.Runtime) || !runtime) {
    // AWS difference: the sandbox runs Node.js handlers only; other runtimes are created but cannot run.
    const payload = JSON.stringify({
      errorType: 'Sandbox.UnsupportedRuntime',
      errorMessage: runtime
        ? `The Boundary Lab sandbox runs Node.js functions only (${RUNNABLE_RUNTIMES.join(', ')}); ${config.FunctionName} uses ${config.Runtime}, so it can be created and configured here but not invoked.`
        : 'The Boundary Lab sandbox has no Lambda runtime in this environment.',
    });
    return { functionError: true, payload, log: '' };
  }

  const logGroupName: string = config.LoggingConfig?.LogGroup ?? `/aws/lambda/${config.FunctionName}`;
  const result = await runtime.invoke({
    instanceKey: `${config.FunctionArn}#${config.RevisionId}`,
    requestId,
    event,
    timeoutMs: (config.Timeout ?? 3) * 1000,
    context: {
      functionName: config.FunctionName,
      functionVersion: '$LATEST',
      invokedFunctionArn: config.FunctionArn,
      memoryLimitInMB: String(config.MemorySize),
      logGroupName,
    },
    setup: async () => {
      let credentials: Credentials;
      try {
        credentials = await ctx.internal.assumeRoleForService(config.Role, 'lambda.amazonaws.com', config.FunctionName);
      } catch {
        throw roleCannotBeAssumed();
      }
      const logStreamName = `${utcDay(ctx.now())}/[$LATEST]${randomHex(16)}`;
      deps.instanceCredentials.set(logStreamName, credentials);
      const sdk = ctx.sdkConfig(credentials);
      return {
        files: readZip(fromBase64(fn.zip)),
        handler: config.Handler,
        env: functionEnvironment(ctx, config, logGroupName, logStreamName, credentials),
        sdk: { region: sdk.region, endpoint: sdk.endpoint, credentials },
        logStreamName,
      };
    },
    send: (request, setup) => forward(ctx, request, setup.sdk.credentials as Credentials),
  });

  // The order Lambda writes: INIT_START, the init phase's output, START, the handler's output, END, REPORT.
  const lines: LogLine[] = [];
  const at = (timestamp: number, message: string) => lines.push({ timestamp, message });
  const init = result.initDurationMs;
  if (init !== undefined) {
    const version = `${config.Runtime.replace('.x', '')}.v1`.replace('nodejs', 'nodejs:');
    at(result.startedAt, `INIT_START Runtime Version: ${version}\tRuntime Version ARN: ${config.RuntimeVersionConfig?.RuntimeVersionArn}\n`);
  }
  lines.push(...result.logs.filter((l) => l.init));
  at(result.startedAt + Math.round(init ?? 0), `START RequestId: ${requestId} Version: $LATEST\n`);
  lines.push(...result.logs.filter((l) => !l.init));
  const end = Date.now();
  at(end, `END RequestId: ${requestId}\n`);
  at(
    end,
    `REPORT RequestId: ${requestId}\tDuration: ${result.durationMs.toFixed(2)} ms\t` +
      `Billed Duration: ${Math.ceil(result.durationMs + (init ?? 0))} ms\tMemory Size: ${config.MemorySize} MB\t` +
      // AWS difference: memory is the worker's own measure (0 where the platform cannot tell).
      `Max Memory Used: ${Math.min(result.maxMemoryUsedMB, config.MemorySize)} MB\t` +
      (init !== undefined ? `Init Duration: ${init.toFixed(2)} ms\t` : '') +
      (result.outcome === 'timeout' ? 'Status: timeout' : '') +
      '\n',
  );
  for (let i = 1; i < lines.length; i++) lines[i].timestamp = Math.max(lines[i].timestamp, lines[i - 1].timestamp);
  await writeLogs(ctx, deps, logGroupName, result.logStreamName, lines);
  return { functionError: result.outcome !== 'success', payload: result.payload, log: lines.map((l) => l.message).join('') };
}

/** LogResult: base64 of the last 4 KB of the invocation's log. */
export function logTail(log: string): string {
  const bytes = new TextEncoder().encode(log);
  return toBase64(bytes.subarray(Math.max(0, bytes.length - 4096)));
}

function functionEnvironment(
  ctx: OperationContext<LambdaState>,
  config: Record<string, any>,
  logGroupName: string,
  logStreamName: string,
  credentials: Credentials,
): Record<string, string> {
  return {
    ...(config.Environment?.Variables ?? {}),
    AWS_REGION: ctx.region,
    AWS_DEFAULT_REGION: ctx.region,
    AWS_EXECUTION_ENV: `AWS_Lambda_${config.Runtime}`,
    AWS_LAMBDA_FUNCTION_NAME: config.FunctionName,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(config.MemorySize),
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_LOG_GROUP_NAME: logGroupName,
    AWS_LAMBDA_LOG_STREAM_NAME: logStreamName,
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    ...(credentials.sessionToken ? { AWS_SESSION_TOKEN: credentials.sessionToken } : {}),
    LAMBDA_TASK_ROOT: '/var/task',
    LAMBDA_RUNTIME_DIR: '/var/runtime',
    TZ: ':UTC',
    _HANDLER: config.Handler,
  };
}

/** The function's SDK request goes in through the gateway, still carrying the role's SigV4 signature. */
async function forward(
  ctx: OperationContext<LambdaState>,
  request: WireHttpRequest,
  credentials: Credentials,
): Promise<WireHttpResponse> {
  const handler = ctx.sdkConfig(credentials).requestHandler as
    | { handle(req: HttpRequest): Promise<{ response: { statusCode: number; headers: Record<string, string>; body?: unknown } }> }
    | undefined;
  if (!handler) throw new Error('The gateway gave no in-process request handler for Lambda code to call through.');
  const { response } = await handler.handle(new HttpRequest({ ...request }));
  return { statusCode: response.statusCode, headers: { ...response.headers }, body: await collectBody(response.body) };
}

async function collectBody(body: unknown): Promise<Uint8Array> {
  if (body === undefined || body === null) return new Uint8Array();
  if (body instanceof Uint8Array) return body;
  if (typeof body === 'string') return new TextEncoder().encode(body);
  if (typeof (body as Blob).arrayBuffer === 'function') return new Uint8Array(await (body as Blob).arrayBuffer());
  const chunks: Uint8Array[] = [];
  if (typeof (body as ReadableStream<Uint8Array>).getReader === 'function') {
    const reader = (body as ReadableStream<Uint8Array>).getReader();
    for (let r = await reader.read(); !r.done; r = await reader.read()) chunks.push(r.value);
  } else if (Symbol.asyncIterator in (body as object)) {
    for await (const c of body as AsyncIterable<Uint8Array | string>) {
      chunks.push(typeof c === 'string' ? new TextEncoder().encode(c) : c);
    }
  } else {
    throw new Error('Unreadable response body from the gateway');
  }
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}

async function writeLogs(
  ctx: OperationContext<LambdaState>,
  deps: InvokeDeps,
  logGroupName: string,
  logStreamName: string,
  lines: LogLine[],
): Promise<void> {
  const credentials = deps.instanceCredentials.get(logStreamName);
  if (!credentials || lines.length === 0) return;
  const client = new CloudWatchLogsClient(ctx.sdkConfig(credentials) as CloudWatchLogsClientConfig);
  const ignoreExists = (e: unknown) => {
    if ((e as Error)?.name !== 'ResourceAlreadyExistsException') throw e;
  };
  const ensureStream = async () => {
    await client.send(new CreateLogGroupCommand({ logGroupName })).catch(ignoreExists);
    await client.send(new CreateLogStreamCommand({ logGroupName, logStreamName })).catch(ignoreExists);
    deps.streamsWritten.add(logStreamName);
  };
  const logEvents = lines.map((l) => ({ timestamp: l.timestamp, message: l.message }));
  try {
    if (!deps.streamsWritten.has(logStreamName)) await ensureStream();
    try {
      await client.send(new PutLogEventsCommand({ logGroupName, logStreamName, logEvents }));
    } catch (e) {
      // The group or stream went away under a warm instance (deleted, or the sandbox was reset): as Lambda does,
      // create them again and write.
      if ((e as Error)?.name !== 'ResourceNotFoundException') throw e;
      await ensureStream();
      await client.send(new PutLogEventsCommand({ logGroupName, logStreamName, logEvents }));
    }
  } catch {
    // As in AWS, a role that may not write logs loses them; the invocation itself is unaffected.
  }
}
