/** ContinueUpdateRollback: a stack left UPDATE_ROLLBACK_FAILED rolls back again, skipping ResourcesToSkip. */
import { describe, expect, it } from 'vitest';
import { harness } from './testing/harness';

const DOC = (action: string) => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }] });
const body = (action: string, extra = false) => JSON.stringify({ Resources: {
  P: { Type: 'AWS::IAM::Policy', Properties: { PolicyName: 'p', PolicyDocument: DOC(action), Roles: ['existing'] } },
  ...(extra ? { L: { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: 'extra' } } } : {}),
} });
const failure = async (p: Promise<unknown>) => p.then(() => 'no error', (e) => `${e.code}: ${e.message}`);

async function failedRollback(deny: { on: boolean }) {
  const h = harness({ deny: (c) => (deny.on && c.action === 'PutRolePolicy' ? 'User: arn:aws:iam::123456789012:user/builder is not authorized to perform: iam:PutRolePolicy' : undefined) });
  await h.call('CreateStack', { StackName: 's', TemplateBody: body('s3:GetObject'), Capabilities: ['CAPABILITY_IAM'] });
  await h.settled();
  deny.on = true;
  await h.call('UpdateStack', { StackName: 's', TemplateBody: body('s3:PutObject', true), Capabilities: ['CAPABILITY_IAM'] });
  await h.settled();
  return h;
}

describe('ContinueUpdateRollback', () => {
  it('rolls back again once the cause is gone: the policy put back, what the update created deleted', async () => {
    const deny = { on: false };
    const h = await failedRollback(deny);
    expect(h.state.stacks[0].StackStatus).toBe('UPDATE_ROLLBACK_FAILED');
    expect(await failure(h.call('UpdateStack', { StackName: 's', TemplateBody: body('s3:GetObject') }))).toMatch(/^ValidationError: Stack:.* is in UPDATE_ROLLBACK_FAILED state and can not be updated\.$/);
    deny.on = false;
    h.aws.calls.length = 0;
    await h.call('ContinueUpdateRollback', { StackName: 's' });
    expect(h.state.stacks[0].StackStatus).toBe('UPDATE_ROLLBACK_IN_PROGRESS');
    await h.settled();
    const { Stacks } = await h.call('DescribeStacks', { StackName: 's' });
    expect(Stacks[0].StackStatus).toBe('UPDATE_ROLLBACK_COMPLETE');
    const put = h.aws.calls.find((c) => c.action === 'PutRolePolicy')!;
    expect(JSON.parse(put.params.PolicyDocument).Statement[0].Action).toBe('s3:GetObject');
    expect(h.aws.actions()).toContain('DeleteLogGroup');
    expect(Object.keys(h.state.stacks[0].resources)).toEqual(['P']);
    expect(JSON.parse((await h.call('GetTemplate', { StackName: 's' })).TemplateBody).Resources.L).toBeUndefined();
    // A stack that rolled back can be updated again.
    await h.call('UpdateStack', { StackName: 's', TemplateBody: body('s3:ListBucket'), Capabilities: ['CAPABILITY_IAM'] });
    await h.settled();
    expect(h.state.stacks[0].StackStatus).toBe('UPDATE_COMPLETE');
  });

  it('skips ResourcesToSkip without calling their handler; refuses what it cannot skip and stacks not in UPDATE_ROLLBACK_FAILED', async () => {
    const deny = { on: false };
    const h = await failedRollback(deny);
    expect(await failure(h.call('ContinueUpdateRollback', { StackName: 's', ResourcesToSkip: ['L'] }))).toBe('ValidationError: Resource L cannot be skipped: only resources in UPDATE_FAILED state can be skipped.');
    h.aws.calls.length = 0;
    await h.call('ContinueUpdateRollback', { StackName: 's', ResourcesToSkip: ['P'] });
    await h.settled();
    expect(h.state.stacks[0].StackStatus).toBe('UPDATE_ROLLBACK_COMPLETE');
    expect(h.aws.actions()).toEqual(['DeleteLogGroup']);
    expect(h.state.stacks[0].resources.P.ResourceStatus).toBe('UPDATE_COMPLETE');
    expect(await failure(h.call('ContinueUpdateRollback', { StackName: 's' }))).toMatch(/^ValidationError: Stack arn:.* is in UPDATE_ROLLBACK_COMPLETE state and can not continue update rollback\.$/);
    expect(h.authorizations).toContain(`cloudformation:ContinueUpdateRollback ${h.state.stacks[0].StackId}`);
  });
});
