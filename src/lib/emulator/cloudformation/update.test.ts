import { describe, expect, it } from 'vitest';
import { harness } from './testing/harness';

const statuses = (events: any[]) => events.map((e) => `${e.LogicalResourceId} ${e.ResourceStatus}${e.ResourceStatusReason ? ` ${e.ResourceStatusReason}` : ''}`);

const role = (policyAction: string, extra: Record<string, unknown> = {}) => ({
  Type: 'AWS::IAM::Role',
  Properties: {
    AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
    Policies: [{ PolicyName: 'p', PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: policyAction, Resource: '*' }] } }],
    ...extra,
  },
});

const tpl = (resources: Record<string, unknown>, outputs?: Record<string, unknown>) => JSON.stringify({ Resources: resources, ...(outputs ? { Outputs: outputs } : {}) });

async function newStack(h: ReturnType<typeof harness>, body: string) {
  await h.call('CreateStack', { StackName: 's', TemplateBody: body, Capabilities: ['CAPABILITY_IAM'] });
  await h.settled();
  h.aws.calls.length = 0;
}

async function stackEventsSince(h: ReturnType<typeof harness>, status: string) {
  const { StackEvents } = await h.call('DescribeStackEvents', { StackName: 's' });
  const all = [...StackEvents].reverse();
  const start = all.findLastIndex((e: any) => e.ResourceType === 'AWS::CloudFormation::Stack' && e.ResourceStatus === status);
  return statuses(all.slice(start));
}

