/**
 * AWS Step Functions (`states`, awsJson1_0; botocore model `stepfunctions`): state machines and executions.
 * Executions run after StartExecution answers, at the emulator's pace (ctx.internal.schedule), and their
 * Lambda tasks call Lambda through the gateway as the state machine's role (see execution.ts).
 */
import type { OperationContext, ServiceProvider } from '../../core/types';
import {
  asAccessDeniedException,
  executionAlreadyExists,
  executionDoesNotExist,
  invalidArn,
  invalidDefinition,
  invalidExecutionInput,
  invalidName,
  missingRequiredParameter,
  resourceNotFound,
  roleCannotBeAssumed,
  stateMachineAlreadyExists,
  stateMachineDoesNotExist,
} from './errors';
import type { RunningExecution } from './execution';
import {
  describeExecution,
  executionArn,
  initialStatesState,
  isValidName,
  listItem,
  stateMachineArn,
  type ExecutionRecord,
  type StateMachineRecord,
  type StatesState,
} from './model';

type Ctx = OperationContext<StatesState>;

// The interpreter (aws-local-stepfunctions and its ASL schema validator) is the largest piece of the sandbox and only
// the Step Functions lessons use it: it loads on the first definition to validate or execution to run.
const interpreter = () => import('./execution');

const ROLE_ARN = /^arn:aws[\w-]*:iam::\d{12}:role\/.+$/;

function authorize(ctx: Ctx, action: string, resource: string, options?: Parameters<Ctx['authorize']>[2]) {
  try {
    ctx.authorize(action, resource, options);
  } catch (e) {
    throw asAccessDeniedException(e);
  }
}

async function validateDefinition(text: string): Promise<void> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw invalidDefinition(`INVALID_JSON_DESCRIPTION: ${(e as Error).message}`);
  }
  const { compile } = await interpreter();
  try {
    compile(parsed as Parameters<typeof compile>[0]);
  } catch (e) {
    // AWS difference: the wording of schema errors is the validator's (asl-validator), not Step Functions'.
    const detail = String((e as Error).message).replace(/^State machine definition is invalid, see error\(s\) below:\s*/, '');
    throw invalidDefinition(`SCHEMA_VALIDATION_FAILED: ${detail.trim()}`);
  }
}

/** iam:PassRole for the caller, then Step Functions must be able to assume the role. */
async function passRole(ctx: Ctx, roleArn: string, name: string) {
  if (!ROLE_ARN.test(roleArn ?? '')) throw invalidArn(roleArn);
  authorize(ctx, 'iam:PassRole', roleArn, { context: { 'iam:PassedToService': 'states.amazonaws.com' } });
  if (!ctx.internal.getRole(roleArn)) throw roleCannotBeAssumed();
  try {
    await ctx.internal.assumeRoleForService(roleArn, 'states.amazonaws.com', name);
  } catch {
    throw roleCannotBeAssumed();
  }
}

function getStateMachine(ctx: Ctx, arn: string): StateMachineRecord {
  const sm = ctx.state.stateMachines[arn];
  if (!sm) throw stateMachineDoesNotExist(arn);
  return sm;
}

function getExecution(ctx: Ctx, arn: string): ExecutionRecord {
  const e = ctx.state.executions[arn];
  if (!e) throw executionDoesNotExist(arn);
  return e;
}

function page<T>(items: T[], nextToken: string | undefined, max: number | undefined, limit: number) {
  const start = nextToken ? Number(nextToken) || 0 : 0;
  const size = max && max > 0 ? Math.min(max, limit) : 100;
  return { slice: items.slice(start, start + size), next: start + size < items.length ? String(start + size) : undefined };
}

const tagList = (tags: Record<string, string>) => Object.entries(tags).map(([key, value]) => ({ key, value }));

