/** CloudTrail LookupEvents through the gateway with SDK v3, over the gateway's own record of calls. */
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { beforeAll, describe, expect, it } from 'vitest';
import { createEmulator, type Credentials, type Emulator } from '../../index';
import { cloudtrailProvider } from './provider';

let emu: Emulator;
// The SDK's config types do not accept the emulator's requestHandler type as declared; it is one at runtime.
const sdk = (credentials?: Credentials): any => emu.sdkConfig(credentials);
beforeAll(async () => {
  emu = createEmulator({ pace: 0, providers: [cloudtrailProvider] });
  await emu.ready;
});

describe('cloudtrail through SDK v3', () => {
  it('finds a denied CreateRole made by an assumed role, with errorCode and errorMessage', async () => {
    const iam = new IAMClient(sdk());
    const { Role } = await iam.send(
      new CreateRoleCommand({
        RoleName: 'reader',
        AssumeRolePolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${emu.accountId}:root` }, Action: 'sts:AssumeRole' }],
        }),
      }),
    );
    const { Credentials } = await new STSClient(sdk()).send(
      new AssumeRoleCommand({ RoleArn: Role!.Arn, RoleSessionName: 'reader-test' }),
    );
    const session = {
      accessKeyId: Credentials!.AccessKeyId!,
      secretAccessKey: Credentials!.SecretAccessKey!,
      sessionToken: Credentials!.SessionToken!,
    };
    await expect(
      new IAMClient(sdk(session)).send(new CreateRoleCommand({ RoleName: 'x', AssumeRolePolicyDocument: '{}' })),
    ).rejects.toMatchObject({ name: 'AccessDenied' });

    const trail = new CloudTrailClient(sdk());
    const byUser = await trail.send(
      new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'Username', AttributeValue: 'reader-test' }] }),
    );
    expect(byUser.Events!.map((e) => e.EventName)).toEqual(['CreateRole']);
    const event = byUser.Events![0];
    expect(event).toMatchObject({ EventSource: 'iam.amazonaws.com', ReadOnly: 'false', AccessKeyId: session.accessKeyId });
    expect(event.EventTime).toBeInstanceOf(Date);
    const record = JSON.parse(event.CloudTrailEvent!);
    expect(record).toMatchObject({ errorCode: 'AccessDenied', eventName: 'CreateRole', eventCategory: 'Management' });
    expect(record.errorMessage).toContain('is not authorized to perform: iam:CreateRole');

    const page1 = await trail.send(new LookupEventsCommand({ MaxResults: 2 }));
    expect(page1.Events).toHaveLength(2);
    const page2 = await trail.send(new LookupEventsCommand({ MaxResults: 2, NextToken: page1.NextToken }));
    expect(page2.Events![0].EventId).not.toBe(page1.Events![0].EventId);
  });
});
