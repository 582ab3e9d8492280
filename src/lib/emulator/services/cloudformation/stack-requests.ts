/**
 * What CreateStack, UpdateStack and the change set operations share: reading the template, the condition keys
 * CloudFormation sets, the service role check, and starting a create or an update from a checked request.
 */
import type { OperationContext } from '../../core/types';
import type { StackEngine } from '../../cloudformation/engine';
import { checkTemplate, checkStackRequest } from '../../cloudformation/validate';
import type { ParameterInput } from '../../cloudformation/parameters';
import { MAX_TEMPLATE_BODY } from '../../cloudformation/template';
import { noUpdates, validationError } from './errors';
import type { CloudFormationState, StackRecord, Tag } from './model';

type Ctx = OperationContext<CloudFormationState>;

export interface StackRequestOptions {
  resolveTemplateUrl?: (url: string) => string | undefined | Promise<string | undefined>;
}

/** A create or an update, as CreateStack/UpdateStack or a change set asks for it. */
export interface StackChange {
  body: string;
  parameters?: ParameterInput[];
  capabilities: string[];
  tags?: Tag[];
  notificationArns?: string[];
  /** The role the request named (RoleARN), if any. */
  roleArn?: string;
  disableRollback?: boolean;
  clientRequestToken?: string;
}

export const stackArn = (ctx: Pick<Ctx, 'region' | 'accountId'>, name: string, id = '*') =>
  `arn:aws:cloudformation:${ctx.region}:${ctx.accountId}:stack/${name}/${id}`;

export async function templateBody(input: Record<string, any>, options: StackRequestOptions): Promise<string | undefined> {
  if (input.TemplateBody !== undefined) {
    if (input.TemplateBody.length > MAX_TEMPLATE_BODY) {
      throw validationError(`1 validation error detected: Value '${input.TemplateBody.slice(0, 20)}...' at 'templateBody' failed to satisfy constraint: Member must have length less than or equal to ${MAX_TEMPLATE_BODY}`);
    }
    return input.TemplateBody;
  }
  if (input.TemplateURL !== undefined) {
    const body = await options.resolveTemplateUrl?.(input.TemplateURL);
    if (body === undefined) {
      // AWS difference: the sandbox has no S3 objects; only the URLs the lab registers resolve.
      throw validationError('TemplateURL must reference a valid S3 object to which you have access.');
    }
    return body;
  }
  return undefined;
}

/** Can CloudFormation assume this role (its trust policy names cloudformation.amazonaws.com)? */
async function checkAssumable(ctx: Ctx, roleArn: string) {
  try {
    await ctx.internal.assumeRoleForService(roleArn, 'cloudformation.amazonaws.com', 'AWSCloudFormation');
  } catch {
    throw validationError(`Role ${roleArn} is invalid or cannot be assumed`);
  }
}

/** A role the request names is passed to CloudFormation: iam:PassRole, then the trust check. */
export async function checkPassedRole(ctx: Ctx, roleArn: string | undefined) {
  if (!roleArn) return;
  ctx.authorize('iam:PassRole', roleArn, { context: { 'iam:PassedToService': 'cloudformation.amazonaws.com' } });
  await checkAssumable(ctx, roleArn);
}

/**
 * The role an update runs with. One named in the request is passed (iam:PassRole). Without one, CloudFormation
 * reuses the role the stack already has, and — as in AWS — the caller needs no iam:PassRole for it: a caller with
 * cloudformation:UpdateStack acts with the stack role's permissions, the privilege escalation the workshop teaches.
 */
export async function updateRole(ctx: Ctx, stack: StackRecord, requested: string | undefined): Promise<string | undefined> {
  if (requested) {
    await checkPassedRole(ctx, requested);
    return requested;
  }
  if (stack.RoleARN) await checkAssumable(ctx, stack.RoleARN);
  return stack.RoleARN;
}

/**
 * Condition keys CloudFormation sets for CreateStack, UpdateStack and CreateChangeSet (cloudformation:ResourceTypes
 * carries the request's ResourceTypes parameter, as AWS documents it).
 */
export const requestContext = (input: Record<string, any>) => ({
  context: {
    'cloudformation:TemplateUrl': input.TemplateURL,
    'cloudformation:RoleArn': input.RoleARN,
    'cloudformation:ResourceTypes': input.ResourceTypes?.length ? input.ResourceTypes : undefined,
    ...(input.Tags?.length ? { 'aws:TagKeys': input.Tags.map((t: { Key: string }) => t.Key) } : {}),
    ...Object.fromEntries((input.Tags ?? []).map((t: { Key: string; Value: string }) => [`aws:RequestTag/${t.Key}`, t.Value])),
  },
});

/** Check an update's template and parameters; throws "No updates are to be performed." when nothing changes. */
export function checkUpdate(ctx: Ctx, stack: StackRecord, change: StackChange) {
  const previousParameters = Object.fromEntries(stack.Parameters.map((p) => [p.ParameterKey, p.ParameterValue]));
  const checked = checkStackRequest({
    state: ctx.state, stackId: stack.StackId, stackName: stack.StackName, body: change.body, parameters: change.parameters,
    previousParameters, capabilities: change.capabilities, notificationArns: change.notificationArns ?? stack.NotificationARNs,
    accountId: ctx.accountId, region: ctx.region,
  });
  const sameTemplate = JSON.stringify(checkTemplate(stack.TemplateBody)) === JSON.stringify(checked.template);
  const sameParameters = JSON.stringify(checked.context.parameters.list) === JSON.stringify(stack.Parameters);
  const sameTags = change.tags === undefined || JSON.stringify(change.tags) === JSON.stringify(stack.Tags);
  return { ...checked, unchanged: sameTemplate && sameParameters && sameTags };
}

/** Start an update of `stack` (already authorized and checked) running as the caller, or as `roleArn`. */
export function beginUpdate(ctx: Ctx, engine: StackEngine, stack: StackRecord, change: StackChange, roleArn: string | undefined) {
  const { template, context, unchanged } = checkUpdate(ctx, stack, change);
  if (unchanged) throw noUpdates();
  stack.operation = {
    kind: 'UPDATE', credentials: ctx.callerCredentials, roleArn, clientRequestToken: change.clientRequestToken,
    previous: {
      templateBody: stack.TemplateBody, parameters: stack.Parameters, outputs: stack.Outputs,
      resources: structuredClone(stack.resources), description: stack.Description,
    },
  };
  // An update makes the stack's change sets obsolete: CloudFormation keeps them only until the stack is updated.
  stack.changeSets = [];
  stack.TemplateBody = change.body;
  stack.Description = template.Description;
  stack.Parameters = context.parameters.list;
  stack.Capabilities = change.capabilities;
  if (change.tags !== undefined) stack.Tags = change.tags;
  if (change.roleArn !== undefined) stack.RoleARN = change.roleArn;
  if (change.disableRollback !== undefined) stack.DisableRollback = change.disableRollback;
  engine.begin(stack, 'UPDATE_IN_PROGRESS');
}
