import { strToU8, zipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { ACCOUNT, FakeAccount } from '../../lambda-runtime/fake-account';
import { createNodeLambdaRuntime } from '../../lambda-runtime/node/runtime';
import { createLambdaProvider } from '../lambda/provider';
import { logsProvider } from '../logs/provider';
import { createStatesProvider } from './provider';

const runtime = createNodeLambdaRuntime();
afterAll(() => runtime.close());

async function setup(code = `exports.handler = async () => 'Hello Builder!';`) {
  const acct = new FakeAccount([createLambdaProvider({ runtime }), logsProvider, createStatesProvider()]);
  const lambdaRole = acct.addRole('fn-role', ['lambda.amazonaws.com']);
  const statesRole = acct.addRole('sm-role', ['states.amazonaws.com']);
  const fn = await acct.call('lambda', 'CreateFunction', {
    FunctionName: 'MyLambdaFunction',
    Runtime: 'nodejs22.x',
    Role: lambdaRole,
    Handler: 'index.handler',
    Code: { ZipFile: zipSync({ 'index.js': strToU8(code) }) },
  });
  const createMachine = (definition: object, name = 'MyStateMachine') =>
    acct.call('states', 'CreateStateMachine', { name, definition: JSON.stringify(definition), roleArn: statesRole });
  const run = async (stateMachineArn: string, input?: string) => {
    const { executionArn } = await acct.call('states', 'StartExecution', { stateMachineArn, ...(input ? { input } : {}) });
    await acct.settle();
    return acct.call('states', 'DescribeExecution', { executionArn });
  };
  const history = async (executionArn: string) =>
    (await acct.call('states', 'GetExecutionHistory', { executionArn })).events as Record<string, any>[];
  return { acct, fn, statesRole, createMachine, run, history };
}

const blogDefinition = (arn: string) => ({
  StartAt: 'State1',
  States: { State1: { Type: 'Task', Resource: arn, End: true } },
});

describe('states provider', () => {
  it("runs the blog's state machine: the Lambda task returns \"Hello Builder!\"", async () => {
    const { acct, fn, statesRole, createMachine, run, history } = await setup();
    const { stateMachineArn } = await createMachine(blogDefinition(fn.FunctionArn));
    expect(stateMachineArn).toBe(`arn:aws:states:us-east-1:${ACCOUNT}:stateMachine:MyStateMachine`);
    expect(acct.authorizations.find((a) => a.action === 'iam:PassRole' && a.resource === statesRole)).toMatchObject({
      context: { 'iam:PassedToService': 'states.amazonaws.com' },
    });

    const execution = await run(stateMachineArn);
    expect(execution).toMatchObject({ status: 'SUCCEEDED', output: '"Hello Builder!"', input: '{}' });
    expect(execution.executionArn).toMatch(
      new RegExp(`^arn:aws:states:us-east-1:${ACCOUNT}:execution:MyStateMachine:[0-9a-f-]{36}$`),
    );
    expect(execution.stopDate).toBeInstanceOf(Date);
    const events = await history(execution.executionArn);
    expect(events.map((e) => e.type)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'LambdaFunctionScheduled',
      'LambdaFunctionStarted',
      'LambdaFunctionSucceeded',
      'TaskStateExited',
      'ExecutionSucceeded',
    ]);
    expect(events.map((e) => e.id)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(events[1].stateEnteredEventDetails).toMatchObject({ name: 'State1', input: '{}' });
    expect(events[5].stateExitedEventDetails).toMatchObject({ name: 'State1', output: '"Hello Builder!"' });
    expect(events[2].lambdaFunctionScheduledEventDetails).toMatchObject({ resource: fn.FunctionArn, input: '{}' });
    expect(events[6].executionSucceededEventDetails).toMatchObject({ output: '"Hello Builder!"' });

    // The task invoked Lambda through the gateway as a session of the state machine's role.
    const invoke = acct.authorizations.find((a) => a.action === 'lambda:InvokeFunction');
    expect(invoke?.caller).toMatch(new RegExp(`^arn:aws:sts::${ACCOUNT}:assumed-role/sm-role/[A-Za-z]{32}$`));
    expect(invoke?.resource).toBe(fn.FunctionArn);

    const list = await acct.call('states', 'ListExecutions', { stateMachineArn });
    expect(list.executions).toHaveLength(1);
    expect(list.executions[0]).toMatchObject({ status: 'SUCCEEDED' });
  });

  it('fails the execution with Lambda.AWSLambdaException when the role may not invoke the function', async () => {
    const { acct, fn, createMachine, run } = await setup();
    const { stateMachineArn } = await createMachine(blogDefinition(fn.FunctionArn));
    acct.policy = (a) => !(a.action === 'lambda:InvokeFunction' && a.caller.includes('assumed-role/sm-role/'));
    const execution = await run(stateMachineArn);
    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('Lambda.AWSLambdaException');
    expect(execution.cause).toMatch(
      /is not authorized to perform: lambda:InvokeFunction on resource: .* \(Service: AWSLambda; Status Code: 403; Error Code: AccessDeniedException; Request ID: .*; Proxy: null\)$/,
    );
  });

  it("fails with the function's errorType and its error document as cause", async () => {
    const { fn, createMachine, run, history } = await setup(
      `exports.handler = async () => { const e = new Error('Access Denied'); e.name = 'AccessDenied'; throw e; };`,
    );
    const { stateMachineArn } = await createMachine(blogDefinition(fn.FunctionArn));
    const execution = await run(stateMachineArn);
    expect(execution).toMatchObject({ status: 'FAILED', error: 'AccessDenied' });
    expect(JSON.parse(execution.cause)).toMatchObject({ errorType: 'AccessDenied', errorMessage: 'Access Denied' });
    const events = await history(execution.executionArn);
    expect(events.at(-2)).toMatchObject({ type: 'LambdaFunctionFailed', lambdaFunctionFailedEventDetails: { error: 'AccessDenied' } });
    expect(events.at(-1)).toMatchObject({ type: 'ExecutionFailed', executionFailedEventDetails: { error: 'AccessDenied' } });
  });

  it('supports arn:aws:states:::lambda:invoke with Parameters, and the rest of the language through the interpreter', async () => {
    const { fn, createMachine, run, history } = await setup(`exports.handler = async (e) => ({ greeting: 'Hello ' + e.who });`);
    const { stateMachineArn } = await createMachine({
      StartAt: 'Prepare',
      States: {
        Prepare: { Type: 'Pass', Result: { who: 'Builder' }, ResultPath: '$.person', Next: 'Greet' },
        Greet: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          Parameters: { FunctionName: fn.FunctionArn, 'Payload.$': '$.person' },
          OutputPath: '$.Payload',
          Next: 'Check',
        },
        Check: {
          Type: 'Choice',
          Choices: [{ Variable: '$.greeting', StringEquals: 'Hello Builder', Next: 'Done' }],
          Default: 'Nope',
        },
        Done: { Type: 'Succeed' },
        Nope: { Type: 'Fail', Error: 'Unexpected', Cause: 'wrong greeting' },
      },
    });
    const execution = await run(stateMachineArn, '{"x":1}');
    expect(execution).toMatchObject({ status: 'SUCCEEDED', output: '{"greeting":"Hello Builder"}' });
    const types = (await history(execution.executionArn)).map((e) => e.type);
    expect(types).toEqual([
      'ExecutionStarted',
      'PassStateEntered',
      'PassStateExited',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskSucceeded',
      'TaskStateExited',
      'ChoiceStateEntered',
      'ChoiceStateExited',
      'SucceedStateEntered',
      'SucceedStateExited',
      'ExecutionSucceeded',
    ]);

    const failing = await createMachine(
      { StartAt: 'F', States: { F: { Type: 'Fail', Error: 'MyError', Cause: 'because' } } },
      'Failing',
    );
    expect(await run(failing.stateMachineArn)).toMatchObject({ status: 'FAILED', error: 'MyError', cause: 'because' });
  });

  it('checks CreateStateMachine as Step Functions does', async () => {
    const { acct, fn, createMachine } = await setup();
    await expect(createMachine({ StartAt: 'Nope', States: {} })).rejects.toMatchObject({
      code: 'InvalidDefinition',
      message: expect.stringMatching(/^Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: /),
    });
    await expect(
      acct.call('states', 'CreateStateMachine', { name: 'x', definition: '{nope', roleArn: acct.addRole('r', ['states.amazonaws.com']) }),
    ).rejects.toMatchObject({ message: expect.stringContaining('INVALID_JSON_DESCRIPTION') });
    await expect(createMachine(blogDefinition(fn.FunctionArn), 'bad name')).rejects.toMatchObject({ code: 'InvalidName' });
    await expect(
      acct.call('states', 'CreateStateMachine', {
        name: 'sm',
        definition: JSON.stringify(blogDefinition(fn.FunctionArn)),
        roleArn: acct.addRole('lambda-only', ['lambda.amazonaws.com']),
      }),
    ).rejects.toMatchObject({
      code: 'AccessDeniedException',
      message: 'Neither the global service principal states.amazonaws.com, nor the regional one is authorized to assume the provided role.',
    });
    const first = await createMachine(blogDefinition(fn.FunctionArn));
    // Same definition and role: idempotent. Different definition: already exists.
    expect((await createMachine(blogDefinition(fn.FunctionArn))).stateMachineArn).toBe(first.stateMachineArn);
    await expect(createMachine({ StartAt: 'P', States: { P: { Type: 'Pass', End: true } } })).rejects.toMatchObject({
      code: 'StateMachineAlreadyExists',
      message: `State Machine Already Exists: '${first.stateMachineArn}'`,
    });
    acct.policy = (a) => a.action !== 'iam:PassRole';
    await expect(createMachine(blogDefinition(fn.FunctionArn), 'Denied')).rejects.toMatchObject({
      code: 'AccessDeniedException',
    });
    expect(Object.keys(acct.states.states.stateMachines)).toEqual([first.stateMachineArn]);
  });

  it('describes, lists, updates, tags, stops and deletes', async () => {
    const { acct, fn, createMachine } = await setup(`exports.handler = () => new Promise((r) => setTimeout(() => r('late'), 1500));`);
    const { stateMachineArn } = await createMachine(blogDefinition(fn.FunctionArn));
    const described = await acct.call('states', 'DescribeStateMachine', { stateMachineArn });
    expect(described).toMatchObject({ name: 'MyStateMachine', status: 'ACTIVE', type: 'STANDARD' });
    expect((await acct.call('states', 'ListStateMachines')).stateMachines.map((s: any) => s.name)).toEqual(['MyStateMachine']);
    const updated = await acct.call('states', 'UpdateStateMachine', {
      stateMachineArn,
      definition: JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Pass', End: true } } }),
    });
    expect(updated.updateDate).toBeInstanceOf(Date);
    await expect(acct.call('states', 'UpdateStateMachine', { stateMachineArn })).rejects.toMatchObject({
      code: 'MissingRequiredParameter',
    });
    await acct.call('states', 'UpdateStateMachine', { stateMachineArn, definition: JSON.stringify(blogDefinition(fn.FunctionArn)) });

    await acct.call('states', 'TagResource', { resourceArn: stateMachineArn, tags: [{ key: 'team', value: 'a' }] });
    expect(await acct.call('states', 'ListTagsForResource', { resourceArn: stateMachineArn })).toEqual({
      tags: [{ key: 'team', value: 'a' }],
    });
    await acct.call('states', 'UntagResource', { resourceArn: stateMachineArn, tagKeys: ['team'] });

    const { executionArn } = await acct.call('states', 'StartExecution', { stateMachineArn, name: 'slow-one' });
    await expect(acct.call('states', 'StartExecution', { stateMachineArn, name: 'slow-one' })).rejects.toMatchObject({
      code: 'ExecutionAlreadyExists',
    });
    await new Promise((r) => setTimeout(r, 100));
    expect((await acct.call('states', 'DescribeExecution', { executionArn })).status).toBe('RUNNING');
    await acct.call('states', 'StopExecution', { executionArn, error: 'Stopped', cause: 'by test' });
    await acct.settle();
    const stopped = await acct.call('states', 'DescribeExecution', { executionArn });
    expect(stopped).toMatchObject({ status: 'ABORTED', error: 'Stopped', cause: 'by test' });
    expect((await acct.call('states', 'GetExecutionHistory', { executionArn, reverseOrder: true })).events[0].type).toBe(
      'ExecutionAborted',
    );

    await acct.call('states', 'DeleteStateMachine', { stateMachineArn });
    await expect(acct.call('states', 'DescribeStateMachine', { stateMachineArn })).rejects.toMatchObject({
      code: 'StateMachineDoesNotExist',
      message: `State Machine Does Not Exist: '${stateMachineArn}'`,
    });
    await expect(
      acct.call('states', 'DescribeExecution', { executionArn: `${executionArn}-missing` }),
    ).rejects.toMatchObject({ code: 'ExecutionDoesNotExist' });
  });
});

