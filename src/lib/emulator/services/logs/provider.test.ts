import { describe, expect, it } from 'vitest';
import { FakeAccount } from '../../lambda-runtime/fake-account';
import { logsProvider } from './provider';

const setup = () => new FakeAccount([logsProvider]);

describe('logs provider', () => {
  it('creates, describes and deletes log groups with AWS errors', async () => {
    const acct = setup();
    await acct.call('logs', 'CreateLogGroup', { logGroupName: '/aws/lambda/f' });
    await expect(acct.call('logs', 'CreateLogGroup', { logGroupName: '/aws/lambda/f' })).rejects.toMatchObject({
      code: 'ResourceAlreadyExistsException',
      message: 'The specified log group already exists',
    });
    const { logGroups } = await acct.call('logs', 'DescribeLogGroups', { logGroupNamePrefix: '/aws/lambda/' });
    expect(logGroups).toHaveLength(1);
    expect(logGroups[0]).toMatchObject({
      logGroupName: '/aws/lambda/f',
      arn: 'arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/f:*',
      logGroupArn: 'arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/f',
    });
    await acct.call('logs', 'DeleteLogGroup', { logGroupName: '/aws/lambda/f' });
    await expect(acct.call('logs', 'DeleteLogGroup', { logGroupName: '/aws/lambda/f' })).rejects.toMatchObject({
      code: 'ResourceNotFoundException',
      message: 'The specified log group does not exist.',
    });
    expect(acct.authorizations.map((a) => a.action)).toContain('logs:CreateLogGroup');
  });

  it('orders streams by LastEventTime descending and returns events', async () => {
    const acct = setup();
    await acct.call('logs', 'CreateLogGroup', { logGroupName: 'g' });
    await acct.call('logs', 'CreateLogStream', { logGroupName: 'g', logStreamName: 'a' });
    await acct.call('logs', 'CreateLogStream', { logGroupName: 'g', logStreamName: 'b' });
    await acct.call('logs', 'PutLogEvents', {
      logGroupName: 'g',
      logStreamName: 'b',
      logEvents: [{ timestamp: 1000, message: 'first' }],
    });
    await acct.call('logs', 'PutLogEvents', {
      logGroupName: 'g',
      logStreamName: 'a',
      logEvents: [
        { timestamp: 2000, message: 'hello [ERROR] x' },
        { timestamp: 3000, message: 'bye' },
      ],
    });
    const { logStreams } = await acct.call('logs', 'DescribeLogStreams', {
      logGroupName: 'g',
      orderBy: 'LastEventTime',
      descending: true,
    });
    expect(logStreams.map((s: any) => s.logStreamName)).toEqual(['a', 'b']);
    expect(logStreams[0]).toMatchObject({ firstEventTimestamp: 2000, lastEventTimestamp: 3000 });

    const got = await acct.call('logs', 'GetLogEvents', { logGroupName: 'g', logStreamName: 'a' });
    expect(got.events.map((e: any) => e.message)).toEqual(['hello [ERROR] x', 'bye']);
    expect(got.nextForwardToken).toMatch(/^f\/\d{56}$/);
    const after = await acct.call('logs', 'GetLogEvents', {
      logGroupName: 'g',
      logStreamName: 'a',
      nextToken: got.nextForwardToken,
    });
    expect(after.events).toEqual([]);
    const limited = await acct.call('logs', 'GetLogEvents', {
      logGroupName: 'g',
      logStreamName: 'a',
      startFromHead: true,
      limit: 1,
    });
    expect(limited.events.map((e: any) => e.message)).toEqual(['hello [ERROR] x']);

    const filtered = await acct.call('logs', 'FilterLogEvents', { logGroupName: 'g', filterPattern: '"[ERROR]"' });
    expect(filtered.events).toHaveLength(1);
    expect(filtered.events[0]).toMatchObject({ logStreamName: 'a', message: 'hello [ERROR] x' });

    await expect(
      acct.call('logs', 'DescribeLogStreams', { logGroupName: 'g', orderBy: 'LastEventTime', logStreamNamePrefix: 'a' }),
    ).rejects.toMatchObject({ code: 'InvalidParameterException' });
  });

  it('rejects out-of-order events, missing streams and duplicates', async () => {
    const acct = setup();
    await expect(
      acct.call('logs', 'CreateLogStream', { logGroupName: 'nope', logStreamName: 's' }),
    ).rejects.toMatchObject({ code: 'ResourceNotFoundException', message: 'The specified log group does not exist.' });
    await acct.call('logs', 'CreateLogGroup', { logGroupName: 'g' });
    await acct.call('logs', 'CreateLogStream', { logGroupName: 'g', logStreamName: 's' });
    await expect(acct.call('logs', 'CreateLogStream', { logGroupName: 'g', logStreamName: 's' })).rejects.toMatchObject({
      code: 'ResourceAlreadyExistsException',
    });
    await expect(
      acct.call('logs', 'PutLogEvents', { logGroupName: 'g', logStreamName: 'x', logEvents: [{ timestamp: 1, message: 'm' }] }),
    ).rejects.toMatchObject({ message: 'The specified log stream does not exist.' });
    await expect(
      acct.call('logs', 'PutLogEvents', {
        logGroupName: 'g',
        logStreamName: 's',
        logEvents: [
          { timestamp: 2, message: 'm' },
          { timestamp: 1, message: 'n' },
        ],
      }),
    ).rejects.toMatchObject({ code: 'InvalidParameterException' });
  });

  it('maps a denied call to AccessDeniedException', async () => {
    const acct = setup();
    acct.policy = (a) => a.action !== 'logs:CreateLogGroup';
    await expect(acct.call('logs', 'CreateLogGroup', { logGroupName: 'g' })).rejects.toMatchObject({
      code: 'AccessDeniedException',
    });
    expect(acct.states.logs.logGroups).toEqual({});
  });
});
