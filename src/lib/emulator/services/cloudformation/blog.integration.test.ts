/**
 * The blog's CloudFormation flow through the real gateway, in-process with SDK v3: the admin creates builder-iam;
 * the builder's first application stack is denied iam:CreateRole and ends ROLLBACK_COMPLETE; with a path and the
 * boundary it ends CREATE_COMPLETE; deleting it removes every resource.
 */
import { readFileSync } from 'node:fs';
import {
  CloudFormationClient, CreateStackCommand, DeleteStackCommand, DescribeStackEventsCommand, DescribeStackResourcesCommand,
  DescribeStackResourceCommand, DescribeStacksCommand, GetTemplateCommand, ListExportsCommand, ListStackResourcesCommand, ListStacksCommand,
  UpdateStackCommand, ValidateTemplateCommand, type Stack,
} from '@aws-sdk/client-cloudformation';
import { GetRoleCommand, IAMClient, ListPoliciesCommand, ListRolesCommand } from '@aws-sdk/client-iam';
import { DescribeExecutionCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Credentials } from '../../core/types';
import { createEmulator, type Emulator } from '../../index';
import { createNodeLambdaRuntime } from '../../lambda-runtime/node/runtime';
import { createLambdaProvider } from '../lambda/provider';
import { logsProvider } from '../logs/provider';
import { s3Provider } from '../s3/provider';
import { createStatesProvider } from '../states/provider';
import { createCloudFormationProvider } from './provider';

const lab = (file: string) => readFileSync(new URL(`../../../../../labs/${file}`, import.meta.url), 'utf8');

const runtime = createNodeLambdaRuntime();
// SdkClientConfig types requestHandler as unknown, which no SDK client config accepts as is.
const sdk = (credentials: Credentials): any => emu.sdkConfig(credentials);
let emu: Emulator;
let admin: Credentials;

beforeAll(async () => {
  emu = createEmulator({
    pace: 0,
    providers: [createCloudFormationProvider(), createLambdaProvider({ runtime }), createStatesProvider(), logsProvider, s3Provider],
  });
  await emu.ready;
  admin = emu.adminCredentials;
});
afterAll(() => runtime.close());

async function stack(cfn: CloudFormationClient, name: string): Promise<Stack> {
  await emu.settled();
  return (await cfn.send(new DescribeStacksCommand({ StackName: name }))).Stacks![0];
}

