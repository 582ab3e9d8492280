/**
 * The checks the blog's workshop needs. Each reads AWS through the auditor identity (or, for "who am I", the
 * terminal's) and returns pass/fail with the evidence it read and a hint.
 */
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { GetPolicyCommand, GetRoleCommand, ListPolicyVersionsCommand, ListEntitiesForPolicyCommand } from '@aws-sdk/client-iam';
import { ListExecutionsCommand, DescribeExecutionCommand } from '@aws-sdk/client-sfn';
import { FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { HeadBucketCommand } from '@aws-sdk/client-s3';
import { GetFunctionConfigurationCommand } from '@aws-sdk/client-lambda';
import type { Check, CheckContext, Evidence } from './types';
import { allStackEvents, errorName, fail, findStack, latestStackId, pass, physicalId, poll, stackResources } from './support';
import { waitForTrail, lookup } from './cloudtrail';

const BUILDER_SESSION = /^arn:aws[a-z-]*:sts::\d{12}:assumed-role\/builder\/.+/;

async function account(ctx: CheckContext): Promise<string> {
  const me = await ctx.auditor.sts.send(new GetCallerIdentityCommand({}));
  return me.Account!;
}

async function iamExists(fn: () => Promise<unknown>): Promise<boolean> {
  try {
    await fn();
    return true;
  } catch (e) {
    if (errorName(e) === 'NoSuchEntityException' || errorName(e) === 'NoSuchEntity') return false;
    throw e;
  }
}

/** A stack reached a status; for CREATE_COMPLETE an UPDATE_COMPLETE also counts (the stack was created). */
export const stackStatus: Check<{ stack: string; status: string[] }> = async ({ stack, status }, ctx) => {
  const s = await poll(ctx, `Waiting for ${stack} to reach ${status.join(' or ')}`, async () => {
    const found = await findStack(ctx.auditor, stack);
    return found && status.includes(String(found.StackStatus)) ? found : undefined;
  });
  if (s) return pass(`${stack} is ${s.StackStatus}.`, [{ label: 'StackStatus', value: String(s.StackStatus) }]);
  const now = await findStack(ctx.auditor, stack);
  return fail(
    now ? `${stack} is ${now.StackStatus}, not ${status.join(' or ')}.` : `There is no stack named ${stack}.`,
    now ? [{ label: 'StackStatus', value: String(now.StackStatus) }, { label: 'StackStatusReason', value: now.StackStatusReason ?? '' }] : [],
    now ? `Read the stack's events: aws cloudformation describe-stack-events --stack-name ${stack}` : `Create the stack with the command in this step.`,
  );
};

/** builder-iam is complete and holds the builder role, the builder policy and the boundary. */
export const builderIamReady: Check<Record<string, never>> = async (_p, ctx) => {
  const stack = await stackStatus({ stack: 'builder-iam', status: ['CREATE_COMPLETE', 'UPDATE_COMPLETE'] }, ctx);
  if (!stack.pass) return stack;
  const acct = await account(ctx);
  const evidence: Evidence[] = [...stack.evidence];
  const missing: string[] = [];
  const things: [string, () => Promise<unknown>][] = [
    ['role builder', () => ctx.auditor.iam.send(new GetRoleCommand({ RoleName: 'builder' }))],
    [`policy arn:aws:iam::${acct}:policy/builder_policies/builder`, () => ctx.auditor.iam.send(new GetPolicyCommand({ PolicyArn: `arn:aws:iam::${acct}:policy/builder_policies/builder` }))],
    [
      `policy arn:aws:iam::${acct}:policy/permissions_boundaries/application-boundary`,
      () => ctx.auditor.iam.send(new GetPolicyCommand({ PolicyArn: `arn:aws:iam::${acct}:policy/permissions_boundaries/application-boundary` })),
    ],
  ];
  for (const [label, get] of things) {
    const ok = await iamExists(get);
    evidence.push({ label, value: ok ? 'present' : 'missing' });
    if (!ok) missing.push(label);
  }
  if (missing.length) return fail(`builder-iam is complete but ${missing.join(', ')} is missing.`, evidence, 'Delete builder-iam and create it again from labs/builder-iam.json.');
  return pass('builder-iam is complete with the builder role, the builder policy and the application-boundary.', evidence);
};

/** The terminal is using a builder role session (the most common way workshops go wrong). */
export const terminalIsBuilder: Check<Record<string, never>> = async (_p, ctx) => {
  let arn: string;
  try {
    arn = (await ctx.terminal.sts.send(new GetCallerIdentityCommand({}))).Arn ?? '';
  } catch (e) {
    return fail(`The terminal's credentials don't work: ${(e as Error).message}`, [], 'If the session expired, run the assume-role block again.');
  }
  const evidence = [{ label: 'aws sts get-caller-identity → Arn', value: arn }];
  if (BUILDER_SESSION.test(arn)) return pass('The terminal is acting as the builder role.', evidence);
  return fail('The terminal is not acting as the builder role.', evidence, 'Run the assume-role block of "Assume the builder role" in this terminal, then aws sts get-caller-identity.');
};

/** builder-application (template 1) failed and rolled back because iam:CreateRole was denied outside /application_roles/. */
export const applicationDeniedCreateRole: Check<Record<string, never>> = async (_p, ctx) => {
  const latest = await poll(ctx, 'Waiting for builder-application to roll back', async () => {
    const s = await latestStackId(ctx.auditor, 'builder-application');
    return s && /ROLLBACK_COMPLETE|DELETE_/.test(s.status) ? s : undefined;
  });
  if (!latest) {
    const s = await latestStackId(ctx.auditor, 'builder-application');
    return fail(s ? `builder-application is ${s.status}.` : 'No builder-application stack was created.', [], 'Create the stack from labs/builder-application-1.yml as the builder, and wait for it to roll back.');
  }
  const events = await allStackEvents(ctx.auditor, latest.id);
  const denied = events.find(
    (e) =>
      e.ResourceStatus === 'CREATE_FAILED' &&
      /not authorized to perform: iam:CreateRole on resource: arn:aws[a-z-]*:iam::\d{12}:role\/(?!application_roles\/)/.test(e.ResourceStatusReason ?? ''),
  );
  const evidence = [{ label: 'Stack status', value: latest.status }];
  if (!denied) return fail('The stack did not fail on a denied iam:CreateRole.', evidence, 'Create builder-application from labs/builder-application-1.yml with the builder role assumed.');
  evidence.push({ label: `${denied.LogicalResourceId} CREATE_FAILED`, value: denied.ResourceStatusReason ?? '' });
  return pass('The builder could not create a role outside /application_roles/ without the boundary, so the stack rolled back.', evidence);
};

/** builder-application is up and both roles are under /application_roles/ with the boundary. */
export const applicationRolesBounded: Check<{ status?: string[] }> = async ({ status }, ctx) => {
  const stack = await stackStatus({ stack: 'builder-application', status: status ?? ['CREATE_COMPLETE', 'UPDATE_COMPLETE'] }, ctx);
  if (!stack.pass) return stack;
  const acct = await account(ctx);
  const boundary = `arn:aws:iam::${acct}:policy/permissions_boundaries/application-boundary`;
  const resources = await stackResources(ctx.auditor, 'builder-application');
  const evidence: Evidence[] = [...stack.evidence];
  for (const logical of ['MyLambdaFunctionExecutionRole', 'MyStateMachineExecutionRole']) {
    const name = physicalId(resources, logical);
    if (!name) return fail(`The stack has no ${logical}.`, evidence, 'Use labs/builder-application-2.yml.');
    const role = (await ctx.auditor.iam.send(new GetRoleCommand({ RoleName: name }))).Role!;
    const b = role.PermissionsBoundary?.PermissionsBoundaryArn;
    evidence.push({ label: logical, value: `${role.Arn} (boundary: ${b ?? 'none'})` });
    if (role.Path !== '/application_roles/' || b !== boundary) {
      return fail(`${logical} is not under /application_roles/ with the application-boundary.`, evidence, 'Use labs/builder-application-2.yml.');
    }
  }
  return pass('Both application roles are under /application_roles/ and carry the application-boundary.', evidence);
};

async function stateMachineArn(ctx: CheckContext): Promise<string | undefined> {
  const resources = await stackResources(ctx.auditor, 'builder-application').catch(() => []);
  return physicalId(resources, 'MyStateMachine');
}

/** An execution of the app's state machine returned "Hello Builder!". */
export const executionOutput: Check<{ output: string }> = async ({ output }, ctx) => {
  const arn = await stateMachineArn(ctx);
  if (!arn) return fail('builder-application has no state machine.', [], 'Launch builder-application from labs/builder-application-2.yml first.');
  const found = await poll(ctx, 'Waiting for an execution to finish', async () => {
    const list = await ctx.auditor.sfn.send(new ListExecutionsCommand({ stateMachineArn: arn, statusFilter: 'SUCCEEDED' }));
    for (const e of list.executions ?? []) {
      const d = await ctx.auditor.sfn.send(new DescribeExecutionCommand({ executionArn: e.executionArn }));
      if (d.output === output) return d;
    }
    return undefined;
  });
  if (found) return pass(`An execution returned ${output}.`, [{ label: found.executionArn!, value: `${found.status} → ${found.output}` }]);
  return fail(`No execution has returned ${output} yet.`, [{ label: 'State machine', value: arn }], 'Start an execution with aws stepfunctions start-execution, then describe it.');
};

/** The latest execution failed and the function's log shows the boundary denying s3:CreateBucket; no bucket exists. */
export const boundaryDeniedCreateBucket: Check<Record<string, never>> = async (_p, ctx) => {
  const stack = await stackStatus({ stack: 'builder-application', status: ['UPDATE_COMPLETE'] }, ctx);
  if (!stack.pass) return { ...stack, hint: 'Update builder-application with labs/builder-application-3.yml as the builder.' };
  const arn = await stateMachineArn(ctx);
  const resources = await stackResources(ctx.auditor, 'builder-application');
  const fn = physicalId(resources, 'MyLambdaFunction');
  const list = await ctx.auditor.sfn.send(new ListExecutionsCommand({ stateMachineArn: arn }));
  const latest = [...(list.executions ?? [])].sort((a, b) => new Date(b.startDate!).getTime() - new Date(a.startDate!).getTime())[0];
  const evidence: Evidence[] = [...stack.evidence, { label: 'Latest execution', value: latest ? `${latest.name}: ${latest.status}` : 'none' }];
  if (latest?.status !== 'FAILED') return fail('The latest execution did not fail.', evidence, 'Start a new execution after the update completes.');
  const logs = await ctx.auditor.logs.send(new FilterLogEventsCommand({ logGroupName: `/aws/lambda/${fn}`, filterPattern: '"AccessDenied"' }));
  const line = (logs.events ?? []).map((e) => e.message ?? '').find((m) => /s3:CreateBucket/.test(m) && /because no permissions boundary allows/.test(m));
  if (!line) return fail("The function's log has no AccessDenied for s3:CreateBucket from the boundary.", evidence, `Read the log: aws logs filter-log-events --log-group-name /aws/lambda/${fn}`);
  evidence.push({ label: 'Log line', value: line.trim() });
  const config = await ctx.auditor.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: fn }));
  const bucket = config.Environment?.Variables?.BUCKET_NAME;
  if (bucket) {
    const exists = await ctx.auditor.s3.send(new HeadBucketCommand({ Bucket: bucket })).then(
      () => true,
      (e) => (['NotFound', 'NoSuchBucket'].includes(errorName(e)) ? false : Promise.reject(e)),
    );
    evidence.push({ label: `Bucket ${bucket}`, value: exists ? 'exists' : 'does not exist' });
    if (exists) return fail('The bucket exists: the boundary did not stop the function.', evidence, 'Check the boundary attached to the Lambda role.');
  }
  return pass('The boundary denied s3:CreateBucket although the role policy allowed it.', evidence);
};

