import { zipSync, strToU8 } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { ACCOUNT, FakeAccount } from '../../lambda-runtime/fake-account';
import { createNodeLambdaRuntime } from '../../lambda-runtime/node/runtime';
import { logsProvider } from '../logs/provider';
import { createLambdaProvider } from './provider';

const runtime = createNodeLambdaRuntime();
afterAll(() => runtime.close());

const zip = (files: Record<string, string>) =>
  zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, strToU8(v)])));

const HELLO = `exports.handler = async (event) => { console.log('event', JSON.stringify(event)); return 'Hello Builder!'; };`;

function setup() {
  const acct = new FakeAccount([createLambdaProvider({ runtime }), logsProvider]);
  const role = acct.addRole('app-role', ['lambda.amazonaws.com']);
  const create = (name: string, code: string | Record<string, string>, extra: Record<string, any> = {}) =>
    acct.call('lambda', 'CreateFunction', {
      FunctionName: name,
      Runtime: 'nodejs22.x',
      Role: role,
      Handler: 'index.handler',
      Code: { ZipFile: zip(typeof code === 'string' ? { 'index.js': code } : code) },
      ...extra,
    });
  const invoke = async (name: string, payload?: unknown, extra: Record<string, any> = {}) => {
    const out = await acct.call('lambda', 'Invoke', {
      FunctionName: name,
      ...(payload === undefined ? {} : { Payload: new TextEncoder().encode(JSON.stringify(payload)) }),
      ...extra,
    });
    return { ...out, text: out.Payload ? new TextDecoder().decode(out.Payload) : undefined } as Record<string, any>;
  };
  const logEvents = async (name: string) => {
    const { logStreams } = await acct.call('logs', 'DescribeLogStreams', {
      logGroupName: `/aws/lambda/${name}`,
      orderBy: 'LastEventTime',
      descending: true,
    });
    const { events } = await acct.call('logs', 'GetLogEvents', {
      logGroupName: `/aws/lambda/${name}`,
      logStreamName: logStreams[0].logStreamName,
    });
    return { stream: logStreams[0].logStreamName as string, messages: events.map((e: any) => e.message as string) as string[] };
  };
  return { acct, role, create, invoke, logEvents };
}

