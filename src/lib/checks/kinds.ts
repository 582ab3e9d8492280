/**
 * One function per check kind of the lab definition (labs/schema.ts). Each reads AWS through the auditor identity
 * (or, for "who am I", the terminal's), waits where AWS is slow, and returns pass/fail with the evidence it read.
 * The hint comes from the lab definition; a kind adds its own only where it knows more.
 */
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import {
  GetPolicyCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  ListAttachedRolePoliciesCommand,
  ListEntitiesForPolicyCommand,
  ListPoliciesCommand,
  ListPolicyVersionsCommand,
  ListRolesCommand,
} from '@aws-sdk/client-iam';
import { DescribeExecutionCommand, ListExecutionsCommand } from '@aws-sdk/client-sfn';
import { DescribeLogGroupsCommand, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { HeadBucketCommand } from '@aws-sdk/client-s3';
import { DescribeStackEventsCommand, type Stack } from '@aws-sdk/client-cloudformation';
import type { CheckOf, CheckKind } from '../../../labs/schema';
import type { CheckContext, CheckResult, Evidence } from './types';
import { allStackEvents, errorName, fail, findStack, latestStackId, pass, physicalId, poll, stackResources, whileInProgress } from './support';
import { lookup, waitForTrail } from './cloudtrail';
import { s3Kinds } from './s3';

type Params<K extends CheckKind> = Omit<CheckOf<K>, 'kind' | 'hint' | 'label'>;
type Impl<K extends CheckKind> = (p: Params<K>, ctx: CheckContext) => Promise<CheckResult>;

const NOT_FOUND = new Set(['NoSuchEntityException', 'NoSuchEntity', 'ResourceNotFoundException', 'NotFound', 'NoSuchBucket']);

async function exists(fn: () => Promise<unknown>): Promise<boolean> {
  try {
    await fn();
    return true;
  } catch (e) {
    if (NOT_FOUND.has(errorName(e))) return false;
    throw e;
  }
}

async function accountOf(ctx: CheckContext): Promise<string> {
  return (await ctx.auditor.sts.send(new GetCallerIdentityCommand({}))).Account!;
}

function policyArn(account: string, ref: { policyName: string; path: string }): string {
  return `arn:aws:iam::${account}:policy${ref.path}${ref.policyName}`;
}

function substitute(text: string, account: string): string {
  return text.replaceAll('${AWS::AccountId}', account).replaceAll('${AWS::Partition}', 'aws');
}

function sessionPattern(role: string, session?: string): RegExp {
  const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^arn:aws[a-z-]*:sts::\\d{12}:assumed-role/${esc(role)}/${session ? `${esc(session)}$` : '.+'}`);
}

/** A policy document as IAM returns it: URL-encoded JSON. */
function decodeDocument(doc: string | undefined): { Statement?: unknown } {
  if (!doc) return {};
  try {
    return JSON.parse(decodeURIComponent(doc));
  } catch {
    return JSON.parse(doc);
  }
}

function actionMatches(pattern: string, action: string): boolean {
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');
  return re.test(action);
}

async function stateMachineOf(ctx: CheckContext, stack: string, logicalId: string) {
  const resources = await stackResources(ctx.auditor, stack).catch(() => []);
  return physicalId(resources, logicalId);
}

async function latestExecution(ctx: CheckContext, stateMachineArn: string) {
  const list = await ctx.auditor.sfn.send(new ListExecutionsCommand({ stateMachineArn }));
  return [...(list.executions ?? [])].sort((a, b) => new Date(b.startDate!).getTime() - new Date(a.startDate!).getTime())[0];
}

const statusList = (s: string | string[]) => (Array.isArray(s) ? s : [s]);

export const kinds: { [K in CheckKind]: Impl<K> } = {
  ...s3Kinds,
  async stackStatus({ stack, status }, ctx) {
    const want = statusList(status);
    // While CloudFormation works (minutes in AWS), the progress line shows the stack's newest event as it arrives.
    let latest = '';
    const inProgress = (s: Stack | undefined) => !!s && !want.includes(String(s.StackStatus)) && String(s.StackStatus).endsWith('_IN_PROGRESS');
    const now = await whileInProgress(
      ctx,
      () => `Waiting for ${stack} to reach ${want.join(' or ')}${latest ? `; latest event: ${latest}` : ''}`,
      async () => {
        const s = await findStack(ctx.auditor, stack);
        if (inProgress(s)) {
          const e = (await ctx.auditor.cloudformation.send(new DescribeStackEventsCommand({ StackName: stack }))).StackEvents?.[0];
          latest = e ? `${e.LogicalResourceId} ${e.ResourceStatus}` : '';
        }
        return s;
      },
      inProgress,
    );
    if (now && want.includes(String(now.StackStatus))) return pass(`${stack} is ${now.StackStatus}.`, [{ label: `${stack} StackStatus`, value: String(now.StackStatus) }]);
    if (!now) return fail(`There is no stack named ${stack}.`, [], `Create ${stack} with the command in this step.`);
    return fail(
      `${stack} is ${now.StackStatus}, not ${want.join(' or ')}.`,
      [
        { label: `${stack} StackStatus`, value: String(now.StackStatus) },
        ...(now.StackStatusReason ? [{ label: 'StackStatusReason', value: now.StackStatusReason }] : []),
      ],
      `Read its events: aws cloudformation describe-stack-events --stack-name ${stack}`,
    );
  },

  async stackAbsent({ stack, deleted }, ctx) {
    const s = await whileInProgress(ctx, `Waiting for ${stack} to be deleted`, () => findStack(ctx.auditor, stack), (x) => x?.StackStatus === 'DELETE_IN_PROGRESS');
    if (s) {
      return fail(`${stack} still exists (${s?.StackStatus}).`, [{ label: `${stack} StackStatus`, value: String(s?.StackStatus) }], `aws cloudformation delete-stack --stack-name ${stack}`);
    }
    if (deleted) {
      const latest = await latestStackId(ctx.auditor, stack);
      if (latest?.status !== 'DELETE_COMPLETE') return fail(`No stack named ${stack} has been deleted.`, [{ label: stack, value: 'never created' }], '');
      return pass(`${stack} was deleted.`, [{ label: stack, value: `DELETE_COMPLETE (${latest.id})` }]);
    }
    return pass(`There is no stack named ${stack}.`, [{ label: stack, value: 'gone' }]);
  },

  async stackFailedOnCreateRole({ stack, reasonIncludes }, ctx) {
    const found = await whileInProgress(ctx, `Waiting for ${stack} to roll back`, () => latestStackId(ctx.auditor, stack), (x) => !!x && x.status.endsWith('_IN_PROGRESS'));
    const latest = found && /ROLLBACK_COMPLETE|ROLLBACK_FAILED|DELETE_/.test(found.status) ? found : undefined;
    if (!latest) {
      const s = found;
      return fail(s ? `${stack} is ${s.status}; it has not rolled back.` : `No stack named ${stack} was created.`, s ? [{ label: `${stack} StackStatus`, value: s.status }] : [], '');
    }
    const evidence: Evidence[] = [{ label: `${stack} StackStatus`, value: latest.status }];
    const events = await allStackEvents(ctx.auditor, latest.id);
    const denied = events.find(
      (e) => e.ResourceStatus === 'CREATE_FAILED' && /iam:CreateRole/.test(e.ResourceStatusReason ?? '') && (e.ResourceStatusReason ?? '').includes(reasonIncludes),
    );
    if (!denied) {
      const failed = events.filter((e) => e.ResourceStatus === 'CREATE_FAILED').map((e) => `${e.LogicalResourceId}: ${e.ResourceStatusReason}`);
      return fail(`${stack} did not fail on a denied iam:CreateRole.`, [...evidence, ...failed.map((f) => ({ label: 'CREATE_FAILED', value: f }))], '');
    }
    evidence.push({ label: `${denied.LogicalResourceId} CREATE_FAILED`, value: denied.ResourceStatusReason ?? '' });
    return pass(`${stack} rolled back because iam:CreateRole was denied.`, evidence);
  },

  async applicationRolesBounded({ stack, logicalResourceIds, path, permissionsBoundary }, ctx) {
    const boundary = policyArn(await accountOf(ctx), permissionsBoundary);
    const resources = await stackResources(ctx.auditor, stack).catch(() => []);
    const evidence: Evidence[] = [];
    for (const logical of logicalResourceIds) {
      const name = physicalId(resources, logical);
      if (!name) return fail(`${stack} has no ${logical}.`, evidence, '');
      const role = (await ctx.auditor.iam.send(new GetRoleCommand({ RoleName: name }))).Role!;
      const b = role.PermissionsBoundary?.PermissionsBoundaryArn;
      evidence.push({ label: logical, value: `${role.Arn} (permissions boundary: ${b ?? 'none'})` });
      if (role.Path !== path || b !== boundary) return fail(`${logical} is not under ${path} with ${boundary} as its boundary.`, evidence, '');
    }
    return pass(`Every role is under ${path} and has the boundary ${boundary}.`, evidence);
  },

  async roleInlinePolicyAllows({ stack, logicalResourceId, policyName, action }, ctx) {
    const resources = await stackResources(ctx.auditor, stack).catch(() => []);
    const role = physicalId(resources, logicalResourceId);
    if (!role) return fail(`${stack} has no ${logicalResourceId}.`, [], '');
    const out = await ctx.auditor.iam.send(new GetRolePolicyCommand({ RoleName: role, PolicyName: policyName })).catch((e) => e as Error);
    if (out instanceof Error) return fail(`${role} has no inline policy ${policyName}.`, [{ label: 'GetRolePolicy', value: `${errorName(out)}: ${out.message}` }], '');
    const statements = [decodeDocument(out.PolicyDocument).Statement ?? []].flat() as { Effect?: string; Action?: string | string[] }[];
    const allows = statements.some((s) => s.Effect === 'Allow' && [s.Action ?? []].flat().some((a) => actionMatches(a, action)));
    const evidence = [{ label: `${role} / ${policyName}`, value: allows ? `allows ${action}` : `does not allow ${action}` }];
    return allows ? pass(`The role's own policy allows ${action}.`, evidence) : fail(`The role's own policy does not allow ${action}.`, evidence, '');
  },

  async roleExists({ roleName, path, attachedPolicies }, ctx) {
    const account = await accountOf(ctx);
    const role = await ctx.auditor.iam.send(new GetRoleCommand({ RoleName: roleName })).catch((e) => e as Error);
    if (role instanceof Error) {
      if (NOT_FOUND.has(errorName(role))) return fail(`There is no role named ${roleName}.`, [], '');
      throw role;
    }
    const evidence: Evidence[] = [{ label: `role ${roleName}`, value: role.Role!.Arn! }];
    if (role.Role!.Path !== path) return fail(`${roleName} is at ${role.Role!.Path}, not ${path}.`, evidence, '');
    const attached = (await ctx.auditor.iam.send(new ListAttachedRolePoliciesCommand({ RoleName: roleName }))).AttachedPolicies ?? [];
    const have = attached.map((p) => p.PolicyArn!).sort();
    const want = attachedPolicies.map((p) => policyArn(account, p)).sort();
    evidence.push({ label: 'Attached policies', value: have.join(', ') || 'none' });
    if (JSON.stringify(have) !== JSON.stringify(want)) return fail(`${roleName} has other policies attached than ${want.join(', ') || 'none'}.`, evidence, '');
    return pass(`${roleName} exists at ${path} with the expected policies.`, evidence);
  },

  async roleAbsent({ roleName }, ctx) {
    const there = await exists(() => ctx.auditor.iam.send(new GetRoleCommand({ RoleName: roleName })));
    const evidence = [{ label: `role ${roleName}`, value: there ? 'still there' : 'gone' }];
    return there ? fail(`The role ${roleName} still exists.`, evidence, '') : pass(`There is no role named ${roleName}.`, evidence);
  },

  async policyExists(ref, ctx) {
    const arn = policyArn(await accountOf(ctx), ref);
    const out = await ctx.auditor.iam.send(new GetPolicyCommand({ PolicyArn: arn })).catch((e) => e as Error);
    if (out instanceof Error) {
      if (NOT_FOUND.has(errorName(out))) return fail(`There is no policy ${arn}.`, [], '');
      throw out;
    }
    return pass(`${arn} exists.`, [{ label: arn, value: `default ${out.Policy!.DefaultVersionId}, attached ${out.Policy!.AttachmentCount}×` }]);
  },

  async policyAbsent(ref, ctx) {
    const arn = policyArn(await accountOf(ctx), ref);
    const there = await exists(() => ctx.auditor.iam.send(new GetPolicyCommand({ PolicyArn: arn })));
    const evidence = [{ label: arn, value: there ? 'still there' : 'gone' }];
    return there ? fail(`${arn} still exists.`, evidence, '') : pass(`${arn} is gone.`, evidence);
  },

  async policyDefaultVersion({ versionId, versionCount, ...ref }, ctx) {
    const arn = policyArn(await accountOf(ctx), ref);
    const policy = (await ctx.auditor.iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy!;
    const versions = (await ctx.auditor.iam.send(new ListPolicyVersionsCommand({ PolicyArn: arn }))).Versions ?? [];
    const evidence = [{ label: arn, value: `default version ${policy.DefaultVersionId}, ${versions.length} version(s)` }];
    if (policy.DefaultVersionId !== versionId || versions.length !== versionCount) {
      return fail(`${arn} changed: its default version is ${policy.DefaultVersionId} of ${versions.length}.`, evidence, '');
    }
    return pass(`${arn} is unchanged (default ${versionId}).`, evidence);
  },

  async policyAttachedToNothing(ref, ctx) {
    const arn = policyArn(await accountOf(ctx), ref);
    const out = await ctx.auditor.iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: arn }));
    const names = [
      ...(out.PolicyRoles ?? []).map((r) => `role ${r.RoleName}`),
      ...(out.PolicyUsers ?? []).map((u) => `user ${u.UserName}`),
      ...(out.PolicyGroups ?? []).map((g) => `group ${g.GroupName}`),
    ];
    const evidence = [{ label: `${arn} attached to`, value: names.join(', ') || 'nothing' }];
    return names.length ? fail(`${arn} is attached to ${names.join(', ')}.`, evidence, '') : pass(`${arn} is attached to nothing.`, evidence);
  },

  async pathEmpty({ path, entity }, ctx) {
    const names =
      entity === 'roles'
        ? ((await ctx.auditor.iam.send(new ListRolesCommand({ PathPrefix: path }))).Roles ?? []).map((r) => r.Arn!)
        : ((await ctx.auditor.iam.send(new ListPoliciesCommand({ Scope: 'Local', PathPrefix: path }))).Policies ?? []).map((p) => p.Arn!);
    const evidence = [{ label: `${entity} under ${path}`, value: names.join(', ') || 'none' }];
    return names.length ? fail(`${names.length} ${entity} remain under ${path}.`, evidence, '') : pass(`No ${entity} remain under ${path}.`, evidence);
  },

  async callerIsAssumedRole({ role, sessionName }, ctx) {
    let arn: string;
    try {
      arn = (await ctx.terminal.sts.send(new GetCallerIdentityCommand({}))).Arn ?? '';
    } catch (e) {
      return fail(`The terminal's credentials do not work: ${errorName(e)}: ${(e as Error).message}`, [], 'If the session expired, run the assume-role block again.');
    }
    const evidence = [{ label: 'aws sts get-caller-identity → Arn', value: arn }];
    return sessionPattern(role, sessionName).test(arn)
      ? pass(`The terminal is acting as the ${role} role.`, evidence)
      : fail(`The terminal is not acting as the ${role} role.`, evidence, '');
  },

  async callerIsNotAssumedRole({ role }, ctx) {
    const arn = (await ctx.terminal.sts.send(new GetCallerIdentityCommand({}))).Arn ?? '';
    const evidence = [{ label: 'aws sts get-caller-identity → Arn', value: arn }];
    return sessionPattern(role).test(arn) ? fail(`The terminal is still acting as the ${role} role.`, evidence, '') : pass(`The terminal is not the ${role} role.`, evidence);
  },

  async executionOutput({ stack, logicalResourceId, expected }, ctx) {
    const arn = await stateMachineOf(ctx, stack, logicalResourceId);
    if (!arn) return fail(`${stack} has no ${logicalResourceId}.`, [], '');
    const latest = await whileInProgress(ctx, 'Waiting for the latest execution to finish', () => latestExecution(ctx, arn), (e) => e?.status === 'RUNNING');
    const done = latest && latest.status !== 'RUNNING' ? latest : undefined;
    if (!done) return fail('No finished execution yet.', [{ label: 'State machine', value: arn }], '');
    const d = await ctx.auditor.sfn.send(new DescribeExecutionCommand({ executionArn: done.executionArn }));
    const evidence = [{ label: `Execution ${d.name}`, value: `${d.status} → ${d.output ?? d.error ?? ''}` }];
    return d.status === 'SUCCEEDED' && d.output === expected
      ? pass(`The latest execution returned ${expected}.`, evidence)
      : fail(`The latest execution is ${d.status} with output ${d.output ?? '(none)'}.`, evidence, '');
  },

  async executionStatus({ stack, logicalResourceId, status }, ctx) {
    const arn = await stateMachineOf(ctx, stack, logicalResourceId);
    if (!arn) return fail(`${stack} has no ${logicalResourceId}.`, [], '');
    const latest = await whileInProgress(ctx, 'Waiting for the latest execution to finish', () => latestExecution(ctx, arn), (x) => x?.status === 'RUNNING');
    const e = latest && latest.status !== 'RUNNING' ? latest : undefined;
    const evidence = [{ label: 'Latest execution', value: e ? `${e.name}: ${e.status}` : 'none finished' }];
    return e?.status === status ? pass(`The latest execution is ${status}.`, evidence) : fail(`The latest execution is not ${status}.`, evidence, '');
  },

  async functionLogContains({ stack, logicalResourceId, includes }, ctx) {
    const resources = await stackResources(ctx.auditor, stack).catch(() => []);
    const fn = physicalId(resources, logicalResourceId);
    if (!fn) return fail(`${stack} has no ${logicalResourceId}.`, [], '');
    const group = `/aws/lambda/${fn}`;
    const line = await poll({ ...ctx, patienceMs: Math.min(ctx.patienceMs ?? 5_000, 60_000) }, `Waiting for ${group} to show the error (CloudWatch Logs can take seconds)`, async () => {
      const out = await ctx.auditor.logs.send(new FilterLogEventsCommand({ logGroupName: group })).catch((e) => (NOT_FOUND.has(errorName(e)) ? { events: [] } : Promise.reject(e)));
      return (out.events ?? []).map((e) => e.message ?? '').find((m) => includes.every((s) => m.includes(s)));
    });
    if (!line) return fail(`No event in ${group} contains ${includes.map((s) => `"${s}"`).join(' and ')}.`, [{ label: 'Log group', value: group }], '');
    return pass(`${group} shows the denial.`, [{ label: group, value: line.trim() }]);
  },

  async bucketAbsent({ stack, outputKey }, ctx) {
    const s = await findStack(ctx.auditor, stack);
    const bucket = s?.Outputs?.find((o) => o.OutputKey === outputKey)?.OutputValue;
    if (!bucket) return fail(`${stack} has no output ${outputKey}.`, [], '');
    const there = await exists(() => ctx.auditor.s3.send(new HeadBucketCommand({ Bucket: bucket })));
    const evidence = [{ label: `bucket ${bucket}`, value: there ? 'exists' : 'does not exist' }];
    return there ? fail(`The bucket ${bucket} exists.`, evidence, '') : pass(`The bucket ${bucket} was never created.`, evidence);
  },

  async logGroupsAbsent({ prefix }, ctx) {
    const out = await ctx.auditor.logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: prefix }));
    const names = (out.logGroups ?? []).map((g) => g.logGroupName!);
    const evidence = [{ label: `log groups ${prefix}*`, value: names.join(', ') || 'none' }];
    return names.length ? fail(`${names.length} log group(s) remain.`, evidence, '') : pass(`No log group starts with ${prefix}.`, evidence);
  },

  async cloudTrailDenied({ eventSource, eventName, role, errorCode, requestParameters }, ctx) {
    const account = await accountOf(ctx);
    const record = await waitForTrail(ctx, {
      eventName,
      eventSource,
      principal: sessionPattern(role),
      errorCodes: [errorCode],
      requestParameters: requestParameters && Object.fromEntries(Object.entries(requestParameters).map(([k, v]) => [k, substitute(v, account)])),
    });
    if (!record) return fail(`CloudTrail has no ${eventName} by the ${role} role that failed with ${errorCode}.`, [], '');
    return pass(`CloudTrail recorded the ${role} role's ${eventName} as ${record.errorCode}.`, [
      { label: `${eventName} by ${record.principalArn}`, value: `${record.errorCode}: ${record.errorMessage ?? ''}` },
    ]);
  },

  async cloudTrailAllowed({ eventSource, eventName, role, requestParameters }, ctx) {
    const account = await accountOf(ctx);
    const found = await lookup(ctx, {
      eventName,
      eventSource,
      principal: sessionPattern(role),
      errorCodes: [],
      requestParameters: requestParameters && Object.fromEntries(Object.entries(requestParameters).map(([k, v]) => [k, substitute(v, account)])),
    });
    const ok = found.find((r) => !r.errorCode);
    if (!ok) return fail(`CloudTrail has no successful ${eventName} by the ${role} role, so a denial could be broken credentials.`, [], '');
    return pass(`Positive control: the ${role} role's ${eventName} succeeded, so its credentials work.`, [{ label: `${eventName} by ${ok.principalArn}`, value: 'allowed' }]);
  },
};
