/**
 * UpdateStack without RoleARN reuses the stack's service role and, as in AWS, asks no iam:PassRole of the caller:
 * the known escalation where cloudformation:UpdateStack alone rides a stack an administrator created with a powerful
 * role. A role the request names is still passed (iam:PassRole).
 */
import { describe, expect, it } from 'vitest';
import { CALLER, harness, ROLE_CREDENTIALS } from '../../cloudformation/testing/harness';

const ROLE = 'arn:aws:iam::123456789012:role/cfn-admin';
const LOG = (name: string) => JSON.stringify({ Resources: { L: { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: name } } } });

describe('UpdateStack and the stack role', () => {
  it('reuses the stack role without iam:PassRole, acting with its credentials', async () => {
    const h = harness();
    await h.call('CreateStack', { StackName: 's', TemplateBody: LOG('a'), RoleARN: ROLE });
    await h.settled();
    h.authorizations.length = 0;
    h.aws.calls.length = 0;
    await h.call('UpdateStack', { StackName: 's', TemplateBody: LOG('b') });
    await h.settled();
    expect(h.authorizations).toEqual([`cloudformation:UpdateStack ${h.state.stacks[0].StackId}`]);
    expect(h.aws.calls.map((c) => `${c.action} ${c.accessKeyId}`)).toEqual([
      `CreateLogGroup ${ROLE_CREDENTIALS.accessKeyId}`, `DeleteLogGroup ${ROLE_CREDENTIALS.accessKeyId}`,
    ]);
    expect((await h.call('DescribeStacks', { StackName: 's' })).Stacks[0]).toMatchObject({ StackStatus: 'UPDATE_COMPLETE', RoleARN: ROLE });
  });

  it('passes a role the request names (iam:PassRole) and keeps it as the stack role', async () => {
    const h = harness();
    await h.call('CreateStack', { StackName: 's', TemplateBody: LOG('a') });
    await h.settled();
    h.authorizations.length = 0;
    await h.call('UpdateStack', { StackName: 's', TemplateBody: LOG('b'), RoleARN: ROLE });
    await h.settled();
    expect(h.authorizations.slice(1)).toEqual([`iam:PassRole ${ROLE}`]);
    expect(h.aws.calls.at(-1)!.accessKeyId).toBe(ROLE_CREDENTIALS.accessKeyId);
    expect((await h.call('DescribeStacks', { StackName: 's' })).Stacks[0].RoleARN).toBe(ROLE);
  });

  it('a stack without a role keeps acting as the caller; a stack role no longer assumable is refused', async () => {
    const h = harness();
    await h.call('CreateStack', { StackName: 's', TemplateBody: LOG('a') });
    await h.settled();
    await h.call('UpdateStack', { StackName: 's', TemplateBody: LOG('b') });
    await h.settled();
    expect(new Set(h.aws.calls.map((c) => c.accessKeyId))).toEqual(new Set([CALLER.accessKeyId]));
    let assumable = true;
    const g = harness({ assumable: () => assumable });
    await g.call('CreateStack', { StackName: 's', TemplateBody: LOG('a'), RoleARN: ROLE });
    await g.settled();
    assumable = false;
    await expect(g.call('UpdateStack', { StackName: 's', TemplateBody: LOG('b') })).rejects.toThrow(`Role ${ROLE} is invalid or cannot be assumed`);
    expect(g.state.stacks[0].StackStatus).toBe('CREATE_COMPLETE');
  });
});
