/**
 * CloudFormation: stacks from JSON or YAML templates. The API calls check and record; the stack engine
 * (../../cloudformation/engine) then creates, updates or deletes the resources in the background, through the
 * services' SDK clients signed with the caller's credentials (or the stack's RoleARN), so IAM decides as in AWS.
 */
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { IAMClient } from '@aws-sdk/client-iam';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { S3Client } from '@aws-sdk/client-s3';
import { SFNClient } from '@aws-sdk/client-sfn';
import type { OperationContext, SdkClientConfig, ServiceProvider } from '../../core/types';
import { describeStack, page, stackResource, stackResourceDetail, stackResourceSummary, stackSummary } from '../../cloudformation/describe';
import { InFlight, StackEngine } from '../../cloudformation/engine';
import { isNoEcho } from '../../cloudformation/parameters';
import type { ResourceType, ServiceClients } from '../../cloudformation/resources/types';
import { exportsOf } from '../../cloudformation/stack-context';
import { declaredTransforms, requiredCapabilities } from '../../cloudformation/template';
import { checkStackRequest, checkTemplate } from '../../cloudformation/validate';
import {
  alreadyExists, notUpdatable, stackEventsNotFound, stackNotFound, stackResourceStackNotFound, validationError,
} from './errors';
import { changeSetOperations } from './change-sets';
import {
  beginUpdate, checkPassedRole, checkUpdate, requestContext, stackArn, templateBody as readTemplateBody, updateRole,
} from './stack-requests';
import { findStack, initialState, isLive, STACK_STATUSES, type CloudFormationState, type StackRecord } from './model';

type Ctx = OperationContext<CloudFormationState>;

export interface CloudFormationOptions {
  /**
   * Where TemplateURL templates come from (the sandbox has no S3 objects): the template body for a URL, or undefined.
   * The lab maps the blog's template URLs to labs/ templates here.
   */
  resolveTemplateUrl?: (url: string) => string | undefined | Promise<string | undefined>;
  /** Extra or replacement resource types (tests). */
  resourceTypes?: Record<string, ResourceType>;
}

/** Lazily built SDK clients, one per service, sharing one configuration. */
export function serviceClients(config: SdkClientConfig): ServiceClients {
  const cache = new Map<string, unknown>();
  const get = <T>(key: string, make: () => T): T => {
    if (!cache.has(key)) cache.set(key, make());
    return cache.get(key) as T;
  };
  const c = config as any;
  return {
    get iam() { return get('iam', () => new IAMClient(c)); },
    get lambda() { return get('lambda', () => new LambdaClient(c)); },
    get sfn() { return get('sfn', () => new SFNClient(c)); },
    get logs() { return get('logs', () => new CloudWatchLogsClient(c)); },
    get s3() { return get('s3', () => new S3Client({ ...c, forcePathStyle: true })); },
  };
}

const STACK_NAME = /^[a-zA-Z][-a-zA-Z0-9]*$/;
const UPDATABLE = new Set(['CREATE_COMPLETE', 'UPDATE_COMPLETE', 'UPDATE_ROLLBACK_COMPLETE']);

