import { describe, expect, it } from 'vitest';
import { harness } from '../../cloudformation/testing/harness';

const LOG = JSON.stringify({ Description: 'logs', Resources: { L: { Type: 'AWS::Logs::LogGroup' } } });
const ROLE = (named: boolean) => JSON.stringify({ Resources: { R: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: {}, ...(named ? { RoleName: 'fixed' } : {}) } } } });

const failure = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (e) {
    return `${(e as { code: string }).code}: ${(e as Error).message}`;
  }
  return 'no error';
};

describe('CloudFormation API: CreateStack checks', () => {
  it('rejects what AWS rejects, in AWS\'s words', async () => {
    const h = harness();
    expect(await failure(h.call('CreateStack', { StackName: 'my_stack', TemplateBody: LOG }))).toBe(
      "ValidationError: 1 validation error detected: Value 'my_stack' at 'stackName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]*|arn:[-a-zA-Z0-9:/._+]*",
    );
    expect(await failure(h.call('CreateStack', { StackName: 's' }))).toBe('ValidationError: Either Template URL or Template Body must be specified.');
    expect(await failure(h.call('CreateStack', { StackName: 's', TemplateBody: ROLE(false) }))).toBe('InsufficientCapabilitiesException: Requires capabilities : [CAPABILITY_IAM]');
    expect(await failure(h.call('CreateStack', { StackName: 's', TemplateBody: ROLE(true), Capabilities: ['CAPABILITY_IAM'] }))).toBe('InsufficientCapabilitiesException: Requires capabilities : [CAPABILITY_NAMED_IAM]');
    expect(await failure(h.call('CreateStack', { StackName: 's', TemplateBody: LOG, OnFailure: 'DELETE', DisableRollback: true }))).toBe('ValidationError: You cannot specify both DisableRollback and OnFailure.');
    expect(await failure(h.call('CreateStack', { StackName: 's', TemplateBody: LOG, TemplateURL: undefined, Parameters: [{ ParameterKey: 'X', ParameterValue: '1' }] }))).toBe('ValidationError: Parameters: [X] do not exist in the template');
    expect(await failure(h.call('CreateStack', { StackName: 's', TemplateURL: 'https://example.com/t.yml' }))).toBe('ValidationError: TemplateURL must reference a valid S3 object to which you have access.');
    expect(await failure(h.call('CreateStack', { StackName: 's', TemplateBody: `{"Resources":{"A":{"Type":"AWS::Lambda::Function","Properties":{"Role":{"Fn::GetAtt":["B","Nope"]}}},"B":{"Type":"AWS::IAM::Role"}}}`, Capabilities: ['CAPABILITY_IAM'] }))).toBe(
      'ValidationError: Template error: resource B does not support attribute type Nope in Fn::GetAtt',
    );
    expect(await failure(h.call('CreateStack', { StackName: 's', TemplateBody: 'Transform: AWS::Serverless-2016-10-31\nResources:\n  F: {Type: AWS::Serverless::Function}\n' }))).toBe('InsufficientCapabilitiesException: Requires capabilities : [CAPABILITY_AUTO_EXPAND]');
    expect(await failure(h.call('CreateStack', { StackName: 's', TemplateBody: 'Parameters:\n  Ami: {Type: "AWS::SSM::Parameter::Value<String>", Default: /x}\nResources:\n  L: {Type: AWS::Logs::LogGroup}\n' }))).toBe(
      'ValidationError: Parameters [Ami] read Systems Manager parameters, which the sandbox does not have.',
    );
    expect(h.state.stacks).toEqual([]);
    await h.call('CreateStack', { StackName: 's', TemplateBody: LOG });
    expect(await failure(h.call('CreateStack', { StackName: 's', TemplateBody: LOG }))).toBe('AlreadyExistsException: Stack [s] already exists');
    expect(h.authorizations[0]).toBe('cloudformation:CreateStack arn:aws:cloudformation:us-east-1:123456789012:stack/s/*');
  });

  it('reads TemplateURL through the lab\'s resolver', async () => {
    const h = harness({ resolveTemplateUrl: (url) => (url.endsWith('/logs.json') ? LOG : undefined) });
    await h.call('CreateStack', { StackName: 's', TemplateURL: 'https://bucket.s3.amazonaws.com/x/logs.json' });
    await h.settled();
    expect((await h.call('GetTemplate', { StackName: 's' })).TemplateBody).toBe(LOG);
  });

  it('skips resources whose condition is false and shows NoEcho parameters masked', async () => {
    const h = harness();
    const body = `Parameters:
  Env: {Type: String, AllowedValues: [dev, prod]}
  Secret: {Type: String, NoEcho: true}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Mappings:
  Days: {dev: {Keep: 1}, prod: {Keep: 30}}
Resources:
  Always:
    Type: AWS::Logs::LogGroup
    Properties:
      LogGroupName: !Sub "/app/\${Env}"
      RetentionInDays: !FindInMap [Days, !Ref Env, Keep]
  ProdOnly:
    Type: AWS::Logs::LogGroup
    Condition: IsProd
Outputs:
  Name:
    Value: !If [IsProd, !Ref ProdOnly, !Ref Always]
`;
    await h.call('CreateStack', { StackName: 's', TemplateBody: body, Parameters: [{ ParameterKey: 'Env', ParameterValue: 'dev' }, { ParameterKey: 'Secret', ParameterValue: 'pw' }] });
    await h.settled();
    const { Stacks } = await h.call('DescribeStacks', { StackName: 's' });
    expect(Stacks[0].StackStatus).toBe('CREATE_COMPLETE');
    expect(Stacks[0].Parameters).toEqual([{ ParameterKey: 'Env', ParameterValue: 'dev' }, { ParameterKey: 'Secret', ParameterValue: '****' }]);
    expect(Stacks[0].Outputs).toEqual([{ OutputKey: 'Name', OutputValue: '/app/dev' }]);
    expect(h.aws.calls.map((c) => `${c.action} ${c.params.logGroupName} ${c.params.retentionInDays ?? ''}`.trim())).toEqual(['CreateLogGroup /app/dev', 'PutRetentionPolicy /app/dev 1']);
    const { StackResourceSummaries } = await h.call('ListStackResources', { StackName: 's' });
    expect(StackResourceSummaries).toEqual([{ LogicalResourceId: 'Always', PhysicalResourceId: '/app/dev', ResourceType: 'AWS::Logs::LogGroup', LastUpdatedTimestamp: expect.any(Date), ResourceStatus: 'CREATE_COMPLETE', DriftInformation: { StackResourceDriftStatus: 'NOT_CHECKED' } }]);
    expect(await failure(h.call('CreateStack', { StackName: 't', TemplateBody: body, Parameters: [{ ParameterKey: 'Env', ParameterValue: 'qa' }, { ParameterKey: 'Secret', ParameterValue: 'x' }] }))).toBe("ValidationError: Parameter 'Env' must be one of AllowedValues");
  });
});

