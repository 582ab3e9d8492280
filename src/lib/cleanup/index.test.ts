import { describe, it, expect } from 'vitest';
import { cleanUp } from './index';
import type { AwsClients } from '../checks/types';

const ACCT = '123456789012';

/** A tiny account: stacks and policies as data, answering the calls clean-up makes, and logging them in order. */
function account(init: { stacks: Record<string, string>; policies: string[]; attached?: string[]; logGroups?: string[] }) {
  const calls: string[] = [];
  const stacks = new Map(Object.entries(init.stacks));
  const policies = new Set(init.policies);
  const attached = new Set(init.attached ?? []);
  const logGroups = new Set(init.logGroups ?? []);
  const missingStack = (n: string) => Object.assign(new Error(`Stack with id ${n} does not exist`), { name: 'ValidationError' });
  const noEntity = () => Object.assign(new Error('not found'), { name: 'NoSuchEntityException' });
  const answers: Record<string, (i: any) => unknown> = {
    GetCallerIdentity: () => ({ Account: ACCT }),
    DescribeStacks: (i) => {
      const d = stacks.get(i.StackName);
      if (d === undefined) throw missingStack(i.StackName);
      return { Stacks: [{ StackName: i.StackName, StackId: i.StackName, StackStatus: 'CREATE_COMPLETE', Description: d }] };
    },
    DeleteStack: (i) => void stacks.delete(i.StackName),
    GetPolicy: (i) => {
      if (!policies.has(i.PolicyArn)) throw noEntity();
      return { Policy: { Arn: i.PolicyArn } };
    },
    ListEntitiesForPolicy: () => ({ PolicyRoles: [...attached].map((RoleName) => ({ RoleName })) }),
    DetachRolePolicy: (i) => void attached.delete(i.RoleName),
    ListPolicyVersions: () => ({ Versions: [{ VersionId: 'v1', IsDefaultVersion: true }] }),
    DeletePolicy: (i) => {
      if (attached.size) throw Object.assign(new Error('Cannot delete a policy attached to entities.'), { name: 'DeleteConflictException' });
      policies.delete(i.PolicyArn);
    },
    GetRole: () => {
      throw noEntity();
    },
    ListRoles: () => ({ Roles: [] }),
    DescribeLogGroups: (i) => ({ logGroups: [...logGroups].filter((n) => n.startsWith(i.logGroupNamePrefix ?? '')).map((logGroupName) => ({ logGroupName })) }),
    DeleteLogGroup: (i) => void logGroups.delete(i.logGroupName),
    // The resource-based policies lesson made no bucket here.
    ListObjectsV2: () => {
      throw Object.assign(new Error('The specified bucket does not exist'), { name: 'NoSuchBucket' });
    },
    HeadBucket: () => {
      throw Object.assign(new Error('Not Found'), { name: 'NotFound' });
    },
  };
  const client = {
    async send(c: { constructor: { name: string }; input: any }) {
      const name = c.constructor.name.replace(/Command$/, '');
      calls.push(name === 'DeleteStack' ? `DeleteStack ${c.input.StackName}` : name);
      if (!answers[name]) throw new Error(`unexpected ${name}`);
      return answers[name](c.input);
    },
  };
  const clients = { sts: client, iam: client, cloudformation: client, sfn: client, logs: client, cloudtrail: client, s3: client, lambda: client } as unknown as AwsClients;
  return { clients, calls, stacks, policies, logGroups };
}

const sneaky = `arn:aws:iam::${ACCT}:policy/application_policies/sneaky-policy`;

describe('clean-up', () => {
  it('deletes in the blog order, detaches sneaky-policy first, and verifies an empty account', async () => {
    const a = account({
      stacks: { 'builder-application': 'builder-application', 'builder-iam': 'builder-iam: the builder policy…' },
      policies: [sneaky],
      attached: ['someone'],
      logGroups: ['/aws/lambda/builder-application-MyLambdaFunction-AbC123', '/aws/lambda/someone-elses-function'],
    });
    const { steps, verification } = await cleanUp(a.clients, { pollMs: 1 });
    expect(a.calls.filter((c) => c.startsWith('Delete') || c.startsWith('Detach'))).toEqual([
      'DeleteStack builder-application',
      'DetachRolePolicy',
      'DeletePolicy',
      'DeleteStack builder-iam',
      'DeleteLogGroup',
    ]);
    expect(steps.map((s) => s.status)).toEqual(['done', 'done', 'done', 'done', 'skipped', 'done']);
    expect(verification.every((v) => v.pass)).toBe(true);
    expect([...a.logGroups]).toEqual(['/aws/lambda/someone-elses-function']);
  });

  it('is idempotent: a second run skips everything', async () => {
    const a = account({ stacks: {}, policies: [] });
    const { steps } = await cleanUp(a.clients, { pollMs: 1 });
    expect(steps.map((s) => s.status)).toEqual(['skipped', 'skipped', 'skipped', 'skipped', 'skipped', 'done']);
  });

  it('leaves alone a stack of the same name that the workshop did not create', async () => {
    const a = account({ stacks: { 'builder-application': 'payroll service' }, policies: [] });
    const { steps } = await cleanUp(a.clients, { pollMs: 1 });
    expect(steps[0]).toMatchObject({ status: 'failed' });
    expect(steps[0].detail).toMatch(/did not create it/);
    expect(a.stacks.has('builder-application')).toBe(true);
    expect(steps.find((s) => s.id === 'verify')!.status).toBe('failed');
  });
});