export function createCloudFormationProvider(options: CloudFormationOptions = {}): ServiceProvider<CloudFormationState> {
  const inFlight = new InFlight();
  const engineFor = (ctx: Omit<Ctx, 'caller' | 'operation' | 'requestId' | 'authorize'>) =>
    new StackEngine({
      accountId: ctx.accountId,
      region: ctx.region,
      state: () => ctx.state,
      inFlight,
      commit: () => ctx.internal.commit(),
      // The emulator's clock when the gateway offers one to background work (ctx.now() is the request's time).
      now: () => (ctx.internal as { now?: () => Date }).now?.() ?? new Date(),
      pace: ctx.internal.pace,
      clients: (credentials) => serviceClients(ctx.sdkConfig(credentials)),
      assumeRole: (roleArn) => ctx.internal.assumeRoleForService(roleArn, 'cloudformation.amazonaws.com', 'AWSCloudFormation'),
      schedule: (task) => ctx.internal.schedule(task, 0),
      types: options.resourceTypes,
    });

  const templateBody = (input: Record<string, any>) => readTemplateBody(input, options);

  function liveStack(ctx: Ctx, nameOrId: string | undefined, notFound: (n: string) => Error): StackRecord {
    const s = nameOrId ? findStack(ctx.state, nameOrId) : undefined;
    if (!s) throw notFound(nameOrId ?? '');
    return s;
  }

  return adoptingInFlight({
    name: 'cloudformation',
    initialState,

    resume(ctx) {
      // A load or an import replaced the whole state: finished operations are no longer ours to adopt.
      inFlight.forgetFinished();
      // An operation cut short by a reload carries on from its last recorded step's state: creates and updates
      // roll back, deletes run again (deleting what is already gone succeeds).
      const engine = engineFor(ctx as any);
      for (const s of ctx.state.stacks) if (s.operation && s.StackStatus.endsWith('_IN_PROGRESS')) engine.resume(s.StackId);
    },

    operations: {
      ...changeSetOperations(options, engineFor),

      async CreateStack(input, ctx) {
        const name: string = input.StackName;
        if (!STACK_NAME.test(name) || name.length > 128) {
          throw validationError(`1 validation error detected: Value '${name}' at 'stackName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]*|arn:[-a-zA-Z0-9:/._+]*`);
        }
        const body = await templateBody(input);
        ctx.authorize('cloudformation:CreateStack', stackArn(ctx, name), requestContext(input));
        if (findStack(ctx.state, name)) throw alreadyExists(name);
        if (input.DisableRollback !== undefined && input.OnFailure !== undefined) {
          throw validationError('You cannot specify both DisableRollback and OnFailure.');
        }
        const stackId = stackArn(ctx, name, globalThis.crypto.randomUUID());
        const { template, context } = checkStackRequest({
          state: ctx.state, stackId, stackName: name, body: body!, parameters: input.Parameters,
          capabilities: input.Capabilities ?? [], notificationArns: input.NotificationARNs ?? [],
          accountId: ctx.accountId, region: ctx.region,
        });
        await checkPassedRole(ctx, input.RoleARN);
        // AWS difference: TimeoutInMinutes, NotificationARNs, RollbackConfiguration triggers and stack policies are
        // recorded but have no effect in the sandbox.
        const onFailure = input.OnFailure ?? (input.DisableRollback ? 'DO_NOTHING' : 'ROLLBACK');
        const stack: StackRecord = {
          StackId: stackId,
          StackName: name,
          Description: template.Description,
          TemplateBody: body!,
          Parameters: context.parameters.list,
          CreationTime: ctx.now(),
          StackStatus: 'CREATE_IN_PROGRESS',
          DisableRollback: onFailure === 'DO_NOTHING',
          OnFailure: onFailure,
          NotificationARNs: input.NotificationARNs ?? [],
          TimeoutInMinutes: input.TimeoutInMinutes,
          Capabilities: input.Capabilities ?? [],
          Outputs: [],
          RoleARN: input.RoleARN,
          Tags: input.Tags ?? [],
          EnableTerminationProtection: input.EnableTerminationProtection ?? false,
          resources: {},
          events: [],
          operation: { kind: 'CREATE', credentials: ctx.callerCredentials, roleArn: input.RoleARN, clientRequestToken: input.ClientRequestToken },
        };
        ctx.state.stacks.push(stack);
        engineFor(ctx).begin(stack, 'CREATE_IN_PROGRESS');
        return { StackId: stackId };
      },

      async UpdateStack(input, ctx) {
        const stack = liveStack(ctx, input.StackName, stackEventsNotFound);
        const body = input.UsePreviousTemplate ? stack.TemplateBody : await templateBody(input);
        ctx.authorize('cloudformation:UpdateStack', stack.StackId, requestContext(input));
        if (!UPDATABLE.has(stack.StackStatus)) throw notUpdatable(stack.StackId, stack.StackStatus);
        const change = {
          body: body!, parameters: input.Parameters, capabilities: input.Capabilities ?? [], tags: input.Tags,
          notificationArns: input.NotificationARNs, roleArn: input.RoleARN, disableRollback: input.DisableRollback,
          clientRequestToken: input.ClientRequestToken,
        };
        checkUpdate(ctx, stack, change);
        const roleArn = await updateRole(ctx, stack, input.RoleARN);
        beginUpdate(ctx, engineFor(ctx), stack, change, roleArn);
        return { StackId: stack.StackId };
      },

      async DeleteStack(input, ctx) {
        const stack = findStack(ctx.state, input.StackName);
        ctx.authorize('cloudformation:DeleteStack', stack?.StackId ?? stackArn(ctx, input.StackName), {
          context: { 'cloudformation:RoleArn': input.RoleARN },
        });
        // Deleting a stack that does not exist (or is gone) succeeds, as in AWS.
        if (!stack || !isLive(stack) || stack.StackStatus === 'DELETE_IN_PROGRESS') return {};
        if (stack.StackStatus.endsWith('_IN_PROGRESS') && stack.StackStatus !== 'REVIEW_IN_PROGRESS') {
          // AWS difference: AWS cancels an in-progress create and deletes; the sandbox asks to wait.
          throw validationError(`Stack [${stack.StackName}] cannot be deleted while in status ${stack.StackStatus}`);
        }
        if (stack.EnableTerminationProtection) {
          throw validationError(`Stack [${stack.StackName}] cannot be deleted while TerminationProtection is enabled`);
        }
        const retain: string[] = input.RetainResources ?? [];
        if (retain.length && stack.StackStatus !== 'DELETE_FAILED') {
          throw validationError('Invalid operation on deleting stack: RetainResources can only be specified when the stack is in the DELETE_FAILED state');
        }
        if (input.RoleARN) await checkPassedRole(ctx, input.RoleARN);
        stack.operation = {
          kind: 'DELETE', credentials: ctx.callerCredentials, roleArn: input.RoleARN ?? stack.RoleARN,
          clientRequestToken: input.ClientRequestToken, retainResources: retain,
        };
        engineFor(ctx).begin(stack, 'DELETE_IN_PROGRESS');
        return {};
      },

      DescribeStacks(input, ctx) {
        if (input.StackName) {
          const stack = liveStack(ctx, input.StackName, stackNotFound);
          ctx.authorize('cloudformation:DescribeStacks', stack.StackId);
          return { Stacks: [describeStack(stack)] };
        }
        ctx.authorize('cloudformation:DescribeStacks', '*');
        const live = ctx.state.stacks.filter(isLive).reverse();
        const p = page(live, input.NextToken, 100);
        return { Stacks: p.items.map(describeStack), NextToken: p.next };
      },

      DescribeStackEvents(input, ctx) {
        const stack = liveStack(ctx, input.StackName, stackEventsNotFound);
        ctx.authorize('cloudformation:DescribeStackEvents', stack.StackId);
        const p = page([...stack.events].reverse(), input.NextToken, 100);
        return { StackEvents: p.items, NextToken: p.next };
      },

      DescribeStackResource(input, ctx) {
        const stack = liveStack(ctx, input.StackName, stackResourceStackNotFound);
        ctx.authorize('cloudformation:DescribeStackResource', stack.StackId);
        const r = stack.resources[input.LogicalResourceId];
        if (!r) throw validationError(`Resource ${input.LogicalResourceId} does not exist for stack ${stack.StackName}`);
        return { StackResourceDetail: stackResourceDetail(stack, r) };
      },

      DescribeStackResources(input, ctx) {
        let stack: StackRecord | undefined;
        if (input.StackName) stack = liveStack(ctx, input.StackName, stackNotFound);
        else if (input.PhysicalResourceId) {
          stack = [...ctx.state.stacks].reverse().find((s) => Object.values(s.resources).some((r) => r.PhysicalResourceId === input.PhysicalResourceId));
          if (!stack) throw stackNotFound(input.PhysicalResourceId);
        } else throw validationError('Either StackName or PhysicalResourceId must be specified.');
        ctx.authorize('cloudformation:DescribeStackResources', stack.StackId);
        const resources = Object.values(stack.resources).filter((r) => !input.LogicalResourceId || r.LogicalResourceId === input.LogicalResourceId);
        return { StackResources: resources.map((r) => stackResource(stack!, r)) };
      },

      ListStackResources(input, ctx) {
        const stack = liveStack(ctx, input.StackName, stackNotFound);
        ctx.authorize('cloudformation:ListStackResources', stack.StackId);
        const p = page(Object.values(stack.resources), input.NextToken, 100);
        return { StackResourceSummaries: p.items.map(stackResourceSummary), NextToken: p.next };
      },

      ListStacks(input, ctx) {
        ctx.authorize('cloudformation:ListStacks', '*');
        const filter: string[] | undefined = input.StackStatusFilter?.length ? input.StackStatusFilter : undefined;
        const bad = filter?.filter((f) => !(STACK_STATUSES as readonly string[]).includes(f));
        if (bad?.length) throw validationError(`1 validation error detected: Value '[${bad.join(', ')}]' at 'stackStatusFilter' failed to satisfy constraint: Member must satisfy enum value set: [${STACK_STATUSES.join(', ')}]`);
        const stacks = ctx.state.stacks.filter((s) => !filter || filter.includes(s.StackStatus)).reverse();
        const p = page(stacks, input.NextToken, 100);
        return { StackSummaries: p.items.map(stackSummary), NextToken: p.next };
      },

      GetTemplate(input, ctx) {
        const stack = liveStack(ctx, input.StackName, stackNotFound);
        ctx.authorize('cloudformation:GetTemplate', stack.StackId);
        return { TemplateBody: stack.TemplateBody, StagesAvailable: ['Original', 'Processed'] };
      },

      async ValidateTemplate(input, ctx) {
        ctx.authorize('cloudformation:ValidateTemplate', '*');
        const template = checkTemplate(await templateBody(input));
        const caps = requiredCapabilities(template);
        const transforms = declaredTransforms(template);
        const out: Record<string, unknown> = {
          Parameters: Object.entries(template.Parameters ?? {}).map(([key, p]) => {
            const param: Record<string, unknown> = { ParameterKey: key, NoEcho: isNoEcho(p) };
            if (p.Default !== undefined) param.DefaultValue = Array.isArray(p.Default) ? p.Default.join(',') : String(p.Default);
            if (p.Description !== undefined) param.Description = p.Description;
            return param;
          }),
        };
        if (template.Description !== undefined) out.Description = template.Description;
        if (caps.capability) {
          out.Capabilities = [caps.capability];
          out.CapabilitiesReason = caps.reason;
        } else out.Capabilities = [];
        if (transforms.length) out.DeclaredTransforms = transforms;
        return out;
      },

      ListExports(input, ctx) {
        ctx.authorize('cloudformation:ListExports', '*');
        const all = [...exportsOf(ctx.state)].map(([Name, e]) => ({ ExportingStackId: e.stack.StackId, Name, Value: e.value }));
        const p = page(all, input.NextToken, 100);
        return { Exports: p.items, NextToken: p.next };
      },
    },
  }, (state) => inFlight.adopt(state));
}

/** Every operation first brings in-flight stacks into the state object it was given (and persists it if it changed). */
function adoptingInFlight(
  provider: ServiceProvider<CloudFormationState>,
  adopt: (state: CloudFormationState) => boolean,
): ServiceProvider<CloudFormationState> {
  const operations = Object.fromEntries(Object.entries(provider.operations).map(([name, op]) => [
    name,
    async (input: Record<string, any>, ctx: Ctx) => {
      if (adopt(ctx.state)) await ctx.internal.commit();
      return op(input, ctx);
    },
  ]));
  return { ...provider, operations };
}

export const cloudFormationProvider = createCloudFormationProvider();
