/**
 * A bucket policy combined with the caller's identity policies, permissions boundary and session policy, through the
 * gateway with SDK v3: the cases of access_policies_boundaries.html ("Resource-based policies") and
 * access_policies.html#policies_session, and the AccessDenied sentence that names the policy type.
 */
import {
  CreateAccessKeyCommand, CreatePolicyCommand, CreateRoleCommand, CreateUserCommand, IAMClient, PutRolePolicyCommand,
  PutUserPermissionsBoundaryCommand, PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { CreateBucketCommand, DeleteObjectsCommand, GetObjectCommand, PutBucketPolicyCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { beforeAll, describe, expect, it } from 'vitest';
import { createEmulator, type Credentials, type Emulator } from '../..';
import { s3Provider } from './provider';

const ACCOUNT = '123456789012';
const BUCKET = 'reports-bucket';
const OBJECT = `arn:aws:s3:::${BUCKET}/report.txt`;
const ROLE = `arn:aws:iam::${ACCOUNT}:role/app/reader`;
const SESSION = `arn:aws:sts::${ACCOUNT}:assumed-role/reader/s1`;
const USER = `arn:aws:iam::${ACCOUNT}:user/alice`;
const doc = (...Statement: object[]) => JSON.stringify({ Version: '2012-10-17', Statement });
const allow = (Action: string | string[], Resource = '*') => ({ Effect: 'Allow', Action, Resource });
const grant = (AWS: string, Effect = 'Allow') => doc({ Effect, Principal: { AWS }, Action: 's3:GetObject', Resource: `arn:aws:s3:::${BUCKET}/*` });

let em: Emulator;
let iam: IAMClient;
let admin: S3Client;
let boundaryArn: string;
const s3As = (c: Credentials) => new S3Client({ ...em.sdkConfig(c), forcePathStyle: true });
const creds = (c: any): Credentials => ({ accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken });

beforeAll(async () => {
  em = createEmulator({ pace: 0, providers: [s3Provider] });
  await em.ready;
  iam = new IAMClient(em.sdkConfig());
  admin = s3As(em.sdkConfig().credentials as Credentials);
  await admin.send(new CreateBucketCommand({ Bucket: BUCKET }));
  await admin.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'report.txt', Body: 'quarterly numbers' }));
  // The boundary allows listing only: s3:GetObject is outside it.
  boundaryArn = (await iam.send(new CreatePolicyCommand({ PolicyName: 'list-only', Path: '/permissions_boundaries/', PolicyDocument: doc(allow('s3:ListBucket')) }))).Policy!.Arn!;
  await iam.send(
    new CreateRoleCommand({
      RoleName: 'reader',
      Path: '/app/',
      PermissionsBoundary: boundaryArn,
      AssumeRolePolicyDocument: doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' }),
    }),
  );
  await iam.send(new CreateUserCommand({ UserName: 'alice', PermissionsBoundary: boundaryArn }));
});

async function session(policy?: string): Promise<S3Client> {
  const r = await new STSClient(em.sdkConfig()).send(new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: 's1', ...(policy ? { Policy: policy } : {}) }));
  return s3As(creds(r.Credentials));
}

let aliceKey: Credentials | undefined;
async function alice(): Promise<S3Client> {
  aliceKey ??= creds((await iam.send(new CreateAccessKeyCommand({ UserName: 'alice' }))).AccessKey!);
  return s3As(aliceKey);
}

const read = (s3: S3Client) =>
  s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'report.txt' })).then(
    async (r) => ({ ok: true as const, body: await r.Body!.transformToString() }),
    (e) => ({ ok: false as const, code: e.name as string, message: e.message as string }),
  );
const policy = (text: string) => admin.send(new PutBucketPolicyCommand({ Bucket: BUCKET, Policy: text }));

