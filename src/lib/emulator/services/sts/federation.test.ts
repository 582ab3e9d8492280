/** GetFederationToken and chained session tags, in-process through the gateway. */
import {
  CreateAccessKeyCommand, CreateRoleCommand, CreateUserCommand, IAMClient, ListRolesCommand, PutRolePolicyCommand, PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { AssumeRoleCommand, GetCallerIdentityCommand, GetFederationTokenCommand, STSClient } from '@aws-sdk/client-sts';
import { describe, expect, it } from 'vitest';
import { createEmulator, type Credentials } from '../..';
import { s3Provider } from '../s3/provider';

const ACCOUNT = '123456789012';
const asCreds = (c: any): Credentials => ({ accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken });
const allow = (Action: string | string[]) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action, Resource: '*' }] });

async function setup() {
  const em = createEmulator({ pace: 0, providers: [s3Provider] });
  await em.ready;
  const iam = new IAMClient(em.sdkConfig());
  await iam.send(new CreateUserCommand({ UserName: 'fed' }));
  await iam.send(new PutUserPolicyCommand({ UserName: 'fed', PolicyName: 'p', PolicyDocument: allow(['sts:GetFederationToken', 's3:ListAllMyBuckets', 'iam:ListRoles']) }));
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'fed' }))).AccessKey!;
  const user: Credentials = { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
  return { em, iam, user, sts: new STSClient(em.sdkConfig(user)) };
}

