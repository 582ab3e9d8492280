/**
 * Runs one execution with aws-local-stepfunctions (MIT), which interprets the Amazon States Language.
 * Its Task override sends Lambda tasks through the gateway as the state machine's role session, so
 * `lambda:InvokeFunction` is authorized exactly as in AWS; the interpreter's event log and the Lambda calls
 * become the execution history in AWS's event types.
 */
import { InvokeCommand, LambdaClient, type LambdaClientConfig } from '@aws-sdk/client-lambda';
import { StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import type { Credentials, OperationContext } from '../../core/types';
import type { ExecutionRecord, StateMachineRecord, StatesState } from './model';

type Ctx = Omit<OperationContext<StatesState>, 'caller' | 'operation' | 'requestId'>;

export interface RunningExecution {
  abort(): void;
}

class TaskFailure extends Error {
  constructor(name: string, cause: string) {
    super(cause, { cause });
    this.name = name;
  }
}

/** Build the interpreter for a definition; throws with the validator's text when it is not valid ASL. */
export function compile(definition: StateMachineDefinition): StateMachine {
  // Validating a definition compiles the ASL JSON schema (about 100 ms); a definition is validated once per text.
  const key = JSON.stringify(definition);
  if (validated.has(key)) return new StateMachine(definition, { validationOptions: { noValidate: true } });
  const machine = new StateMachine(definition, { validationOptions: { checkArn: true, checkPaths: true } });
  validated.add(key);
  if (validated.size > 200) validated.delete(validated.values().next().value!);
  return machine;
}

const validated = new Set<string>();

interface TaskState {
  Type: string;
  Resource?: string;
  States?: Record<string, TaskState>;
  Branches?: { States: Record<string, TaskState> }[];
  Iterator?: { States: Record<string, TaskState> };
  ItemProcessor?: { States: Record<string, TaskState> };
  Seconds?: number;
}

function collectStates(states: Record<string, TaskState>, out: Map<string, TaskState>) {
  for (const [name, s] of Object.entries(states)) {
    out.set(name, s);
    for (const b of s.Branches ?? []) collectStates(b.States, out);
    const inner = s.ItemProcessor ?? s.Iterator;
    if (inner) collectStates(inner.States, out);
  }
}

const LAMBDA_ARN = /^arn:aws[\w-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]+(:[A-Za-z0-9_$-]+)?$/;
const LAMBDA_INVOKE = /^arn:aws[\w-]*:states:::lambda:invoke$/;

export function startExecution(
  ctx: Ctx,
  sm: StateMachineRecord,
  executionArn: string,
  onDone: () => void,
): RunningExecution {
  // Always read the record from the live state: the gateway replaces a service's state when a call rolls back.
  const record = (): ExecutionRecord | undefined => ctx.state.executions[executionArn];
  // A call's ctx.now() is the time of that call; the execution's own events need a clock that moves on.
  const base = ctx.now().getTime();
  const t0 = Date.now();
  const now = () => new Date(base + (Date.now() - t0));
  const execution = structuredClone(record()!);
  const definition = JSON.parse(sm.definition) as StateMachineDefinition & { States: Record<string, TaskState> };
  const states = new Map<string, TaskState>();
  collectStates(definition.States, states);

  const push = (type: string, details: Record<string, unknown> = {}) => {
    const history = record()?.history;
    if (!history) return;
    const id = history.length + 1;
    history.push({ timestamp: now().toISOString(), type, id, previousEventId: id - 1, ...details });
  };
  // PassStateEntered, TaskStateEntered… all carry stateEnteredEventDetails (and …Exited stateExitedEventDetails).
  const detailsKey = (type: string) =>
    type.endsWith('StateEntered')
      ? 'stateEnteredEventDetails'
      : type.endsWith('StateExited')
        ? 'stateExitedEventDetails'
        : `${type[0].toLowerCase()}${type.slice(1)}EventDetails`;
  const event = (type: string, details: Record<string, unknown>) => push(type, { [detailsKey(type)]: details });

  let credentials: Promise<Credentials> | undefined;
  const lambda = async () => {
    credentials ??= ctx.internal.assumeRoleForService(sm.roleArn, 'states.amazonaws.com', sessionName());
    try {
      return new LambdaClient(ctx.sdkConfig(await credentials) as LambdaClientConfig);
    } catch {
      throw new TaskFailure(
        'States.TaskFailed',
        'Neither the global service principal states.amazonaws.com, nor the regional one is authorized to assume the provided role.',
      );
    }
  };
  // Let the interpreter's pending events (StateEntered…) reach the history before the task's own.
  const drain = () => new Promise((r) => setTimeout(r, 0));

  const taskResourceLocalHandlers: Record<string, (input: any) => Promise<any>> = {};
  for (const [name, state] of states) {
    if (state.Type !== 'Task') continue;
    const resource = state.Resource ?? '';
    taskResourceLocalHandlers[name] = async (input) => {
      await drain();
      if (LAMBDA_ARN.test(resource)) return invokeLegacy(resource, input);
      if (LAMBDA_INVOKE.test(resource)) return invokeOptimized(input as Record<string, unknown>);
      // AWS difference: only Lambda tasks run in the sandbox.
      event('TaskFailed', {
        resourceType: 'sandbox',
        resource,
        error: 'Sandbox.UnsupportedIntegration',
        cause: `The Boundary Lab sandbox runs Lambda tasks only; ${resource} is not available.`,
      });
      throw new TaskFailure('Sandbox.UnsupportedIntegration', `The Boundary Lab sandbox runs Lambda tasks only; ${resource} is not available.`);
    };
  }

  async function call(functionName: string, payload: unknown, qualifier?: string) {
    const client = await lambda();
    try {
      return {
        out: await client.send(
          new InvokeCommand({
            FunctionName: functionName,
            Payload: new TextEncoder().encode(JSON.stringify(payload ?? {})),
            ...(qualifier ? { Qualifier: qualifier } : {}),
          }),
        ),
      };
    } catch (e) {
      const err = e as Error & { $metadata?: { httpStatusCode?: number; requestId?: string } };
      const code = err.name;
      const error = code === 'AccessDeniedException' ? 'Lambda.AWSLambdaException' : `Lambda.${code}`;
      const cause = `${err.message} (Service: AWSLambda; Status Code: ${err.$metadata?.httpStatusCode ?? 400}; Error Code: ${code}; Request ID: ${err.$metadata?.requestId ?? crypto.randomUUID()}; Proxy: null)`;
      return { error, cause };
    }
  }

  const decode = (bytes?: Uint8Array) => (bytes && bytes.length ? new TextDecoder().decode(bytes) : 'null');

  async function invokeLegacy(resource: string, input: unknown) {
    event('LambdaFunctionScheduled', { resource, input: JSON.stringify(input), inputDetails: { truncated: false } });
    const r = await call(resource, input);
    if ('error' in r) {
      event('LambdaFunctionFailed', { error: r.error, cause: r.cause });
      throw new TaskFailure(r.error!, r.cause!);
    }
    push('LambdaFunctionStarted');
    const text = decode(r.out.Payload);
    if (r.out.FunctionError) {
      const errorType = safeParse(text)?.errorType ?? 'Lambda.Unknown';
      event('LambdaFunctionFailed', { error: errorType, cause: text });
      throw new TaskFailure(errorType, text);
    }
    event('LambdaFunctionSucceeded', { output: text, outputDetails: { truncated: false } });
    return JSON.parse(text);
  }

  async function invokeOptimized(parameters: Record<string, unknown>) {
    const base = { resourceType: 'lambda', resource: 'invoke' };
    event('TaskScheduled', { ...base, region: ctx.region, parameters: JSON.stringify(parameters) });
    push('TaskStarted', { taskStartedEventDetails: base });
    const r = await call(String(parameters.FunctionName), parameters.Payload, parameters.Qualifier as string | undefined);
    if ('error' in r) {
      event('TaskFailed', { ...base, error: r.error, cause: r.cause });
      throw new TaskFailure(r.error!, r.cause!);
    }
    const text = decode(r.out.Payload);
    if (r.out.FunctionError) {
      const errorType = safeParse(text)?.errorType ?? 'Lambda.Unknown';
      event('TaskFailed', { ...base, error: errorType, cause: text });
      throw new TaskFailure(errorType, text);
    }
    const requestId = r.out.$metadata.requestId ?? crypto.randomUUID();
    const output = {
      ExecutedVersion: r.out.ExecutedVersion ?? '$LATEST',
      Payload: safeParse(text) ?? null,
      SdkHttpMetadata: {
        AllHttpHeaders: { 'X-Amz-Executed-Version': [r.out.ExecutedVersion ?? '$LATEST'], 'x-amzn-RequestId': [requestId] },
        HttpHeaders: { 'X-Amz-Executed-Version': r.out.ExecutedVersion ?? '$LATEST', 'x-amzn-RequestId': requestId },
        HttpStatusCode: r.out.StatusCode ?? 200,
      },
      SdkResponseMetadata: { RequestId: requestId },
      StatusCode: r.out.StatusCode ?? 200,
    };
    event('TaskSucceeded', { ...base, output: JSON.stringify(output), outputDetails: { truncated: false } });
    return output;
  }

  // Wait states and retry intervals follow the emulator's pace (instant in tests).
  const waitTimeOverrides: Record<string, number> = {};
  const retryIntervalOverrides: Record<string, number> = {};
  if (ctx.internal.pace !== 1) {
    for (const [name, state] of states) {
      if (state.Type === 'Wait') waitTimeOverrides[name] = (state.Seconds ?? 0) * 1000 * ctx.internal.pace;
      if (state.Type === 'Task' || state.Type === 'Parallel' || state.Type === 'Map') retryIntervalOverrides[name] = 0;
    }
  }

  event('ExecutionStarted', {
    input: execution.input,
    inputDetails: { truncated: false },
    roleArn: sm.roleArn,
  });
  const run = compile(definition).run(JSON.parse(execution.input), {
    overrides: { taskResourceLocalHandlers, waitTimeOverrides, retryIntervalOverrides },
    noThrowOnAbort: true,
    context: {
      Execution: { Id: execution.executionArn, Name: execution.name, RoleArn: sm.roleArn, StartTime: execution.startDate },
      StateMachine: { Id: sm.stateMachineArn, Name: sm.name },
    },
  });

  let aborted = false;
  void (async () => {
    let failure: { error: string; cause: string } | undefined;
    let timedOut = false;
    for await (const e of run.eventLogs) {
      switch (e.type) {
        case 'StateEntered':
          event(`${e.state.type}StateEntered`, {
            name: e.state.name,
            input: JSON.stringify(e.state.input),
            inputDetails: { truncated: false },
          });
          break;
        case 'StateExited':
          event(`${e.state.type}StateExited`, {
            name: e.state.name,
            output: JSON.stringify(e.state.output ?? null),
            outputDetails: { truncated: false },
          });
          break;
        case 'ExecutionTimeout':
          timedOut = true;
          break;
        case 'ExecutionFailed':
          failure = { error: e.Error, cause: typeof e.Cause === 'string' ? e.Cause : JSON.stringify(e.Cause) };
          break;
        default:
          break;
      }
    }
    let output: unknown;
    try {
      output = await run.result;
    } catch (e) {
      failure ??= { error: (e as Error).name, cause: (e as Error).message };
    }
    const current = record();
    if (aborted || !current || current.status !== 'RUNNING') return;
    current.stopDate = now().toISOString();
    if (timedOut) {
      current.status = 'TIMED_OUT';
      current.error = 'States.Timeout';
      event('ExecutionTimedOut', { error: 'States.Timeout' });
    } else if (failure) {
      current.status = 'FAILED';
      current.error = failure.error;
      current.cause = failure.cause;
      event('ExecutionFailed', { error: failure.error, cause: failure.cause });
    } else {
      current.status = 'SUCCEEDED';
      current.output = JSON.stringify(output ?? null);
      event('ExecutionSucceeded', { output: current.output, outputDetails: { truncated: false } });
    }
  })().finally(onDone);

  return {
    abort() {
      aborted = true;
      run.abort();
    },
  };
}

function safeParse(text: string): any {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Step Functions' role sessions are named with 32 random letters. */
function sessionName(): string {
  const letters = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
  return Array.from(crypto.getRandomValues(new Uint8Array(32)), (b) => letters[b % letters.length]).join('');
}
