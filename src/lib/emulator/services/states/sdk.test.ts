/** Step Functions through the gateway with SDK v3 (awsJson1_0). */
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import {
  CreateStateMachineCommand,
  DeleteStateMachineCommand,
  DescribeExecutionCommand,
  DescribeStateMachineCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  ListStateMachinesCommand,
  ListTagsForResourceCommand,
  SFNClient,
  StartExecutionCommand,
  TagResourceCommand,
} from '@aws-sdk/client-sfn';
import { beforeAll, describe, expect, it } from 'vitest';
import { createEmulator, type Credentials, type Emulator } from '../../index';
import { createStatesProvider } from './provider';

let emu: Emulator;
// The SDK's config types do not accept the emulator's requestHandler type as declared; it is one at runtime.
const sdk = (credentials?: Credentials): any => emu.sdkConfig(credentials);
beforeAll(async () => {
  emu = createEmulator({ pace: 0, providers: [createStatesProvider()] });
  await emu.ready;
});

describe('states through SDK v3', () => {
  it('runs a Pass/Choice machine and reads it back', async () => {
    const { Role } = await new IAMClient(sdk()).send(
      new CreateRoleCommand({
        RoleName: 'sm-role',
        AssumeRolePolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { Service: 'states.amazonaws.com' }, Action: 'sts:AssumeRole' }],
        }),
      }),
    );
    const sfn = new SFNClient(sdk());
    const { stateMachineArn, creationDate } = await sfn.send(
      new CreateStateMachineCommand({
        name: 'greeter',
        roleArn: Role!.Arn,
        tags: [{ key: 'team', value: 'builders' }],
        definition: JSON.stringify({
          StartAt: 'Greet',
          States: { Greet: { Type: 'Pass', Parameters: { 'msg.$': "States.Format('Hello {}!', $.who)" }, OutputPath: '$.msg', End: true } },
        }),
      }),
    );
    expect(creationDate).toBeInstanceOf(Date);
    expect((await sfn.send(new DescribeStateMachineCommand({ stateMachineArn }))).status).toBe('ACTIVE');
    expect((await sfn.send(new ListStateMachinesCommand({}))).stateMachines!.map((s) => s.name)).toEqual(['greeter']);
    expect((await sfn.send(new ListTagsForResourceCommand({ resourceArn: stateMachineArn }))).tags).toEqual([
      { key: 'team', value: 'builders' },
    ]);
    await sfn.send(new TagResourceCommand({ resourceArn: stateMachineArn, tags: [{ key: 'env', value: 'lab' }] }));

    const { executionArn } = await sfn.send(
      new StartExecutionCommand({ stateMachineArn, name: 'first', input: '{"who":"Builder"}' }),
    );
    await emu.settled();
    const done = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    expect(done).toMatchObject({ status: 'SUCCEEDED', output: '"Hello Builder!"', name: 'first' });
    expect(done.startDate).toBeInstanceOf(Date);
    const { events } = await sfn.send(new GetExecutionHistoryCommand({ executionArn }));
    expect(events!.map((e) => e.type)).toEqual(['ExecutionStarted', 'PassStateEntered', 'PassStateExited', 'ExecutionSucceeded']);
    expect(events![1].stateEnteredEventDetails).toMatchObject({ name: 'Greet', input: '{"who":"Builder"}' });
    const listed = await sfn.send(new ListExecutionsCommand({ stateMachineArn }));
    expect(listed.executions!.map((e) => e.name)).toEqual(['first']);

    await expect(sfn.send(new StartExecutionCommand({ stateMachineArn, name: 'first' }))).rejects.toMatchObject({
      name: 'ExecutionAlreadyExists',
    });
    await sfn.send(new DeleteStateMachineCommand({ stateMachineArn }));
    await expect(sfn.send(new DescribeStateMachineCommand({ stateMachineArn }))).rejects.toMatchObject({
      name: 'StateMachineDoesNotExist',
      message: `State Machine Does Not Exist: '${stateMachineArn}'`,
    });
  });
});