/** CreatePolicyVersion on the builder policy was denied for the builder session, and the policy is unchanged. */
export const builderPolicyUnchanged: Check<Record<string, never>> = async (_p, ctx) => {
  const acct = await account(ctx);
  const policyArn = `arn:aws:iam::${acct}:policy/builder_policies/builder`;
  const denial = await waitForTrail(ctx, { eventName: 'CreatePolicyVersion', principal: BUILDER_SESSION, denied: true });
  const evidence: Evidence[] = [];
  if (!denial) return fail('CloudTrail has no denied CreatePolicyVersion by the builder.', evidence, 'Run the create-policy-version command of this step as the builder.');
  evidence.push({ label: 'CloudTrail CreatePolicyVersion', value: `${denial.errorCode}: ${denial.errorMessage ?? ''}` });
  const positive = await lookup(ctx, { eventName: 'GetPolicyVersion', principal: BUILDER_SESSION, denied: false });
  evidence.push({ label: 'Positive control: GetPolicyVersion by the builder', value: positive.length ? 'allowed' : 'not seen' });
  if (!positive.length) return fail('No allowed call by the builder session was seen, so the denial may be broken credentials.', evidence, 'Run the get-policy-version command of this step as the builder.');
  const policy = (await ctx.auditor.iam.send(new GetPolicyCommand({ PolicyArn: policyArn }))).Policy!;
  const versions = (await ctx.auditor.iam.send(new ListPolicyVersionsCommand({ PolicyArn: policyArn }))).Versions ?? [];
  evidence.push({ label: 'Default version', value: `${policy.DefaultVersionId} (${versions.length} version${versions.length === 1 ? '' : 's'})` });
  if (policy.DefaultVersionId !== 'v1' || versions.length !== 1) return fail('The builder policy changed.', evidence, 'Someone with more rights changed it: recreate builder-iam.');
  return pass('The builder could not change its own policy.', evidence);
};

