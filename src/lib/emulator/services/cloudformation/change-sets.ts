/**
 * Change sets: CreateChangeSet records a proposed create or update with the resource changes it would make;
 * ExecuteChangeSet runs it as CreateStack/UpdateStack would, as the executing caller (or the change set's role, else
 * the stack's — with no iam:PassRole for a role the stack already has, as in AWS). Authorization is on the stack, as
 * for the stack calls, with cloudformation:ChangeSetName.
 */
import type { OperationContext } from '../../core/types';
import type { StackEngine } from '../../cloudformation/engine';
import { checkStackRequest } from '../../cloudformation/validate';
import type { Template } from '../../cloudformation/template';
import { RESOURCE_TYPES } from '../../cloudformation/resources';
import { resolveValue } from '../../cloudformation/intrinsics';
import { changeSetExists, changeSetNotFound, invalidChangeSetStatus, notUpdatable, validationError } from './errors';
import {
  findStack, type ChangeSetRecord, type CloudFormationState, type ResourceChange, type StackRecord,
} from './model';
import {
  beginUpdate, checkPassedRole, checkUpdate, requestContext, stackArn, templateBody, updateRole, type StackChange,
  type StackRequestOptions,
} from './stack-requests';

type Ctx = OperationContext<CloudFormationState>;

const NAME = /^[a-zA-Z][-a-zA-Z0-9]*$/;
const UPDATABLE = new Set(['CREATE_COMPLETE', 'UPDATE_COMPLETE', 'UPDATE_ROLLBACK_COMPLETE']);
const NO_CHANGES = "The submitted information didn't contain changes. Submit different information to create a change set.";

const changeSetsOf = (s: StackRecord) => (s.changeSets ??= []);

/** The change set named (or identified by its ARN), with its stack. */
function findChangeSet(ctx: Ctx, name: string, stackName: string | undefined): { stack: StackRecord; cs: ChangeSetRecord } {
  if (name.startsWith('arn:')) {
    for (const stack of ctx.state.stacks) {
      const cs = stack.changeSets?.find((c) => c.ChangeSetId === name);
      if (cs) return { stack, cs };
    }
    throw changeSetNotFound(name);
  }
  if (!stackName) throw validationError('StackName must be specified if ChangeSetName is not specified as an ARN.');
  const stack = findStack(ctx.state, stackName);
  const cs = stack?.changeSets?.find((c) => c.ChangeSetName === name);
  if (!stack || !cs) throw changeSetNotFound(name);
  return { stack, cs };
}

/** What executing would do to each resource (AWS difference: computed at once, so the change set never waits in CREATE_PENDING). */
function resourceChanges(stack: StackRecord | undefined, template: Template, active: string[], props: (id: string) => Record<string, unknown> | undefined): ResourceChange[] {
  const changes: ResourceChange[] = [];
  const live = (id: string) => stack?.resources[id] && !['DELETE_COMPLETE', 'CREATE_FAILED'].includes(stack.resources[id].ResourceStatus) && stack.resources[id].PhysicalResourceId;
  for (const id of active) {
    const type = template.Resources[id].Type;
    const old = live(id) ? stack!.resources[id] : undefined;
    if (!old) {
      changes.push({ Action: 'Add', LogicalResourceId: id, ResourceType: type, Scope: [], Details: [] });
      continue;
    }
    const now = props(id);
    const replaceOn = RESOURCE_TYPES[type]?.replaceOn ?? [];
    if (now && type === old.ResourceType && JSON.stringify(now) === JSON.stringify(old.properties)) continue;
    const names = now ? [...new Set([...Object.keys(now), ...Object.keys(old.properties)])].filter((k) => JSON.stringify(now[k]) !== JSON.stringify(old.properties[k])) : [];
    const recreate = (k: string) => (replaceOn.includes(k) ? 'Always' : 'Never');
    const replacement = type !== old.ResourceType || names.some((k) => replaceOn.includes(k)) ? 'True' : now ? 'False' : 'Conditional';
    changes.push({
      Action: 'Modify', LogicalResourceId: id, PhysicalResourceId: old.PhysicalResourceId, ResourceType: type, Replacement: replacement,
      Scope: [...new Set(names.map((k) => (k === 'Tags' ? 'Tags' : 'Properties')))],
      Details: names.map((k) => ({
        Target: { Attribute: k === 'Tags' ? 'Tags' : 'Properties', Name: k === 'Tags' ? undefined : k, RequiresRecreation: recreate(k) },
        Evaluation: 'Static', ChangeSource: 'DirectModification',
      })),
    });
  }
  for (const id of Object.keys(stack?.resources ?? {})) {
    if (!active.includes(id) && live(id)) {
      const r = stack!.resources[id];
      changes.push({ Action: 'Remove', LogicalResourceId: id, PhysicalResourceId: r.PhysicalResourceId, ResourceType: r.ResourceType, Scope: [], Details: [] });
    }
  }
  return changes;
}

