/**
 * The lab's policies judged by an independent IAM simulator (@cloud-copilot/iam-simulate, a test-only oracle): the
 * builder can do every call of the blog's flow, including the calls CloudFormation makes with the builder's
 * credentials, and each escalation is denied for the reason the lessons give.
 */
import { getDenialReasons, getGrantReasons, runSimulation, type Simulation } from '@cloud-copilot/iam-simulate';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseTemplate } from './templates';
import { account, boundaryArn, builderIam, region, resolve, rolesOf, type PolicyDocument } from './test-support';

const { builder, boundary } = builderIam();
const arn = (service: string, rest: string, r = region) => `arn:aws:${service}:${r}:${account}:${rest}`;
const iamArn = (rest: string) => `arn:aws:iam::${account}:${rest}`;

const lambdaRoleArn = iamArn('role/application_roles/builder-application-MyLambdaFunctionExecutionRo-Q2W3E4R5T6Y7');
const stateMachineRoleArn = iamArn('role/application_roles/builder-application-MyStateMachineExecutionRole-A1S2D3F4');
const functionArn = arn('lambda', 'function:builder-application-MyLambdaFunction-Z9X8C7V6B5N4');
const stateMachineArn = arn('states', 'stateMachine:MyStateMachine-ab12CD34ef56');
const executionArn = arn('states', 'execution:MyStateMachine-ab12CD34ef56:0f1e2d3c-4b5a-6978-8695-a4b3c2d1e0f9');
const logGroupArn = arn('logs', 'log-group:/aws/lambda/builder-application-MyLambdaFunction-Z9X8C7V6B5N4');
const builderPolicyArn = iamArn('policy/builder_policies/builder');
const withBoundary = { 'iam:PermissionsBoundary': boundaryArn };

type Call = [action: string, resource: string, context?: Record<string, string>];

async function decide(
  principal: string,
  identity: PolicyDocument,
  [action, resource, context = {}]: Call,
  permissionsBoundary?: PolicyDocument,
) {
  const simulation: Simulation = {
    request: { principal, action, resource: { resource, accountId: account }, contextVariables: context },
    identityPolicies: [{ name: 'identity', policy: identity }],
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    permissionBoundaryPolicies: permissionsBoundary ? [{ name: 'application-boundary', policy: permissionsBoundary }] : undefined,
  };
  const result = await runSimulation(simulation, {});
  if (result.resultType === 'error') throw new Error(`${action}: ${JSON.stringify(result.errors)}`);
  if (result.resultType !== 'single') throw new Error(`${action}: expected a single result, got ${result.resultType}`);
  return {
    result: result.overallResult,
    grants: getGrantReasons(result.result.analysis).map((g) => g.statementId),
    denials: getDenialReasons(result.result.analysis),
  };
}

const asBuilder = (call: Call) =>
  decide(`arn:aws:sts::${account}:assumed-role/builder/builder-test`, builder, call);

describe('the builder can do everything the blog asks of it', () => {
  const calls: Call[] = [
    // CloudFormation itself, and the calls its resource handlers make with the builder's credentials.
    ['cloudformation:CreateStack', arn('cloudformation', 'stack/builder-application/5c2e1a40-0000-11f0-a000-0a1b2c3d4e5f')],
    ['cloudformation:UpdateStack', arn('cloudformation', 'stack/builder-application/5c2e1a40-0000-11f0-a000-0a1b2c3d4e5f')],
    ['cloudformation:DeleteStack', arn('cloudformation', 'stack/builder-application/5c2e1a40-0000-11f0-a000-0a1b2c3d4e5f')],
    ['cloudformation:DescribeStackEvents', arn('cloudformation', 'stack/builder-application/5c2e1a40-0000-11f0-a000-0a1b2c3d4e5f')],
    ['iam:CreateRole', lambdaRoleArn, withBoundary],
    ['iam:CreateRole', stateMachineRoleArn, withBoundary],
    ['iam:PutRolePolicy', lambdaRoleArn, withBoundary],
    ['iam:DeleteRolePolicy', lambdaRoleArn, withBoundary],
    ['iam:GetRole', lambdaRoleArn],
    ['iam:GetRolePolicy', lambdaRoleArn],
    ['iam:ListRolePolicies', lambdaRoleArn],
    ['iam:ListAttachedRolePolicies', lambdaRoleArn],
    ['iam:DeleteRole', lambdaRoleArn],
    ['iam:PassRole', lambdaRoleArn, { 'iam:PassedToService': 'lambda.amazonaws.com' }],
    ['iam:PassRole', stateMachineRoleArn, { 'iam:PassedToService': 'states.amazonaws.com' }],
    ['lambda:CreateFunction', functionArn],
    ['lambda:GetFunction', functionArn],
    ['lambda:TagResource', functionArn],
    ['lambda:UpdateFunctionCode', functionArn],
    ['lambda:UpdateFunctionConfiguration', functionArn],
    ['lambda:AddPermission', functionArn],
    ['lambda:RemovePermission', functionArn],
    ['lambda:DeleteFunction', functionArn],
    ['states:CreateStateMachine', stateMachineArn],
    ['states:DescribeStateMachine', stateMachineArn],
    ['states:TagResource', stateMachineArn],
    ['states:UpdateStateMachine', stateMachineArn],
    ['states:DeleteStateMachine', stateMachineArn],
    // The learner's own commands.
    ['states:StartExecution', stateMachineArn],
    ['states:DescribeExecution', executionArn],
    ['logs:DescribeLogStreams', logGroupArn],
    ['logs:GetLogEvents', `${logGroupArn}:log-stream:2026/11/29/[$LATEST]0123456789abcdef0123456789abcdef`],
    ['iam:GetPolicyVersion', builderPolicyArn],
    ['iam:CreatePolicy', iamArn('policy/application_policies/sneaky-policy')],
    ['iam:DeletePolicy', iamArn('policy/application_policies/sneaky-policy')],
  ];

  it.each(calls)('%s on %s', async (...call) => {
    expect((await asBuilder(call)).result).toBe('Allowed');
  });

  it('creates application roles through the statement that requires the boundary', async () => {
    expect((await asBuilder(['iam:CreateRole', lambdaRoleArn, withBoundary])).grants).toEqual([
      'CreateAndChangeApplicationRolesWithBoundary',
    ]);
  });
});