/** sneaky-policy exists under /application_policies/, is attached to nothing, and the attach was denied. */
export const sneakyPolicyDetached: Check<Record<string, never>> = async (_p, ctx) => {
  const acct = await account(ctx);
  const arn = `arn:aws:iam::${acct}:policy/application_policies/sneaky-policy`;
  const evidence: Evidence[] = [];
  let policy;
  try {
    policy = (await ctx.auditor.iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy!;
  } catch (e) {
    if (errorName(e) === 'NoSuchEntityException') return fail('There is no sneaky-policy under /application_policies/.', evidence, 'Create it with aws iam create-policy as this step shows.');
    throw e;
  }
  evidence.push({ label: 'Positive control: sneaky-policy created', value: `${policy.Arn} (AttachmentCount ${policy.AttachmentCount})` });
  const entities = await ctx.auditor.iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: arn }));
  const attached = [...(entities.PolicyRoles ?? []), ...(entities.PolicyUsers ?? []), ...(entities.PolicyGroups ?? [])].length;
  if (attached > 0) return fail('sneaky-policy is attached to something.', evidence, 'It must not be: detach it with an administrator identity.');
  const denial = await waitForTrail(ctx, { eventName: 'AttachRolePolicy', principal: BUILDER_SESSION, denied: true });
  if (!denial) return fail('CloudTrail has no denied AttachRolePolicy by the builder.', evidence, 'Run the attach-role-policy command of this step as the builder.');
  evidence.push({ label: 'CloudTrail AttachRolePolicy', value: `${denial.errorCode}: ${denial.errorMessage ?? ''}` });
  return pass('The builder could create sneaky-policy but not attach it to its own role.', evidence);
};

