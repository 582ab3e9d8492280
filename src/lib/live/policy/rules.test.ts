/** The resource rules for calls the current lessons do not make yet but a lesson may: Lambda, CreateRole, trust. */
import { describe, it, expect } from 'vitest';
import { derivePolicy } from './derive';
import { workshopSources } from './node';
import { judge, trustProblem } from './rules';
import { root } from '../test-support';
import { lab } from '../../../../labs/lab';
import type { Lab } from '../../../../labs/schema';

const account = '123456789012';
const policy = derivePolicy({
  ...workshopSources(root),
  lab: {
    steps: [
      ...lab.steps,
      {
        id: 'more', lesson: 'going-further', title: 't', identity: 'administrator', checks: [],
        commands: ['aws lambda invoke --function-name $fn out.json', 'aws iam create-role --role-name app --path /application_roles/ --assume-role-policy-document file://t.json'].map((run) => ({ run, expect: 'success' })),
      },
    ],
  } as unknown as Lab,
});
const as = (service: string, operation: string, input: Record<string, unknown>) => judge({ service, operation, input }, { policy, account, signer: 'base' });

describe('resource rules', () => {
  it('lets Lambda reach only the functions the workshop stacks create, in the confirmed account', () => {
    expect(as('lambda', 'Invoke', { FunctionName: 'builder-application-MyLambdaFunction-AbC123' })).toBeUndefined();
    expect(as('lambda', 'Invoke', { FunctionName: `arn:aws:lambda:us-east-1:${account}:function:builder-application-MyLambdaFunction-AbC123` })).toBeUndefined();
    expect(as('lambda', 'Invoke', { FunctionName: 'payroll-export' })).toMatch(/not one of the workshop's functions/);
    expect(as('lambda', 'Invoke', { FunctionName: 'arn:aws:lambda:us-east-1:999999999999:function:builder-application-x' })).toMatch(/not in the confirmed account/);
  });

  it('creates roles only under the workshop’s paths, trusting only services or the confirmed account', () => {
    const trust = (principal: unknown) => JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole' }] });
    expect(as('iam', 'CreateRole', { RoleName: 'app', Path: '/application_roles/', AssumeRolePolicyDocument: trust({ Service: 'lambda.amazonaws.com' }) })).toBeUndefined();
    expect(as('iam', 'CreateRole', { RoleName: 'admin2', Path: '/', AssumeRolePolicyDocument: trust({ Service: 'lambda.amazonaws.com' }) })).toMatch(/Role admin2 is not one of the workshop's roles/);
    expect(as('iam', 'CreateRole', { RoleName: 'app', Path: '/application_roles/', AssumeRolePolicyDocument: trust({ AWS: 'arn:aws:iam::999999999999:root' }) })).toMatch(/another account/);
    expect(as('iam', 'CreateRole', { RoleName: 'app', Path: '/application_roles/', AssumeRolePolicyDocument: trust('*') })).toMatch(/anyone/);
    expect(as('iam', 'CreateRole', { RoleName: 'app', Path: '/application_roles/', AssumeRolePolicyDocument: trust({ Federated: 'cognito-identity.amazonaws.com' }) })).toMatch(/Federated/);
    expect(trustProblem({ Statement: [{ Effect: 'Allow', Principal: { AWS: { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:root' } } }] }, account)).toBeUndefined();
  });

  it('lets a bucket policy or a function permission grant only AWS services or the confirmed account', () => {
    const bucket = 'builder-application-files';
    const doc = (principal: unknown) => JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: principal, Action: 's3:GetObject', Resource: `arn:aws:s3:::${bucket}/*` }] });
    const p = derivePolicy({ ...workshopSources(root), lab: { steps: [...lab.steps, { id: 'b', lesson: 'going-further', title: 't', identity: 'administrator', checks: [], commands: [{ run: `aws s3api put-bucket-policy --bucket ${bucket} --policy file://p.json`, expect: 'success' }, { run: 'aws lambda add-permission --function-name $fn --statement-id s --action lambda:InvokeFunction --principal states.amazonaws.com', expect: 'success' }] }] } as unknown as Lab });
    const put = (Policy: string) => judge({ service: 's3', operation: 'PutBucketPolicy', input: { Bucket: bucket, Policy } }, { policy: p, account, signer: 'base' });
    expect(put(doc({ AWS: `arn:aws:iam::${account}:role/builder` }))).toBeUndefined();
    expect(put(doc('*'))).toMatch(/lets anyone/);
    expect(put(doc({ AWS: 'arn:aws:iam::999999999999:root' }))).toMatch(/another account/);
    const add = (Principal: string) => judge({ service: 'lambda', operation: 'AddPermission', input: { FunctionName: 'builder-application-F-1', Principal } }, { policy: p, account, signer: 'base' });
    expect(add('states.amazonaws.com')).toBeUndefined();
    expect(add('999999999999')).toMatch(/outside the confirmed account/);
  });

  it('reads only what the workshop made: its roles, policies, paths, stacks and event names', () => {
    expect(as('iam', 'GetRole', { RoleName: 'builder' })).toBeUndefined();
    expect(as('iam', 'GetRole', { RoleName: 'builder-application-MyLambdaFunctionRole-AbC123' })).toBeUndefined();
    expect(as('iam', 'GetRole', { RoleName: 'OrganizationAccountAccessRole' })).toMatch(/not one of the workshop's roles/);
    expect(as('iam', 'ListAttachedRolePolicies', { RoleName: 'payroll' })).toMatch(/not one of the workshop's roles/);
    expect(as('iam', 'GetPolicy', { PolicyArn: `arn:aws:iam::${account}:policy/builder_policies/builder` })).toBeUndefined();
    const asBuilder = (operation: string, input: Record<string, unknown>) => judge({ service: 'iam', operation, input }, { policy, account, signer: 'session' });
    expect(asBuilder('GetPolicyVersion', { PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess', VersionId: 'v1' })).toBeUndefined();
    expect(asBuilder('GetPolicyVersion', { PolicyArn: `arn:aws:iam::${account}:policy/payroll-access`, VersionId: 'v1' })).toMatch(/not one of the workshop's policies/);
    expect(as('iam', 'ListRoles', { PathPrefix: '/application_roles/' })).toBeUndefined();
    expect(as('iam', 'ListRoles', {})).toMatch(/--path-prefix/);
    expect(as('iam', 'ListPolicies', { Scope: 'Local', PathPrefix: '/' })).toMatch(/--path-prefix/);
    expect(as('cloudformation', 'DescribeStacks', { StackName: 'builder-application' })).toBeUndefined();
    expect(as('cloudformation', 'DescribeStacks', {})).toMatch(/must name one of the workshop's stacks/);
    expect(as('cloudformation', 'DescribeStackEvents', { StackName: 'payroll' })).toMatch(/not one of the workshop's stacks/);
    expect(as('cloudformation', 'ListStacks', {})).toBeUndefined();
    const lookup = (attrs: unknown) => as('cloudtrail', 'LookupEvents', { LookupAttributes: attrs });
    expect(lookup([{ AttributeKey: 'EventName', AttributeValue: 'CreateRole' }])).toBeUndefined();
    expect(lookup(undefined)).toMatch(/one event name/);
    expect(lookup([{ AttributeKey: 'EventName', AttributeValue: 'ConsoleLogin' }])).toMatch(/one event name/);
    expect(lookup([{ AttributeKey: 'Username', AttributeValue: 'admin' }])).toMatch(/one event name/);
  });
});
