/**
 * Referee: the real AWS CLI v1 (botocore) talks to the sandbox over HTTP and must read every CloudFormation answer,
 * errors included, as it reads AWS's. Skips with a message when `aws` is missing; fails under CI.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireTool } from '../../../../../tests/support/referee';
import type { Credentials } from '../../core/types';
import { createEmulator, type Emulator } from '../../index';
import { serve, type RunningServer } from '../../node/http-server';
import { logsProvider } from '../logs/provider';
import { createCloudFormationProvider } from './provider';

const hasAws = requireTool('aws');
const labs = fileURLToPath(new URL('../../../../../labs/', import.meta.url));
let emu: Emulator;
let server: RunningServer;
let admin: Credentials;

/** Run `aws cloudformation …` (asynchronously: the sandbox answers from this same process). */
function aws(...args: string[]): Promise<{ status: number | null; out: any; err: string }> {
  const env = {
    PATH: process.env.PATH, HOME: process.env.HOME, AWS_ACCESS_KEY_ID: admin.accessKeyId, AWS_SECRET_ACCESS_KEY: admin.secretAccessKey,
    AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null', AWS_MAX_ATTEMPTS: '1',
  };
  const argv = ['cloudformation', ...args, '--endpoint-url', server.url, '--region', 'us-east-1', '--output', 'json'];
  return new Promise((resolve) => {
    execFile('aws', argv, { encoding: 'utf8', env }, (error, stdout, stderr) => {
      resolve({ status: error ? (error as { code?: number }).code ?? 1 : 0, out: stdout.trim() ? JSON.parse(stdout) : undefined, err: stderr.trim() });
    });
  });
}

describe.skipIf(!hasAws)('the AWS CLI reads CloudFormation answers', () => {
  beforeAll(async () => {
    emu = createEmulator({ pace: 0, providers: [createCloudFormationProvider(), logsProvider] });
    await emu.ready;
    admin = emu.adminCredentials;
    server = await serve((req) => emu.handle(req), { port: 0 });
  });
  afterAll(() => server?.close());

  it('create-stack, describe-stacks, describe-stack-events, list-stack-resources, get-template, validate-template', async () => {
    const created = (await aws('create-stack', '--stack-name', 'builder-iam', '--template-body', `file://${labs}builder-iam.json`, '--capabilities', 'CAPABILITY_NAMED_IAM'));
    expect(created.err).toBe('');
    expect(created.out.StackId).toMatch(/^arn:aws:cloudformation:us-east-1:\d{12}:stack\/builder-iam\/[0-9a-f-]{36}$/);
    await emu.settled();
    const described = (await aws('describe-stacks', '--stack-name', 'builder-iam')).out.Stacks[0];
    expect(described.StackStatus).toBe('CREATE_COMPLETE');
    expect(described.Capabilities).toEqual(['CAPABILITY_NAMED_IAM']);
    expect(described.Outputs.map((o: any) => o.OutputKey).sort()).toEqual(['ApplicationBoundaryArn', 'BuilderPolicyArn', 'BuilderRoleArn']);
    const events = (await aws('describe-stack-events', '--stack-name', 'builder-iam')).out.StackEvents;
    expect(events[0]).toMatchObject({ LogicalResourceId: 'builder-iam', ResourceStatus: 'CREATE_COMPLETE', ResourceType: 'AWS::CloudFormation::Stack' });
    expect(events.at(-1)).toMatchObject({ ResourceStatus: 'CREATE_IN_PROGRESS', ResourceStatusReason: 'User Initiated' });
    expect(events[0].Timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/);
    const resources = (await aws('list-stack-resources', '--stack-name', 'builder-iam')).out.StackResourceSummaries;
    expect(resources.map((r: any) => `${r.LogicalResourceId} ${r.PhysicalResourceId} ${r.ResourceStatus}`).sort()).toEqual([
      `ApplicationBoundaryPolicy arn:aws:iam::${emu.accountId}:policy/permissions_boundaries/application-boundary CREATE_COMPLETE`,
      `BuilderPolicy arn:aws:iam::${emu.accountId}:policy/builder_policies/builder CREATE_COMPLETE`,
      'BuilderRole builder CREATE_COMPLETE',
    ]);
    expect((await aws('get-template', '--stack-name', 'builder-iam')).out.TemplateBody.Resources.BuilderRole.Type).toBe('AWS::IAM::Role');
    const validated = (await aws('validate-template', '--template-body', `file://${labs}builder-application-2.yml`)).out;
    expect(validated).toEqual({ Parameters: [], Description: 'builder-application', Capabilities: ['CAPABILITY_IAM'], CapabilitiesReason: 'The following resource(s) require capabilities: [AWS::IAM::Role]' });
  });

  it('prints CloudFormation errors as AWS sends them', async () => {
    const again = (await aws('create-stack', '--stack-name', 'builder-iam', '--template-body', `file://${labs}builder-iam.json`, '--capabilities', 'CAPABILITY_NAMED_IAM'));
    expect(again.status).toBe(255);
    expect(again.err).toBe('An error occurred (AlreadyExistsException) when calling the CreateStack operation: Stack [builder-iam] already exists');
    expect((await aws('create-stack', '--stack-name', 'x', '--template-body', `file://${labs}builder-iam.json`)).err).toBe(
      'An error occurred (InsufficientCapabilitiesException) when calling the CreateStack operation: Requires capabilities : [CAPABILITY_NAMED_IAM]',
    );
    expect((await aws('describe-stacks', '--stack-name', 'nope')).err).toBe('An error occurred (ValidationError) when calling the DescribeStacks operation: Stack with id nope does not exist');
    expect((await aws('validate-template', '--template-body', '{"Resources":{}}')).err).toBe(
      'An error occurred (ValidationError) when calling the ValidateTemplate operation: Template format error: At least one Resources member must be defined.',
    );
  });
});
