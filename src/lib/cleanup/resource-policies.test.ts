/** The resource-based policies lesson's clean-up against the in-process emulator: what the lesson made goes, nothing else. */
import { CreatePolicyCommand, CreateRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { CreateBucketCommand, HeadBucketCommand, PutBucketPolicyCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { STSClient } from '@aws-sdk/client-sts';
import { describe, expect, it } from 'vitest';
import { createEmulator } from '../emulator';
import { s3Provider } from '../emulator/services/s3/provider';
import { runCheck } from '../checks';
import type { AwsClients } from '../checks/types';
import { cleanUpResourcePolicyLesson, readerBucket, RESOURCE_POLICY_LESSON_LEFTOVERS } from './resource-policies';

const doc = (...Statement: object[]) => JSON.stringify({ Version: '2012-10-17', Statement });

async function setup(rolePath = '/going_further/') {
  const em = createEmulator({ pace: 0, providers: [s3Provider] });
  await em.ready;
  const config = em.sdkConfig() as any;
  const iam = new IAMClient(config);
  const s3 = new S3Client({ ...config, forcePathStyle: true });
  const clients = { iam, s3, sts: new STSClient(config) } as unknown as AwsClients;
  const account = em.accountId;
  const boundary = (await iam.send(new CreatePolicyCommand({ PolicyName: 'reader-boundary', Path: '/going_further/', PolicyDocument: doc({ Effect: 'Allow', Action: 's3:ListBucket', Resource: '*' }) }))).Policy!.Arn!;
  await iam.send(new CreateRoleCommand({ RoleName: 'bucket-reader', Path: rolePath, PermissionsBoundary: boundary, AssumeRolePolicyDocument: doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'sts:AssumeRole' }) }));
  await iam.send(new PutRolePolicyCommand({ RoleName: 'bucket-reader', PolicyName: 'read-reports', PolicyDocument: doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }) }));
  const bucket = readerBucket(account);
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'report.txt', Body: 'quarterly numbers' }));
  await s3.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:role${rolePath}bucket-reader` }, Action: 's3:GetObject', Resource: `arn:aws:s3:::${bucket}/*` }) }));
  await s3.send(new CreateBucketCommand({ Bucket: 'someone-elses-bucket' }));
  return { clients, account, s3, bucket };
}

describe('clean-up of the resource-based policies lesson', () => {
  it('empties and deletes the bucket, then the role (inline policy first), then its boundary; verification passes; a rerun skips', async () => {
    const { clients, account, s3, bucket } = await setup();
    for (const check of RESOURCE_POLICY_LESSON_LEFTOVERS) expect((await runCheck(check, { auditor: clients, terminal: clients, patienceMs: 0 })).pass).toBe(false);
    const r = await cleanUpResourcePolicyLesson(clients, account);
    expect(r).toEqual({ status: 'done', detail: `Deleted bucket ${bucket}, role bucket-reader, policy arn:aws:iam::${account}:policy/going_further/reader-boundary.` });
    for (const check of RESOURCE_POLICY_LESSON_LEFTOVERS) expect((await runCheck(check, { auditor: clients, terminal: clients, patienceMs: 0 })).pass).toBe(true);
    await s3.send(new HeadBucketCommand({ Bucket: 'someone-elses-bucket' }));
    expect(await cleanUpResourcePolicyLesson(clients, account)).toMatchObject({ status: 'skipped' });
  });

  it('leaves a bucket-reader role it did not make alone, and says so', async () => {
    const { clients, account } = await setup('/');
    await expect(cleanUpResourcePolicyLesson(clients, account)).rejects.toThrow('A role named bucket-reader exists at /, not /going_further/');
  });
});
