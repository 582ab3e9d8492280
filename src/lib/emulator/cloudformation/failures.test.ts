/**
 * Every resource handler's failure paths — in create, update, delete and rollback — end in CloudFormation's status
 * with the handler's message as ResourceStatusReason, keep what could not be deleted, and never escape (an unhandled
 * rejection would end the `npm run sandbox` process). The engine runs at a small pace so handlers fail while it sleeps.
 */
import { describe, expect, it } from 'vitest';
import { RESOURCE_TYPES } from './resources';
import type { FakeCall } from './testing/fake-aws';
import { harness } from './testing/harness';
import type { ResourceType } from './resources/types';

const ROLE_ARN = 'arn:aws:iam::123456789012:role/existing';
const DOC = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] };
const DOC2 = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:PutObject', Resource: '*' }] };

/** Each type: properties to create it, and a change that updates it in place. */
export const CASES: Record<string, { props: Record<string, unknown>; update: Record<string, unknown> }> = {
  'AWS::IAM::Role': {
    props: { AssumeRolePolicyDocument: DOC, ManagedPolicyArns: ['arn:aws:iam::aws:policy/ReadOnlyAccess'], Policies: [{ PolicyName: 'p', PolicyDocument: DOC }] },
    update: { Description: 'changed' },
  },
  'AWS::IAM::ManagedPolicy': { props: { PolicyDocument: DOC, Roles: ['existing'] }, update: { PolicyDocument: DOC2 } },
  'AWS::IAM::Policy': { props: { PolicyName: 'p', PolicyDocument: DOC, Roles: ['existing'] }, update: { PolicyDocument: DOC2 } },
  'AWS::Lambda::Function': {
    props: { Role: ROLE_ARN, Runtime: 'nodejs20.x', Handler: 'index.handler', Code: { ZipFile: 'exports.handler = async () => 1;' } },
    update: { Timeout: 9 },
  },
  'AWS::Lambda::Permission': { props: { FunctionName: 'f', Action: 'lambda:InvokeFunction', Principal: 'states.amazonaws.com' }, update: {} },
  'AWS::StepFunctions::StateMachine': {
    props: { RoleArn: ROLE_ARN, DefinitionString: '{"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}}' },
    update: { DefinitionString: '{"StartAt":"B","States":{"B":{"Type":"Pass","End":true}}}' },
  },
  'AWS::Logs::LogGroup': { props: { LogGroupName: 'g', RetentionInDays: 1 }, update: { RetentionInDays: 7 } },
  'AWS::S3::Bucket': { props: {}, update: {} },
  'AWS::IAM::User': {
    props: { Groups: ['g'], ManagedPolicyArns: ['arn:aws:iam::aws:policy/ReadOnlyAccess'], Policies: [{ PolicyName: 'p', PolicyDocument: DOC }], LoginProfile: { Password: 'Pa55word!x' } },
    update: { Policies: [{ PolicyName: 'p', PolicyDocument: DOC2 }] },
  },
  'AWS::IAM::Group': { props: { ManagedPolicyArns: ['arn:aws:iam::aws:policy/ReadOnlyAccess'], Policies: [{ PolicyName: 'p', PolicyDocument: DOC }] }, update: { Policies: [{ PolicyName: 'p', PolicyDocument: DOC2 }] } },
  'AWS::IAM::UserToGroupAddition': { props: { GroupName: 'g', Users: ['u1'] }, update: { Users: ['u2'] } },
  'AWS::IAM::InstanceProfile': { props: { Roles: ['existing'] }, update: { Roles: ['other'] } },
  'AWS::IAM::AccessKey': { props: { UserName: 'u1' }, update: { Status: 'Inactive' } },
  'AWS::IAM::ServiceLinkedRole': { props: { AWSServiceName: 'elasticbeanstalk.amazonaws.com', Description: 'a' }, update: { Description: 'b' } },
};

const template = (type: string, props: Record<string, unknown>) => JSON.stringify({ Resources: { R: { Type: type, Properties: props } } });
const DENIED = (c: FakeCall) => `User: arn:aws:iam::123456789012:user/builder is not authorized to perform: ${c.service}:${c.action}`;
const isDelete = (c: FakeCall) => /^(Delete|Detach|Remove|ListPolicyVersions)/.test(c.action);

async function stack(h: ReturnType<typeof harness>) {
  const id = h.state.stacks[0].StackId;
  const { Stacks } = await h.call('DescribeStacks', { StackName: id });
  const { StackEvents } = await h.call('DescribeStackEvents', { StackName: id });
  return { status: Stacks[0].StackStatus as string, reason: Stacks[0].StackStatusReason as string | undefined, events: StackEvents as any[] };
}