describe('states provider: time', () => {
  it('ends an execution that runs past TimeoutSeconds as TIMED_OUT', async () => {
    const { acct, fn, createMachine, run, history } = await setup(
      `exports.handler = () => new Promise((r) => setTimeout(() => r('late'), 2500));`,
    );
    await acct.call('lambda', 'UpdateFunctionConfiguration', { FunctionName: fn.FunctionName, Timeout: 5 });
    const { stateMachineArn } = await createMachine({ ...blogDefinition(fn.FunctionArn), TimeoutSeconds: 1 });
    const execution = await run(stateMachineArn);
    expect(execution).toMatchObject({ status: 'TIMED_OUT', error: 'States.Timeout' });
    const events = await history(execution.executionArn);
    expect(events.at(-1)).toMatchObject({ type: 'ExecutionTimedOut', executionTimedOutEventDetails: { error: 'States.Timeout' } });
    expect(new Date(events.at(-1)!.timestamp).getTime() - new Date(events[0].timestamp).getTime()).toBeGreaterThanOrEqual(900);
  });
});

describe('states provider: reload', () => {
  it('ends executions that were running when the sandbox was reloaded', () => {
    const provider = createStatesProvider();
    const state = provider.initialState();
    state.executions['arn:x'] = {
      executionArn: 'arn:x',
      stateMachineArn: 'arn:sm',
      name: 'x',
      status: 'RUNNING',
      startDate: new Date().toISOString(),
      input: '{}',
      history: [],
    };
    const acct = new FakeAccount([]);
    provider.resume!({ ...acct.context('states', 'resume'), state } as any);
    expect(state.executions['arn:x']).toMatchObject({ status: 'FAILED', error: 'States.Runtime' });
    expect(state.executions['arn:x'].stopDate).toBeDefined();
  });
});