/** None of the workshop's resources remain. */
export const cleanedUp: Check<Record<string, never>> = async (_p, ctx) => {
  const acct = await account(ctx);
  const evidence: Evidence[] = [];
  const left: string[] = [];
  for (const name of ['builder-application', 'builder-iam']) {
    const s = await findStack(ctx.auditor, name);
    evidence.push({ label: `stack ${name}`, value: s ? String(s.StackStatus) : 'gone' });
    if (s) left.push(`stack ${name}`);
  }
  const iam: [string, () => Promise<unknown>][] = [
    ['sneaky-policy', () => ctx.auditor.iam.send(new GetPolicyCommand({ PolicyArn: `arn:aws:iam::${acct}:policy/application_policies/sneaky-policy` }))],
    ['role builder', () => ctx.auditor.iam.send(new GetRoleCommand({ RoleName: 'builder' }))],
    ['policy builder', () => ctx.auditor.iam.send(new GetPolicyCommand({ PolicyArn: `arn:aws:iam::${acct}:policy/builder_policies/builder` }))],
  ];
  for (const [label, get] of iam) {
    const ok = await iamExists(get);
    evidence.push({ label, value: ok ? 'still there' : 'gone' });
    if (ok) left.push(label);
  }
  if (left.length) return fail(`Still there: ${left.join(', ')}.`, evidence, 'Run the clean-up steps in order; builder-iam must be deleted with the administrator identity.');
  return pass('The account holds none of the workshop\'s resources.', evidence);
};
