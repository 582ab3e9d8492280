import { describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../../core/types';
import { FakeAccount } from '../../lambda-runtime/fake-account';
import { cloudtrailProvider } from './provider';

function event(i: number, over: Partial<RecordedEvent> = {}): RecordedEvent {
  return {
    eventVersion: '1.08',
    eventID: `id-${i}`,
    eventTime: new Date(Date.UTC(2026, 10, 29, 5, 0, i)),
    eventSource: 'iam.amazonaws.com',
    eventName: i % 2 ? 'CreateRole' : 'GetRole',
    awsRegion: 'us-east-1',
    sourceIPAddress: '127.0.0.1',
    userAgent: 'aws-cli/1.x',
    userIdentity: {
      type: 'AssumedRole',
      arn: 'arn:aws:sts::123456789012:assumed-role/builder/builder-test',
      accessKeyId: 'ASIABUILDER',
    },
    requestParameters: { roleName: 'r' },
    responseElements: null,
    requestID: `req-${i}`,
    readOnly: i % 2 === 0,
    resources: [{ ARN: 'arn:aws:iam::123456789012:role/r', type: 'AWS::IAM::Role' }],
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: '123456789012',
    accessKeyId: 'ASIABUILDER',
    ...over,
  };
}

async function lookup(acct: FakeAccount, input: Record<string, any> = {}) {
  return acct.call('cloudtrail', 'LookupEvents', input);
}

describe('cloudtrail provider', () => {
  it('returns events newest first, denied ones with errorCode and errorMessage in the record', async () => {
    const acct = new FakeAccount([cloudtrailProvider]);
    acct.events.push(
      event(1, { errorCode: 'AccessDenied', errorMessage: 'User: … because no permissions boundary allows the iam:CreateRole action' }),
      event(2),
      event(3, { managementEvent: false, eventName: 'Invoke' }),
      event(4, { eventSource: 'lambda.amazonaws.com', eventName: 'Invoke' }),
    );
    const { Events } = await lookup(acct);
    expect(Events.map((e: any) => e.EventId)).toEqual(['id-2', 'id-1']);
    const denied = Events[1];
    expect(denied).toMatchObject({
      EventName: 'CreateRole',
      ReadOnly: 'false',
      Username: 'builder-test',
      AccessKeyId: 'ASIABUILDER',
      EventSource: 'iam.amazonaws.com',
      Resources: [{ ResourceType: 'AWS::IAM::Role', ResourceName: 'arn:aws:iam::123456789012:role/r' }],
    });
    const record = JSON.parse(denied.CloudTrailEvent);
    expect(record).toMatchObject({
      eventTime: '2026-11-29T05:00:01Z',
      errorCode: 'AccessDenied',
      eventID: 'id-1',
      eventCategory: 'Management',
    });
    expect(record.errorMessage).toContain('because no permissions boundary allows');
  });

  it('filters by one lookup attribute and a time range, and pages with NextToken', async () => {
    const acct = new FakeAccount([cloudtrailProvider]);
    for (let i = 1; i <= 7; i++) acct.events.push(event(i));
    const byName = await lookup(acct, { LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'CreateRole' }] });
    expect(byName.Events.map((e: any) => e.EventId)).toEqual(['id-7', 'id-5', 'id-3', 'id-1']);
    const readOnly = await lookup(acct, { LookupAttributes: [{ AttributeKey: 'ReadOnly', AttributeValue: 'true' }] });
    // The LookupEvents call just made is itself a read-only management event.
    expect(readOnly.Events.map((e: any) => e.EventName)).toEqual(['LookupEvents', 'GetRole', 'GetRole', 'GetRole']);
    const byResource = await lookup(acct, { LookupAttributes: [{ AttributeKey: 'ResourceName', AttributeValue: 'r' }] });
    expect(byResource.Events).toHaveLength(7);
    expect(byResource.Events.every((e: any) => e.EventSource === 'iam.amazonaws.com')).toBe(true);
    const ranged = await lookup(acct, {
      StartTime: new Date(Date.UTC(2026, 10, 29, 5, 0, 2)),
      EndTime: new Date(Date.UTC(2026, 10, 29, 5, 0, 4)),
    });
    expect(ranged.Events.map((e: any) => e.EventId)).toEqual(['id-4', 'id-3', 'id-2']);

    // Earlier lookups are recorded too; an EndTime keeps them out of the pages.
    const last = new Date(Date.UTC(2026, 10, 29, 5, 0, 7));
    const first = await lookup(acct, { MaxResults: 3, EndTime: last });
    expect(first.Events.map((e: any) => e.EventId)).toEqual(['id-7', 'id-6', 'id-5']);
    const second = await lookup(acct, { MaxResults: 3, EndTime: last, NextToken: first.NextToken });
    expect(second.Events.map((e: any) => e.EventId)).toEqual(['id-4', 'id-3', 'id-2']);
    const third = await lookup(acct, { MaxResults: 3, EndTime: last, NextToken: second.NextToken });
    expect(third.Events.map((e: any) => e.EventId)).toEqual(['id-1']);
    expect(third.NextToken).toBeUndefined();
  });

  it('rejects bad lookups as CloudTrail does', async () => {
    const acct = new FakeAccount([cloudtrailProvider]);
    await expect(
      lookup(acct, {
        LookupAttributes: [
          { AttributeKey: 'EventName', AttributeValue: 'a' },
          { AttributeKey: 'Username', AttributeValue: 'b' },
        ],
      }),
    ).rejects.toMatchObject({ code: 'InvalidLookupAttributesException' });
    await expect(lookup(acct, { MaxResults: 51 })).rejects.toMatchObject({ code: 'InvalidMaxResultsException' });
    await expect(
      lookup(acct, { StartTime: new Date(2000), EndTime: new Date(1000) }),
    ).rejects.toMatchObject({ code: 'InvalidTimeRangeException' });
  });
});
