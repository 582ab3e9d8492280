import { describe, it, expect } from 'vitest';
import { runCheck } from './index';
import type { AwsClients, CheckContext } from './types';
import type { Check } from '../../../labs/schema';

const ACCT = '123456789012';
const BUILDER = `arn:aws:sts::${ACCT}:assumed-role/builder/builder-test`;

/** Fake clients answering by command name, so the checks' real logic runs against canned AWS answers. */
function fake(answers: Record<string, (input: any) => unknown>): AwsClients {
  const client = {
    async send(command: { constructor: { name: string }; input: unknown }) {
      const name = command.constructor.name.replace(/Command$/, '');
      const answer = answers[name];
      if (!answer) throw Object.assign(new Error(`unexpected ${name}`), { name: 'UnexpectedCall' });
      return answer(command.input);
    },
  };
  return { sts: client, iam: client, cloudformation: client, sfn: client, logs: client, cloudtrail: client, s3: client, lambda: client } as unknown as AwsClients;
}

const noSuchEntity = () => {
  throw Object.assign(new Error('cannot be found.'), { name: 'NoSuchEntityException' });
};
const whoami = () => ({ Account: ACCT, Arn: `arn:aws:iam::${ACCT}:user/admin` });
const ctx = (auditor: AwsClients, terminal: AwsClients = auditor): CheckContext => ({ auditor, terminal, patienceMs: 0, pollMs: 1 });
const check = (c: Record<string, unknown>) => ({ hint: 'lab hint', ...c }) as Check;

describe('callerIsAssumedRole', () => {
  const c = check({ kind: 'callerIsAssumedRole', role: 'builder' });
  it('passes for a builder role session and shows the ARN', async () => {
    const r = await runCheck(c, ctx(fake({ GetCallerIdentity: () => ({ Arn: BUILDER }) })));
    expect(r.pass).toBe(true);
    expect(r.evidence[0].value).toBe(BUILDER);
  });
  it('fails with the lab hint while the terminal is the administrator', async () => {
    const r = await runCheck(c, ctx(fake({ GetCallerIdentity: whoami })));
    expect(r).toMatchObject({ pass: false, hint: 'lab hint' });
  });
  it('does not take a role merely named like builder for the builder', async () => {
    const r = await runCheck(c, ctx(fake({ GetCallerIdentity: () => ({ Arn: `arn:aws:sts::${ACCT}:assumed-role/builder-admin/x` }) })));
    expect(r.pass).toBe(false);
  });
  it('checks the session name when the lab gives one', async () => {
    const r = await runCheck(check({ kind: 'callerIsAssumedRole', role: 'builder', sessionName: 'other' }), ctx(fake({ GetCallerIdentity: () => ({ Arn: BUILDER }) })));
    expect(r.pass).toBe(false);
  });
});

describe('stackStatus and stackAbsent', () => {
  const missing = () => {
    throw Object.assign(new Error('Stack with id builder-iam does not exist'), { name: 'ValidationError' });
  };
  it('accepts any of several statuses', async () => {
    const r = await runCheck(check({ kind: 'stackStatus', stack: 'builder-iam', status: ['CREATE_COMPLETE', 'UPDATE_COMPLETE'] }), ctx(fake({ DescribeStacks: () => ({ Stacks: [{ StackStatus: 'UPDATE_COMPLETE' }] }) })));
    expect(r.pass).toBe(true);
  });
  it('fails when the stack does not exist, as CloudFormation words it', async () => {
    const r = await runCheck(check({ kind: 'stackStatus', stack: 'builder-iam', status: 'CREATE_COMPLETE' }), ctx(fake({ DescribeStacks: missing })));
    expect(r).toMatchObject({ pass: false, summary: 'There is no stack named builder-iam.' });
  });
  it('shows the status reason of a stack in another state', async () => {
    const r = await runCheck(
      check({ kind: 'stackStatus', stack: 'builder-iam', status: 'CREATE_COMPLETE' }),
      ctx(fake({ DescribeStacks: () => ({ Stacks: [{ StackStatus: 'ROLLBACK_COMPLETE', StackStatusReason: 'The following resource(s) failed to create: [BuilderRole].' }] }) })),
    );
    expect(r.pass).toBe(false);
    expect(r.evidence.map((e) => e.value)).toContain('The following resource(s) failed to create: [BuilderRole].');
  });
  it('stackAbsent passes only when the stack is gone', async () => {
    expect((await runCheck(check({ kind: 'stackAbsent', stack: 'builder-iam' }), ctx(fake({ DescribeStacks: missing })))).pass).toBe(true);
    expect((await runCheck(check({ kind: 'stackAbsent', stack: 'builder-iam' }), ctx(fake({ DescribeStacks: () => ({ Stacks: [{ StackStatus: 'DELETE_IN_PROGRESS' }] }) })))).pass).toBe(false);
  });
});

