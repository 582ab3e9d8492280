import { describe, expect, it } from 'vitest';
import { harness } from '../testing/harness';

async function create(resources: Record<string, unknown>, outputs: Record<string, unknown> = {}, opts: Parameters<typeof harness>[0] = {}) {
  const h = harness(opts);
  await h.call('CreateStack', { StackName: 'st', TemplateBody: JSON.stringify({ Resources: resources, Outputs: outputs }), Capabilities: ['CAPABILITY_NAMED_IAM'] });
  await h.settled();
  const { Stacks } = await h.call('DescribeStacks', { StackName: 'st' });
  const out = Object.fromEntries((Stacks[0].Outputs ?? []).map((o: any) => [o.OutputKey, o.OutputValue]));
  return { h, stack: Stacks[0], out };
}

const call = (h: ReturnType<typeof harness>, action: string) => h.aws.calls.find((c) => c.action === action)!.params;

describe('resource types', () => {
  it('AWS::IAM::Role: every property, Ref the name, GetAtt Arn and RoleId', async () => {
    const { h, out } = await create({
      R: {
        Type: 'AWS::IAM::Role',
        Properties: {
          RoleName: 'app', Path: '/application_roles/', Description: 'd', MaxSessionDuration: 7200,
          PermissionsBoundary: 'arn:aws:iam::123456789012:policy/b',
          AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [] },
          ManagedPolicyArns: ['arn:aws:iam::aws:policy/ReadOnlyAccess'],
          Policies: [{ PolicyName: 'p', PolicyDocument: { Version: '2012-10-17', Statement: [] } }],
          Tags: [{ Key: 'k', Value: 'v' }],
        },
      },
    }, { Ref: { Value: { Ref: 'R' } }, Arn: { Value: { 'Fn::GetAtt': ['R', 'Arn'] } }, Id: { Value: { 'Fn::GetAtt': ['R', 'RoleId'] } } });
    expect(h.aws.actions()).toEqual(['CreateRole', 'PutRolePolicy', 'AttachRolePolicy']);
    expect(call(h, 'CreateRole')).toMatchObject({
      RoleName: 'app', Path: '/application_roles/', Description: 'd', MaxSessionDuration: '7200', PermissionsBoundary: 'arn:aws:iam::123456789012:policy/b',
      AssumeRolePolicyDocument: '{"Version":"2012-10-17","Statement":[]}', 'Tags.member.1.Key': 'k', 'Tags.member.1.Value': 'v',
    });
    expect(out).toEqual({ Ref: 'app', Arn: 'arn:aws:iam::123456789012:role/application_roles/app', Id: 'AROAFAKE3' });
  });

  it('AWS::IAM::Role update: boundary, trust, managed policies and removed inline policies', async () => {
    const base = { AssumeRolePolicyDocument: { Statement: [] }, Policies: [{ PolicyName: 'old', PolicyDocument: {} }], ManagedPolicyArns: ['arn:a'] };
    const { h } = await create({ R: { Type: 'AWS::IAM::Role', Properties: base } });
    h.aws.calls.length = 0;
    await h.call('UpdateStack', {
      StackName: 'st', Capabilities: ['CAPABILITY_IAM'],
      TemplateBody: JSON.stringify({ Resources: { R: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: { Statement: [1] }, PermissionsBoundary: 'arn:b', ManagedPolicyArns: ['arn:c'] } } } }),
    });
    await h.settled();
    expect(h.aws.actions()).toEqual(['UpdateAssumeRolePolicy', 'PutRolePermissionsBoundary', 'DeleteRolePolicy', 'AttachRolePolicy', 'DetachRolePolicy']);
  });

  it('AWS::IAM::ManagedPolicy: Ref is the ARN; attaches to roles; generated name', async () => {
    const { h, out } = await create({
      P: { Type: 'AWS::IAM::ManagedPolicy', Properties: { Path: '/application_policies/', PolicyDocument: { Version: '2012-10-17', Statement: [] }, Roles: ['r1'] } },
    }, { Ref: { Value: { Ref: 'P' } }, Arn: { Value: { 'Fn::GetAtt': ['P', 'PolicyArn'] } } });
    expect(call(h, 'CreatePolicy').PolicyName).toMatch(/^st-P-[A-Z0-9]{12}$/);
    expect(out.Ref).toMatch(/^arn:aws:iam::123456789012:policy\/application_policies\/st-P-[A-Z0-9]{12}$/);
    expect(out.Arn).toBe(out.Ref);
    expect(call(h, 'AttachRolePolicy')).toMatchObject({ RoleName: 'r1', PolicyArn: out.Ref });
  });

  it('AWS::IAM::Policy: puts the inline policy on each role; its id is made from stack and logical id', async () => {
    const { h, out } = await create({
      P: { Type: 'AWS::IAM::Policy', Properties: { PolicyName: 'inline', PolicyDocument: { Statement: [] }, Roles: ['a', 'b'] } },
    }, { Ref: { Value: { Ref: 'P' } } });
    expect(h.aws.calls.map((c) => `${c.action} ${c.params.RoleName}`)).toEqual(['PutRolePolicy a', 'PutRolePolicy b']);
    expect(out.Ref).toMatch(/^st-P-[A-Z0-9]{12}$/);
    const { h: bad } = await create({ P: { Type: 'AWS::IAM::Policy', Properties: { PolicyName: 'x', PolicyDocument: {} } } });
    const failed = (await bad.call('DescribeStackEvents', { StackName: 'st' })).StackEvents.find((e: any) => e.ResourceStatus === 'CREATE_FAILED');
    expect(failed.ResourceStatusReason).toMatch(/^Resource handler returned message: "At least one of \[Groups,Roles,Users\] must be non-empty\." \(RequestToken: .+, HandlerErrorCode: InvalidRequest\)$/);
  });

  it('AWS::StepFunctions::StateMachine: Definition object with DefinitionSubstitutions; Ref the ARN, GetAtt Name', async () => {
    const { h, out } = await create({
      SM: {
        Type: 'AWS::StepFunctions::StateMachine',
        Properties: {
          RoleArn: 'arn:aws:iam::123456789012:role/r',
          Definition: { StartAt: 'A', States: { A: { Type: 'Task', Resource: '${Fn}', End: true } } },
          DefinitionSubstitutions: { Fn: 'arn:aws:lambda:us-east-1:123456789012:function:f' },
          Tags: [{ Key: 'k', Value: 'v' }],
        },
      },
    }, { Ref: { Value: { Ref: 'SM' } }, Name: { Value: { 'Fn::GetAtt': ['SM', 'Name'] } } });
    const p = call(h, 'CreateStateMachine');
    expect(JSON.parse(p.definition).States.A.Resource).toBe('arn:aws:lambda:us-east-1:123456789012:function:f');
    expect(p.tags).toEqual([{ key: 'k', value: 'v' }]);
    expect(out.Name).toMatch(/^SM-[A-Za-z0-9]{12}$/);
    expect(out.Ref).toBe(`arn:aws:states:us-east-1:123456789012:stateMachine:${out.Name}`);
  });

  it('AWS::Lambda::Function and AWS::Lambda::Permission: Ref names, GetAtt Arn', async () => {
    const { h, out } = await create({
      F: { Type: 'AWS::Lambda::Function', Properties: { FunctionName: 'fn', Runtime: 'python3.12', Handler: 'index.handler', Role: 'arn:r', Code: { ZipFile: 'def handler(e, c): return 1' }, Environment: { Variables: { A: 'b' } }, MemorySize: '256' } },
      P: { Type: 'AWS::Lambda::Permission', Properties: { FunctionName: { Ref: 'F' }, Action: 'lambda:InvokeFunction', Principal: 'states.amazonaws.com' } },
    }, { Arn: { Value: { 'Fn::GetAtt': ['F', 'Arn'] } }, Perm: { Value: { Ref: 'P' } } });
    expect(call(h, 'CreateFunction')).toMatchObject({ FunctionName: 'fn', Environment: { Variables: { A: 'b' } }, MemorySize: 256 });
    expect(call(h, 'AddPermission')).toMatchObject({ FunctionName: 'fn', Principal: 'states.amazonaws.com' });
    expect(out.Arn).toBe('arn:aws:lambda:us-east-1:123456789012:function:fn');
    expect(out.Perm).toBe(call(h, 'AddPermission').StatementId);
    expect(out.Perm).toMatch(/^st-P-[A-Za-z0-9]{12}$/);
  });

  it('AWS::Logs::LogGroup and AWS::S3::Bucket: GetAtt values as AWS documents them', async () => {
    const { out } = await create({
      L: { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: '/aws/lambda/f', RetentionInDays: 7 } },
      B: { Type: 'AWS::S3::Bucket', Properties: { BucketName: 'my-bucket' } },
    }, {
      LogArn: { Value: { 'Fn::GetAtt': ['L', 'Arn'] } },
      B: { Value: { 'Fn::Join': ['|', [{ Ref: 'B' }, { 'Fn::GetAtt': 'B.Arn' }, { 'Fn::GetAtt': 'B.DomainName' }, { 'Fn::GetAtt': 'B.RegionalDomainName' }, { 'Fn::GetAtt': 'B.WebsiteURL' }]] } },
    });
    expect(out.LogArn).toBe('arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/f:*');
    expect(out.B).toBe('my-bucket|arn:aws:s3:::my-bucket|my-bucket.s3.amazonaws.com|my-bucket.s3.us-east-1.amazonaws.com|http://my-bucket.s3-website-us-east-1.amazonaws.com');
  });

  it('maps service errors to CloudFormation handler error codes', async () => {
    const { h } = await create({ R: { Type: 'AWS::IAM::Role', Properties: { RoleName: 'dup', AssumeRolePolicyDocument: {} } } }, {}, {
      fail: (c) => (c.action === 'CreateRole' ? ['EntityAlreadyExists', 'Role with name dup already exists.', 409] : undefined),
    });
    const failed = (await h.call('DescribeStackEvents', { StackName: 'st' })).StackEvents.find((e: any) => e.ResourceStatus === 'CREATE_FAILED');
    expect(failed.ResourceStatusReason).toMatch(/^Resource handler returned message: "Role with name dup already exists\. \(Service: Iam, Status Code: 409, Request ID: req-\d+\)" \(RequestToken: .+, HandlerErrorCode: AlreadyExists\)$/);
  });
});
