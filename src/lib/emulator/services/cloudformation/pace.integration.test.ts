/**
 * Stack operations run after the API call returns, at the emulator's pace, through the real gateway. A failing call
 * in the meantime (the gateway restores CloudFormation's state from its copy) must not lose the running stack.
 */
import { CloudFormationClient, CreateStackCommand, DescribeStackEventsCommand, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { beforeAll, describe, expect, it } from 'vitest';
import { createEmulator, type Emulator } from '../../index';
import { logsProvider } from '../logs/provider';
import { createCloudFormationProvider } from './provider';

let emu: Emulator;
const template = JSON.stringify({
  Resources: {
    A: { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: 'a' } },
    B: { Type: 'AWS::Logs::LogGroup', DependsOn: 'A', Properties: { LogGroupName: 'b' } },
  },
});

beforeAll(async () => {
  emu = createEmulator({ pace: 0.05, providers: [createCloudFormationProvider(), logsProvider] });
  await emu.ready;
});

describe('CloudFormation at a learner\'s pace', () => {
  it('shows CREATE_IN_PROGRESS first, then events arrive, and a failed call meanwhile loses nothing', async () => {
    const cfn = new CloudFormationClient(emu.sdkConfig() as any);
    await cfn.send(new CreateStackCommand({ StackName: 'slow', TemplateBody: template }));
    const first = await cfn.send(new DescribeStacksCommand({ StackName: 'slow' }));
    expect(first.Stacks![0].StackStatus).toBe('CREATE_IN_PROGRESS');
    const early = await cfn.send(new DescribeStackEventsCommand({ StackName: 'slow' }));
    const oldest = early.StackEvents!.at(-1)!;
    expect(`${oldest.LogicalResourceId} ${oldest.ResourceStatus} ${oldest.ResourceStatusReason}`).toBe('slow CREATE_IN_PROGRESS User Initiated');
    expect(early.StackEvents!.length).toBeLessThan(9);
    await expect(cfn.send(new CreateStackCommand({ StackName: 'slow', TemplateBody: template }))).rejects.toThrow('Stack [slow] already exists');
    await emu.settled();
    const done = await cfn.send(new DescribeStacksCommand({ StackName: 'slow' }));
    expect(done.Stacks![0].StackStatus).toBe('CREATE_COMPLETE');
    const events = await cfn.send(new DescribeStackEventsCommand({ StackName: 'slow' }));
    expect(events.StackEvents!.length).toBe(9);
    expect(JSON.parse(emu.export()).services.cloudformation.stacks[0].StackStatus).toBe('CREATE_COMPLETE');
  });
});