describe('stackFailedOnCreateRole', () => {
  const reason = `Resource handler returned message: "User: ${BUILDER} is not authorized to perform: iam:CreateRole on resource: arn:aws:iam::${ACCT}:role/builder-application-MyLambdaFunctionExecutionRole-ABC because no identity-based policy allows the iam:CreateRole action (Service: Iam, Status Code: 403, Request ID: x)"`;
  const answers = (r: string) => ({
    ListStacks: () => ({ StackSummaries: [{ StackName: 'builder-application', StackId: 'id-1', StackStatus: 'ROLLBACK_COMPLETE', CreationTime: new Date() }] }),
    DescribeStackEvents: () => ({ StackEvents: [{ LogicalResourceId: 'MyLambdaFunctionExecutionRole', ResourceStatus: 'CREATE_FAILED', ResourceStatusReason: r }] }),
  });
  const c = check({ kind: 'stackFailedOnCreateRole', stack: 'builder-application', reasonIncludes: 'because no identity-based policy allows the iam:CreateRole action' });
  it('passes on the CreateRole denial and shows the reason', async () => {
    const r = await runCheck(c, ctx(fake(answers(reason))));
    expect(r.pass).toBe(true);
    expect(r.evidence[1].value).toBe(reason);
  });
  it('fails when the stack failed for another reason', async () => {
    expect((await runCheck(c, ctx(fake(answers('Resource creation cancelled'))))).pass).toBe(false);
  });
});

