import { describe, expect, it } from 'vitest';
import { FakeAccount } from '../../lambda-runtime/fake-account';
import { s3Provider } from './provider';

describe('s3 provider', () => {
  it('creates, heads, lists and deletes buckets, authorizing each on the bucket ARN', async () => {
    const acct = new FakeAccount([s3Provider]);
    expect(await acct.call('s3', 'CreateBucket', { Bucket: 'my-bucket' })).toEqual({ Location: '/my-bucket' });
    expect(acct.authorizations[0]).toMatchObject({ action: 's3:CreateBucket', resource: 'arn:aws:s3:::my-bucket' });
    expect(await acct.call('s3', 'HeadBucket', { Bucket: 'my-bucket' })).toMatchObject({ BucketRegion: 'us-east-1' });
    const list = await acct.call('s3', 'ListBuckets');
    expect(list.Buckets.map((b: any) => b.Name)).toEqual(['my-bucket']);
    expect(list.Buckets[0].CreationDate).toBeInstanceOf(Date);
    expect(list.Owner.ID).toMatch(/^[0-9a-f]{64}$/);

    await acct.call('s3', 'PutObject', { Bucket: 'my-bucket', Key: 'k', Body: new TextEncoder().encode('hi') });
    await expect(acct.call('s3', 'DeleteBucket', { Bucket: 'my-bucket' })).rejects.toMatchObject({
      code: 'BucketNotEmpty',
      status: 409,
    });
    await acct.call('s3', 'DeleteObject', { Bucket: 'my-bucket', Key: 'k' });
    await acct.call('s3', 'DeleteBucket', { Bucket: 'my-bucket' });
    await expect(acct.call('s3', 'DeleteBucket', { Bucket: 'my-bucket' })).rejects.toMatchObject({
      code: 'NoSuchBucket',
      message: 'The specified bucket does not exist',
      status: 404,
    });
    await expect(acct.call('s3', 'HeadBucket', { Bucket: 'my-bucket' })).rejects.toMatchObject({ code: 'NotFound' });
  });

  it('checks names and location constraints as S3 does', async () => {
    const acct = new FakeAccount([s3Provider]);
    await expect(acct.call('s3', 'CreateBucket', { Bucket: 'Bad_Name' })).rejects.toMatchObject({
      code: 'InvalidBucketName',
    });
    await expect(
      acct.call('s3', 'CreateBucket', { Bucket: 'ok-name', CreateBucketConfiguration: { LocationConstraint: 'us-east-1' } }),
    ).rejects.toMatchObject({ code: 'InvalidLocationConstraint' });
    await expect(
      acct.call('s3', 'CreateBucket', { Bucket: 'ok-name', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } }),
    ).rejects.toMatchObject({ code: 'IllegalLocationConstraintException' });
    // us-east-1's legacy behaviour: creating a bucket you already own succeeds.
    await acct.call('s3', 'CreateBucket', { Bucket: 'ok-name' });
    await acct.call('s3', 'CreateBucket', { Bucket: 'ok-name' });
  });

  it('leaves no bucket behind when CreateBucket is denied', async () => {
    const acct = new FakeAccount([s3Provider]);
    acct.policy = (a) => a.action !== 's3:CreateBucket';
    await expect(acct.call('s3', 'CreateBucket', { Bucket: 'denied' })).rejects.toMatchObject({
      code: 'AccessDenied',
      status: 403,
    });
    expect(acct.states.s3.buckets).toEqual({});
  });
});
