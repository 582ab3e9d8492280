/**
 * The blog's clean-up, in its order: the application stack, sneaky-policy, then the builder-iam stack; then the
 * function's log groups, which the blog leaves behind. Run with an
 * identity that may manage IAM (sandbox: the administrator; live: the learner's own base identity). Idempotent: what
 * is already gone is skipped. It touches only what the workshop created: stacks are recognised by name *and* by the
 * Description our templates give them, the policy by its name and path.
 */
import { DeleteStackCommand } from '@aws-sdk/client-cloudformation';
import {
  DeletePolicyCommand,
  DeletePolicyVersionCommand,
  DetachGroupPolicyCommand,
  DetachRolePolicyCommand,
  DetachUserPolicyCommand,
  GetPolicyCommand,
  ListEntitiesForPolicyCommand,
  ListPolicyVersionsCommand,
} from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { DeleteLogGroupCommand, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import type { AwsClients, CheckResult } from '../checks/types';
import { errorName, findStack } from '../checks/support';
import { runCheck } from '../checks';
import type { Check } from '../../../labs/schema';
import { cleanUpResourcePolicyLesson, RESOURCE_POLICY_LESSON_LEFTOVERS } from './resource-policies';
import { orgize, orgizeLab } from '../../../labs/org';

export type CleanupStatus = 'pending' | 'running' | 'done' | 'skipped' | 'failed';

export interface CleanupStep {
  id: 'terminal-identity' | 'application-stack' | 'sneaky-policy' | 'builder-iam-stack' | 'log-groups' | 'resource-policies' | 'verify';
  label: string;
  status: CleanupStatus;
  detail?: string;
}

export interface CleanupOptions {
  onProgress?: (steps: CleanupStep[]) => void;
  signal?: AbortSignal;
  /** How long to wait for a stack deletion, in ms (AWS: minutes; the sandbox: seconds). */
  patienceMs?: number;
  pollMs?: number;
}

/** The stacks the workshop creates, with the Description its templates give them. */
export const WORKSHOP_STACKS = [
  { id: 'application-stack', name: orgize('builder-application'), description: (d: string) => d === orgize('builder-application') },
  { id: 'builder-iam-stack', name: orgize('builder-iam'), description: (d: string) => d.startsWith(`${orgize('builder-iam')}:`) },
] as const;

/** Lambda writes /aws/lambda/<function name>; CloudFormation names the workshop's function after its stack. */
export const FUNCTION_LOG_GROUPS = orgize('/aws/lambda/builder-application-MyLambdaFunction-');

const VERIFY: Check[] = orgizeLab<Check[]>([
  { kind: 'stackAbsent', stack: 'builder-application', hint: 'Delete the stack, or read why DeleteStack failed in its events.' },
  { kind: 'policyAbsent', policyName: 'sneaky-policy', path: '/application_policies/', hint: 'Delete sneaky-policy.' },
  { kind: 'stackAbsent', stack: 'builder-iam', hint: 'Delete builder-iam with an identity that may manage IAM.' },
  { kind: 'roleAbsent', roleName: 'builder', hint: 'The builder role outlived its stack.' },
  { kind: 'policyAbsent', policyName: 'builder', path: '/builder_policies/', hint: 'The builder policy outlived its stack.' },
  { kind: 'policyAbsent', policyName: 'application-boundary', path: '/permissions_boundaries/', hint: 'The boundary outlived its stack.' },
  { kind: 'pathEmpty', path: '/application_roles/', entity: 'roles', hint: 'Application roles outlived their stack.' },
  { kind: 'logGroupsAbsent', prefix: FUNCTION_LOG_GROUPS, hint: "Delete the function's log groups." },
  ...RESOURCE_POLICY_LESSON_LEFTOVERS,
]);

/** What clean-up does, in order: the panel shows this before the learner presses the button. */
export const CLEANUP_PLAN: { id: CleanupStep['id']; label: string }[] = [
  { id: 'terminal-identity', label: 'Make the terminal stop using the builder role (unset the AWS_ variables)' },
  { id: 'application-stack', label: orgize('Delete the builder-application stack') },
  { id: 'sneaky-policy', label: 'Delete sneaky-policy' },
  { id: 'builder-iam-stack', label: orgize('Delete the builder-iam stack') },
  { id: 'log-groups', label: `Delete the function's log groups (${FUNCTION_LOG_GROUPS}…)` },
  { id: 'resource-policies', label: 'Delete the bucket, role and boundary of the resource-based policies lesson' },
  { id: 'verify', label: 'Verify that nothing of the workshop is left' },
];

export async function cleanUp(clients: AwsClients, opts: CleanupOptions = {}): Promise<{ steps: CleanupStep[]; verification: CheckResult[] }> {
  const steps: CleanupStep[] = CLEANUP_PLAN.filter((p) => p.id !== 'terminal-identity').map((p) => ({ ...p, status: 'pending' }));
  const report = () => opts.onProgress?.(steps.map((s) => ({ ...s })));
  const set = (id: CleanupStep['id'], status: CleanupStatus, detail?: string) => {
    const step = steps.find((s) => s.id === id)!;
    step.status = status;
    step.detail = detail;
    report();
  };
  const account = (await clients.sts.send(new GetCallerIdentityCommand({}))).Account!;
  const run = async (id: CleanupStep['id'], work: () => Promise<{ status: CleanupStatus; detail?: string }>) => {
    set(id, 'running');
    try {
      const r = await work();
      set(id, r.status, r.detail);
    } catch (e) {
      set(id, 'failed', `${errorName(e)}: ${(e as Error).message}`);
    }
  };

  const [app, iam] = WORKSHOP_STACKS;
  await run('application-stack', () => deleteStack(clients, app, opts));
  await run('sneaky-policy', () => deletePolicy(clients, orgize(`arn:aws:iam::${account}:policy/application_policies/sneaky-policy`)));
  await run('builder-iam-stack', () => deleteStack(clients, iam, opts));
  await run('log-groups', () => deleteLogGroups(clients));
  await run('resource-policies', () => cleanUpResourcePolicyLesson(clients, account));

  set('verify', 'running');
  const verification: CheckResult[] = [];
  for (const check of VERIFY) verification.push(await runCheck(check, { auditor: clients, terminal: clients, patienceMs: 0 }));
  const left = verification.filter((v) => !v.pass);
  set('verify', left.length ? 'failed' : 'done', left.length ? left.map((v) => v.summary).join(' ') : "The account holds none of the workshop's resources.");
  return { steps, verification };
}

async function deleteStack(
  clients: AwsClients,
  stack: (typeof WORKSHOP_STACKS)[number],
  opts: CleanupOptions,
): Promise<{ status: CleanupStatus; detail?: string }> {
  const found = await findStack(clients, stack.name);
  if (!found) return { status: 'skipped', detail: `There is no stack named ${stack.name}.` };
  if (!stack.description(found.Description ?? '')) {
    return { status: 'failed', detail: `A stack named ${stack.name} exists but the workshop did not create it (its description is "${found.Description ?? ''}"); left alone.` };
  }
  if (found.StackStatus !== 'DELETE_IN_PROGRESS') await clients.cloudformation.send(new DeleteStackCommand({ StackName: found.StackId ?? stack.name }));
  const patience = opts.patienceMs ?? 10 * 60_000;
  const start = Date.now();
  for (;;) {
    if (opts.signal?.aborted) return { status: 'failed', detail: 'Cancelled.' };
    const now = await findStack(clients, found.StackId!);
    if (!now || now.StackStatus === 'DELETE_COMPLETE') return { status: 'done', detail: `${stack.name} deleted.` };
    if (now.StackStatus === 'DELETE_FAILED') return { status: 'failed', detail: `${stack.name} is DELETE_FAILED: ${now.StackStatusReason ?? ''}` };
    if (Date.now() - start > patience) return { status: 'failed', detail: `${stack.name} is still ${now.StackStatus}; try again later.` };
    await new Promise((r) => setTimeout(r, opts.pollMs ?? 1000));
  }
}

/** The log groups Lambda wrote for the workshop's function, which deleting the stack leaves behind (as in AWS). */
async function deleteLogGroups(clients: AwsClients): Promise<{ status: CleanupStatus; detail?: string }> {
  const names: string[] = [];
  let nextToken: string | undefined;
  do {
    const out = await clients.logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: FUNCTION_LOG_GROUPS, nextToken }));
    names.push(...(out.logGroups ?? []).map((g) => g.logGroupName!));
    nextToken = out.nextToken;
  } while (nextToken);
  if (!names.length) return { status: 'skipped', detail: 'No log group of the workshop is left.' };
  for (const logGroupName of names) await clients.logs.send(new DeleteLogGroupCommand({ logGroupName }));
  return { status: 'done', detail: `Deleted ${names.join(', ')}.` };
}

