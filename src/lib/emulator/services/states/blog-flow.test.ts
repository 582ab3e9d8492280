/**
 * The blog's application through the real gateway with SDK v3 clients in-process: IAM roles, a Lambda function
 * and a state machine; the execution returns "Hello Builder!"; then the function tries s3:CreateBucket, which
 * its permissions boundary does not allow, so the execution FAILS and the function's log shows AWS's sentence.
 */
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { CloudWatchLogsClient, DescribeLogStreamsCommand, GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CreatePolicyCommand, CreateRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { CreateFunctionCommand, InvokeCommand, LambdaClient, UpdateFunctionCodeCommand } from '@aws-sdk/client-lambda';
import { HeadBucketCommand, ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateStateMachineCommand, DescribeExecutionCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { strToU8, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmulator, type Credentials, type Emulator } from '../../index';
import { createNodeLambdaRuntime } from '../../lambda-runtime/node/runtime';
import { cloudtrailProvider } from '../cloudtrail/provider';
import { createLambdaProvider } from '../lambda/provider';
import { logsProvider } from '../logs/provider';
import { s3Provider } from '../s3/provider';
import { createStatesProvider } from './provider';

const runtime = createNodeLambdaRuntime();
let emu: Emulator;
// The SDK's config types do not accept the emulator's requestHandler type as declared; it is one at runtime.
const sdk = (credentials?: Credentials): any => emu.sdkConfig(credentials);

const trust = (service: string) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }],
  });
