import { describe, expect, it } from 'vitest';
import { unzipSync, strFromU8 } from 'fflate';
import { APP_TEMPLATE } from './testing/templates';
import { CALLER, harness, ROLE_CREDENTIALS } from './testing/harness';

const DENY = (action: string) =>
  `User: arn:aws:sts::123456789012:assumed-role/builder/builder-test is not authorized to perform: ${action} on resource: arn:aws:iam::123456789012:role/x because no identity-based policy allows the ${action} action`;

const statuses = (events: any[]) => events.map((e) => `${e.LogicalResourceId} ${e.ResourceStatus}${e.ResourceStatusReason ? ` ${e.ResourceStatusReason}` : ''}`);

describe('stack engine: create', () => {
  it('creates the blog application in dependency order, through the SDK, with the caller credentials', async () => {
    const h = harness();
    const { StackId } = await h.call('CreateStack', { StackName: 'builder-application', TemplateBody: APP_TEMPLATE(true), Capabilities: ['CAPABILITY_NAMED_IAM'] });
    expect(StackId).toMatch(/^arn:aws:cloudformation:us-east-1:123456789012:stack\/builder-application\/[0-9a-f-]{36}$/);
    await h.settled();
    const { Stacks } = await h.call('DescribeStacks', { StackName: 'builder-application' });
    expect(Stacks[0].StackStatus).toBe('CREATE_COMPLETE');
    expect(h.aws.actions()).toEqual([
      'CreateRole', 'PutRolePolicy', 'CreateFunction', 'CreateRole', 'PutRolePolicy', 'CreateStateMachine', 'AddPermission',
    ]);
    expect(new Set(h.aws.calls.map((c) => c.accessKeyId))).toEqual(new Set([CALLER.accessKeyId]));
    const role = h.aws.calls[0].params;
    expect(role.Path).toBe('/application_roles/');
    expect(role.PermissionsBoundary).toBe('arn:aws:iam::123456789012:policy/permissions_boundaries/application-boundary');
    expect(role.RoleName).toMatch(/^builder-application-MyLambdaFunctionExecutionRole-[A-Z0-9]{12}$/);
    expect(JSON.parse(role.AssumeRolePolicyDocument).Statement[0].Principal.Service).toEqual(['lambda.amazonaws.com']);
    const sm = h.aws.calls.find((c) => c.action === 'CreateStateMachine')!.params;
    expect(sm.name).toMatch(/^MyStateMachine-[A-Za-z0-9]{12}$/);
    expect(JSON.parse(sm.definition).States.State1.Resource).toMatch(/^arn:aws:lambda:us-east-1:123456789012:function:builder-application-MyLambdaFunction-[A-Za-z0-9]{12}$/);
    expect(sm.roleArn).toMatch(/^arn:aws:iam::123456789012:role\/application_roles\/builder-application-MyStateMachineExecutionRole-/);
    const perm = h.aws.calls.find((c) => c.action === 'AddPermission')!.params;
    expect(perm.SourceArn).toBe(`arn:aws:states:us-east-1:123456789012:stateMachine:${sm.name}`);
  });

  it('sends Code.ZipFile to Lambda as a zip holding index.js', async () => {
    const h = harness();
    await h.call('CreateStack', { StackName: 's', TemplateBody: APP_TEMPLATE(true), Capabilities: ['CAPABILITY_IAM'] });
    await h.settled();
    const fn = h.aws.calls.find((c) => c.action === 'CreateFunction')!.params;
    const files = unzipSync(Uint8Array.from(atob(fn.Code.ZipFile), (c) => c.charCodeAt(0)));
    expect(Object.keys(files)).toEqual(['index.js']);
    expect(strFromU8(files['index.js'])).toBe('exports.handler = async () => "Hello Builder!";\n');
    expect(fn.Timeout).toBe(30);
  });

  it('records events newest first with the real field set', async () => {
    const h = harness();
    const { StackId } = await h.call('CreateStack', { StackName: 'app', TemplateBody: APP_TEMPLATE(true), Capabilities: ['CAPABILITY_IAM'], ClientRequestToken: 'tok-1' });
    await h.settled();
    const { StackEvents } = await h.call('DescribeStackEvents', { StackName: 'app' });
    const first = StackEvents.at(-1);
    expect(first).toMatchObject({ StackId, StackName: 'app', LogicalResourceId: 'app', PhysicalResourceId: StackId, ResourceType: 'AWS::CloudFormation::Stack', ResourceStatus: 'CREATE_IN_PROGRESS', ResourceStatusReason: 'User Initiated', ClientRequestToken: 'tok-1' });
    expect(first.Timestamp).toBeInstanceOf(Date);
    expect(StackEvents[0]).toMatchObject({ LogicalResourceId: 'app', ResourceStatus: 'CREATE_COMPLETE' });
    const roleEvents = StackEvents.filter((e: any) => e.LogicalResourceId === 'MyLambdaFunctionExecutionRole').reverse();
    expect(statuses(roleEvents)).toEqual([
      'MyLambdaFunctionExecutionRole CREATE_IN_PROGRESS',
      'MyLambdaFunctionExecutionRole CREATE_IN_PROGRESS Resource creation Initiated',
      'MyLambdaFunctionExecutionRole CREATE_COMPLETE',
    ]);
    expect(roleEvents[0].PhysicalResourceId).toBe('');
    expect(roleEvents[2].PhysicalResourceId).toMatch(/^app-MyLambdaFunctionExecutionRole-/);
    expect(roleEvents[2].EventId).toMatch(/^MyLambdaFunctionExecutionRole-CREATE_COMPLETE-\d{4}-/);
    expect(JSON.parse(roleEvents[0].ResourceProperties).Path).toBe('/application_roles/');
    expect(statuses(StackEvents.filter((e: any) => e.LogicalResourceId === 'MyLambdaFunction').reverse())).toEqual([
      'MyLambdaFunction CREATE_IN_PROGRESS',
      'MyLambdaFunction CREATE_IN_PROGRESS Resource creation Initiated',
      'MyLambdaFunction CREATE_IN_PROGRESS Eventual consistency check initiated',
      'MyLambdaFunction CREATE_COMPLETE',
    ]);
    expect(StackEvents.find((e: any) => e.LogicalResourceId === 'MyLambdaFunction' && e.DetailedStatus)).toMatchObject({ DetailedStatus: 'CONFIGURATION_COMPLETE' });
    expect(StackEvents[1]).toMatchObject({ LogicalResourceId: 'app', ResourceStatus: 'CREATE_IN_PROGRESS', ResourceStatusReason: 'Eventual consistency check initiated', DetailedStatus: 'CONFIGURATION_COMPLETE' });
    const fnEvent = StackEvents.find((e: any) => e.LogicalResourceId === 'MyLambdaFunction');
    expect(JSON.parse(fnEvent.ResourceProperties).Timeout).toBe('30');
    expect(new Set(StackEvents.map((e: any) => e.EventId)).size).toBe(StackEvents.length);
    const times = StackEvents.map((e: any) => e.Timestamp.getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it('fails a denied CreateRole with CloudFormation\'s message and rolls back to ROLLBACK_COMPLETE', async () => {
    const h = harness({ deny: (c) => (c.action === 'CreateRole' ? DENY('iam:CreateRole') : undefined) });
    await h.call('CreateStack', { StackName: 'builder-application', TemplateBody: APP_TEMPLATE(false), Capabilities: ['CAPABILITY_NAMED_IAM'] });
    await h.settled();
    const { Stacks } = await h.call('DescribeStacks', { StackName: 'builder-application' });
    expect(Stacks[0].StackStatus).toBe('ROLLBACK_COMPLETE');
    const { StackEvents } = await h.call('DescribeStackEvents', { StackName: 'builder-application' });
    const failed = StackEvents.filter((e: any) => e.ResourceStatus === 'CREATE_FAILED');
    expect(failed).toHaveLength(1);
    expect(failed[0].LogicalResourceId).toBe('MyLambdaFunctionExecutionRole');
    expect(failed[0].ResourceStatusReason).toMatch(
      /^Resource handler returned message: "User: arn:aws:sts::123456789012:assumed-role\/builder\/builder-test is not authorized to perform: iam:CreateRole on resource: arn:aws:iam::123456789012:role\/x because no identity-based policy allows the iam:CreateRole action \(Service: Iam, Status Code: 403, Request ID: req-\d+\)" \(RequestToken: [0-9a-f-]{36}, HandlerErrorCode: AccessDenied\)$/,
    );
    expect(statuses(StackEvents.filter((e: any) => e.ResourceType === 'AWS::CloudFormation::Stack')).reverse()).toEqual([
      'builder-application CREATE_IN_PROGRESS User Initiated',
      'builder-application ROLLBACK_IN_PROGRESS The following resource(s) failed to create: [MyLambdaFunctionExecutionRole]. Rollback requested by user.',
      'builder-application ROLLBACK_COMPLETE',
    ]);
    const { StackResources } = await h.call('DescribeStackResources', { StackName: 'builder-application' });
    expect(StackResources.map((r: any) => `${r.LogicalResourceId} ${r.ResourceStatus}`)).toEqual(['MyLambdaFunctionExecutionRole DELETE_COMPLETE']);
    expect(h.aws.actions()).toEqual(['CreateRole']);
  });

  it('cancels siblings in flight and deletes what was created', async () => {
    const template = JSON.stringify({
      Resources: {
        A: { Type: 'AWS::Logs::LogGroup' },
        B: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: {} } },
        C: { Type: 'AWS::Logs::LogGroup' },
        D: { Type: 'AWS::Logs::LogGroup', DependsOn: 'C' },
      },
    });
    const h = harness({ deny: (c) => (c.action === 'CreateRole' ? DENY('iam:CreateRole') : undefined) });
    await h.call('CreateStack', { StackName: 'x', TemplateBody: template, Capabilities: ['CAPABILITY_IAM'] });
    await h.settled();
    const { StackEvents } = await h.call('DescribeStackEvents', { StackName: 'x' });
    const ev = statuses([...StackEvents].reverse()).map((s) => s.replace(/"User.*$/, '…'));
    expect(ev).toEqual([
      'x CREATE_IN_PROGRESS User Initiated',
      'A CREATE_IN_PROGRESS', 'B CREATE_IN_PROGRESS', 'C CREATE_IN_PROGRESS',
      'A CREATE_IN_PROGRESS Resource creation Initiated', 'A CREATE_COMPLETE',
      'B CREATE_FAILED Resource handler returned message: …',
      'C CREATE_FAILED Resource creation cancelled',
      'x ROLLBACK_IN_PROGRESS The following resource(s) failed to create: [B, C]. Rollback requested by user.',
      'A DELETE_IN_PROGRESS', 'B DELETE_COMPLETE', 'C DELETE_IN_PROGRESS', 'A DELETE_COMPLETE', 'C DELETE_COMPLETE',
      'x ROLLBACK_COMPLETE',
    ]);
    expect(h.aws.actions('logs')).toEqual(['CreateLogGroup', 'CreateLogGroup', 'DeleteLogGroup', 'DeleteLogGroup']);
  });

  it('OnFailure DO_NOTHING (and DisableRollback) leave CREATE_FAILED; OnFailure DELETE ends DELETE_COMPLETE', async () => {
    const template = JSON.stringify({ Resources: { A: { Type: 'AWS::Logs::LogGroup' }, B: { Type: 'AWS::IAM::Role', DependsOn: 'A', Properties: { AssumeRolePolicyDocument: {} } } } });
    const deny = (c: { action: string }) => (c.action === 'CreateRole' ? DENY('iam:CreateRole') : undefined);
    for (const [input, status, reason] of [
      [{ OnFailure: 'DO_NOTHING' }, 'CREATE_FAILED', 'The following resource(s) failed to create: [B]. '],
      [{ DisableRollback: true }, 'CREATE_FAILED', 'The following resource(s) failed to create: [B]. '],
    ] as const) {
      const h = harness({ deny });
      await h.call('CreateStack', { StackName: 'x', TemplateBody: template, Capabilities: ['CAPABILITY_IAM'], ...input });
      await h.settled();
      const { Stacks } = await h.call('DescribeStacks', { StackName: 'x' });
      expect(Stacks[0]).toMatchObject({ StackStatus: status, StackStatusReason: reason });
      expect(h.aws.actions('logs')).toEqual(['CreateLogGroup']);
    }
    const h = harness({ deny });
    const { StackId } = await h.call('CreateStack', { StackName: 'x', TemplateBody: template, Capabilities: ['CAPABILITY_IAM'], OnFailure: 'DELETE' });
    await h.settled();
    await expect(h.call('DescribeStacks', { StackName: 'x' })).rejects.toThrow('Stack with id x does not exist');
    const { Stacks } = await h.call('DescribeStacks', { StackName: StackId });
    expect(Stacks[0].StackStatus).toBe('DELETE_COMPLETE');
    expect(Stacks[0].DeletionTime).toBeInstanceOf(Date);
    expect(h.aws.actions('logs')).toEqual(['CreateLogGroup', 'DeleteLogGroup']);
  });

  it('fails an unsupported resource type with a clear reason, never a silent success', async () => {
    const h = harness();
    await h.call('CreateStack', { StackName: 'q', TemplateBody: JSON.stringify({ Resources: { Q: { Type: 'AWS::SQS::Queue' } } }) });
    await h.settled();
    const { StackEvents } = await h.call('DescribeStackEvents', { StackName: 'q' });
    const failed = StackEvents.find((e: any) => e.ResourceStatus === 'CREATE_FAILED');
    expect(failed.ResourceStatusReason).toMatch(/^Resource type AWS::SQS::Queue is not supported by the sandbox\./);
    const { Stacks } = await h.call('DescribeStacks', { StackName: 'q' });
    expect(Stacks[0].StackStatus).toBe('ROLLBACK_COMPLETE');
  });

  it('uses the stack role (RoleARN), assumed by CloudFormation, instead of the caller', async () => {
    const h = harness();
    await h.call('CreateStack', { StackName: 'r', TemplateBody: JSON.stringify({ Resources: { L: { Type: 'AWS::Logs::LogGroup' } } }), RoleARN: 'arn:aws:iam::123456789012:role/cfn' });
    await h.settled();
    expect(h.aws.calls.map((c) => c.accessKeyId)).toEqual([ROLE_CREDENTIALS.accessKeyId]);
    expect(h.authorizations).toContain('iam:PassRole arn:aws:iam::123456789012:role/cfn');
    // A stack whose role can no longer be assumed cannot be deleted, as in AWS.
    let assumable = true;
    const gone = harness({ assumable: () => assumable });
    await gone.call('CreateStack', { StackName: 'r', TemplateBody: JSON.stringify({ Resources: { L: { Type: 'AWS::Logs::LogGroup' } } }), RoleARN: 'arn:aws:iam::123456789012:role/cfn' });
    await gone.settled();
    assumable = false;
    await gone.call('DeleteStack', { StackName: 'r' });
    await gone.settled();
    expect((await gone.call('DescribeStacks', { StackName: 'r' })).Stacks[0]).toMatchObject({ StackStatus: 'DELETE_FAILED', StackStatusReason: 'Role arn:aws:iam::123456789012:role/cfn is invalid or cannot be assumed' });
    const bad = harness({ assumable: () => false });
    await expect(bad.call('CreateStack', { StackName: 'r', TemplateBody: JSON.stringify({ Resources: { L: { Type: 'AWS::Logs::LogGroup' } } }), RoleARN: 'arn:aws:iam::123456789012:role/nope' }))
      .rejects.toThrow('Role arn:aws:iam::123456789012:role/nope is invalid or cannot be assumed');
  });

  it('resolves outputs and exports, and imports them in another stack', async () => {
    const h = harness();
    await h.call('CreateStack', {
      StackName: 'net',
      TemplateBody: JSON.stringify({
        Resources: { L: { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: 'g1' } } },
        Outputs: { Group: { Value: { 'Fn::GetAtt': ['L', 'Arn'] }, Description: 'the group', Export: { Name: { 'Fn::Sub': '${AWS::StackName}-group' } } } },
      }),
    });
    await h.settled();
    const { Stacks } = await h.call('DescribeStacks', { StackName: 'net' });
    expect(Stacks[0].Outputs).toEqual([{ OutputKey: 'Group', OutputValue: 'arn:aws:logs:us-east-1:123456789012:log-group:g1:*', Description: 'the group', ExportName: 'net-group' }]);
    const { Exports } = await h.call('ListExports');
    expect(Exports).toEqual([{ ExportingStackId: Stacks[0].StackId, Name: 'net-group', Value: 'arn:aws:logs:us-east-1:123456789012:log-group:g1:*' }]);
    const user = JSON.stringify({ Resources: { B: { Type: 'AWS::S3::Bucket', Properties: { Tags: [{ Key: 'g', Value: { 'Fn::ImportValue': 'net-group' } }] } } } });
    await expect(h.call('CreateStack', { StackName: 'app', TemplateBody: user.replace('net-group', 'nope') })).rejects.toThrow('No export named nope found.');
    await h.call('CreateStack', { StackName: 'app', TemplateBody: user });
    await h.settled();
    const created = (await h.call('DescribeStackResource', { StackName: 'app', LogicalResourceId: 'B' })).StackResourceDetail;
    expect(created.PhysicalResourceId).toMatch(/^app-b-[a-z0-9]{12}$/);
    await h.call('DeleteStack', { StackName: 'net' });
    await h.settled();
    const after = await h.call('DescribeStacks', { StackName: 'net' });
    expect(after.Stacks[0]).toMatchObject({ StackStatus: 'DELETE_FAILED', StackStatusReason: 'Export net-group cannot be deleted as it is in use by app' });
  });
});

describe('stack engine: resume after a reload', () => {
  it('rolls back a create that a reload cut short, cancelling what was in progress', async () => {
    const h = harness();
    await h.call('CreateStack', { StackName: 's', TemplateBody: JSON.stringify({ Resources: { A: { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: 'a' } }, B: { Type: 'AWS::Logs::LogGroup', DependsOn: 'A' } } }) });
    await h.settled();
    // As if the page reloaded while B was being created: state from persistence, no engine running.
    const stack = h.state.stacks[0];
    stack.StackStatus = 'CREATE_IN_PROGRESS';
    stack.resources.B = { ...stack.resources.B, ResourceStatus: 'CREATE_IN_PROGRESS', PhysicalResourceId: undefined };
    stack.operation = { kind: 'CREATE', credentials: CALLER };
    h.aws.calls.length = 0;
    h.provider.resume!(h.ctx('resume'));
    await h.settled();
    const { Stacks } = await h.call('DescribeStacks', { StackName: 's' });
    expect(Stacks[0].StackStatus).toBe('ROLLBACK_COMPLETE');
    const { StackEvents } = await h.call('DescribeStackEvents', { StackName: 's' });
    expect(statuses(StackEvents.slice(0, 5))).toEqual([
      's ROLLBACK_COMPLETE', 'A DELETE_COMPLETE', 'A DELETE_IN_PROGRESS', 'B DELETE_COMPLETE',
      's ROLLBACK_IN_PROGRESS The following resource(s) failed to create: [B]. Rollback requested by user.',
    ]);
    expect(StackEvents[5]).toMatchObject({ LogicalResourceId: 'B', ResourceStatus: 'CREATE_FAILED', ResourceStatusReason: 'Resource creation cancelled' });
    expect(h.aws.calls.map((c) => `${c.action} ${c.params.logGroupName}`)).toEqual(['DeleteLogGroup a']);
  });
});

describe('stack engine: delete', () => {
  it('refuses RetainResources unless the stack is DELETE_FAILED, and termination-protected stacks', async () => {
    const h = harness();
    await h.call('CreateStack', { StackName: 'p', TemplateBody: JSON.stringify({ Resources: { L: { Type: 'AWS::Logs::LogGroup' } } }), EnableTerminationProtection: true });
    await h.settled();
    await expect(h.call('DeleteStack', { StackName: 'p' })).rejects.toThrow('Stack [p] cannot be deleted while TerminationProtection is enabled');
    await h.call('CreateStack', { StackName: 'q', TemplateBody: JSON.stringify({ Resources: { L: { Type: 'AWS::Logs::LogGroup' } } }) });
    await h.settled();
    await expect(h.call('DeleteStack', { StackName: 'q', RetainResources: ['L'] })).rejects.toThrow(/RetainResources can only be specified/);
  });

  it('keeps everything a failed deletion depends on, transitively', async () => {
    const h = harness({ deny: (c) => (c.action === 'DeleteLogGroup' && c.params.logGroupName === 'c' ? 'denied' : undefined) });
    const lg = (name: string, dependsOn?: string) => ({ Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: name }, ...(dependsOn ? { DependsOn: dependsOn } : {}) });
    await h.call('CreateStack', { StackName: 's', TemplateBody: JSON.stringify({ Resources: { A: lg('a'), B: lg('b', 'A'), C: lg('c', 'B'), D: lg('d') } }) });
    await h.settled();
    h.aws.calls.length = 0;
    await h.call('DeleteStack', { StackName: 's' });
    await h.settled();
    expect(h.aws.calls.map((c) => `${c.action} ${c.params.logGroupName}`).sort()).toEqual(['DeleteLogGroup c', 'DeleteLogGroup d']);
    const { StackResources } = await h.call('DescribeStackResources', { StackName: 's' });
    expect(StackResources.map((r: any) => `${r.LogicalResourceId} ${r.ResourceStatus}`).sort()).toEqual(['A CREATE_COMPLETE', 'B CREATE_COMPLETE', 'C DELETE_FAILED', 'D DELETE_COMPLETE']);
  });

  it('deletes in reverse dependency order and ends DELETE_COMPLETE', async () => {
    const h = harness();
    await h.call('CreateStack', { StackName: 'app', TemplateBody: APP_TEMPLATE(true), Capabilities: ['CAPABILITY_IAM'] });
    await h.settled();
    h.aws.calls.length = 0;
    await h.call('DeleteStack', { StackName: 'app' });
    const during = await h.call('DescribeStacks', { StackName: 'app' });
    expect(during.Stacks[0].StackStatus).toBe('DELETE_IN_PROGRESS');
    await h.settled();
    expect(h.aws.actions()).toEqual([
      'RemovePermission', 'DeleteStateMachine', 'DeleteRolePolicy', 'DeleteRole', 'DeleteFunction', 'DeleteRolePolicy', 'DeleteRole',
    ]);
    await expect(h.call('DescribeStacks', { StackName: 'app' })).rejects.toThrow('Stack with id app does not exist');
    const { StackSummaries } = await h.call('ListStacks', { StackStatusFilter: ['DELETE_COMPLETE'] });
    expect(StackSummaries).toHaveLength(1);
    // Deleting a stack that is gone succeeds.
    await expect(h.call('DeleteStack', { StackName: 'app' })).resolves.toEqual({});
  });

  it('a denied delete gives DELETE_FAILED, keeps what it depends on, and RetainResources finishes the job', async () => {
    let denyDelete = true;
    const h = harness({ deny: (c) => (denyDelete && c.action === 'DeleteFunction' ? DENY('lambda:DeleteFunction') : undefined) });
    await h.call('CreateStack', { StackName: 'app', TemplateBody: APP_TEMPLATE(true), Capabilities: ['CAPABILITY_IAM'] });
    await h.settled();
    await h.call('DeleteStack', { StackName: 'app' });
    await h.settled();
    const { Stacks } = await h.call('DescribeStacks', { StackName: 'app' });
    expect(Stacks[0]).toMatchObject({ StackStatus: 'DELETE_FAILED', StackStatusReason: 'The following resource(s) failed to delete: [MyLambdaFunction]. ' });
    const { StackResources } = await h.call('DescribeStackResources', { StackName: 'app' });
    const byId = Object.fromEntries(StackResources.map((r: any) => [r.LogicalResourceId, r]));
    expect(byId.MyLambdaFunction.ResourceStatus).toBe('DELETE_FAILED');
    expect(byId.MyLambdaFunction.ResourceStatusReason).toMatch(/\(Service: Lambda, Status Code: 403, Request ID: req-\d+\)" \(RequestToken: .*, HandlerErrorCode: AccessDenied\)$/);
    expect(byId.MyLambdaFunctionExecutionRole.ResourceStatus).toBe('CREATE_COMPLETE');
    expect(byId.MyStateMachine.ResourceStatus).toBe('DELETE_COMPLETE');
    await h.call('DeleteStack', { StackName: 'app', RetainResources: ['MyLambdaFunction'] });
    await h.settled();
    const s = await h.call('DescribeStacks', { StackName: Stacks[0].StackId });
    const events = (await h.call('DescribeStackEvents', { StackName: Stacks[0].StackId })).StackEvents;
    expect(statuses(events.slice(0, 4))).toEqual([
      'app DELETE_COMPLETE', 'MyLambdaFunctionExecutionRole DELETE_COMPLETE', 'MyLambdaFunctionExecutionRole DELETE_IN_PROGRESS', 'MyLambdaFunction DELETE_SKIPPED',
    ]);
    denyDelete = false;
    expect(s.Stacks[0].StackStatus).toBe('DELETE_COMPLETE');
  });
});