describe('the blog flow through CloudFormation', () => {
  let builder: Credentials;

  it('admin creates builder-iam', async () => {
    const cfn = new CloudFormationClient(sdk(admin));
    await expect(cfn.send(new CreateStackCommand({ StackName: 'builder-iam', TemplateBody: lab('builder-iam.json') }))).rejects.toThrow('Requires capabilities : [CAPABILITY_NAMED_IAM]');
    await cfn.send(new CreateStackCommand({ StackName: 'builder-iam', TemplateBody: lab('builder-iam.json'), Capabilities: ['CAPABILITY_NAMED_IAM'] }));
    const s = await stack(cfn, 'builder-iam');
    expect(s.StackStatus).toBe('CREATE_COMPLETE');
    const out = Object.fromEntries(s.Outputs!.map((o) => [o.OutputKey, o.OutputValue]));
    expect(out).toEqual({
      BuilderRoleArn: `arn:aws:iam::${emu.accountId}:role/builder`,
      BuilderPolicyArn: `arn:aws:iam::${emu.accountId}:policy/builder_policies/builder`,
      ApplicationBoundaryArn: `arn:aws:iam::${emu.accountId}:policy/permissions_boundaries/application-boundary`,
    });
    const sts = new STSClient(sdk(admin));
    const assumed = await sts.send(new AssumeRoleCommand({ RoleArn: out.BuilderRoleArn, RoleSessionName: 'builder-test' }));
    builder = { accessKeyId: assumed.Credentials!.AccessKeyId!, secretAccessKey: assumed.Credentials!.SecretAccessKey!, sessionToken: assumed.Credentials!.SessionToken! };
  });

  it('the builder\'s application without a boundary ends ROLLBACK_COMPLETE, denied iam:CreateRole', async () => {
    const cfn = new CloudFormationClient(sdk(builder));
    await cfn.send(new CreateStackCommand({ StackName: 'builder-application', TemplateBody: lab('builder-application-1.yml'), Capabilities: ['CAPABILITY_NAMED_IAM'] }));
    expect((await stack(cfn, 'builder-application')).StackStatus).toBe('ROLLBACK_COMPLETE');
    const { StackEvents } = await cfn.send(new DescribeStackEventsCommand({ StackName: 'builder-application' }));
    const reasons = StackEvents!.filter((e) => e.ResourceStatus === 'CREATE_FAILED').map((e) => e.ResourceStatusReason);
    expect(reasons).toHaveLength(1);
    expect(reasons[0]).toMatch(new RegExp(
      `^Resource handler returned message: "User: arn:aws:sts::${emu.accountId}:assumed-role/builder/builder-test is not authorized to perform: iam:CreateRole on resource: arn:aws:iam::${emu.accountId}:role/builder-application-MyLambdaFunctionExecutionRole-[A-Z0-9]{12} because no identity-based policy allows the iam:CreateRole action \\(Service: Iam, Status Code: 403, Request ID: [\\w-]+\\)" \\(RequestToken: [0-9a-f-]{36}, HandlerErrorCode: AccessDenied\\)$`,
    ));
    const stackEvents = StackEvents!.filter((e) => e.ResourceType === 'AWS::CloudFormation::Stack');
    expect(stackEvents.find((e) => e.ResourceStatus === 'ROLLBACK_IN_PROGRESS')!.ResourceStatusReason).toBe(
      'The following resource(s) failed to create: [MyLambdaFunctionExecutionRole]. Rollback requested by user.',
    );
    await cfn.send(new DeleteStackCommand({ StackName: 'builder-application' }));
    await emu.settled();
    await expect(cfn.send(new DescribeStacksCommand({ StackName: 'builder-application' }))).rejects.toThrow('Stack with id builder-application does not exist');
  });

  it('with the path and the boundary it ends CREATE_COMPLETE, and the state machine says "Hello Builder!"', async () => {
    const cfn = new CloudFormationClient(sdk(builder));
    await cfn.send(new CreateStackCommand({ StackName: 'builder-application', TemplateBody: lab('builder-application-2.yml'), Capabilities: ['CAPABILITY_NAMED_IAM'] }));
    const s = await stack(cfn, 'builder-application');
    if (s.StackStatus !== 'CREATE_COMPLETE') {
      const { StackEvents } = await cfn.send(new DescribeStackEventsCommand({ StackName: 'builder-application' }));
      throw new Error(StackEvents!.map((e) => `${e.LogicalResourceId} ${e.ResourceStatus} ${e.ResourceStatusReason ?? ''}`).join('\n'));
    }
    const { StackResources } = await cfn.send(new DescribeStackResourcesCommand({ StackName: 'builder-application' }));
    const physical = Object.fromEntries(StackResources!.map((r) => [r.LogicalResourceId, r.PhysicalResourceId]));
    const iam = new IAMClient(sdk(admin));
    const { Role } = await iam.send(new GetRoleCommand({ RoleName: physical.MyLambdaFunctionExecutionRole }));
    expect(Role!.Path).toBe('/application_roles/');
    expect(Role!.PermissionsBoundary?.PermissionsBoundaryArn).toBe(`arn:aws:iam::${emu.accountId}:policy/permissions_boundaries/application-boundary`);
    const sfn = new SFNClient(sdk(builder));
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: physical.MyStateMachine }));
    await emu.settled();
    const execution = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    expect(execution.status).toBe('SUCCEEDED');
    expect(JSON.parse(execution.output!)).toBe('Hello Builder!');
  });

  it('application-3 updates the stack (UPDATE_COMPLETE), and the boundary makes the execution fail', async () => {
    const cfn = new CloudFormationClient(sdk(builder));
    await cfn.send(new UpdateStackCommand({ StackName: 'builder-application', TemplateBody: lab('builder-application-3.yml'), Capabilities: ['CAPABILITY_NAMED_IAM'] }));
    const s = await stack(cfn, 'builder-application');
    expect(s.StackStatus).toBe('UPDATE_COMPLETE');
    expect(s.Outputs).toEqual([{ OutputKey: 'BucketName', OutputValue: `builder-application-${emu.accountId}-us-east-1`, Description: 'The bucket MyLambdaFunction tries to create (it must not exist after the execution)' }]);
    const { StackEvents } = await cfn.send(new DescribeStackEventsCommand({ StackName: 'builder-application' }));
    const updated = StackEvents!.filter((e) => e.ResourceStatus === 'UPDATE_COMPLETE').map((e) => e.LogicalResourceId).sort();
    expect(updated).toEqual(['MyLambdaFunction', 'MyLambdaFunctionExecutionRole', 'builder-application']);
    const { StackResources } = await cfn.send(new DescribeStackResourcesCommand({ StackName: 'builder-application' }));
    const physical = Object.fromEntries(StackResources!.map((r) => [r.LogicalResourceId, r.PhysicalResourceId]));
    const sfn = new SFNClient(sdk(builder));
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: physical.MyStateMachine }));
    await emu.settled();
    expect((await sfn.send(new DescribeExecutionCommand({ executionArn }))).status).toBe('FAILED');
  });

  it('every read operation answers through the gateway', async () => {
    const cfn = new CloudFormationClient(sdk(builder));
    const validated = await cfn.send(new ValidateTemplateCommand({ TemplateBody: lab('builder-iam.json') }));
    expect(validated.Capabilities).toEqual(['CAPABILITY_NAMED_IAM']);
    expect(validated.CapabilitiesReason).toBe('The following resource(s) require capabilities: [AWS::IAM::ManagedPolicy, AWS::IAM::Role]');
    expect(validated.Parameters).toEqual([]);
    const { TemplateBody } = await cfn.send(new GetTemplateCommand({ StackName: 'builder-application' }));
    expect(TemplateBody).toBe(lab('builder-application-3.yml'));
    const { StackSummaries } = await cfn.send(new ListStacksCommand({ StackStatusFilter: ['UPDATE_COMPLETE', 'CREATE_COMPLETE'] }));
    expect(StackSummaries!.map((s) => s.StackName)).toEqual(['builder-application', 'builder-iam']);
    const { StackResourceSummaries } = await cfn.send(new ListStackResourcesCommand({ StackName: 'builder-application' }));
    expect(StackResourceSummaries!.map((r) => r.LogicalResourceId).sort()).toEqual(['MyLambdaFunction', 'MyLambdaFunctionExecutionRole', 'MyLambdaFunctionPermission', 'MyStateMachine', 'MyStateMachineExecutionRole']);
    const { StackResourceDetail } = await cfn.send(new DescribeStackResourceCommand({ StackName: 'builder-application', LogicalResourceId: 'MyStateMachine' }));
    expect(StackResourceDetail!.PhysicalResourceId).toMatch(new RegExp(`^arn:aws:states:us-east-1:${emu.accountId}:stateMachine:MyStateMachine-[A-Za-z0-9]{12}$`));
    expect((await cfn.send(new ListExportsCommand({}))).Exports).toEqual([]);
  });

  it('deleting the application removes its roles', async () => {
    const cfn = new CloudFormationClient(sdk(builder));
    await cfn.send(new DeleteStackCommand({ StackName: 'builder-application' }));
    await emu.settled();
    await expect(cfn.send(new DescribeStacksCommand({ StackName: 'builder-application' }))).rejects.toThrow('does not exist');
    const iam = new IAMClient(sdk(admin));
    const { Roles } = await iam.send(new ListRolesCommand({ PathPrefix: '/application_roles/' }));
    expect(Roles).toEqual([]);
  });

  it('the builder cannot delete builder-iam: DELETE_FAILED, with IAM\'s reasons', async () => {
    const cfn = new CloudFormationClient(sdk(builder));
    await cfn.send(new DeleteStackCommand({ StackName: 'builder-iam' }));
    const s = await stack(cfn, 'builder-iam');
    expect(s.StackStatus).toBe('DELETE_FAILED');
    expect(s.StackStatusReason).toBe('The following resource(s) failed to delete: [BuilderRole, ApplicationBoundaryPolicy]. ');
    const { StackResources } = await cfn.send(new DescribeStackResourcesCommand({ StackName: 'builder-iam' }));
    const byId = Object.fromEntries(StackResources!.map((r) => [r.LogicalResourceId, r]));
    expect(byId.BuilderPolicy.ResourceStatus).toBe('CREATE_COMPLETE');
    expect(byId.BuilderRole.ResourceStatusReason).toMatch(new RegExp(
      `^Resource handler returned message: "User: arn:aws:sts::${emu.accountId}:assumed-role/builder/builder-test is not authorized to perform: iam:DetachRolePolicy on resource: role builder because no identity-based policy allows the iam:DetachRolePolicy action \\(Service: Iam, Status Code: 403, Request ID: [\\w-]+\\)" \\(RequestToken: [0-9a-f-]{36}, HandlerErrorCode: AccessDenied\\)$`,
    ));
    expect(byId.ApplicationBoundaryPolicy.ResourceStatusReason).toMatch(/is not authorized to perform: iam:DeletePolicy on resource: policy arn:aws:iam::\d{12}:policy\/permissions_boundaries\/application-boundary with an explicit deny in an identity-based policy: arn:aws:iam::\d{12}:policy\/builder_policies\/builder \(Service: Iam, Status Code: 403/);
  });

  it('clean-up: the admin deletes builder-iam and nothing of the builder is left', async () => {
    const cfn = new CloudFormationClient(sdk(admin));
    await cfn.send(new DeleteStackCommand({ StackName: 'builder-iam' }));
    await emu.settled();
    const { StackSummaries } = await cfn.send(new ListStacksCommand({}));
    expect(StackSummaries!.map((s) => `${s.StackName} ${s.StackStatus}`)).toEqual([
      'builder-application DELETE_COMPLETE', 'builder-application DELETE_COMPLETE', 'builder-iam DELETE_COMPLETE',
    ]);
    const iam = new IAMClient(sdk(admin));
    expect((await iam.send(new ListRolesCommand({}))).Roles!.map((r) => r.RoleName)).not.toContain('builder');
    expect((await iam.send(new ListPoliciesCommand({ Scope: 'Local' }))).Policies).toEqual([]);
  });
});