describe('a bucket policy in the same account', () => {
  it('without a bucket policy statement for it, the boundary stops an identity policy that allows', async () => {
    await iam.send(new PutRolePolicyCommand({ RoleName: 'reader', PolicyName: 'read', PolicyDocument: doc(allow('s3:GetObject')) }));
    await policy(grant(USER)); // names someone else
    expect(await read(await session())).toEqual({
      ok: false,
      code: 'AccessDenied',
      message: `User: ${SESSION} is not authorized to perform: s3:GetObject on resource: "${OBJECT}" because no permissions boundary allows the s3:GetObject action`,
    });
  });

  it('naming the role session is not limited by the boundary', async () => {
    await policy(grant(SESSION));
    expect(await read(await session())).toEqual({ ok: true, body: 'quarterly numbers' });
  });

  it('naming the role is limited by the boundary', async () => {
    await policy(grant(ROLE));
    const r = await read(await session());
    expect(r).toMatchObject({ ok: false, code: 'AccessDenied' });
    expect(r.ok || r.message).toBe(`User: ${SESSION} is not authorized to perform: s3:GetObject on resource: "${OBJECT}" because no permissions boundary allows the s3:GetObject action`);
  });

  it('naming the user is not limited by the user’s boundary, even with no identity policy', async () => {
    await policy(grant(USER));
    expect(await read(await alice())).toEqual({ ok: true, body: 'quarterly numbers' });
  });

  it('naming the account delegates to the identity policies, so the boundary applies', async () => {
    await iam.send(new PutUserPolicyCommand({ UserName: 'alice', PolicyName: 'read', PolicyDocument: doc(allow('s3:GetObject')) }));
    await policy(grant(`arn:aws:iam::${ACCOUNT}:root`));
    expect(await read(await alice())).toMatchObject({ ok: false, message: expect.stringContaining('because no permissions boundary allows the s3:GetObject action') });
  });

  it('an explicit deny in the bucket policy wins over every allow, and is named', async () => {
    await iam.send(new PutUserPermissionsBoundaryCommand({ UserName: 'alice', PermissionsBoundary: 'arn:aws:iam::aws:policy/AdministratorAccess' }));
    await policy(doc({ Effect: 'Allow', Principal: { AWS: USER }, Action: 's3:GetObject', Resource: `arn:aws:s3:::${BUCKET}/*` }, { Effect: 'Deny', Principal: '*', Action: 's3:GetObject', Resource: OBJECT }));
    expect(await read(await alice())).toEqual({
      ok: false,
      code: 'AccessDenied',
      message: `User: ${USER} is not authorized to perform: s3:GetObject on resource: "${OBJECT}" with an explicit deny in a resource-based policy`,
    });
  });

  it('a session policy limits a grant to the role, but not a grant to the session', async () => {
    const sessionPolicy = doc(allow('s3:ListBucket'));
    await policy(grant(ROLE));
    // The boundary still forbids: the session policy is not what decides here.
    expect(await read(await session(sessionPolicy))).toMatchObject({ ok: false });
    await policy(grant(SESSION));
    expect(await read(await session(sessionPolicy))).toEqual({ ok: true, body: 'quarterly numbers' });
  });

  it('without the boundary in the way, a session policy alone stops a grant to the role and is named', async () => {
    await iam.send(
      new CreateRoleCommand({
        RoleName: 'free',
        AssumeRolePolicyDocument: doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' }),
      }),
    );
    await policy(grant(`arn:aws:iam::${ACCOUNT}:role/free`));
    const r = await new STSClient(em.sdkConfig()).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/free`, RoleSessionName: 's2' }));
    expect(await read(s3As(creds(r.Credentials)))).toEqual({ ok: true, body: 'quarterly numbers' });
    const limited = await new STSClient(em.sdkConfig()).send(
      new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/free`, RoleSessionName: 's3', Policy: doc(allow('s3:ListBucket')) }),
    );
    expect(await read(s3As(creds(limited.Credentials)))).toMatchObject({
      ok: false,
      message: `User: arn:aws:sts::${ACCOUNT}:assumed-role/free/s3 is not authorized to perform: s3:GetObject on resource: "${OBJECT}" because no session policy allows the s3:GetObject action`,
    });
  });
});

describe('what a caller may learn and delete', () => {
  it('a missing key is NoSuchKey only to a caller who may list the bucket; otherwise AccessDenied for s3:ListBucket', async () => {
    await policy(grant(SESSION));
    const s3 = await session();
    const missing = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'nope.txt' })).catch((e) => e);
    // s3:GetObject is granted (to the session, past the boundary); without s3:ListBucket S3 hides that the key is absent.
    expect([missing.name, missing.message]).toEqual([
      'AccessDenied',
      `User: ${SESSION} is not authorized to perform: s3:ListBucket on resource: "arn:aws:s3:::${BUCKET}" because no identity-based policy allows the s3:ListBucket action`,
    ]);
    await iam.send(new PutRolePolicyCommand({ RoleName: 'reader', PolicyName: 'list', PolicyDocument: doc(allow('s3:ListBucket')) }));
    const listed = await (await session()).send(new GetObjectCommand({ Bucket: BUCKET, Key: 'nope.txt' })).catch((e) => e);
    expect([listed.name, listed.message]).toEqual(['NoSuchKey', 'The specified key does not exist.']);
  });

  it('DeleteObjects authorizes each key: a denied key is reported in Errors, the others are deleted', async () => {
    await admin.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'keep/a.txt', Body: 'a' }));
    await admin.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'tmp/b.txt', Body: 'b' }));
    await iam.send(new PutUserPermissionsBoundaryCommand({ UserName: 'alice', PermissionsBoundary: 'arn:aws:iam::aws:policy/AdministratorAccess' }));
    await policy(doc({ Effect: 'Allow', Principal: { AWS: USER }, Action: 's3:DeleteObject', Resource: `arn:aws:s3:::${BUCKET}/tmp/*` }));
    await iam.send(new PutUserPolicyCommand({ UserName: 'alice', PolicyName: 'read', PolicyDocument: doc(allow('s3:GetObject')) }));
    const out = await (await alice()).send(new DeleteObjectsCommand({ Bucket: BUCKET, Delete: { Objects: [{ Key: 'keep/a.txt' }, { Key: 'tmp/b.txt' }] } }));
    expect(out.Deleted?.map((d) => d.Key)).toEqual(['tmp/b.txt']);
    expect(out.Errors).toEqual([{ Key: 'keep/a.txt', Code: 'AccessDenied', Message: 'Access Denied' }]);
    expect(await read(await alice())).toMatchObject({ ok: true });
  });
});