describe('the builder cannot escalate', () => {
  const rolePathless = iamArn('role/builder-application-MyLambdaFunctionExecutionRo-Q2W3E4R5T6Y7');

  it.each<[string, Call]>([
    ['template 1: a role outside /application_roles/ without a boundary', ['iam:CreateRole', rolePathless]],
    ['a role outside /application_roles/ even with the boundary', ['iam:CreateRole', rolePathless, withBoundary]],
    ['an application role without a boundary', ['iam:CreateRole', lambdaRoleArn]],
    [
      'an application role with another boundary',
      ['iam:CreateRole', lambdaRoleArn, { 'iam:PermissionsBoundary': iamArn('policy/application_policies/sneaky-policy') }],
    ],
    [
      'escalation 2: attach sneaky-policy to the builder role',
      ['iam:AttachRolePolicy', iamArn('role/builder'), { 'iam:PolicyARN': iamArn('policy/application_policies/sneaky-policy') }],
    ],
    ['pass an application role to EC2', ['iam:PassRole', lambdaRoleArn, { 'iam:PassedToService': 'ec2.amazonaws.com' }]],
    ['pass the builder role', ['iam:PassRole', iamArn('role/builder'), { 'iam:PassedToService': 'lambda.amazonaws.com' }]],
    ['assume an application role', ['sts:AssumeRole', lambdaRoleArn]],
  ])('%s: no identity-based policy allows it', async (_, call) => {
    const { result, denials } = await asBuilder(call);
    expect(result).toBe('ImplicitlyDenied');
    expect(denials).toEqual([expect.objectContaining({ policyType: 'identity', denialType: 'Implicit' })]);
  });

  it.each<[string, Call, string]>([
    ['escalation 1: a new version of the builder policy', ['iam:CreatePolicyVersion', builderPolicyArn], 'DenyChangingBuilderAndBoundaryPolicies'],
    ['a new default version of the builder policy', ['iam:SetDefaultPolicyVersion', builderPolicyArn], 'DenyChangingBuilderAndBoundaryPolicies'],
    ['deleting the boundary policy', ['iam:DeletePolicy', boundaryArn], 'DenyChangingBuilderAndBoundaryPolicies'],
    ['a new version of the boundary', ['iam:CreatePolicyVersion', boundaryArn], 'DenyChangingBuilderAndBoundaryPolicies'],
    ['removing an application role’s boundary', ['iam:DeleteRolePermissionsBoundary', lambdaRoleArn, withBoundary], 'DenyDeletingPermissionsBoundaries'],
  ])('%s: an explicit deny', async (_, call, sid) => {
    const { result, denials } = await asBuilder(call);
    expect(result).toBe('ExplicitlyDenied');
    expect(denials).toEqual([expect.objectContaining({ policyType: 'identity', denialType: 'Explicit', statementId: sid })]);
  });
});

describe('application roles from builder-application-3, bounded by application-boundary', () => {
  const t3 = parseTemplate(readFileSync(join(import.meta.dirname, 'builder-application-3.yml'), 'utf8'));
  const roles = rolesOf(t3);
  const inline = (id: string) => {
    const doc = resolve(roles[id].Policies[0].PolicyDocument);
    // The only non-pseudo reference is the function ARN in the state machine role's policy.
    return JSON.parse(JSON.stringify(doc).replace(/\{"Fn::GetAtt":\["MyLambdaFunction","Arn"\]\}/, JSON.stringify(functionArn)));
  };
  const asLambdaRole = (call: Call) =>
    decide(`arn:aws:sts::${account}:assumed-role/builder-application-MyLambdaFunctionExecutionRo-Q2W3E4R5T6Y7/fn`, inline('MyLambdaFunctionExecutionRole'), call, boundary);

  it('the function cannot create its bucket: no permissions boundary allows s3:CreateBucket', async () => {
    const { result, grants, denials } = await asLambdaRole(['s3:CreateBucket', `arn:aws:s3:::builder-application-${account}-${region}`]);
    expect(result).toBe('ImplicitlyDenied');
    expect(grants).toEqual([]);
    expect(denials).toEqual([expect.objectContaining({ policyType: 'pb', denialType: 'Implicit' })]);
  });

  it('the function still writes its logs', async () => {
    expect((await asLambdaRole(['logs:CreateLogGroup', logGroupArn])).result).toBe('Allowed');
    expect((await asLambdaRole(['logs:PutLogEvents', `${logGroupArn}:log-stream:2026/11/29/[$LATEST]0a1b`])).result).toBe('Allowed');
  });

  it('the state machine invokes the function', async () => {
    const { result } = await decide(
      `arn:aws:sts::${account}:assumed-role/builder-application-MyStateMachineExecutionRole-A1S2D3F4/exec`,
      inline('MyStateMachineExecutionRole'),
      ['lambda:InvokeFunction', functionArn],
      boundary,
    );
    expect(result).toBe('Allowed');
  });
});
