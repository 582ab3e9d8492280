/** Change sets: create (for a new stack or an update), describe, list, execute, delete, with the stack calls' authorization. */
import { describe, expect, it } from 'vitest';
import { CALLER, harness, ROLE_CREDENTIALS } from '../../cloudformation/testing/harness';

const LOGS = (...names: string[]) => JSON.stringify({
  Resources: Object.fromEntries(names.map((n) => [n, { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: n.toLowerCase() } }])),
});
const failure = async (p: Promise<unknown>) => p.then(() => 'no error', (e) => `${e.code}: ${e.message}`);

describe('change sets', () => {
  it('CREATE: a REVIEW_IN_PROGRESS stack, every resource an Add; executing creates the stack as the executor', async () => {
    const h = harness();
    const out = await h.call('CreateChangeSet', { StackName: 'app', ChangeSetName: 'first', ChangeSetType: 'CREATE', TemplateBody: LOGS('A', 'B'), Description: 'start' });
    expect(out.Id).toMatch(/^arn:aws:cloudformation:us-east-1:123456789012:changeSet\/first\/[0-9a-f-]{36}$/);
    expect(out.StackId).toMatch(/^arn:aws:cloudformation:us-east-1:123456789012:stack\/app\/[0-9a-f-]{36}$/);
    expect(h.authorizations).toEqual(['cloudformation:CreateChangeSet arn:aws:cloudformation:us-east-1:123456789012:stack/app/*']);
    expect((await h.call('DescribeStacks', { StackName: 'app' })).Stacks[0]).toMatchObject({ StackStatus: 'REVIEW_IN_PROGRESS', StackStatusReason: 'User Initiated' });
    const cs = await h.call('DescribeChangeSet', { StackName: 'app', ChangeSetName: 'first' });
    expect(cs).toMatchObject({ ChangeSetName: 'first', ChangeSetId: out.Id, StackId: out.StackId, StackName: 'app', Description: 'start', Status: 'CREATE_COMPLETE', ExecutionStatus: 'AVAILABLE' });
    expect(cs.Changes).toEqual([
      { Type: 'Resource', ResourceChange: { Action: 'Add', LogicalResourceId: 'A', ResourceType: 'AWS::Logs::LogGroup', Scope: [], Details: [] } },
      { Type: 'Resource', ResourceChange: { Action: 'Add', LogicalResourceId: 'B', ResourceType: 'AWS::Logs::LogGroup', Scope: [], Details: [] } },
    ]);
    expect(h.aws.calls).toEqual([]);
    await h.call('ExecuteChangeSet', { ChangeSetName: out.Id });
    await h.settled();
    expect((await h.call('DescribeStacks', { StackName: 'app' })).Stacks[0].StackStatus).toBe('CREATE_COMPLETE');
    expect(h.aws.calls.map((c) => `${c.action} ${c.accessKeyId}`)).toEqual([`CreateLogGroup ${CALLER.accessKeyId}`, `CreateLogGroup ${CALLER.accessKeyId}`]);
    expect((await h.call('DescribeChangeSet', { ChangeSetName: out.Id })).ExecutionStatus).toBe('EXECUTE_COMPLETE');
    expect(h.authorizations).toContain(`cloudformation:ExecuteChangeSet ${out.StackId}`);
  });

  it('UPDATE: Add, Modify (with Replacement) and Remove; executing deletes the other change sets', async () => {
    const h = harness();
    await h.call('CreateStack', { StackName: 's', TemplateBody: LOGS('A', 'B') });
    await h.settled();
    const body = JSON.stringify({ Resources: {
      A: { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: 'a', RetentionInDays: 7 } },
      C: { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: 'c' } },
    } });
    await h.call('CreateChangeSet', { StackName: 's', ChangeSetName: 'one', TemplateBody: body });
    await h.call('CreateChangeSet', { StackName: 's', ChangeSetName: 'two', TemplateBody: LOGS('A', 'B', 'D') });
    const cs = await h.call('DescribeChangeSet', { StackName: 's', ChangeSetName: 'one' });
    expect(cs.Changes.map((c: any) => c.ResourceChange)).toEqual([
      { Action: 'Modify', LogicalResourceId: 'A', PhysicalResourceId: 'a', ResourceType: 'AWS::Logs::LogGroup', Replacement: 'False', Scope: ['Properties'],
        Details: [{ Target: { Attribute: 'Properties', Name: 'RetentionInDays', RequiresRecreation: 'Never' }, Evaluation: 'Static', ChangeSource: 'DirectModification' }] },
      { Action: 'Add', LogicalResourceId: 'C', ResourceType: 'AWS::Logs::LogGroup', Scope: [], Details: [] },
      { Action: 'Remove', LogicalResourceId: 'B', PhysicalResourceId: 'b', ResourceType: 'AWS::Logs::LogGroup', Scope: [], Details: [] },
    ]);
    const renamed = JSON.stringify({ Resources: { A: { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: 'a2' } }, B: { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: 'b' } } } });
    await h.call('CreateChangeSet', { StackName: 's', ChangeSetName: 'three', TemplateBody: renamed });
    expect((await h.call('DescribeChangeSet', { StackName: 's', ChangeSetName: 'three' })).Changes[0].ResourceChange).toMatchObject({ Action: 'Modify', Replacement: 'True', Details: [{ Target: { Name: 'LogGroupName', RequiresRecreation: 'Always' } }] });
    expect((await h.call('ListChangeSets', { StackName: 's' })).Summaries.map((c: any) => `${c.ChangeSetName} ${c.Status} ${c.ExecutionStatus}`)).toEqual([
      'one CREATE_COMPLETE AVAILABLE', 'two CREATE_COMPLETE AVAILABLE', 'three CREATE_COMPLETE AVAILABLE',
    ]);
    h.aws.calls.length = 0;
    await h.call('ExecuteChangeSet', { StackName: 's', ChangeSetName: 'one' });
    await h.settled();
    expect((await h.call('DescribeStacks', { StackName: 's' })).Stacks[0].StackStatus).toBe('UPDATE_COMPLETE');
    expect(h.aws.actions()).toEqual(['PutRetentionPolicy', 'CreateLogGroup', 'DeleteLogGroup']);
    expect((await h.call('ListChangeSets', { StackName: 's' })).Summaries.map((c: any) => `${c.ChangeSetName} ${c.ExecutionStatus}`)).toEqual(['one EXECUTE_COMPLETE']);
    expect(await failure(h.call('DescribeChangeSet', { StackName: 's', ChangeSetName: 'two' }))).toBe('ChangeSetNotFound: ChangeSet [two] does not exist');
  });

  it('fails a change set with no changes; refuses to execute it; deletes it', async () => {
    const h = harness();
    await h.call('CreateStack', { StackName: 's', TemplateBody: LOGS('A') });
    await h.settled();
    const { Id } = await h.call('CreateChangeSet', { StackName: 's', ChangeSetName: 'same', UsePreviousTemplate: true });
    expect(await h.call('DescribeChangeSet', { ChangeSetName: Id })).toMatchObject({
      Status: 'FAILED', ExecutionStatus: 'UNAVAILABLE', Changes: [],
      StatusReason: "The submitted information didn't contain changes. Submit different information to create a change set.",
    });
    expect(await failure(h.call('ExecuteChangeSet', { ChangeSetName: Id }))).toBe(`InvalidChangeSetStatus: ChangeSet [${Id}] cannot be executed in its current status of [FAILED]`);
    await h.call('DeleteChangeSet', { ChangeSetName: 'same', StackName: 's' });
    expect((await h.call('ListChangeSets', { StackName: 's' })).Summaries).toEqual([]);
  });

  it("answers bad requests in CloudFormation's words and changes nothing", async () => {
    const h = harness();
    await h.call('CreateStack', { StackName: 's', TemplateBody: LOGS('A') });
    await h.settled();
    const before = JSON.stringify(h.state);
    expect(await failure(h.call('CreateChangeSet', { StackName: 'nope', ChangeSetName: 'c', TemplateBody: LOGS('A') }))).toBe('ValidationError: Stack [nope] does not exist');
    expect(await failure(h.call('CreateChangeSet', { StackName: 's', ChangeSetName: 'c', ChangeSetType: 'CREATE', TemplateBody: LOGS('A') }))).toBe('ValidationError: Stack [s] already exists and cannot be created again with the changeSet [c].');
    expect(await failure(h.call('CreateChangeSet', { StackName: 's', ChangeSetName: 'c', TemplateBody: '{' }))).toMatch(/^ValidationError: Template format error/);
    expect(await failure(h.call('CreateChangeSet', { StackName: 's', ChangeSetName: 'c', TemplateBody: JSON.stringify({ Resources: { R: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: {} } } } }) }))).toBe('InsufficientCapabilitiesException: Requires capabilities : [CAPABILITY_IAM]');
    expect(await failure(h.call('DescribeChangeSet', { ChangeSetName: 'c' }))).toBe('ValidationError: StackName must be specified if ChangeSetName is not specified as an ARN.');
    expect(await failure(h.call('DescribeChangeSet', { ChangeSetName: 'c', StackName: 's' }))).toBe('ChangeSetNotFound: ChangeSet [c] does not exist');
    expect(await failure(h.call('ExecuteChangeSet', { ChangeSetName: 'arn:aws:cloudformation:us-east-1:123456789012:changeSet/c/x' }))).toBe('ChangeSetNotFound: ChangeSet [arn:aws:cloudformation:us-east-1:123456789012:changeSet/c/x] does not exist');
    expect(await failure(h.call('ListChangeSets', { StackName: 'nope' }))).toBe('ValidationError: Stack [nope] does not exist');
    expect(JSON.stringify(h.state)).toBe(before);
    await h.call('CreateChangeSet', { StackName: 's', ChangeSetName: 'c', TemplateBody: LOGS('A', 'B') });
    expect(await failure(h.call('CreateChangeSet', { StackName: 's', ChangeSetName: 'c', TemplateBody: LOGS('A', 'B') }))).toBe('AlreadyExistsException: ChangeSet [c] already exists');
  });

  it("executes with the stack's role and no iam:PassRole, as UpdateStack does; a role the change set names is passed when created", async () => {
    const ROLE = 'arn:aws:iam::123456789012:role/cfn-admin';
    const h = harness();
    await h.call('CreateStack', { StackName: 's', TemplateBody: LOGS('A'), RoleARN: ROLE });
    await h.settled();
    h.authorizations.length = 0;
    h.aws.calls.length = 0;
    await h.call('CreateChangeSet', { StackName: 's', ChangeSetName: 'ride', TemplateBody: LOGS('A', 'B') });
    await h.call('ExecuteChangeSet', { StackName: 's', ChangeSetName: 'ride' });
    await h.settled();
    expect(h.authorizations.map((a) => a.split(' ')[0])).toEqual(['cloudformation:CreateChangeSet', 'cloudformation:ExecuteChangeSet']);
    expect(h.aws.calls.map((c) => c.accessKeyId)).toEqual([ROLE_CREDENTIALS.accessKeyId]);
    h.authorizations.length = 0;
    await h.call('CreateChangeSet', { StackName: 's', ChangeSetName: 'named', TemplateBody: LOGS('A'), RoleARN: ROLE });
    expect(h.authorizations).toEqual([`cloudformation:CreateChangeSet ${h.state.stacks[0].StackId}`, `iam:PassRole ${ROLE}`]);
  });

  it('a REVIEW_IN_PROGRESS stack can be deleted', async () => {
    const h = harness();
    await h.call('CreateChangeSet', { StackName: 'app', ChangeSetName: 'c', ChangeSetType: 'CREATE', TemplateBody: LOGS('A') });
    await h.call('DeleteStack', { StackName: 'app' });
    await h.settled();
    expect(h.state.stacks[0].StackStatus).toBe('DELETE_COMPLETE');
  });
});
