/** CloudTrail's event history shows S3's bucket-level calls (management events) and none of its object-level ones (data events). */
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import {
  CompleteMultipartUploadCommand, CreateBucketCommand, CreateMultipartUploadCommand, GetObjectCommand, PutBucketPolicyCommand, PutObjectCommand,
  PutObjectTaggingCommand, S3Client, UploadPartCommand,
} from '@aws-sdk/client-s3';
import { expect, it } from 'vitest';
import { createEmulator } from '../..';
import { cloudtrailProvider } from '../cloudtrail/provider';
import { s3Provider } from './provider';

it('LookupEvents shows CreateBucket and PutBucketPolicy, never object reads, writes, tagging or multipart parts', async () => {
  const em = createEmulator({ pace: 0, providers: [s3Provider, cloudtrailProvider] });
  await em.ready;
  const s3 = new S3Client({ ...(em.sdkConfig() as any), forcePathStyle: true });
  await s3.send(new CreateBucketCommand({ Bucket: 'trail' }));
  await s3.send(new PutBucketPolicyCommand({
    Bucket: 'trail',
    Policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:DeleteBucket', Resource: 'arn:aws:s3:::trail' }] }),
  }));
  await s3.send(new PutObjectCommand({ Bucket: 'trail', Key: 'k', Body: 'v' }));
  await s3.send(new GetObjectCommand({ Bucket: 'trail', Key: 'k' }));
  await s3.send(new PutObjectTaggingCommand({ Bucket: 'trail', Key: 'k', Tagging: { TagSet: [{ Key: 'a', Value: 'b' }] } }));
  const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'trail', Key: 'm' }));
  const part = await s3.send(new UploadPartCommand({ Bucket: 'trail', Key: 'm', UploadId, PartNumber: 1, Body: 'x' }));
  await s3.send(new CompleteMultipartUploadCommand({ Bucket: 'trail', Key: 'm', UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag }] } }));

  const trail = new CloudTrailClient(em.sdkConfig());
  const { Events } = await trail.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventSource', AttributeValue: 's3.amazonaws.com' }] }));
  expect(Events!.map((e) => e.EventName).sort()).toEqual(['CreateBucket', 'PutBucketPolicy']);
});