describe('CloudFormation API: describe and list', () => {
  it('DescribeStacks has the real fields; unknown stacks are worded per operation', async () => {
    const h = harness();
    const { StackId } = await h.call('CreateStack', { StackName: 's', TemplateBody: LOG, Tags: [{ Key: 'team', Value: 'a' }] });
    await h.settled();
    const { Stacks } = await h.call('DescribeStacks', { StackName: StackId });
    expect(Stacks[0]).toEqual({
      StackId, StackName: 's', Description: 'logs', CreationTime: expect.any(Date), RollbackConfiguration: {}, StackStatus: 'CREATE_COMPLETE',
      DisableRollback: false, NotificationARNs: [], Tags: [{ Key: 'team', Value: 'a' }], EnableTerminationProtection: false,
      DriftInformation: { StackDriftStatus: 'NOT_CHECKED' },
    });
    expect((await h.call('DescribeStacks')).Stacks.map((s: any) => s.StackName)).toEqual(['s']);
    expect(await failure(h.call('DescribeStacks', { StackName: 'x' }))).toBe('ValidationError: Stack with id x does not exist');
    expect(await failure(h.call('DescribeStackEvents', { StackName: 'x' }))).toBe('ValidationError: Stack [x] does not exist');
    expect(await failure(h.call('DescribeStackResource', { StackName: 'x', LogicalResourceId: 'L' }))).toBe("ValidationError: Stack 'x' does not exist");
    expect(await failure(h.call('DescribeStackResource', { StackName: 's', LogicalResourceId: 'Nope' }))).toBe('ValidationError: Resource Nope does not exist for stack s');
    expect(await failure(h.call('DescribeStackResources', { StackName: 'x' }))).toBe('ValidationError: Stack with id x does not exist');
    expect(await failure(h.call('ListStackResources', { StackName: 'x' }))).toBe('ValidationError: Stack with id x does not exist');
    expect(await failure(h.call('GetTemplate', { StackName: 'x' }))).toBe('ValidationError: Stack with id x does not exist');
    const physical = (await h.call('DescribeStackResource', { StackName: 's', LogicalResourceId: 'L' })).StackResourceDetail.PhysicalResourceId;
    expect(physical).toMatch(/^s-L-[A-Za-z0-9]{12}$/);
    expect((await h.call('DescribeStackResources', { PhysicalResourceId: physical })).StackResources[0]).toMatchObject({ StackName: 's', LogicalResourceId: 'L' });
    expect(await h.call('GetTemplate', { StackName: 's' })).toEqual({ TemplateBody: LOG, StagesAvailable: ['Original', 'Processed'] });
  });

  it('ListStacks filters by status and lists deleted stacks', async () => {
    const h = harness();
    await h.call('CreateStack', { StackName: 'a', TemplateBody: LOG });
    await h.call('CreateStack', { StackName: 'b', TemplateBody: LOG });
    await h.settled();
    await h.call('DeleteStack', { StackName: 'a' });
    await h.settled();
    const all = (await h.call('ListStacks')).StackSummaries;
    expect(all.map((s: any) => `${s.StackName} ${s.StackStatus}`)).toEqual(['b CREATE_COMPLETE', 'a DELETE_COMPLETE']);
    expect(all[1]).toMatchObject({ TemplateDescription: 'logs', DeletionTime: expect.any(Date) });
    expect((await h.call('ListStacks', { StackStatusFilter: ['CREATE_COMPLETE'] })).StackSummaries.map((s: any) => s.StackName)).toEqual(['b']);
    expect(await failure(h.call('ListStacks', { StackStatusFilter: ['DONE'] }))).toMatch(/^ValidationError: 1 validation error detected: Value '\[DONE\]' at 'stackStatusFilter'/);
    expect((await h.call('DescribeStacks')).Stacks.map((s: any) => s.StackName)).toEqual(['b']);
  });

  it('pages stack events 100 at a time', async () => {
    const h = harness();
    const resources = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`L${i}`, { Type: 'AWS::Logs::LogGroup' }]));
    await h.call('CreateStack', { StackName: 's', TemplateBody: JSON.stringify({ Resources: resources }) });
    await h.settled();
    const one = await h.call('DescribeStackEvents', { StackName: 's' });
    expect(one.StackEvents).toHaveLength(100);
    const two = await h.call('DescribeStackEvents', { StackName: 's', NextToken: one.NextToken });
    expect(two.StackEvents).toHaveLength(23);
    expect(two.NextToken).toBeUndefined();
    expect(two.StackEvents.at(-1)).toMatchObject({ ResourceStatus: 'CREATE_IN_PROGRESS', ResourceStatusReason: 'User Initiated' });
  });
});