const doc = (statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const zip = (code: string) => zipSync({ 'index.js': strToU8(code) });

beforeAll(async () => {
  emu = createEmulator({
    pace: 0,
    providers: [createLambdaProvider({ runtime }), createStatesProvider(), logsProvider, s3Provider, cloudtrailProvider],
  });
  await emu.ready;
});
afterAll(() => runtime.close());

describe('the blog application in the sandbox', () => {
  it('returns "Hello Builder!", then fails when the boundary denies s3:CreateBucket', async () => {
    const config = sdk();
    const iam = new IAMClient(config);
    const lambda = new LambdaClient(config);
    const sfn = new SFNClient(config);
    const logs = new CloudWatchLogsClient(config);
    const account = emu.accountId;

    const boundary = await iam.send(
      new CreatePolicyCommand({
        PolicyName: 'application-boundary',
        Path: '/permissions_boundaries/',
        PolicyDocument: doc([
          { Effect: 'Allow', Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents', 'lambda:InvokeFunction'], Resource: '*' },
        ]),
      }),
    );
    const fnRole = await iam.send(
      new CreateRoleCommand({
        RoleName: 'MyLambdaFunctionExecutionRole',
        Path: '/application_roles/',
        AssumeRolePolicyDocument: trust('lambda.amazonaws.com'),
        PermissionsBoundary: boundary.Policy!.Arn,
      }),
    );
    await iam.send(
      new PutRolePolicyCommand({
        RoleName: 'MyLambdaFunctionExecutionRole',
        PolicyName: 'MyLambdaFunctionBasicExecutionPolicy',
        PolicyDocument: doc([
          {
            Effect: 'Allow',
            Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'],
            Resource: `arn:aws:logs:us-east-1:${account}:log-group:*`,
          },
          // The escalation: allowed by the role's policy, outside its boundary.
          { Effect: 'Allow', Action: 's3:CreateBucket', Resource: '*' },
        ]),
      }),
    );
    const fn = await lambda.send(
      new CreateFunctionCommand({
        FunctionName: 'MyLambdaFunction',
        Runtime: 'nodejs22.x',
        Role: fnRole.Role!.Arn,
        Handler: 'index.handler',
        Timeout: 30,
        Code: { ZipFile: zip(`exports.handler = async () => 'Hello Builder!';`) },
      }),
    );
    const smRole = await iam.send(
      new CreateRoleCommand({ RoleName: 'MyStateMachineExecutionRole', AssumeRolePolicyDocument: trust('states.amazonaws.com') }),
    );
    await iam.send(
      new PutRolePolicyCommand({
        RoleName: 'MyStateMachineExecutionRole',
        PolicyName: 'StateMachineExecutionPolicy',
        PolicyDocument: doc([{ Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: fn.FunctionArn }]),
      }),
    );
    const sm = await sfn.send(
      new CreateStateMachineCommand({
        name: 'MyStateMachine',
        roleArn: smRole.Role!.Arn,
        definition: JSON.stringify({
          StartAt: 'State1',
          States: { State1: { Type: 'Task', Resource: fn.FunctionArn, End: true } },
        }),
      }),
    );

    const run = async () => {
      const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: sm.stateMachineArn }));
      await emu.settled();
      return sfn.send(new DescribeExecutionCommand({ executionArn }));
    };

    const ok = await run();
    expect(ok.status).toBe('SUCCEEDED');
    expect(ok.output).toBe('"Hello Builder!"');

    const direct = await lambda.send(new InvokeCommand({ FunctionName: 'MyLambdaFunction', LogType: 'Tail' }));
    expect(new TextDecoder().decode(direct.Payload)).toBe('"Hello Builder!"');
    expect(atob(direct.LogResult!)).toMatch(/^START RequestId: \S+ Version: \$LATEST\n/m);

    await lambda.send(
      new UpdateFunctionCodeCommand({
        FunctionName: 'MyLambdaFunction',
        ZipFile: zip(`const { S3Client, CreateBucketCommand } = require('@aws-sdk/client-s3');
exports.handler = async () => {
  await new S3Client({}).send(new CreateBucketCommand({ Bucket: 'escalation-${Date.now()}' }));
  return 'Hello Builder!';
};`),
      }),
    );
    const failed = await run();
    expect(failed.status).toBe('FAILED');
    expect(failed.error).toBe('AccessDenied');
    expect(JSON.parse(failed.cause!)).toMatchObject({
      errorType: 'AccessDenied',
      errorMessage: expect.stringContaining('because no permissions boundary allows the s3:CreateBucket action'),
    });

    const { logStreams } = await logs.send(
      new DescribeLogStreamsCommand({ logGroupName: '/aws/lambda/MyLambdaFunction', orderBy: 'LastEventTime', descending: true }),
    );
    const { events } = await logs.send(
      new GetLogEventsCommand({ logGroupName: '/aws/lambda/MyLambdaFunction', logStreamName: logStreams![0].logStreamName }),
    );
    const error = events!.map((e) => e.message!).find((m) => m.includes('Invoke Error'));
    expect(error).toMatch(/^\S+Z\t\S+\tERROR\tInvoke Error \t\{"errorType":"AccessDenied",/);
    // S3 quotes the resource (escaped inside the JSON record); the stack names the runtime's paths, never the sandbox's.
    expect(error).toMatch(/is not authorized to perform: s3:CreateBucket on resource: \\"arn:aws:s3:::escalation-/);
    expect(error).toContain('/var/runtime/index.mjs');
    expect(error).not.toMatch(/\/work\/|\/src\/lib\/|_astro|https?:\/\//);
    expect(error).toContain('because no permissions boundary allows the s3:CreateBucket action');

    // No bucket was created, and CloudTrail shows the denied call made as the function's role session.
    const s3 = new S3Client(config);
    expect((await s3.send(new ListBucketsCommand({}))).Buckets ?? []).toEqual([]);
    await expect(s3.send(new HeadBucketCommand({ Bucket: 'escalation' }))).rejects.toMatchObject({ name: 'NotFound' });
    const trail = await new CloudTrailClient(config).send(
      new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'CreateBucket' }] }),
    );
    expect(trail.Events).toHaveLength(1);
    const record = JSON.parse(trail.Events![0].CloudTrailEvent!);
    expect(record.errorCode).toBe('AccessDenied');
    expect(record.userIdentity.arn).toBe(`arn:aws:sts::${account}:assumed-role/MyLambdaFunctionExecutionRole/MyLambdaFunction`);
    expect(trail.Events![0].Username).toBe('MyLambdaFunction');
  });
});