export function createStatesProvider(): ServiceProvider<StatesState> {
  const running = new Map<string, RunningExecution>();

  return {
    name: 'states',
    initialState: initialStatesState,

    resume(ctx) {
      // AWS difference: executions do not survive a reload of the sandbox; they end FAILED.
      for (const e of Object.values(ctx.state.executions)) {
        if (e.status === 'RUNNING' && !running.has(e.executionArn)) {
          e.status = 'FAILED';
          e.error = 'States.Runtime';
          e.cause = 'The sandbox was reloaded while this execution was running.';
          e.stopDate = ctx.now().toISOString();
        }
      }
    },

    operations: {
      async CreateStateMachine(input, ctx) {
        const name: string = input.name;
        if (!isValidName(name)) throw invalidName(name);
        const arn = stateMachineArn(ctx.region, ctx.accountId, name);
        authorize(ctx, 'states:CreateStateMachine', arn);
        await passRole(ctx, input.roleArn, name);
        await validateDefinition(input.definition);
        const existing = ctx.state.stateMachines[arn];
        if (existing) {
          if (existing.definition === input.definition && existing.roleArn === input.roleArn) {
            return { stateMachineArn: arn, creationDate: new Date(existing.creationDate) };
          }
          throw stateMachineAlreadyExists(arn);
        }
        const now = ctx.now();
        ctx.state.stateMachines[arn] = {
          stateMachineArn: arn,
          name,
          definition: input.definition,
          roleArn: input.roleArn,
          type: input.type ?? 'STANDARD',
          creationDate: now.toISOString(),
          revisionId: crypto.randomUUID(),
          loggingConfiguration: input.loggingConfiguration ?? { level: 'OFF', includeExecutionData: false },
          tracingConfiguration: input.tracingConfiguration ?? { enabled: false },
          tags: Object.fromEntries((input.tags ?? []).map((t: { key: string; value: string }) => [t.key, t.value])),
        };
        return { stateMachineArn: arn, creationDate: now };
      },

      DescribeStateMachine(input, ctx) {
        authorize(ctx, 'states:DescribeStateMachine', input.stateMachineArn);
        const sm = getStateMachine(ctx, input.stateMachineArn);
        return {
          stateMachineArn: sm.stateMachineArn,
          name: sm.name,
          status: 'ACTIVE',
          definition: sm.definition,
          roleArn: sm.roleArn,
          type: sm.type,
          creationDate: new Date(sm.creationDate),
          loggingConfiguration: sm.loggingConfiguration,
          tracingConfiguration: sm.tracingConfiguration,
          revisionId: sm.revisionId,
        };
      },

      ListStateMachines(input, ctx) {
        authorize(ctx, 'states:ListStateMachines', '*');
        const all = Object.values(ctx.state.stateMachines).sort((a, b) => (a.name < b.name ? -1 : 1));
        const { slice, next } = page(all, input.nextToken, input.maxResults, 1000);
        return {
          stateMachines: slice.map((sm) => ({
            stateMachineArn: sm.stateMachineArn,
            name: sm.name,
            type: sm.type,
            creationDate: new Date(sm.creationDate),
          })),
          ...(next ? { nextToken: next } : {}),
        };
      },

      async UpdateStateMachine(input, ctx) {
        authorize(ctx, 'states:UpdateStateMachine', input.stateMachineArn);
        const sm = getStateMachine(ctx, input.stateMachineArn);
        if (!input.definition && !input.roleArn && !input.loggingConfiguration && !input.tracingConfiguration) {
          throw missingRequiredParameter();
        }
        if (input.roleArn && input.roleArn !== sm.roleArn) await passRole(ctx, input.roleArn, sm.name);
        if (input.definition) await validateDefinition(input.definition);
        if (input.definition) sm.definition = input.definition;
        if (input.roleArn) sm.roleArn = input.roleArn;
        if (input.loggingConfiguration) sm.loggingConfiguration = input.loggingConfiguration;
        if (input.tracingConfiguration) sm.tracingConfiguration = input.tracingConfiguration;
        const now = ctx.now();
        sm.updateDate = now.toISOString();
        sm.revisionId = crypto.randomUUID();
        return { updateDate: now, revisionId: sm.revisionId };
      },

      DeleteStateMachine(input, ctx) {
        authorize(ctx, 'states:DeleteStateMachine', input.stateMachineArn);
        // Deleting is idempotent; running executions carry on, as in AWS.
        delete ctx.state.stateMachines[input.stateMachineArn];
      },

      StartExecution(input, ctx) {
        authorize(ctx, 'states:StartExecution', input.stateMachineArn);
        const sm = getStateMachine(ctx, input.stateMachineArn);
        const name: string = input.name ?? crypto.randomUUID();
        if (!isValidName(name)) throw invalidName(name);
        const text: string = input.input ?? '{}';
        try {
          JSON.parse(text);
        } catch (e) {
          throw invalidExecutionInput((e as Error).message);
        }
        const arn = executionArn(sm, name);
        if (ctx.state.executions[arn]) throw executionAlreadyExists(arn);
        const startDate = ctx.now();
        const execution: ExecutionRecord = {
          executionArn: arn,
          stateMachineArn: sm.stateMachineArn,
          name,
          status: 'RUNNING',
          startDate: startDate.toISOString(),
          input: text,
          history: [],
        };
        ctx.state.executions[arn] = execution;
        const smSnapshot = structuredClone(sm);
        ctx.internal.schedule(async () => {
          if (ctx.state.executions[arn]?.status !== 'RUNNING') return;
          const { startExecution } = await interpreter();
          if (ctx.state.executions[arn]?.status !== 'RUNNING') return;
          await new Promise<void>((done) => {
            running.set(arn, startExecution(ctx, smSnapshot, arn, done));
          });
          running.delete(arn);
          await ctx.internal.commit();
        });
        return { executionArn: arn, startDate };
      },

      DescribeExecution(input, ctx) {
        authorize(ctx, 'states:DescribeExecution', input.executionArn);
        return describeExecution(getExecution(ctx, input.executionArn));
      },

      ListExecutions(input, ctx) {
        authorize(ctx, 'states:ListExecutions', input.stateMachineArn);
        getStateMachine(ctx, input.stateMachineArn);
        const all = Object.values(ctx.state.executions)
          .filter((e) => e.stateMachineArn === input.stateMachineArn && (!input.statusFilter || e.status === input.statusFilter))
          .sort((a, b) => (a.startDate < b.startDate ? 1 : a.startDate > b.startDate ? -1 : 0));
        const { slice, next } = page(all, input.nextToken, input.maxResults, 1000);
        return { executions: slice.map(listItem), ...(next ? { nextToken: next } : {}) };
      },

      GetExecutionHistory(input, ctx) {
        authorize(ctx, 'states:GetExecutionHistory', input.executionArn);
        const e = getExecution(ctx, input.executionArn);
        let events = e.history.map((h) => ({ ...h, timestamp: new Date(h.timestamp) }));
        if (input.includeExecutionData === false) {
          events = events.map((h) => JSON.parse(JSON.stringify(h, (k, v) => (k === 'input' || k === 'output' ? undefined : v)), (k, v) => (k === 'timestamp' ? new Date(v) : v)));
        }
        if (input.reverseOrder) events.reverse();
        const { slice, next } = page(events, input.nextToken, input.maxResults, 1000);
        return { events: slice, ...(next ? { nextToken: next } : {}) };
      },

      StopExecution(input, ctx) {
        authorize(ctx, 'states:StopExecution', input.executionArn);
        const e = getExecution(ctx, input.executionArn);
        const now = ctx.now();
        if (e.status === 'RUNNING') {
          running.get(e.executionArn)?.abort();
          e.status = 'ABORTED';
          e.stopDate = now.toISOString();
          if (input.error !== undefined) e.error = input.error;
          if (input.cause !== undefined) e.cause = input.cause;
          const id = e.history.length + 1;
          e.history.push({
            timestamp: now.toISOString(),
            type: 'ExecutionAborted',
            id,
            previousEventId: id - 1,
            executionAbortedEventDetails: {
              ...(input.error !== undefined ? { error: input.error } : {}),
              ...(input.cause !== undefined ? { cause: input.cause } : {}),
            },
          });
        }
        return { stopDate: e.stopDate ? new Date(e.stopDate) : now };
      },

      TagResource(input, ctx) {
        authorize(ctx, 'states:TagResource', input.resourceArn);
        const sm = ctx.state.stateMachines[input.resourceArn];
        if (!sm) throw resourceNotFound(input.resourceArn);
        for (const t of input.tags ?? []) sm.tags[t.key] = t.value;
      },

      UntagResource(input, ctx) {
        authorize(ctx, 'states:UntagResource', input.resourceArn);
        const sm = ctx.state.stateMachines[input.resourceArn];
        if (!sm) throw resourceNotFound(input.resourceArn);
        for (const k of input.tagKeys ?? []) delete sm.tags[k];
      },

      ListTagsForResource(input, ctx) {
        authorize(ctx, 'states:ListTagsForResource', input.resourceArn);
        const sm = ctx.state.stateMachines[input.resourceArn];
        if (!sm) throw resourceNotFound(input.resourceArn);
        return { tags: tagList(sm.tags) };
      },
    },
  };
}

export const statesProvider = createStatesProvider();