describe('CloudFormation API: ValidateTemplate', () => {
  it('returns parameters, description, capabilities and transforms', async () => {
    const h = harness();
    const out = await h.call('ValidateTemplate', {
      TemplateBody: 'Description: d\nParameters:\n  Size: {Type: Number, Default: 3, Description: how many}\n  Secret: {Type: String, NoEcho: true}\nResources:\n  R:\n    Type: AWS::IAM::Role\n    Properties: {RoleName: r}\n',
    });
    expect(out).toEqual({
      Parameters: [{ ParameterKey: 'Size', DefaultValue: '3', NoEcho: false, Description: 'how many' }, { ParameterKey: 'Secret', NoEcho: true }],
      Description: 'd',
      Capabilities: ['CAPABILITY_NAMED_IAM'],
      CapabilitiesReason: 'The following resource(s) require capabilities: [AWS::IAM::Role]',
    });
    expect(await failure(h.call('ValidateTemplate', { TemplateBody: '{"Resources":{"A":{"Type":"AWS::S3::Bucket","Properties":{"P":{"Ref":"B"}}}}}' }))).toBe(
      'ValidationError: Template format error: Unresolved resource dependencies [B] in the Resources block of the template',
    );
    expect(await failure(h.call('ValidateTemplate', { TemplateBody: 'Resources:\n  A: {Type: AWS::IAM::Rol}\n  B: {Type: AWS::TypoHere::VPC}\n  C: {Type: Custom::Mine}\n' }))).toBe(
      'ValidationError: Template format error: Unrecognized resource types: [AWS::IAM::Rol, AWS::TypoHere::VPC]',
    );
    expect((await h.call('ValidateTemplate', { TemplateBody: 'Transform: AWS::Serverless-2016-10-31\nResources:\n  B: {Type: AWS::S3::Bucket}\n' })).DeclaredTransforms).toEqual(['AWS::Serverless-2016-10-31']);
  });
});
