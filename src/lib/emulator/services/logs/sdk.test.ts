/** CloudWatch Logs through the gateway with SDK v3. */
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DeleteLogGroupCommand,
  DescribeLogGroupsCommand,
  DescribeLogStreamsCommand,
  FilterLogEventsCommand,
  GetLogEventsCommand,
  PutLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createEmulator, type Credentials, type Emulator } from '../../index';
import { logsProvider } from './provider';

let emu: Emulator;
// The SDK's config types do not accept the emulator's requestHandler type as declared; it is one at runtime.
const sdk = (credentials?: Credentials): any => emu.sdkConfig(credentials);
beforeAll(async () => {
  emu = createEmulator({ pace: 0, providers: [logsProvider] });
  await emu.ready;
});

describe('logs through SDK v3', () => {
  it('writes and reads events', async () => {
    const logs = new CloudWatchLogsClient(sdk());
    const logGroupName = '/aws/lambda/sdk';
    await logs.send(new CreateLogGroupCommand({ logGroupName }));
    await expect(logs.send(new CreateLogGroupCommand({ logGroupName }))).rejects.toMatchObject({
      name: 'ResourceAlreadyExistsException',
      message: 'The specified log group already exists',
    });
    await logs.send(new CreateLogStreamCommand({ logGroupName, logStreamName: 's1' }));
    const put = await logs.send(
      new PutLogEventsCommand({ logGroupName, logStreamName: 's1', logEvents: [{ timestamp: Date.now(), message: 'hello [ERROR] x' }] }),
    );
    expect(put.nextSequenceToken).toMatch(/^\d+$/);
    const groups = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/aws/lambda/' }));
    expect(groups.logGroups![0]).toMatchObject({ logGroupName, arn: expect.stringMatching(/:log-group:\/aws\/lambda\/sdk:\*$/) });
    const streams = await logs.send(new DescribeLogStreamsCommand({ logGroupName, orderBy: 'LastEventTime', descending: true }));
    expect(streams.logStreams![0].logStreamName).toBe('s1');
    const got = await logs.send(new GetLogEventsCommand({ logGroupName, logStreamName: 's1' }));
    expect(got.events!.map((e) => e.message)).toEqual(['hello [ERROR] x']);
    const filtered = await logs.send(new FilterLogEventsCommand({ logGroupName, filterPattern: 'ERROR' }));
    expect(filtered.events).toHaveLength(1);
    await logs.send(new DeleteLogGroupCommand({ logGroupName }));
    await expect(logs.send(new GetLogEventsCommand({ logGroupName, logStreamName: 's1' }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      message: 'The specified log group does not exist.',
    });
  });
});
