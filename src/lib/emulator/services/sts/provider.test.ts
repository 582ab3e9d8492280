/** STS in-process: session tags become aws:PrincipalTag, transitive tags and role chaining limits. */
import { CreateRoleCommand, GetRoleCommand, IAMClient, PutRolePolicyCommand, TagRoleCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { describe, expect, it } from 'vitest';
import { createEmulator, type Credentials } from '../..';

const ACCOUNT = '123456789012';
const trust = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: ['sts:AssumeRole', 'sts:TagSession'] }],
});
const tagged = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Action: 'iam:GetRole', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalTag/team': 'blue' } } },
    { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' },
  ],
});
const asCreds = (c: any): Credentials => ({ accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken });

async function setup() {
  const em = createEmulator({ pace: 0 });
  await em.ready;
  const iam = new IAMClient(em.sdkConfig());
  for (const name of ['tagged', 'next']) {
    await iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: trust }));
    await iam.send(new PutRolePolicyCommand({ RoleName: name, PolicyName: 'p', PolicyDocument: tagged }));
  }
  return { em, iam, sts: new STSClient(em.sdkConfig()) };
}

describe('STS session tags and chaining', () => {
  it('puts session tags, then role tags, in aws:PrincipalTag', async () => {
    const { em, iam, sts } = await setup();
    const blue = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/tagged`, RoleSessionName: 'blue', Tags: [{ Key: 'team', Value: 'blue' }] }));
    expect(blue.PackedPolicySize).toBeGreaterThan(0);
    await new IAMClient(em.sdkConfig(asCreds(blue.Credentials))).send(new GetRoleCommand({ RoleName: 'tagged' }));
    const red = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/tagged`, RoleSessionName: 'red', Tags: [{ Key: 'team', Value: 'red' }] }));
    const denied = await new IAMClient(em.sdkConfig(asCreds(red.Credentials))).send(new GetRoleCommand({ RoleName: 'tagged' })).catch((e) => e);
    expect(denied.name).toBe('AccessDenied');
    await iam.send(new TagRoleCommand({ RoleName: 'tagged', Tags: [{ Key: 'team', Value: 'blue' }] }));
    const plain = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/tagged`, RoleSessionName: 'plain' }));
    await new IAMClient(em.sdkConfig(asCreds(plain.Credentials))).send(new GetRoleCommand({ RoleName: 'tagged' }));
  });

  it('carries transitive tags into chained sessions and limits them to an hour', async () => {
    const { em, sts } = await setup();
    const first = await sts.send(new AssumeRoleCommand({
      RoleArn: `arn:aws:iam::${ACCOUNT}:role/tagged`, RoleSessionName: 'one', Tags: [{ Key: 'team', Value: 'blue' }], TransitiveTagKeys: ['team'],
    }));
    const chained = new STSClient(em.sdkConfig(asCreds(first.Credentials)));
    const tooLong = await chained.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/next`, RoleSessionName: 'two', DurationSeconds: 7200 })).catch((e) => e);
    expect(tooLong.name).toBe('ValidationError');
    expect(tooLong.message).toBe('The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.');
    const second = await chained.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/next`, RoleSessionName: 'two' }));
    // The transitive tag came along: the next role's policy needs aws:PrincipalTag/team = blue.
    await new IAMClient(em.sdkConfig(asCreds(second.Credentials))).send(new GetRoleCommand({ RoleName: 'next' }));
    const bad = await sts.send(new AssumeRoleCommand({
      RoleArn: `arn:aws:iam::${ACCOUNT}:role/tagged`, RoleSessionName: 'xx', Tags: [{ Key: 'a', Value: '1' }], TransitiveTagKeys: ['b'],
    })).catch((e) => e);
    expect(bad.name).toBe('InvalidParameterValue');
  });
});