describe('a failed handler ends the stack as CloudFormation does', () => {
  describe.each(Object.keys(CASES))('%s', (type) => {
    const { props, update } = CASES[type];

    it('create denied: CREATE_FAILED with the handler message, ROLLBACK_COMPLETE', async () => {
      const h = harness({ pace: 0.003, deny: (c) => (isDelete(c) ? undefined : DENIED(c)) });
      await h.call('CreateStack', { StackName: 's', TemplateBody: template(type, props), Capabilities: ['CAPABILITY_IAM'] });
      await h.settled();
      const s = await stack(h);
      const failed = s.events.find((e) => e.ResourceStatus === 'CREATE_FAILED');
      expect(failed.ResourceStatusReason).toMatch(/^Resource handler returned message: "User: arn:aws:iam::123456789012:user\/builder is not authorized to perform: \w+:\w+ \(Service: \w+, Status Code: 403, Request ID: req-\d+(, Extended Request ID: [^)]+)?\)" \(RequestToken: [0-9a-f-]{36}, HandlerErrorCode: AccessDenied\)$/);
      expect(s.status).toBe('ROLLBACK_COMPLETE');
      expect(s.events.find((e) => e.ResourceStatus === 'ROLLBACK_IN_PROGRESS').ResourceStatusReason).toBe('The following resource(s) failed to create: [R]. Rollback requested by user.');
    });

    it('delete denied: DELETE_FAILED with the handler message, the resource kept; then deleted with RetainResources', async () => {
      let deny = false;
      const h = harness({ pace: 0.003, deny: (c) => (deny && isDelete(c) ? DENIED(c) : undefined) });
      await h.call('CreateStack', { StackName: 's', TemplateBody: template(type, props), Capabilities: ['CAPABILITY_IAM'] });
      await h.settled();
      expect((await stack(h)).status).toBe('CREATE_COMPLETE');
      deny = true;
      await h.call('DeleteStack', { StackName: 's' });
      await h.settled();
      const s = await stack(h);
      expect(s.status).toBe('DELETE_FAILED');
      expect(s.reason).toBe('The following resource(s) failed to delete: [R]. ');
      expect(s.events[1]).toMatchObject({ LogicalResourceId: 'R', ResourceStatus: 'DELETE_FAILED', ResourceStatusReason: expect.stringMatching(/^Resource handler returned message: "User: .* is not authorized to perform: .*HandlerErrorCode: AccessDenied\)$/) });
      expect((await h.call('DescribeStackResource', { StackName: 's', LogicalResourceId: 'R' })).StackResourceDetail.ResourceStatus).toBe('DELETE_FAILED');
      await h.call('DeleteStack', { StackName: 's', RetainResources: ['R'] });
      await h.settled();
      expect((await stack(h)).status).toBe('DELETE_COMPLETE');
    });

    it('delete of a resource already gone succeeds', async () => {
      let gone = false;
      const h = harness({ pace: 0.003, fail: (c) => (gone && isDelete(c) ? notFound(c) : undefined) });
      await h.call('CreateStack', { StackName: 's', TemplateBody: template(type, props), Capabilities: ['CAPABILITY_IAM'] });
      await h.settled();
      gone = true;
      await h.call('DeleteStack', { StackName: 's' });
      await h.settled();
      const s = await stack(h);
      expect(s.events.filter((e) => e.ResourceStatus === 'DELETE_FAILED')).toEqual([]);
      expect(s.events[1]).toMatchObject({ LogicalResourceId: 'R', ResourceStatus: 'DELETE_COMPLETE' });
      expect(s.status).toBe('DELETE_COMPLETE');
    });

    it('rollback of a failed create denied: ROLLBACK_FAILED, the resource kept', async () => {
      // The resource is created; a sibling that depends on it fails; the rollback may not delete it.
      const body = JSON.stringify({ Resources: { R: { Type: type, Properties: props }, Z: { Type: 'AWS::SNS::Topic', DependsOn: 'R' } } });
      const h = harness({ pace: 0.003, resourceTypes: { ...allTypes(), 'AWS::SNS::Topic': failing }, deny: (c) => (isDelete(c) ? DENIED(c) : undefined) });
      await h.call('CreateStack', { StackName: 's', TemplateBody: body, Capabilities: ['CAPABILITY_IAM'] });
      await h.settled();
      const s = await stack(h);
      expect(s.status).toBe('ROLLBACK_FAILED');
      expect(s.reason).toBe('The following resource(s) failed to delete: [R]. ');
      expect(s.events.find((e) => e.LogicalResourceId === 'R' && e.ResourceStatus === 'DELETE_FAILED').ResourceStatusReason).toMatch(/^Resource handler returned message: "User: /);
      // DELETE_FAILED stacks and ROLLBACK_FAILED ones can still be deleted (the sandbox still answers).
      expect((await h.call('ListStacks', {})).StackSummaries[0].StackStatus).toBe('ROLLBACK_FAILED');
    });

    it.runIf(Object.keys(update).length)('update denied, rollback denied too: UPDATE_ROLLBACK_FAILED', async () => {
      let deny = false;
      const h = harness({ pace: 0.003, deny: (c) => (deny && !isDelete(c) ? DENIED(c) : undefined) });
      await h.call('CreateStack', { StackName: 's', TemplateBody: template(type, props), Capabilities: ['CAPABILITY_IAM'] });
      await h.settled();
      deny = true;
      await h.call('UpdateStack', { StackName: 's', TemplateBody: template(type, { ...props, ...update }), Capabilities: ['CAPABILITY_IAM'] });
      await h.settled();
      const s = await stack(h);
      const failures = s.events.filter((e) => e.ResourceStatus === 'UPDATE_FAILED').map((e) => e.ResourceStatusReason);
      expect(failures).toHaveLength(2);
      for (const f of failures) expect(f).toMatch(/^Resource handler returned message: "User: .*HandlerErrorCode: AccessDenied\)$/);
      expect(s.status).toBe('UPDATE_ROLLBACK_FAILED');
      expect(s.reason).toBe('The following resource(s) failed to update: [R]. ');
    });
  });
});

const failing: ResourceType = {
  type: 'AWS::SNS::Topic', replaceOn: [],
  create: async () => { throw new Error('it fails'); },
  update: async () => { throw new Error('it fails'); },
  delete: async () => {},
};

function notFound(c: FakeCall): [string, string, number] {
  if (c.service === 'iam') return ['NoSuchEntity', 'The entity cannot be found.', 404];
  if (c.service === 's3') return ['NoSuchBucket', 'The specified bucket does not exist', 404];
  if (c.service === 'states') return ['StateMachineDoesNotExist', 'State Machine Does Not Exist', 400];
  return ['ResourceNotFoundException', 'not found', 404];
}

const allTypes = (): Record<string, ResourceType> => RESOURCE_TYPES;

describe('the engine never lets a fault escape', () => {
  it('a handler that throws synchronously, or rejects with a non-error, fails its resource', async () => {
    const sync: ResourceType = {
      type: 'AWS::SQS::Queue', replaceOn: [],
      create: (() => { throw 'not an error'; }) as never,
      update: async () => ({ physicalId: 'x', attributes: {} }),
      delete: (() => { throw new Error('sync delete'); }) as never,
    };
    const h = harness({ pace: 0.003, resourceTypes: { ...allTypes(), 'AWS::SQS::Queue': sync } });
    await h.call('CreateStack', { StackName: 's', TemplateBody: JSON.stringify({ Resources: { A: { Type: 'AWS::SQS::Queue' } } }) });
    await h.settled();
    const s = await stack(h);
    expect(s.status).toBe('ROLLBACK_COMPLETE');
    expect(s.events.find((e) => e.ResourceStatus === 'CREATE_FAILED').ResourceStatusReason).toMatch(/^Resource handler returned message: "not an error" \(RequestToken: .*, HandlerErrorCode: GeneralServiceException\)$/);
  });

  it('an engine fault ends the stack in a failed status with Internal Failure, nothing left in progress', async () => {
    const h = harness({ pace: 0.003 });
    await h.call('CreateStack', { StackName: 's', TemplateBody: JSON.stringify({ Resources: { L: { Type: 'AWS::Logs::LogGroup' } } }) });
    // Corrupt the template behind the engine's back: parsing it again throws inside the engine.
    h.state.stacks[0].TemplateBody = '{';
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => void errors.push(args);
    try {
      await h.settled();
    } finally {
      console.error = original;
    }
    const s = await stack(h);
    expect(s.status).toBe('CREATE_FAILED');
    expect(s.reason).toBe('Internal Failure');
    expect(s.events.every((e) => e.LogicalResourceId === 's' || !e.ResourceStatus.endsWith('IN_PROGRESS') || s.events.some((o) => o.LogicalResourceId === e.LogicalResourceId && !o.ResourceStatus.endsWith('IN_PROGRESS')))).toBe(true);
    expect(String(errors[0])).toContain('internal error in a CloudFormation stack operation');
  });
});