describe('stack engine: update', () => {
  it('updates in place, adds and removes resources, and ends UPDATE_COMPLETE', async () => {
    const h = harness();
    await newStack(h, tpl({ R: role('s3:GetObject'), Old: { Type: 'AWS::Logs::LogGroup' } }));
    await h.call('UpdateStack', { StackName: 's', TemplateBody: tpl({ R: role('s3:CreateBucket'), New: { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: 'n' } } }), Capabilities: ['CAPABILITY_IAM'] });
    await h.settled();
    expect(h.aws.actions()).toEqual(['PutRolePolicy', 'CreateLogGroup', 'DeleteLogGroup']);
    expect(JSON.parse(h.aws.calls[0].params.PolicyDocument).Statement[0].Action).toBe('s3:CreateBucket');
    expect(await stackEventsSince(h, 'UPDATE_IN_PROGRESS')).toEqual([
      's UPDATE_IN_PROGRESS User Initiated',
      'R UPDATE_IN_PROGRESS', 'New CREATE_IN_PROGRESS',
      'R UPDATE_COMPLETE', 'New CREATE_IN_PROGRESS Resource creation Initiated', 'New CREATE_COMPLETE',
      's UPDATE_COMPLETE_CLEANUP_IN_PROGRESS',
      'Old DELETE_IN_PROGRESS', 'Old DELETE_COMPLETE',
      's UPDATE_COMPLETE',
    ]);
    const { StackResources } = await h.call('DescribeStackResources', { StackName: 's' });
    expect(StackResources.map((r: any) => r.LogicalResourceId)).toEqual(['R', 'New']);
    const { Stacks } = await h.call('DescribeStacks', { StackName: 's' });
    expect(Stacks[0].LastUpdatedTime).toBeInstanceOf(Date);
  });

  it('replaces a resource whose name changes, deleting the old one on clean-up', async () => {
    const h = harness();
    await newStack(h, tpl({ L: { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: 'a' } } }));
    await h.call('UpdateStack', { StackName: 's', TemplateBody: tpl({ L: { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: 'b' } } }) });
    await h.settled();
    expect(h.aws.calls.map((c) => `${c.action} ${c.params.logGroupName}`)).toEqual(['CreateLogGroup b', 'DeleteLogGroup a']);
    expect(await stackEventsSince(h, 'UPDATE_IN_PROGRESS')).toEqual([
      's UPDATE_IN_PROGRESS User Initiated',
      'L UPDATE_IN_PROGRESS Requested update requires the creation of a new physical resource; hence creating one.',
      'L UPDATE_IN_PROGRESS Resource creation Initiated',
      'L UPDATE_COMPLETE',
      's UPDATE_COMPLETE_CLEANUP_IN_PROGRESS',
      'L DELETE_IN_PROGRESS', 'L DELETE_COMPLETE',
      's UPDATE_COMPLETE',
    ]);
    const { StackResourceDetail } = await h.call('DescribeStackResource', { StackName: 's', LogicalResourceId: 'L' });
    expect(StackResourceDetail).toMatchObject({ PhysicalResourceId: 'b', ResourceStatus: 'UPDATE_COMPLETE' });
  });

  it('rolls a failed update back: UPDATE_ROLLBACK_IN_PROGRESS, _COMPLETE_CLEANUP_IN_PROGRESS, _COMPLETE', async () => {
    const h = harness({ deny: (c) => (c.action === 'PutRolePolicy' && c.params.PolicyDocument.includes('iam:*') ? 'User: x is not authorized to perform: iam:PutRolePolicy on resource: role y because no permissions boundary allows the iam:PutRolePolicy action' : undefined) });
    await newStack(h, tpl({ R: role('s3:GetObject'), L: { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: 'keep' } } }, { O: { Value: 'v1' } }));
    await h.call('UpdateStack', {
      StackName: 's', Capabilities: ['CAPABILITY_IAM'],
      TemplateBody: tpl({ N: { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: 'new' } }, R: { ...role('iam:*'), DependsOn: 'N' }, L: { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: 'keep' } } }, { O: { Value: 'v2' } }),
    });
    await h.settled();
    const events = await stackEventsSince(h, 'UPDATE_IN_PROGRESS');
    expect(events.map((e) => e.replace(/message: ".*$/, 'message: …'))).toEqual([
      's UPDATE_IN_PROGRESS User Initiated',
      'N CREATE_IN_PROGRESS', 'N CREATE_IN_PROGRESS Resource creation Initiated', 'N CREATE_COMPLETE',
      'R UPDATE_IN_PROGRESS', 'R UPDATE_FAILED Resource handler returned message: …',
      's UPDATE_ROLLBACK_IN_PROGRESS The following resource(s) failed to update: [R]. ',
      'R UPDATE_IN_PROGRESS', 'R UPDATE_COMPLETE',
      's UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS',
      'N DELETE_IN_PROGRESS', 'N DELETE_COMPLETE',
      's UPDATE_ROLLBACK_COMPLETE',
    ]);
    expect(h.aws.calls.map((c) => c.action)).toEqual(['CreateLogGroup', 'PutRolePolicy', 'PutRolePolicy', 'DeleteLogGroup']);
    expect(JSON.parse(h.aws.calls[2].params.PolicyDocument).Statement[0].Action).toBe('s3:GetObject');
    const { Stacks } = await h.call('DescribeStacks', { StackName: 's' });
    expect(Stacks[0].Outputs).toEqual([{ OutputKey: 'O', OutputValue: 'v1' }]);
    const { TemplateBody } = await h.call('GetTemplate', { StackName: 's' });
    expect(TemplateBody).not.toContain('iam:*');
    const { StackResources } = await h.call('DescribeStackResources', { StackName: 's' });
    expect(StackResources.map((r: any) => r.LogicalResourceId).sort()).toEqual(['L', 'R']);
    // An UPDATE_ROLLBACK_COMPLETE stack can be updated again.
    await h.call('UpdateStack', { StackName: 's', TemplateBody: tpl({ R: role('s3:PutObject'), L: { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: 'keep' } } }), Capabilities: ['CAPABILITY_IAM'] });
    await h.settled();
    expect((await h.call('DescribeStacks', { StackName: 's' })).Stacks[0].StackStatus).toBe('UPDATE_COMPLETE');
  });

  it('rolls back replacements: the new resource is deleted, the old one kept', async () => {
    const h = harness({ deny: (c) => (c.action === 'CreateLogGroup' && c.params.logGroupName === 'bad' ? 'denied' : undefined) });
    await newStack(h, tpl({ A: { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: 'a1' } }, B: { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: 'b1' } } }));
    await h.call('UpdateStack', {
      StackName: 's',
      TemplateBody: tpl({ A: { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: 'a2' } }, B: { Type: 'AWS::Logs::LogGroup', DependsOn: 'A', Properties: { LogGroupName: 'bad' } } }),
    });
    await h.settled();
    expect(h.aws.calls.map((c) => `${c.action} ${c.params.logGroupName}`)).toEqual(['CreateLogGroup a2', 'CreateLogGroup bad', 'DeleteLogGroup a2']);
    const { Stacks } = await h.call('DescribeStacks', { StackName: 's' });
    expect(Stacks[0].StackStatus).toBe('UPDATE_ROLLBACK_COMPLETE');
    const { StackResources } = await h.call('DescribeStackResources', { StackName: 's' });
    expect(StackResources.map((r: any) => `${r.LogicalResourceId} ${r.PhysicalResourceId}`)).toEqual(['A a1', 'B b1']);
  });

  it('with DisableRollback a failed update stays UPDATE_FAILED', async () => {
    const h = harness({ deny: (c) => (c.action === 'PutRolePolicy' ? 'denied' : undefined) });
    await h.call('CreateStack', { StackName: 's', TemplateBody: tpl({ L: { Type: 'AWS::Logs::LogGroup' } }), Capabilities: ['CAPABILITY_IAM'] });
    await h.settled();
    await h.call('UpdateStack', { StackName: 's', TemplateBody: tpl({ L: { Type: 'AWS::Logs::LogGroup' }, R: role('a:b') }), Capabilities: ['CAPABILITY_IAM'], DisableRollback: true });
    await h.settled();
    const { Stacks } = await h.call('DescribeStacks', { StackName: 's' });
    expect(Stacks[0]).toMatchObject({ StackStatus: 'UPDATE_FAILED', StackStatusReason: 'The following resource(s) failed to create: [R]. ' });
  });

  it('refuses no-op updates, unknown stacks and stacks that cannot be updated', async () => {
    const h = harness({ deny: (c) => (c.action === 'CreateBucket' ? 'Access Denied' : undefined) });
    const body = tpl({ L: { Type: 'AWS::Logs::LogGroup' } });
    await h.call('CreateStack', { StackName: 's', TemplateBody: body });
    await h.settled();
    await expect(h.call('UpdateStack', { StackName: 's', TemplateBody: body })).rejects.toThrow('No updates are to be performed.');
    await expect(h.call('UpdateStack', { StackName: 's', UsePreviousTemplate: true })).rejects.toThrow('No updates are to be performed.');
    await expect(h.call('UpdateStack', { StackName: 'nope', TemplateBody: body })).rejects.toThrow('Stack [nope] does not exist');
    const { StackId } = await h.call('CreateStack', { StackName: 'b', TemplateBody: tpl({ B: { Type: 'AWS::S3::Bucket' } }) });
    await h.settled();
    const failed = (await h.call('DescribeStackEvents', { StackName: 'b' })).StackEvents.find((e: any) => e.ResourceStatus === 'CREATE_FAILED');
    expect(failed.ResourceStatusReason).toMatch(/^Resource handler returned message: "Access Denied \(Service: S3, Status Code: 403, Request ID: req-\d+, Extended Request ID: host-req-\d+\)" \(RequestToken: .+, HandlerErrorCode: AccessDenied\)$/);
    await expect(h.call('UpdateStack', { StackName: 'b', TemplateBody: body })).rejects.toThrow(`Stack:${StackId} is in ROLLBACK_COMPLETE state and can not be updated.`);
  });

  it('UsePreviousValue keeps a parameter; parameter changes alone are updates', async () => {
    const h = harness();
    const body = JSON.stringify({ Parameters: { Name: { Type: 'String' }, Days: { Type: 'Number', Default: 7 } }, Resources: { L: { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: { Ref: 'Name' }, RetentionInDays: { Ref: 'Days' } } } } });
    await h.call('CreateStack', { StackName: 's', TemplateBody: body, Parameters: [{ ParameterKey: 'Name', ParameterValue: 'g' }] });
    await h.settled();
    await expect(h.call('UpdateStack', { StackName: 's', UsePreviousTemplate: true })).rejects.toThrow('Parameters: [Name] must have values');
    await expect(h.call('UpdateStack', { StackName: 's', UsePreviousTemplate: true, Parameters: [{ ParameterKey: 'Name', UsePreviousValue: true }] })).rejects.toThrow('No updates are to be performed.');
    h.aws.calls.length = 0;
    await h.call('UpdateStack', { StackName: 's', UsePreviousTemplate: true, Parameters: [{ ParameterKey: 'Name', UsePreviousValue: true }, { ParameterKey: 'Days', ParameterValue: '14' }] });
    await h.settled();
    expect(h.aws.calls.map((c) => `${c.action} ${c.params.retentionInDays}`)).toEqual(['PutRetentionPolicy 14']);
  });
});