const summary = (cs: ChangeSetRecord) => ({
  StackId: cs.StackId, StackName: cs.StackName, ChangeSetId: cs.ChangeSetId, ChangeSetName: cs.ChangeSetName,
  ExecutionStatus: cs.ExecutionStatus, Status: cs.Status, StatusReason: cs.StatusReason, CreationTime: cs.CreationTime,
  Description: cs.Description, IncludeNestedStacks: false,
});

/** An executed change set reports how its stack operation ended. */
function settleExecution(stack: StackRecord, cs: ChangeSetRecord) {
  if (cs.ExecutionStatus !== 'EXECUTE_IN_PROGRESS' || stack.StackStatus.endsWith('_IN_PROGRESS')) return;
  cs.ExecutionStatus = ['CREATE_COMPLETE', 'UPDATE_COMPLETE'].includes(stack.StackStatus) ? 'EXECUTE_COMPLETE' : 'EXECUTE_FAILED';
}

export function changeSetOperations(options: StackRequestOptions, engineFor: (ctx: Ctx) => StackEngine) {
  return {
    async CreateChangeSet(input: Record<string, any>, ctx: Ctx) {
      const name: string = input.StackName;
      const csName: string = input.ChangeSetName;
      const type: string = input.ChangeSetType ?? 'UPDATE';
      const body = input.UsePreviousTemplate ? undefined : await templateBody(input, options);
      const existing = findStack(ctx.state, name);
      ctx.authorize('cloudformation:CreateChangeSet', existing?.StackId ?? stackArn(ctx, name), {
        context: { ...requestContext(input).context, 'cloudformation:ChangeSetName': csName },
      });
      if (type === 'IMPORT') throw validationError('ChangeSetType IMPORT is not supported by the sandbox.'); // AWS difference: no resource import
      let stack = existing;
      if (type === 'CREATE') {
        if (stack && stack.StackStatus !== 'REVIEW_IN_PROGRESS') throw validationError(`Stack [${name}] already exists and cannot be created again with the changeSet [${csName}].`);
        if (!NAME.test(name) || name.length > 128) throw validationError(`1 validation error detected: Value '${name}' at 'stackName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]*|arn:[-a-zA-Z0-9:/._+]*`);
      } else if (!stack || stack.StackStatus === 'REVIEW_IN_PROGRESS') throw validationError(`Stack [${name}] does not exist`);
      if (stack?.changeSets?.some((c) => c.ChangeSetName === csName)) throw changeSetExists(csName);
      if (input.UsePreviousTemplate && !stack) throw validationError('UsePreviousTemplate can not be used for stacks that do not exist.');
      const source = body ?? stack?.TemplateBody;
      if (source === undefined) throw validationError('Either Template URL or Template Body must be specified.');
      const stackId = stack?.StackId ?? stackArn(ctx, name, globalThis.crypto.randomUUID());
      const change: StackChange = {
        body: source, parameters: input.Parameters, capabilities: input.Capabilities ?? [], tags: input.Tags,
        notificationArns: input.NotificationARNs, roleArn: input.RoleARN,
      };
      let changes: ResourceChange[];
      let parameters;
      let unchanged = false;
      if (type === 'CREATE') {
        const { template, context } = checkStackRequest({
          state: ctx.state, stackId, stackName: name, body: source, parameters: input.Parameters, capabilities: change.capabilities,
          notificationArns: input.NotificationARNs ?? [], accountId: ctx.accountId, region: ctx.region,
        });
        parameters = context.parameters.list;
        changes = resourceChanges(undefined, template, context.active, () => undefined);
      } else {
        const checked = checkUpdate(ctx, stack!, change);
        unchanged = checked.unchanged;
        parameters = checked.context.parameters.list;
        const rc = checked.context.rc(stack!.resources);
        changes = resourceChanges(stack, checked.template, checked.context.active, (id) => {
          try {
            return (resolveValue(checked.template.Resources[id].Properties ?? {}, rc) ?? {}) as Record<string, unknown>;
          } catch {
            return undefined; // depends on something only the update makes: CloudFormation says Conditional
          }
        });
      }
      if (input.RoleARN) await checkPassedRole(ctx, input.RoleARN);
      if (!stack) {
        stack = {
          StackId: stackId, StackName: name, TemplateBody: source, Parameters: [], CreationTime: ctx.now(),
          StackStatus: 'REVIEW_IN_PROGRESS', StackStatusReason: 'User Initiated', DisableRollback: false, OnFailure: 'ROLLBACK',
          NotificationARNs: [], Capabilities: [], Outputs: [], Tags: input.Tags ?? [], EnableTerminationProtection: false,
          resources: {}, events: [], changeSets: [],
        };
        ctx.state.stacks.push(stack);
        stack.events.push({
          StackId: stackId, EventId: globalThis.crypto.randomUUID(), StackName: name, LogicalResourceId: name, PhysicalResourceId: stackId,
          ResourceType: 'AWS::CloudFormation::Stack', Timestamp: ctx.now(), ResourceStatus: 'REVIEW_IN_PROGRESS', ResourceStatusReason: 'User Initiated',
        });
      }
      // No change to the template, parameters or tags: the change set fails, as CloudFormation's does.
      const empty = unchanged;
      const cs: ChangeSetRecord = {
        ChangeSetId: `arn:aws:cloudformation:${ctx.region}:${ctx.accountId}:changeSet/${csName}/${globalThis.crypto.randomUUID()}`,
        ChangeSetName: csName, ChangeSetType: type as 'CREATE' | 'UPDATE', StackId: stack.StackId, StackName: stack.StackName,
        Description: input.Description, CreationTime: ctx.now(), TemplateBody: source, Parameters: parameters,
        ParametersInput: input.Parameters, Capabilities: change.capabilities, Tags: input.Tags, NotificationARNs: input.NotificationARNs,
        RoleARN: input.RoleARN, OnStackFailure: input.OnStackFailure,
        Status: empty ? 'FAILED' : 'CREATE_COMPLETE', ExecutionStatus: empty ? 'UNAVAILABLE' : 'AVAILABLE',
        StatusReason: empty ? NO_CHANGES : undefined, Changes: empty ? [] : changes,
      };
      changeSetsOf(stack).push(cs);
      return { Id: cs.ChangeSetId, StackId: stack.StackId };
    },

    DescribeChangeSet(input: Record<string, any>, ctx: Ctx) {
      const { stack, cs } = findChangeSet(ctx, input.ChangeSetName, input.StackName);
      ctx.authorize('cloudformation:DescribeChangeSet', stack.StackId, { context: { 'cloudformation:ChangeSetName': cs.ChangeSetName } });
      settleExecution(stack, cs);
      return {
        ...summary(cs), IncludeNestedStacks: false, Parameters: cs.Parameters.length ? cs.Parameters : undefined,
        NotificationARNs: cs.NotificationARNs ?? [], RollbackConfiguration: {}, Capabilities: cs.Capabilities.length ? cs.Capabilities : undefined,
        Tags: cs.Tags, Changes: cs.Changes.map((c) => ({ Type: 'Resource', ResourceChange: { ...c, ChangeSetId: undefined } })),
        OnStackFailure: cs.OnStackFailure,
      };
    },

    ListChangeSets(input: Record<string, any>, ctx: Ctx) {
      const stack = findStack(ctx.state, input.StackName ?? '');
      if (!stack) throw validationError(`Stack [${input.StackName}] does not exist`);
      ctx.authorize('cloudformation:ListChangeSets', stack.StackId);
      for (const cs of stack.changeSets ?? []) settleExecution(stack, cs);
      return { Summaries: (stack.changeSets ?? []).map(summary) };
    },

    DeleteChangeSet(input: Record<string, any>, ctx: Ctx) {
      const { stack, cs } = findChangeSet(ctx, input.ChangeSetName, input.StackName);
      ctx.authorize('cloudformation:DeleteChangeSet', stack.StackId, { context: { 'cloudformation:ChangeSetName': cs.ChangeSetName } });
      settleExecution(stack, cs);
      if (cs.ExecutionStatus === 'EXECUTE_IN_PROGRESS') throw invalidChangeSetStatus(`Cannot delete ChangeSet [${cs.ChangeSetId}] while its execution status is [EXECUTE_IN_PROGRESS]`);
      stack.changeSets = changeSetsOf(stack).filter((c) => c !== cs);
      return {};
    },

    async ExecuteChangeSet(input: Record<string, any>, ctx: Ctx) {
      const { stack, cs } = findChangeSet(ctx, input.ChangeSetName, input.StackName);
      ctx.authorize('cloudformation:ExecuteChangeSet', stack.StackId, { context: { 'cloudformation:ChangeSetName': cs.ChangeSetName } });
      if (cs.Status !== 'CREATE_COMPLETE') throw invalidChangeSetStatus(`ChangeSet [${cs.ChangeSetId}] cannot be executed in its current status of [${cs.Status}]`);
      if (cs.ExecutionStatus !== 'AVAILABLE') throw invalidChangeSetStatus(`ChangeSet [${cs.ChangeSetId}] cannot be executed in its current execution status of [${cs.ExecutionStatus}]`);
      const change: StackChange = {
        body: cs.TemplateBody, parameters: cs.ParametersInput, capabilities: cs.Capabilities, tags: cs.Tags,
        notificationArns: cs.NotificationARNs, roleArn: cs.RoleARN, disableRollback: input.DisableRollback,
        clientRequestToken: input.ClientRequestToken,
      };
      const engine = engineFor(ctx);
      if (cs.ChangeSetType === 'CREATE') {
        if (stack.StackStatus !== 'REVIEW_IN_PROGRESS') throw notUpdatable(stack.StackId, stack.StackStatus);
        const { template, context } = checkStackRequest({
          state: ctx.state, stackId: stack.StackId, stackName: stack.StackName, body: cs.TemplateBody, parameters: cs.ParametersInput,
          capabilities: cs.Capabilities, notificationArns: cs.NotificationARNs ?? [], accountId: ctx.accountId, region: ctx.region,
        });
        const onFailure = cs.OnStackFailure ?? (input.DisableRollback ? 'DO_NOTHING' : 'ROLLBACK');
        Object.assign(stack, {
          TemplateBody: cs.TemplateBody, Description: template.Description, Parameters: context.parameters.list,
          Capabilities: cs.Capabilities, Tags: cs.Tags ?? stack.Tags, NotificationARNs: cs.NotificationARNs ?? [], RoleARN: cs.RoleARN,
          OnFailure: onFailure, DisableRollback: onFailure === 'DO_NOTHING',
        });
        stack.operation = { kind: 'CREATE', credentials: ctx.callerCredentials, roleArn: cs.RoleARN, clientRequestToken: input.ClientRequestToken };
        engine.begin(stack, 'CREATE_IN_PROGRESS');
      } else {
        if (!UPDATABLE.has(stack.StackStatus)) throw notUpdatable(stack.StackId, stack.StackStatus);
        // The change set's role was passed when it was created; otherwise the stack's own role, with no iam:PassRole.
        const roleArn = cs.RoleARN ?? (await updateRole(ctx, stack, undefined));
        beginUpdate(ctx, engine, stack, change, roleArn);
      }
      // Executing a change set deletes the stack's other change sets, which no longer apply.
      stack.changeSets = [cs];
      cs.ExecutionStatus = 'EXECUTE_IN_PROGRESS';
      return {};
    },
  };
}