async function deletePolicy(clients: AwsClients, arn: string): Promise<{ status: CleanupStatus; detail?: string }> {
  try {
    await clients.iam.send(new GetPolicyCommand({ PolicyArn: arn }));
  } catch (e) {
    if (errorName(e) === 'NoSuchEntityException') return { status: 'skipped', detail: 'sneaky-policy does not exist.' };
    throw e;
  }
  const entities = await clients.iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: arn }));
  for (const r of entities.PolicyRoles ?? []) await clients.iam.send(new DetachRolePolicyCommand({ RoleName: r.RoleName, PolicyArn: arn }));
  for (const u of entities.PolicyUsers ?? []) await clients.iam.send(new DetachUserPolicyCommand({ UserName: u.UserName, PolicyArn: arn }));
  for (const g of entities.PolicyGroups ?? []) await clients.iam.send(new DetachGroupPolicyCommand({ GroupName: g.GroupName, PolicyArn: arn }));
  const versions = (await clients.iam.send(new ListPolicyVersionsCommand({ PolicyArn: arn }))).Versions ?? [];
  for (const v of versions) if (!v.IsDefaultVersion) await clients.iam.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: v.VersionId }));
  await clients.iam.send(new DeletePolicyCommand({ PolicyArn: arn }));
  return { status: 'done', detail: `${arn} deleted.` };
}
