/**
 * The real AWS CLI v1 against the sandbox over HTTP, with the Lambda, Step Functions, Logs, S3 and CloudTrail
 * providers: the commands the blog and the lab run, and the output the CLI prints from our answers.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireTool } from '../../../../../tests/support/referee';
import { aws, cliError, stopCli, TRUST_LAMBDA } from '../../../../../tests/unit/emulator/harness';
import { createEmulator } from '../../index';
import { createNodeLambdaRuntime } from '../../lambda-runtime/node/runtime';
import { serve, type RunningServer } from '../../node/http-server';
import { cloudtrailProvider } from '../cloudtrail/provider';
import { logsProvider } from '../logs/provider';
import { s3Provider } from '../s3/provider';
import { createStatesProvider } from '../states/provider';
import { createLambdaProvider } from './provider';

const ACCOUNT = '123456789012';
const TRUST_STATES = TRUST_LAMBDA.replace('lambda.amazonaws.com', 'states.amazonaws.com');

describe.skipIf(!requireTool('aws'))('AWS CLI v1 against the sandbox: Lambda, Step Functions, Logs, S3, CloudTrail', () => {
  const runtime = createNodeLambdaRuntime();
  let server: RunningServer;
  let sb: { url: string; env: Record<string, string> };
  let dir: string;

  const ok = async (args: string[]) => {
    const r = await aws(sb, args);
    expect(r.status, `aws ${args.join(' ')}\n${r.stderr}`).toBe(0);
    return r.json;
  };
  const fails = async (args: string[]) => {
    const r = await aws(sb, args);
    const e = cliError(r);
    expect(e, `aws ${args.join(' ')}\n${r.stdout}${r.stderr}`).toBeDefined();
    return e!;
  };

  beforeAll(async () => {
    const emu = createEmulator({
      pace: 0,
      providers: [createLambdaProvider({ runtime }), createStatesProvider(), logsProvider, s3Provider, cloudtrailProvider],
    });
    await emu.ready;
    server = await serve((r) => emu.handle(r), { port: 0 });
    const c = emu.adminCredentials;
    sb = { url: server.url, env: { AWS_ACCESS_KEY_ID: c.accessKeyId, AWS_SECRET_ACCESS_KEY: c.secretAccessKey, AWS_DEFAULT_REGION: 'us-east-1' } };
    dir = mkdtempSync(join(tmpdir(), 'lambda-cli-'));
  });
  afterAll(async () => {
    stopCli();
    runtime.close();
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('creates and invokes a function, runs the state machine, and reads the log as the blog does', async () => {
    const fnRole = (await ok(['iam', 'create-role', '--role-name', 'fn-role', '--assume-role-policy-document', TRUST_LAMBDA])).Role.Arn;
    await ok(['iam', 'put-role-policy', '--role-name', 'fn-role', '--policy-name', 'logs', '--policy-document',
      JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'], Resource: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:*` }] })]);
    const zipPath = join(dir, 'function.zip');
    writeFileSync(zipPath, zipSync({ 'index.js': strToU8(`exports.handler = async () => { console.log('hi'); return 'Hello Builder!'; };`) }));
    const fn = await ok(['lambda', 'create-function', '--function-name', 'MyLambdaFunction', '--runtime', 'nodejs22.x',
      '--role', fnRole, '--handler', 'index.handler', '--zip-file', `fileb://${zipPath}`]);
    expect(fn).toMatchObject({ FunctionName: 'MyLambdaFunction', FunctionArn: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:MyLambdaFunction`, Runtime: 'nodejs22.x' });

    const out = join(dir, 'out.json');
    const invoked = await ok(['lambda', 'invoke', '--function-name', 'MyLambdaFunction', '--log-type', 'Tail', out]);
    expect(invoked).toMatchObject({ StatusCode: 200, ExecutedVersion: '$LATEST' });
    expect(readFileSync(out, 'utf8')).toBe('"Hello Builder!"');
    expect(Buffer.from(invoked.LogResult, 'base64').toString()).toMatch(/START RequestId: .*\tINFO\thi\n.*END RequestId: .*REPORT RequestId: /s);

    const missing = await fails(['lambda', 'get-function', '--function-name', 'nope']);
    expect(missing).toMatchObject({ code: 'ResourceNotFoundException', message: `Function not found: arn:aws:lambda:us-east-1:${ACCOUNT}:function:nope` });

    const smRole = (await ok(['iam', 'create-role', '--role-name', 'sm-role', '--assume-role-policy-document', TRUST_STATES])).Role.Arn;
    await ok(['iam', 'put-role-policy', '--role-name', 'sm-role', '--policy-name', 'invoke', '--policy-document',
      JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: fn.FunctionArn }] })]);
    const added = await ok(['lambda', 'add-permission', '--function-name', 'MyLambdaFunction', '--statement-id', 'states',
      '--action', 'lambda:InvokeFunction', '--principal', 'states.amazonaws.com']);
    expect(JSON.parse(added.Statement)).toMatchObject({ Sid: 'states', Principal: { Service: 'states.amazonaws.com' } });

    const definition = JSON.stringify({ StartAt: 'State1', States: { State1: { Type: 'Task', Resource: fn.FunctionArn, End: true } } });
    const sm = await ok(['stepfunctions', 'create-state-machine', '--name', 'MyStateMachine', '--definition', definition, '--role-arn', smRole]);
    const { executionArn } = await ok(['stepfunctions', 'start-execution', '--state-machine-arn', sm.stateMachineArn]);
    let execution = await ok(['stepfunctions', 'describe-execution', '--execution-arn', executionArn]);
    for (let i = 0; i < 50 && execution.status === 'RUNNING'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      execution = await ok(['stepfunctions', 'describe-execution', '--execution-arn', executionArn]);
    }
    expect(execution).toMatchObject({ status: 'SUCCEEDED', output: '"Hello Builder!"' });
    const history = await ok(['stepfunctions', 'get-execution-history', '--execution-arn', executionArn]);
    expect(history.events.at(-1)).toMatchObject({ type: 'ExecutionSucceeded' });

    const streams = await ok(['logs', 'describe-log-streams', '--log-group-name', '/aws/lambda/MyLambdaFunction', '--order-by', 'LastEventTime', '--descending']);
    const stream = streams.logStreams[0].logStreamName;
    expect(stream).toMatch(/^\d{4}\/\d\d\/\d\d\/\[\$LATEST\][0-9a-f]{32}$/);
    const events = await ok(['logs', 'get-log-events', '--log-group-name', '/aws/lambda/MyLambdaFunction', '--log-stream-name', stream]);
    expect(events.events.map((e: { message: string }) => e.message.split(' ')[0])).toContain('START');

    const trail = await ok(['cloudtrail', 'lookup-events', '--lookup-attributes', 'AttributeKey=EventName,AttributeValue=CreateFunction']);
    expect(trail.Events).toHaveLength(1);
    expect(JSON.parse(trail.Events[0].CloudTrailEvent)).toMatchObject({ eventName: 'CreateFunction', eventSource: 'lambda.amazonaws.com' });
  });

  it('manages buckets with s3api and the high-level s3 commands', async () => {
    expect(await ok(['s3api', 'create-bucket', '--bucket', 'lab-bucket'])).toEqual({ Location: '/lab-bucket' });
    expect((await aws(sb, ['s3api', 'head-bucket', '--bucket', 'lab-bucket'])).status).toBe(0);
    expect((await ok(['s3api', 'list-buckets'])).Buckets.map((b: { Name: string }) => b.Name)).toEqual(['lab-bucket']);
    expect((await aws(sb, ['s3', 'mb', 's3://lab-bucket-two'])).stdout).toContain('make_bucket: lab-bucket-two');
    expect((await aws(sb, ['s3', 'ls'])).stdout).toMatch(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d lab-bucket-two/);
    expect((await aws(sb, ['s3', 'rb', 's3://lab-bucket-two'])).stdout).toContain('remove_bucket: lab-bucket-two');
    await ok(['s3api', 'delete-bucket', '--bucket', 'lab-bucket']);
    expect(await fails(['s3api', 'delete-bucket', '--bucket', 'lab-bucket'])).toMatchObject({
      code: 'NoSuchBucket',
      message: 'The specified bucket does not exist',
    });
  });
});
