import { describe, it, expect } from 'vitest';
import { runCheck } from './index';
import type { AwsClients, CheckContext } from './types';

const ACCT = '123456789012';

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

const notFound = (what: string) => () => {
  throw Object.assign(new Error(`${what} cannot be found.`), { name: 'NoSuchEntityException' });
};

function ctx(auditor: AwsClients, terminal: AwsClients = auditor): CheckContext {
  return { auditor, terminal, patienceMs: 0, pollMs: 1 };
}

const whoami = () => ({ Account: ACCT, Arn: `arn:aws:iam::${ACCT}:user/admin` });

describe('terminalIsBuilder', () => {
  it('passes for a builder role session and shows the ARN', async () => {
    const t = fake({ GetCallerIdentity: () => ({ Arn: `arn:aws:sts::${ACCT}:assumed-role/builder/builder-test` }) });
    const r = await runCheck('terminalIsBuilder', {}, ctx(t));
    expect(r.pass).toBe(true);
    expect(r.evidence[0].value).toBe(`arn:aws:sts::${ACCT}:assumed-role/builder/builder-test`);
  });
  it('fails with a hint while the terminal is still the administrator', async () => {
    const r = await runCheck('terminalIsBuilder', {}, ctx(fake({ GetCallerIdentity: whoami })));
    expect(r.pass).toBe(false);
    expect(r.hint).toMatch(/assume-role/);
  });
  it('does not take a role merely named like builder for the builder', async () => {
    const t = fake({ GetCallerIdentity: () => ({ Arn: `arn:aws:sts::${ACCT}:assumed-role/builder-admin/x` }) });
    expect((await runCheck('terminalIsBuilder', {}, ctx(t))).pass).toBe(false);
  });
});

describe('builderIamReady', () => {
  const base = {
    GetCallerIdentity: whoami,
    DescribeStacks: () => ({ Stacks: [{ StackName: 'builder-iam', StackStatus: 'CREATE_COMPLETE' }] }),
    GetRole: () => ({ Role: { RoleName: 'builder' } }),
    GetPolicy: () => ({ Policy: {} }),
  };
  it('passes when the stack and its three resources exist', async () => {
    const r = await runCheck('builderIamReady', {}, ctx(fake(base)));
    expect(r.pass).toBe(true);
    expect(r.evidence.map((e) => e.value)).toEqual(['CREATE_COMPLETE', 'present', 'present', 'present']);
  });
  it('fails naming the missing boundary', async () => {
    const r = await runCheck('builderIamReady', {}, ctx(fake({ ...base, GetPolicy: (i: any) => (/permissions_boundaries/.test(i.PolicyArn) ? notFound('policy')() : { Policy: {} }) })));
    expect(r.pass).toBe(false);
    expect(r.summary).toMatch(/application-boundary is missing/);
  });
  it('fails when the stack does not exist, as CloudFormation words it', async () => {
    const r = await runCheck('builderIamReady', {}, ctx(fake({ ...base, DescribeStacks: () => { throw Object.assign(new Error('Stack with id builder-iam does not exist'), { name: 'ValidationError' }); } })));
    expect(r.pass).toBe(false);
    expect(r.summary).toBe('There is no stack named builder-iam.');
  });
});

describe('applicationDeniedCreateRole', () => {
  const reason = `Resource handler returned message: "User: arn:aws:sts::${ACCT}:assumed-role/builder/builder-test is not authorized to perform: iam:CreateRole on resource: arn:aws:iam::${ACCT}:role/builder-application-MyLambdaFunctionExecutionRole-ABC because no identity-based policy allows the iam:CreateRole action (Service: Iam, Status Code: 403, Request ID: x)"`;
  const answers = (r: string) => ({
    ListStacks: () => ({ StackSummaries: [{ StackName: 'builder-application', StackId: 'id-1', StackStatus: 'ROLLBACK_COMPLETE', CreationTime: new Date() }] }),
    DescribeStackEvents: () => ({ StackEvents: [{ LogicalResourceId: 'MyLambdaFunctionExecutionRole', ResourceStatus: 'CREATE_FAILED', ResourceStatusReason: r }] }),
  });
  it('passes on the CreateRole denial for a role outside /application_roles/', async () => {
    const r = await runCheck('applicationDeniedCreateRole', {}, ctx(fake(answers(reason))));
    expect(r.pass).toBe(true);
    expect(r.evidence[1].value).toContain('iam:CreateRole');
  });
  it('fails when the stack failed for another reason', async () => {
    const r = await runCheck('applicationDeniedCreateRole', {}, ctx(fake(answers('Resource creation cancelled'))));
    expect(r.pass).toBe(false);
  });
});

describe('builderPolicyUnchanged', () => {
  const event = (name: string, errorCode?: string) => ({
    CloudTrailEvent: JSON.stringify({ eventName: name, errorCode, userIdentity: { arn: `arn:aws:sts::${ACCT}:assumed-role/builder/builder-test` } }),
  });
  const answers = (versions: number) => ({
    GetCallerIdentity: whoami,
    LookupEvents: (i: any) => ({ Events: [event(i.LookupAttributes[0].AttributeValue, i.LookupAttributes[0].AttributeValue === 'CreatePolicyVersion' ? 'AccessDenied' : undefined)] }),
    GetPolicy: () => ({ Policy: { DefaultVersionId: `v${versions}` } }),
    ListPolicyVersions: () => ({ Versions: Array.from({ length: versions }, (_, i) => ({ VersionId: `v${i + 1}` })) }),
  });
  it('passes with the denial, the positive control and v1 as default', async () => {
    const r = await runCheck('builderPolicyUnchanged', {}, ctx(fake(answers(1))));
    expect(r.pass).toBe(true);
    expect(r.evidence.map((e) => e.label)).toContain('Positive control: GetPolicyVersion by the builder');
  });
  it('fails when the policy gained a version', async () => {
    const r = await runCheck('builderPolicyUnchanged', {}, ctx(fake(answers(2))));
    expect(r.pass).toBe(false);
    expect(r.summary).toBe('The builder policy changed.');
  });
  it('fails without the positive control: a denial alone may be broken credentials', async () => {
    const a = answers(1);
    const r = await runCheck('builderPolicyUnchanged', {}, ctx(fake({ ...a, LookupEvents: (i: any) => (i.LookupAttributes[0].AttributeValue === 'GetPolicyVersion' ? { Events: [] } : a.LookupEvents(i)) })));
    expect(r.pass).toBe(false);
    expect(r.summary).toMatch(/broken credentials/);
  });
});

describe('runCheck', () => {
  it('turns an AWS error into a failed check instead of throwing', async () => {
    const r = await runCheck('cleanedUp', {}, ctx(fake({ GetCallerIdentity: () => { throw Object.assign(new Error('The security token included in the request is expired'), { name: 'ExpiredToken' }); } })));
    expect(r.pass).toBe(false);
    expect(r.summary).toContain('ExpiredToken');
  });
  it('is bounded in time', async () => {
    const slow = fake({ GetCallerIdentity: () => new Promise(() => {}) });
    const r = await runCheck('cleanedUp', {}, ctx(slow), 50);
    expect(r.summary).toMatch(/did not finish/);
  });
  it('rejects an unknown kind', async () => {
    expect((await runCheck('nope', {}, ctx(fake({})))).summary).toMatch(/Unknown check kind/);
  });
});