describe('GetFederationToken', () => {
  it('issues a federated user whose permissions are the user’s policies intersected with the session policy', async () => {
    const { em, sts } = await setup();
    const r = await sts.send(new GetFederationTokenCommand({ Name: 'bob', Policy: allow('s3:*'), DurationSeconds: 900 }));
    expect(r.FederatedUser).toEqual({ FederatedUserId: `${ACCOUNT}:bob`, Arn: `arn:aws:sts::${ACCOUNT}:federated-user/bob` });
    expect(r.Credentials!.AccessKeyId).toMatch(/^ASIA/);
    expect(r.Credentials!.Expiration!.getTime() - Date.now()).toBeLessThanOrEqual(900_000 + 5_000);
    const fed = asCreds(r.Credentials);
    const who = await new STSClient(em.sdkConfig(fed)).send(new GetCallerIdentityCommand({}));
    expect(who).toMatchObject({ Arn: `arn:aws:sts::${ACCOUNT}:federated-user/bob`, UserId: `${ACCOUNT}:bob`, Account: ACCOUNT });
    // Allowed by both the user's policy and the session policy.
    await new S3Client({ ...em.sdkConfig(fed), forcePathStyle: true }).send(new ListBucketsCommand({}));
  });

  it('gives no permissions without a session policy, and never IAM or STS beyond GetCallerIdentity', async () => {
    const { em, sts } = await setup();
    const fed = asCreds((await sts.send(new GetFederationTokenCommand({ Name: 'nobody' }))).Credentials);
    const denied = await new S3Client({ ...em.sdkConfig(fed), forcePathStyle: true }).send(new ListBucketsCommand({})).catch((e) => e);
    expect(denied.name).toBe('AccessDenied');
    expect(denied.message).toContain(`arn:aws:sts::${ACCOUNT}:federated-user/nobody is not authorized to perform: s3:ListAllMyBuckets`);

    const wide = asCreds((await sts.send(new GetFederationTokenCommand({ Name: 'wide', Policy: allow('*') }))).Credentials);
    const iamCall = await new IAMClient(em.sdkConfig(wide)).send(new ListRolesCommand({})).catch((e) => e);
    expect(iamCall.name).toBe('InvalidClientTokenId');
    const chained = await new STSClient(em.sdkConfig(wide)).send(new GetFederationTokenCommand({ Name: 'again', Policy: allow('*') })).catch((e) => e);
    expect(chained.name).toBe('AccessDenied');
    expect(chained.message).toBe('Cannot call GetFederationToken with session credentials');
    const assume = await new STSClient(em.sdkConfig(wide)).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/any`, RoleSessionName: 'ss' })).catch((e) => e);
    expect(assume.name).toBe('AccessDenied');
  });

  it('is authorized on the federated user ARN and validates its input first', async () => {
    const { em, iam } = await setup();
    await iam.send(new CreateUserCommand({ UserName: 'plain' }));
    const k = (await iam.send(new CreateAccessKeyCommand({ UserName: 'plain' }))).AccessKey!;
    const plain = new STSClient(em.sdkConfig({ accessKeyId: k.AccessKeyId!, secretAccessKey: k.SecretAccessKey! }));
    const denied = await plain.send(new GetFederationTokenCommand({ Name: 'bob', Policy: allow('*') })).catch((e) => e);
    expect(denied.name).toBe('AccessDenied');
    expect(denied.message).toContain(`is not authorized to perform: sts:GetFederationToken on resource: arn:aws:sts::${ACCOUNT}:federated-user/bob`);
    const bad = await plain.send(new GetFederationTokenCommand({ Name: 'b', Policy: allow('*') })).catch((e) => e);
    expect(bad.name).toBe('ValidationError');
    expect(bad.message).toContain("Value 'b' at 'name' failed to satisfy constraint: Member must have length greater than or equal to 2");
  });

  it('refuses a malformed session policy as MalformedPolicyDocument', async () => {
    const { sts } = await setup();
    const e = await sts.send(new GetFederationTokenCommand({ Name: 'bob', Policy: '{"Statement": ' })).catch((x) => x);
    // The SDK names the modeled exception; the wire code is STS's MalformedPolicyDocument.
    expect(e.name).toBe('MalformedPolicyDocumentException');
    expect(e.Code ?? e.name).toMatch(/^MalformedPolicyDocument/);
  });
});

describe('transitive session tags in a role chain', () => {
  it('refuses a chained session that sets a key the calling session passed as transitive', async () => {
    const em = createEmulator({ pace: 0, providers: [s3Provider] });
    await em.ready;
    const iam = new IAMClient(em.sdkConfig());
    const trust = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: ['sts:AssumeRole', 'sts:TagSession'] }],
    });
    for (const RoleName of ['first', 'second']) {
      await iam.send(new CreateRoleCommand({ RoleName, AssumeRolePolicyDocument: trust }));
    }
    await iam.send(new PutRolePolicyCommand({ RoleName: 'first', PolicyName: 'p', PolicyDocument: allow(['sts:AssumeRole', 'sts:TagSession']) }));
    const sts = new STSClient(em.sdkConfig());
    const one = await sts.send(new AssumeRoleCommand({
      RoleArn: `arn:aws:iam::${ACCOUNT}:role/first`, RoleSessionName: 'one', Tags: [{ Key: 'Project', Value: 'blue' }], TransitiveTagKeys: ['Project'],
    }));
    const chained = new STSClient(em.sdkConfig(asCreds(one.Credentials)));
    const conflict = await chained.send(new AssumeRoleCommand({
      RoleArn: `arn:aws:iam::${ACCOUNT}:role/second`, RoleSessionName: 'two', Tags: [{ Key: 'project', Value: 'red' }],
    })).catch((e) => e);
    expect(conflict.name).toBe('InvalidParameterValue');
    expect(conflict.message).toBe("One of the specified transitive tag keys can't be set because it conflicts with a transitive tag key from the calling session.");
    // Another key is fine, and the inherited one comes along.
    const ok = await chained.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/second`, RoleSessionName: 'two', Tags: [{ Key: 'Team', Value: 'x' }] }));
    expect(ok.PackedPolicySize).toBeGreaterThan(0);
    const dup = await sts.send(new AssumeRoleCommand({
      RoleArn: `arn:aws:iam::${ACCOUNT}:role/first`, RoleSessionName: 'dup', Tags: [{ Key: 'a', Value: '1' }, { Key: 'A', Value: '2' }],
    })).catch((e) => e);
    expect(dup.name).toBe('InvalidParameterValue');
  });
});