describe('policy checks', () => {
  const ref = { policyName: 'builder', path: '/builder_policies/' };
  it('policyDefaultVersion passes for v1 of 1 and fails when a version was added', async () => {
    const answers = (n: number) => ({
      GetCallerIdentity: whoami,
      GetPolicy: (i: any) => {
        expect(i.PolicyArn).toBe(`arn:aws:iam::${ACCT}:policy/builder_policies/builder`);
        return { Policy: { DefaultVersionId: `v${n}` } };
      },
      ListPolicyVersions: () => ({ Versions: Array.from({ length: n }, (_, i) => ({ VersionId: `v${i + 1}` })) }),
    });
    const c = check({ kind: 'policyDefaultVersion', ...ref, versionId: 'v1', versionCount: 1 });
    expect((await runCheck(c, ctx(fake(answers(1))))).pass).toBe(true);
    expect((await runCheck(c, ctx(fake(answers(2))))).pass).toBe(false);
  });
  it('policyAttachedToNothing names what it is attached to', async () => {
    const r = await runCheck(
      check({ kind: 'policyAttachedToNothing', policyName: 'sneaky-policy', path: '/application_policies/' }),
      ctx(fake({ GetCallerIdentity: whoami, ListEntitiesForPolicy: () => ({ PolicyRoles: [{ RoleName: 'builder' }] }) })),
    );
    expect(r).toMatchObject({ pass: false, summary: `arn:aws:iam::${ACCT}:policy/application_policies/sneaky-policy is attached to role builder.` });
  });
  it('policyAbsent and roleAbsent read NoSuchEntity as gone', async () => {
    const a = fake({ GetCallerIdentity: whoami, GetPolicy: noSuchEntity, GetRole: noSuchEntity });
    expect((await runCheck(check({ kind: 'policyAbsent', policyName: 'sneaky-policy', path: '/application_policies/' }), ctx(a))).pass).toBe(true);
    expect((await runCheck(check({ kind: 'roleAbsent', roleName: 'builder' }), ctx(a))).pass).toBe(true);
  });
  it('roleInlinePolicyAllows reads the URL-encoded document IAM returns', async () => {
    const doc = encodeURIComponent(JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:CreateBucket'], Resource: '*' }] }));
    const a = fake({ DescribeStackResources: () => ({ StackResources: [{ LogicalResourceId: 'MyLambdaFunctionExecutionRole', PhysicalResourceId: 'r1' }] }), GetRolePolicy: () => ({ PolicyDocument: doc }) });
    const c = (action: string) => check({ kind: 'roleInlinePolicyAllows', stack: 'builder-application', logicalResourceId: 'MyLambdaFunctionExecutionRole', policyName: 'p', action });
    expect((await runCheck(c('s3:CreateBucket'), ctx(a))).pass).toBe(true);
    expect((await runCheck(c('s3:DeleteBucket'), ctx(a))).pass).toBe(false);
  });
});

describe('CloudTrail checks', () => {
  const event = (name: string, errorCode?: string, arn = BUILDER, params: Record<string, string> = {}) => ({
    CloudTrailEvent: JSON.stringify({ eventName: name, eventSource: 'iam.amazonaws.com', errorCode, errorMessage: errorCode && 'denied', userIdentity: { arn }, requestParameters: params }),
  });
  const denied = check({
    kind: 'cloudTrailDenied',
    eventSource: 'iam.amazonaws.com',
    eventName: 'CreatePolicyVersion',
    role: 'builder',
    errorCode: 'AccessDenied',
    requestParameters: { policyArn: 'arn:${AWS::Partition}:iam::${AWS::AccountId}:policy/builder_policies/builder' },
  });
  it('finds the denial with the substituted request parameters', async () => {
    const a = fake({ GetCallerIdentity: whoami, LookupEvents: () => ({ Events: [event('CreatePolicyVersion', 'AccessDenied', BUILDER, { policyArn: `arn:aws:iam::${ACCT}:policy/builder_policies/builder` })] }) });
    expect((await runCheck(denied, ctx(a))).pass).toBe(true);
  });
  it('ignores a denial of another principal or on another policy', async () => {
    const a = fake({
      GetCallerIdentity: whoami,
      LookupEvents: () => ({
        Events: [
          event('CreatePolicyVersion', 'AccessDenied', `arn:aws:iam::${ACCT}:user/admin`, { policyArn: `arn:aws:iam::${ACCT}:policy/builder_policies/builder` }),
          event('CreatePolicyVersion', 'AccessDenied', BUILDER, { policyArn: `arn:aws:iam::${ACCT}:policy/other` }),
        ],
      }),
    });
    expect((await runCheck(denied, ctx(a))).pass).toBe(false);
  });
  it('the positive control wants a call that succeeded', async () => {
    const allowed = check({ kind: 'cloudTrailAllowed', eventSource: 'iam.amazonaws.com', eventName: 'GetPolicyVersion', role: 'builder' });
    expect((await runCheck(allowed, ctx(fake({ GetCallerIdentity: whoami, LookupEvents: () => ({ Events: [event('GetPolicyVersion')] }) })))).pass).toBe(true);
    expect((await runCheck(allowed, ctx(fake({ GetCallerIdentity: whoami, LookupEvents: () => ({ Events: [event('GetPolicyVersion', 'AccessDenied')] }) })))).pass).toBe(false);
  });
});

describe('runCheck', () => {
  it('turns an AWS error into a failed check with the lab hint instead of throwing', async () => {
    const expired = () => {
      throw Object.assign(new Error('The security token included in the request is expired'), { name: 'ExpiredToken' });
    };
    const r = await runCheck(check({ kind: 'roleAbsent', roleName: 'builder' }), ctx(fake({ GetRole: expired })));
    expect(r).toMatchObject({ pass: false, hint: 'lab hint' });
    expect(r.summary).toContain('ExpiredToken');
  });
  it('is bounded in time', async () => {
    const r = await runCheck(check({ kind: 'roleAbsent', roleName: 'builder' }), ctx(fake({ GetRole: () => new Promise(() => {}) })), 50);
    expect(r.summary).toMatch(/did not finish/);
  });
});

describe('progress while AWS works', () => {
  it('stackStatus shows the newest stack event while the stack is in progress, and passes when it completes', async () => {
    let calls = 0;
    const said: string[] = [];
    const a = fake({
      DescribeStacks: () => ({ Stacks: [{ StackStatus: ++calls < 3 ? 'CREATE_IN_PROGRESS' : 'CREATE_COMPLETE' }] }),
      DescribeStackEvents: () => ({ StackEvents: [{ LogicalResourceId: 'BuilderRole', ResourceStatus: 'CREATE_IN_PROGRESS' }] }),
    });
    const r = await runCheck(check({ kind: 'stackStatus', stack: 'builder-iam', status: 'CREATE_COMPLETE' }), { auditor: a, terminal: a, patienceMs: 5_000, pollMs: 1, progress: (m) => said.push(m) });
    expect(r.pass).toBe(true);
    expect(said[0]).toMatch(/^Waiting for builder-iam to reach CREATE_COMPLETE; latest event: BuilderRole CREATE_IN_PROGRESS \(waited/);
  });

  it('stackStatus answers at once for a stack in a final state other than the one wanted', async () => {
    let reads = 0;
    const a = fake({ DescribeStacks: () => (reads++, { Stacks: [{ StackStatus: 'ROLLBACK_COMPLETE' }] }) });
    const r = await runCheck(check({ kind: 'stackStatus', stack: 'builder-iam', status: 'CREATE_COMPLETE' }), { auditor: a, terminal: a, patienceMs: 60_000, pollMs: 1_000 });
    expect(r.pass).toBe(false);
    // One read decides and reports: no polling of a stack that will not change.
    expect(reads).toBe(1);
  });
});
