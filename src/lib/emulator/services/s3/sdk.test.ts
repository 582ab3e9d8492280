/** S3 through the gateway with SDK v3: path-style and virtual-hosted requests reach the same buckets. */
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  HeadBucketCommand,
  ListBucketsCommand,
  PutObjectCommand,
  DeleteObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import { createEmulator, type Credentials, type Emulator } from '../../index';
import { s3Provider } from './provider';

let emu: Emulator;
// The SDK's config types do not accept the emulator's requestHandler type as declared; it is one at runtime.
const sdk = (credentials?: Credentials): any => emu.sdkConfig(credentials);
beforeAll(async () => {
  emu = createEmulator({ pace: 0, providers: [s3Provider] });
  await emu.ready;
});

describe('s3 through SDK v3', () => {
  for (const forcePathStyle of [true, false]) {
    it(`creates, heads, lists and deletes buckets (${forcePathStyle ? 'path-style' : 'virtual-hosted'})`, async () => {
      const s3 = new S3Client({ ...sdk(), forcePathStyle });
      const bucket = `lab-bucket-${forcePathStyle ? 'path' : 'vhost'}`;
      const created = await s3.send(new CreateBucketCommand({ Bucket: bucket }));
      expect(created.Location).toBe(`/${bucket}`);
      expect((await s3.send(new HeadBucketCommand({ Bucket: bucket }))).BucketRegion).toBe('us-east-1');
      const list = await s3.send(new ListBucketsCommand({}));
      expect(list.Buckets!.map((b) => b.Name)).toContain(bucket);
      expect(list.Buckets!.find((b) => b.Name === bucket)!.CreationDate).toBeInstanceOf(Date);
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'k', Body: 'hello' }));
      await expect(s3.send(new DeleteBucketCommand({ Bucket: bucket }))).rejects.toMatchObject({
        name: 'BucketNotEmpty',
        $metadata: { httpStatusCode: 409 },
      });
      await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'k' }));
      await s3.send(new DeleteBucketCommand({ Bucket: bucket }));
      await expect(s3.send(new DeleteBucketCommand({ Bucket: bucket }))).rejects.toMatchObject({
        name: 'NoSuchBucket',
        message: 'The specified bucket does not exist',
      });
      await expect(s3.send(new HeadBucketCommand({ Bucket: bucket }))).rejects.toMatchObject({ name: 'NotFound' });
    });
  }
});