describe('lambda provider: functions', () => {
  it('creates a function after lambda:CreateFunction and iam:PassRole to lambda.amazonaws.com', async () => {
    const { acct, role, create } = setup();
    const created = await create('hello', HELLO);
    expect(created).toMatchObject({
      FunctionName: 'hello',
      FunctionArn: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:hello`,
      Runtime: 'nodejs22.x',
      Role: role,
      Timeout: 3,
      MemorySize: 128,
      Version: '$LATEST',
      State: 'Pending',
      PackageType: 'Zip',
    });
    expect(created.CodeSha256).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(created.LastModified).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/);
    expect(acct.authorizations.slice(0, 2)).toEqual([
      expect.objectContaining({ action: 'lambda:CreateFunction', resource: created.FunctionArn }),
      expect.objectContaining({
        action: 'iam:PassRole',
        resource: role,
        context: { 'iam:PassedToService': 'lambda.amazonaws.com' },
      }),
    ]);
    const got = await acct.call('lambda', 'GetFunction', { FunctionName: created.FunctionArn });
    expect(got.Configuration).toMatchObject({ FunctionName: 'hello', State: 'Active', LastUpdateStatus: 'Successful' });
    expect(got.Code.RepositoryType).toBe('S3');
    const list = await acct.call('lambda', 'ListFunctions');
    expect(list.Functions.map((f: any) => f.FunctionName)).toEqual(['hello']);
  });

  it('answers with Lambda errors', async () => {
    const { acct, create } = setup();
    await create('hello', HELLO);
    await expect(create('hello', HELLO)).rejects.toMatchObject({
      code: 'ResourceConflictException',
      message: 'Function already exist: hello',
    });
    await expect(acct.call('lambda', 'GetFunction', { FunctionName: 'nope' })).rejects.toMatchObject({
      code: 'ResourceNotFoundException',
      message: `Function not found: arn:aws:lambda:us-east-1:${ACCOUNT}:function:nope`,
      status: 404,
    });
    const untrusted = acct.addRole('states-only', ['states.amazonaws.com']);
    await expect(create('other', HELLO, { Role: untrusted })).rejects.toMatchObject({
      code: 'InvalidParameterValueException',
      message: 'The role defined for the function cannot be assumed by Lambda.',
    });
    await expect(create('other', HELLO, { Role: `arn:aws:iam::${ACCOUNT}:role/missing` })).rejects.toMatchObject({
      message: 'The role defined for the function cannot be assumed by Lambda.',
    });
    await expect(
      acct.call('lambda', 'CreateFunction', {
        FunctionName: 'badzip',
        Runtime: 'nodejs22.x',
        Role: acct.addRole('r2', ['lambda.amazonaws.com']),
        Handler: 'index.handler',
        Code: { ZipFile: new Uint8Array([1, 2, 3]) },
      }),
    ).rejects.toMatchObject({ code: 'InvalidParameterValueException', message: expect.stringContaining('Could not unzip') });
    await expect(create('slow', HELLO, { Timeout: 901 })).rejects.toMatchObject({ code: 'ValidationException' });
    await expect(create('env', HELLO, { Environment: { Variables: { AWS_REGION: 'x', OK: '1' } } })).rejects.toMatchObject({
      code: 'InvalidParameterValueException',
      message: expect.stringMatching(/reserved keys .* Reserved keys used in this request: AWS_REGION$/),
    });
  });

  it('denies CreateFunction when iam:PassRole is denied, leaving nothing behind', async () => {
    const { acct, create } = setup();
    acct.policy = (a) => a.action !== 'iam:PassRole';
    await expect(create('hello', HELLO)).rejects.toMatchObject({
      code: 'AccessDeniedException',
      status: 403,
      message: expect.stringContaining('is not authorized to perform: iam:PassRole'),
    });
    expect(acct.states.lambda.functions).toEqual({});
  });

  it('updates code and configuration, and deletes', async () => {
    const { acct, create, invoke } = setup();
    const created = await create('hello', HELLO);
    expect((await invoke('hello')).text).toBe('"Hello Builder!"');
    const updated = await acct.call('lambda', 'UpdateFunctionCode', {
      FunctionName: 'hello',
      ZipFile: zip({ 'index.js': `exports.handler = async () => 'v2';` }),
    });
    expect(updated.CodeSha256).not.toBe(created.CodeSha256);
    expect(updated.RevisionId).not.toBe(created.RevisionId);
    expect((await invoke('hello')).text).toBe('"v2"');
    const conf = await acct.call('lambda', 'UpdateFunctionConfiguration', {
      FunctionName: 'hello',
      Timeout: 10,
      Environment: { Variables: { GREETING: 'Hi' } },
      Handler: 'index.greet',
    });
    expect(conf).toMatchObject({ Timeout: 10, Environment: { Variables: { GREETING: 'Hi' } }, Handler: 'index.greet' });
    await acct.call('lambda', 'UpdateFunctionCode', {
      FunctionName: 'hello',
      ZipFile: zip({ 'index.mjs': `export const greet = async (e, ctx) => process.env.GREETING + ' ' + ctx.functionName;` }),
    });
    expect((await invoke('hello')).text).toBe('"Hi hello"');
    await acct.call('lambda', 'DeleteFunction', { FunctionName: 'hello' });
    await expect(invoke('hello')).rejects.toMatchObject({ code: 'ResourceNotFoundException' });
  });

  it('manages the resource policy with AddPermission, GetPolicy and RemovePermission', async () => {
    const { acct, create } = setup();
    const { FunctionArn } = await create('hello', HELLO);
    const sm = `arn:aws:states:us-east-1:${ACCOUNT}:stateMachine:sm`;
    const added = await acct.call('lambda', 'AddPermission', {
      FunctionName: 'hello',
      StatementId: 'states',
      Action: 'lambda:InvokeFunction',
      Principal: 'states.amazonaws.com',
      SourceArn: sm,
    });
    expect(JSON.parse(added.Statement)).toEqual({
      Sid: 'states',
      Effect: 'Allow',
      Principal: { Service: 'states.amazonaws.com' },
      Action: 'lambda:InvokeFunction',
      Resource: FunctionArn,
      Condition: { ArnLike: { 'AWS:SourceArn': sm } },
    });
    await expect(
      acct.call('lambda', 'AddPermission', {
        FunctionName: 'hello',
        StatementId: 'states',
        Action: 'lambda:InvokeFunction',
        Principal: '111122223333',
      }),
    ).rejects.toMatchObject({ code: 'ResourceConflictException', message: expect.stringContaining('statement id (sid)') });
    const { Policy } = await acct.call('lambda', 'GetPolicy', { FunctionName: 'hello' });
    expect(JSON.parse(Policy)).toMatchObject({ Version: '2012-10-17', Id: 'default', Statement: [{ Sid: 'states' }] });

    await acct.call('lambda', 'Invoke', { FunctionName: 'hello' });
    const invokeAuth = acct.authorizations.find((a) => a.action === 'lambda:InvokeFunction');
    expect(invokeAuth?.resourcePolicy).toMatchObject({ Statement: [{ Sid: 'states' }] });

    await acct.call('lambda', 'RemovePermission', { FunctionName: 'hello', StatementId: 'states' });
    await expect(acct.call('lambda', 'GetPolicy', { FunctionName: 'hello' })).rejects.toMatchObject({
      code: 'ResourceNotFoundException',
      message: 'The resource you requested does not exist.',
    });
    await expect(
      acct.call('lambda', 'RemovePermission', { FunctionName: 'hello', StatementId: 'states' }),
    ).rejects.toMatchObject({ code: 'ResourceNotFoundException' });
  });

  it('tags functions', async () => {
    const { acct, create } = setup();
    const { FunctionArn } = await create('hello', HELLO, { Tags: { team: 'a' } });
    await acct.call('lambda', 'TagResource', { Resource: FunctionArn, Tags: { env: 'dev' } });
    await acct.call('lambda', 'UntagResource', { Resource: FunctionArn, TagKeys: ['team'] });
    expect(await acct.call('lambda', 'ListTags', { Resource: FunctionArn })).toEqual({ Tags: { env: 'dev' } });
  });
});

describe('lambda provider: Invoke', () => {
  it('runs the handler and writes START, console, END and REPORT lines to /aws/lambda/<name> as the role', async () => {
    const { acct, invoke, create, logEvents } = setup();
    await create('hello', HELLO);
    const out = await invoke('hello', { who: 'builder' }, { LogType: 'Tail' });
    expect(out).toMatchObject({ StatusCode: 200, ExecutedVersion: '$LATEST', text: '"Hello Builder!"' });
    expect(out.FunctionError).toBeUndefined();

    const { stream, messages } = await logEvents('hello');
    expect(stream).toMatch(/^\d{4}\/\d\d\/\d\d\/\[\$LATEST\][0-9a-f]{32}$/);
    expect(messages[0]).toMatch(/^INIT_START Runtime Version: nodejs:22\.v\d+\tRuntime Version ARN: arn:aws:lambda:us-east-1::runtime:[0-9a-f]{64}\n$/);
    expect(messages[1]).toMatch(/^START RequestId: [0-9a-f-]{36} Version: \$LATEST\n$/);
    const requestId = /RequestId: (\S+)/.exec(messages[1])![1];
    expect(messages[2]).toMatch(
      new RegExp(`^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z\\t${requestId}\\tINFO\\tevent {"who":"builder"}\\n$`),
    );
    expect(messages[3]).toBe(`END RequestId: ${requestId}\n`);
    expect(messages[4]).toMatch(
      new RegExp(
        `^REPORT RequestId: ${requestId}\\tDuration: \\d+\\.\\d\\d ms\\tBilled Duration: \\d+ ms\\tMemory Size: 128 MB\\tMax Memory Used: \\d+ MB\\tInit Duration: \\d+\\.\\d\\d ms\\t\\n$`,
      ),
    );
    const tail = new TextDecoder().decode(Uint8Array.from(atob(out.LogResult), (c) => c.charCodeAt(0)));
    expect(tail).toBe(messages.join(''));
    // Logs went in through the gateway as the execution role's session.
    const writes = acct.authorizations.filter((a) => a.caller.includes(':assumed-role/'));
    expect(writes.map((a) => a.action)).toEqual(['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents']);
    expect(new Set(writes.map((a) => a.caller))).toEqual(new Set([`arn:aws:sts::${ACCOUNT}:assumed-role/app-role/hello`]));

    // A warm invocation reuses the instance: same stream, no INIT_START or Init Duration.
    await invoke('hello');
    const again = await logEvents('hello');
    expect(again.stream).toBe(stream);
    expect(again.messages.slice(5).some((m) => m.startsWith('INIT_START') || m.includes('Init Duration'))).toBe(false);
  });

  it('reports an unhandled error as FunctionError with the Node.js runtime document and log line', async () => {
    const { invoke, create, logEvents } = setup();
    await create('boom', `exports.handler = async () => { const e = new Error('nope'); e.name = 'AccessDenied'; throw e; };`);
    const out = await invoke('boom');
    expect(out.FunctionError).toBe('Unhandled');
    const doc = JSON.parse(out.text!);
    expect(doc).toMatchObject({ errorType: 'AccessDenied', errorMessage: 'nope' });
    expect(doc.trace[0]).toBe('AccessDenied: nope');
    const { messages } = await logEvents('boom');
    const line = messages.find((m) => m.includes('Invoke Error'))!;
    expect(line).toMatch(/^\S+Z\t[0-9a-f-]{36}\tERROR\tInvoke Error \t\{"errorType":"AccessDenied","errorMessage":"nope",/);
    expect(JSON.parse(line.split('Invoke Error \t')[1]).stack[0]).toBe('AccessDenied: nope');
  });

  it('times out with Lambda’s message and starts the next invocation cold', async () => {
    const { invoke, create, logEvents } = setup();
    await create('slow', `exports.handler = () => new Promise((r) => setTimeout(r, 10000));`, { Timeout: 1 });
    const out = await invoke('slow');
    expect(out.FunctionError).toBe('Unhandled');
    expect(JSON.parse(out.text!)).toEqual({
      errorType: 'Sandbox.Timedout',
      errorMessage: expect.stringMatching(/^RequestId: \S+ Error: Task timed out after 1\.00 seconds$/),
    });
    const { messages } = await logEvents('slow');
    expect(messages.some((m) => / Task timed out after 1\.00 seconds/.test(m))).toBe(true);
    expect(messages.at(-1)).toContain('Status: timeout');
  });

  it('gives handlers real SDK clients signed as the execution role, going in through the gateway', async () => {
    const { acct, invoke, create } = setup();
    acct.policy = (a) => !(a.action === 'logs:CreateLogGroup' && a.resource.endsWith(':log-group:made-by-code'));
    await create(
      'sdk',
      `const { CloudWatchLogsClient, CreateLogGroupCommand } = require('@aws-sdk/client-cloudwatch-logs');
       exports.handler = async () => {
         await new CloudWatchLogsClient({}).send(new CreateLogGroupCommand({ logGroupName: 'allowed-group' }));
         await new CloudWatchLogsClient({}).send(new CreateLogGroupCommand({ logGroupName: 'made-by-code' }));
       };`,
    );
    const out = await invoke('sdk');
    expect(out.FunctionError).toBe('Unhandled');
    expect(JSON.parse(out.text!)).toMatchObject({
      errorType: 'AccessDeniedException',
      errorMessage: expect.stringContaining(`assumed-role/app-role/sdk is not authorized to perform: logs:CreateLogGroup`),
    });
    expect(acct.states.logs.logGroups['allowed-group']).toBeDefined();
  });

  it('handles Event and DryRun invocations, bad payloads, and runtimes the sandbox cannot run', async () => {
    const { acct, invoke, create, logEvents } = setup();
    await create('hello', HELLO);
    expect((await invoke('hello', undefined, { InvocationType: 'DryRun' })).StatusCode).toBe(204);
    expect((await invoke('hello', { a: 1 }, { InvocationType: 'Event' })).StatusCode).toBe(202);
    await acct.settle();
    expect((await logEvents('hello')).messages.some((m) => m.includes('event {"a":1}'))).toBe(true);
    await expect(
      acct.call('lambda', 'Invoke', { FunctionName: 'hello', Payload: new TextEncoder().encode('{nope') }),
    ).rejects.toMatchObject({ code: 'InvalidRequestContentException' });

    await create('py', 'def handler(event, context):\n    return "Hello Builder!"\n', { Runtime: 'python3.12' });
    const py = await invoke('py');
    expect(py.FunctionError).toBe('Unhandled');
    expect(JSON.parse(py.text!)).toMatchObject({ errorType: 'Sandbox.UnsupportedRuntime', errorMessage: expect.stringContaining('python3.12') });
  });

  it('creates the log group again when it was deleted under a warm instance', async () => {
    const { acct, invoke, create, logEvents } = setup();
    await create('hello', HELLO);
    await invoke('hello', { n: 1 });
    await acct.call('logs', 'DeleteLogGroup', { logGroupName: '/aws/lambda/hello' });
    await invoke('hello', { n: 2 });
    const { messages } = await logEvents('hello');
    expect(messages.some((m) => m.includes('event {"n":2}'))).toBe(true);
    expect(messages.some((m) => m.startsWith('INIT_START'))).toBe(false);
  });

  it('loses the log, but not the result, when the role may not write logs', async () => {
    const { acct, invoke, create } = setup();
    acct.policy = (a) => !a.action.startsWith('logs:');
    await create('hello', HELLO);
    expect((await invoke('hello')).text).toBe('"Hello Builder!"');
    expect(acct.states.logs.logGroups).toEqual({});
  });
});
