/** S3 object, listing, multipart, bucket policy and Block Public Access operations through the gateway with SDK v3. */
import {
  AbortMultipartUploadCommand, CompleteMultipartUploadCommand, CopyObjectCommand, CreateBucketCommand, CreateMultipartUploadCommand,
  DeleteBucketPolicyCommand, DeleteObjectsCommand, DeletePublicAccessBlockCommand, GetBucketPolicyCommand, GetObjectCommand,
  GetObjectTaggingCommand, GetPublicAccessBlockCommand, HeadObjectCommand, ListObjectsV2Command, PutBucketPolicyCommand,
  PutObjectCommand, PutObjectTaggingCommand, S3Client, UploadPartCommand,
} from '@aws-sdk/client-s3';
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { createEmulator, type Emulator } from '../..';
import { crc32 } from './checksums';
import { s3Provider } from './provider';

let em: Emulator;
let s3: S3Client;
const ACCOUNT = '123456789012';
beforeAll(async () => {
  em = createEmulator({ pace: 0, providers: [s3Provider] });
  await em.ready;
  s3 = new S3Client({ ...(em.sdkConfig() as any), forcePathStyle: true });
  await s3.send(new CreateBucketCommand({ Bucket: 'objects' }));
});
const text = async (r: { Body?: any }) => r.Body!.transformToString();
const fail = (p: Promise<unknown>) => p.then(() => { throw new Error('expected a failure'); }, (e) => e);

describe('objects', () => {
  it('round-trips body, content type and metadata; reads ranges and honours conditions', async () => {
    const put = await s3.send(new PutObjectCommand({ Bucket: 'objects', Key: 'a/b.txt', Body: '0123456789', ContentType: 'text/plain', Metadata: { Owner: 'ana' } }));
    // S3's ETag for a single-part upload is the body's MD5.
    expect(put.ETag).toBe(`"${createHash('md5').update('0123456789').digest('hex')}"`);
    const got = await s3.send(new GetObjectCommand({ Bucket: 'objects', Key: 'a/b.txt' }));
    expect(await text(got)).toBe('0123456789');
    expect(got).toMatchObject({ ContentType: 'text/plain', ContentLength: 10, ETag: put.ETag, Metadata: { owner: 'ana' }, AcceptRanges: 'bytes' });
    for (const [range, body, contentRange] of [['bytes=2-4', '234', 'bytes 2-4/10'], ['bytes=7-', '789', 'bytes 7-9/10'], ['bytes=-2', '89', 'bytes 8-9/10'], ['bytes=5-100', '56789', 'bytes 5-9/10']]) {
      const r = await s3.send(new GetObjectCommand({ Bucket: 'objects', Key: 'a/b.txt', Range: range }));
      expect([await text(r), r.ContentRange, r.ContentLength, r.$metadata.httpStatusCode]).toEqual([body, contentRange, body.length, 206]);
    }
    expect((await s3.send(new HeadObjectCommand({ Bucket: 'objects', Key: 'a/b.txt', Range: 'bytes=0-1' }))).$metadata.httpStatusCode).toBe(206);
    expect(got.$metadata.httpStatusCode).toBe(200);
    expect(await fail(s3.send(new GetObjectCommand({ Bucket: 'objects', Key: 'a/b.txt', Range: 'bytes=10-' })))).toMatchObject({ name: 'InvalidRange', $metadata: { httpStatusCode: 416 } });
    expect(await fail(s3.send(new GetObjectCommand({ Bucket: 'objects', Key: 'a/b.txt', IfMatch: '"nope"' })))).toMatchObject({ name: 'PreconditionFailed', $metadata: { httpStatusCode: 412 } });
    expect((await fail(s3.send(new GetObjectCommand({ Bucket: 'objects', Key: 'a/b.txt', IfNoneMatch: put.ETag })))).$metadata.httpStatusCode).toBe(304);
    expect(await text(await s3.send(new GetObjectCommand({ Bucket: 'objects', Key: 'a/b.txt', IfMatch: put.ETag })))).toBe('0123456789');
    const later = new Date(Date.now() + 60_000);
    expect((await fail(s3.send(new GetObjectCommand({ Bucket: 'objects', Key: 'a/b.txt', IfModifiedSince: later })))).$metadata.httpStatusCode).toBe(304);
    expect(await fail(s3.send(new GetObjectCommand({ Bucket: 'objects', Key: 'a/b.txt', IfUnmodifiedSince: new Date(0) })))).toMatchObject({ name: 'PreconditionFailed' });
    expect(await s3.send(new HeadObjectCommand({ Bucket: 'objects', Key: 'a/b.txt' }))).toMatchObject({ ContentLength: 10, ContentType: 'text/plain' });
    expect(await fail(s3.send(new GetObjectCommand({ Bucket: 'objects', Key: 'missing' })))).toMatchObject({ name: 'NoSuchKey', message: 'The specified key does not exist.' });
    expect(await fail(s3.send(new HeadObjectCommand({ Bucket: 'objects', Key: 'missing' })))).toMatchObject({ name: 'NotFound' });
  });

  it('checks the checksum the SDK sends and answers it back', async () => {
    const body = new TextEncoder().encode('checksummed');
    const put = await s3.send(new PutObjectCommand({ Bucket: 'objects', Key: 'sum', Body: body, ChecksumAlgorithm: 'SHA256' }));
    expect(put.ChecksumSHA256).toBe(Buffer.from(await crypto.subtle.digest('SHA-256', body)).toString('base64'));
    const crc = Buffer.from(new Uint8Array(new Uint32Array([crc32(body)]).buffer).reverse()).toString('base64');
    const head = await s3.send(new HeadObjectCommand({ Bucket: 'objects', Key: 'sum', ChecksumMode: 'ENABLED' }));
    expect(head.ChecksumSHA256).toBe(put.ChecksumSHA256);
    const wrong = await fail(s3.send(new PutObjectCommand({ Bucket: 'objects', Key: 'bad', Body: body, ChecksumCRC32: crc === 'AAAAAA==' ? 'AQAAAA==' : 'AAAAAA==' })));
    expect(wrong).toMatchObject({ name: 'BadDigest', message: 'The CRC32 you specified did not match the calculated checksum.' });
    await expect(s3.send(new HeadObjectCommand({ Bucket: 'objects', Key: 'bad' }))).rejects.toMatchObject({ name: 'NotFound' });
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926); // the CRC-32 check value
  });

  it('checks Content-MD5 as S3 does: malformed is InvalidDigest, another body is BadDigest', async () => {
    const md5 = (t: string) => createHash('md5').update(t).digest('base64');
    await s3.send(new PutObjectCommand({ Bucket: 'objects', Key: 'md5', Body: 'hello', ContentMD5: md5('hello') }));
    expect(await fail(s3.send(new PutObjectCommand({ Bucket: 'objects', Key: 'md5-bad', Body: 'hello', ContentMD5: md5('other') })))).toMatchObject({
      name: 'BadDigest',
      message: 'The Content-MD5 you specified did not match what we received.',
      $metadata: { httpStatusCode: 400 },
    });
    expect(await fail(s3.send(new PutObjectCommand({ Bucket: 'objects', Key: 'md5-bad', Body: 'hello', ContentMD5: 'not-base64' })))).toMatchObject({
      name: 'InvalidDigest',
      message: 'The Content-MD5 you specified was invalid.',
    });
    await expect(s3.send(new HeadObjectCommand({ Bucket: 'objects', Key: 'md5-bad' }))).rejects.toMatchObject({ name: 'NotFound' });
  });

  it('copies with or without new metadata, and refuses a copy onto itself that changes nothing', async () => {
    await s3.send(new PutObjectCommand({ Bucket: 'objects', Key: 'src', Body: 'copy me', Metadata: { a: '1' }, Tagging: 'k=v' }));
    const c = await s3.send(new CopyObjectCommand({ Bucket: 'objects', Key: 'dst', CopySource: 'objects/src' }));
    expect(c.CopyObjectResult?.ETag).toMatch(/^"/);
    const dst = await s3.send(new GetObjectCommand({ Bucket: 'objects', Key: 'dst' }));
    expect([await text(dst), dst.Metadata, dst.TagCount]).toEqual(['copy me', { a: '1' }, 1]);
    await s3.send(new CopyObjectCommand({ Bucket: 'objects', Key: 'dst', CopySource: '/objects/src', MetadataDirective: 'REPLACE', Metadata: { b: '2' } }));
    expect((await s3.send(new HeadObjectCommand({ Bucket: 'objects', Key: 'dst' }))).Metadata).toEqual({ b: '2' });
    expect(await fail(s3.send(new CopyObjectCommand({ Bucket: 'objects', Key: 'src', CopySource: 'objects/src' })))).toMatchObject({ name: 'InvalidRequest' });
    expect(await fail(s3.send(new CopyObjectCommand({ Bucket: 'objects', Key: 'x', CopySource: 'objects/none' })))).toMatchObject({ name: 'NoSuchKey' });
  });

  it('tags objects within S3’s limits', async () => {
    await s3.send(new PutObjectCommand({ Bucket: 'objects', Key: 'tagged', Body: 't' }));
    await s3.send(new PutObjectTaggingCommand({ Bucket: 'objects', Key: 'tagged', Tagging: { TagSet: [{ Key: 'env', Value: 'dev' }] } }));
    expect((await s3.send(new GetObjectTaggingCommand({ Bucket: 'objects', Key: 'tagged' }))).TagSet).toEqual([{ Key: 'env', Value: 'dev' }]);
    const eleven = Array.from({ length: 11 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
    expect(await fail(s3.send(new PutObjectTaggingCommand({ Bucket: 'objects', Key: 'tagged', Tagging: { TagSet: eleven } })))).toMatchObject({ name: 'BadRequest' });
    const dup = [{ Key: 'a', Value: '1' }, { Key: 'a', Value: '2' }];
    expect(await fail(s3.send(new PutObjectTaggingCommand({ Bucket: 'objects', Key: 'tagged', Tagging: { TagSet: dup } })))).toMatchObject({ name: 'InvalidTag' });
    expect((await s3.send(new GetObjectTaggingCommand({ Bucket: 'objects', Key: 'tagged' }))).TagSet).toEqual([{ Key: 'env', Value: 'dev' }]);
  });
});

describe('listing', () => {
  it('lists with prefixes, delimiters and continuation tokens, and deletes many at once', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'listing' }));
    const keys = ['a.txt', 'docs/1.txt', 'docs/2.txt', 'docs/deep/3.txt', 'logs/x.log', 'z.txt'];
    for (const Key of keys) await s3.send(new PutObjectCommand({ Bucket: 'listing', Key, Body: Key }));
    const top = await s3.send(new ListObjectsV2Command({ Bucket: 'listing', Delimiter: '/' }));
    expect(top.Contents!.map((c) => c.Key)).toEqual(['a.txt', 'z.txt']);
    expect(top.CommonPrefixes!.map((p) => p.Prefix)).toEqual(['docs/', 'logs/']);
    expect(top.KeyCount).toBe(4);
    const docs = await s3.send(new ListObjectsV2Command({ Bucket: 'listing', Prefix: 'docs/', Delimiter: '/' }));
    expect([docs.Contents!.map((c) => c.Key), docs.CommonPrefixes!.map((p) => p.Prefix)]).toEqual([['docs/1.txt', 'docs/2.txt'], ['docs/deep/']]);
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await s3.send(new ListObjectsV2Command({ Bucket: 'listing', MaxKeys: 4, ContinuationToken: token }));
      seen.push(...page.Contents!.map((c) => c.Key!));
      token = page.NextContinuationToken;
      expect(page.IsTruncated).toBe(token !== undefined);
      pages++;
    } while (token);
    expect([seen, pages]).toEqual([keys, 2]);
    expect((await s3.send(new ListObjectsV2Command({ Bucket: 'listing', StartAfter: 'logs/x.log' }))).Contents!.map((c) => c.Key)).toEqual(['z.txt']);
    expect(await fail(s3.send(new ListObjectsV2Command({ Bucket: 'listing', ContinuationToken: 'garbage' })))).toMatchObject({ name: 'InvalidArgument' });

    const del = await s3.send(new DeleteObjectsCommand({ Bucket: 'listing', Delete: { Objects: [{ Key: 'a.txt' }, { Key: 'never-there' }] } }));
    expect(del.Deleted!.map((d) => d.Key)).toEqual(['a.txt', 'never-there']);
    expect((await s3.send(new ListObjectsV2Command({ Bucket: 'listing' }))).KeyCount).toBe(5);
  });
});

describe('multipart upload', () => {
  it('assembles parts in order, checks their size and ETags, and can be aborted', async () => {
    const big = new Uint8Array(5 * 1024 * 1024).fill(97);
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'objects', Key: 'big', ContentType: 'text/plain' }));
    const p1 = await s3.send(new UploadPartCommand({ Bucket: 'objects', Key: 'big', UploadId, PartNumber: 1, Body: big }));
    const p2 = await s3.send(new UploadPartCommand({ Bucket: 'objects', Key: 'big', UploadId, PartNumber: 2, Body: 'tail' }));
    expect(await fail(s3.send(new CompleteMultipartUploadCommand({ Bucket: 'objects', Key: 'big', UploadId, MultipartUpload: { Parts: [{ PartNumber: 2, ETag: p2.ETag }, { PartNumber: 1, ETag: p1.ETag }] } })))).toMatchObject({ name: 'InvalidPartOrder' });
    expect(await fail(s3.send(new CompleteMultipartUploadCommand({ Bucket: 'objects', Key: 'big', UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: '"bad"' }] } })))).toMatchObject({ name: 'InvalidPart' });
    const done = await s3.send(new CompleteMultipartUploadCommand({ Bucket: 'objects', Key: 'big', UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: p1.ETag }, { PartNumber: 2, ETag: p2.ETag }] } }));
    // The MD5 of the parts' MD5 digests, then the number of parts: what S3 answers.
    const partMd5 = (b: Uint8Array | string) => createHash('md5').update(b).digest();
    expect(done.ETag).toBe(`"${createHash('md5').update(Buffer.concat([partMd5(big), partMd5('tail')])).digest('hex')}-2"`);
    const head = await s3.send(new HeadObjectCommand({ Bucket: 'objects', Key: 'big' }));
    expect([head.ContentLength, head.ContentType, head.ETag]).toEqual([big.length + 4, 'text/plain', done.ETag]);
    expect(await text(await s3.send(new GetObjectCommand({ Bucket: 'objects', Key: 'big', Range: 'bytes=-4' })))).toBe('tail');

    const small = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'objects', Key: 'small' }));
    const s1 = await s3.send(new UploadPartCommand({ Bucket: 'objects', Key: 'small', UploadId: small.UploadId, PartNumber: 1, Body: 'x' }));
    const s2 = await s3.send(new UploadPartCommand({ Bucket: 'objects', Key: 'small', UploadId: small.UploadId, PartNumber: 2, Body: 'y' }));
    expect(await fail(s3.send(new CompleteMultipartUploadCommand({ Bucket: 'objects', Key: 'small', UploadId: small.UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: s1.ETag }, { PartNumber: 2, ETag: s2.ETag }] } })))).toMatchObject({ name: 'EntityTooSmall' });
    await s3.send(new AbortMultipartUploadCommand({ Bucket: 'objects', Key: 'small', UploadId: small.UploadId }));
    expect(await fail(s3.send(new UploadPartCommand({ Bucket: 'objects', Key: 'small', UploadId: small.UploadId, PartNumber: 3, Body: 'z' })))).toMatchObject({ name: 'NoSuchUpload' });
  });
});

describe('bucket policies and Block Public Access', () => {
  const doc = (...Statement: object[]) => JSON.stringify({ Version: '2012-10-17', Statement });
  const put = (Policy: string) => s3.send(new PutBucketPolicyCommand({ Bucket: 'objects', Policy }));
  const grant = (Principal: unknown, extra: object = {}) => doc({ Effect: 'Allow', Principal, Action: 's3:GetObject', Resource: 'arn:aws:s3:::objects/*', ...extra });

  it('stores, returns and deletes a policy', async () => {
    expect(await fail(s3.send(new GetBucketPolicyCommand({ Bucket: 'objects' })))).toMatchObject({ name: 'NoSuchBucketPolicy', message: 'The bucket policy does not exist' });
    const p = grant({ AWS: `arn:aws:sts::${ACCOUNT}:assumed-role/reader/s1` });
    await put(p);
    expect((await s3.send(new GetBucketPolicyCommand({ Bucket: 'objects' }))).Policy).toBe(p);
    await s3.send(new DeleteBucketPolicyCommand({ Bucket: 'objects' }));
    expect(await fail(s3.send(new GetBucketPolicyCommand({ Bucket: 'objects' })))).toMatchObject({ name: 'NoSuchBucketPolicy' });
  });

  it('refuses malformed policies with S3’s messages and keeps the old one', async () => {
    await new IAMClient(em.sdkConfig()).send(new CreateRoleCommand({ RoleName: 'exists', AssumeRolePolicyDocument: doc({ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }) }));
    const kept = grant({ AWS: `arn:aws:iam::${ACCOUNT}:role/exists` });
    await put(kept);
    const cases: [string, string][] = [
      ['not json', "Policies must be valid JSON and the first byte must be '{'"],
      ['{"Statement": [', 'This policy contains invalid Json'],
      [doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::objects/*' }), 'Missing required field Principal'],
      [grant({ AWS: `arn:aws:iam::${ACCOUNT}:role/ghost` }), 'Invalid principal in policy'],
      [grant({ AWS: `arn:aws:iam::${ACCOUNT}:user/ghost` }), 'Invalid principal in policy'],
      [grant('*', { Resource: 'arn:aws:s3:::other-bucket/*' }), 'Policy has invalid resource'],
      [grant('*', { Action: 'iam:CreateRole' }), 'Policy has invalid action'],
      [grant('*', { Action: 's3:ListBucket' }), 'Action does not apply to any resource(s) in statement'],
    ];
    for (const [policy, message] of cases) {
      expect(await fail(put(policy)), policy).toMatchObject({ name: 'MalformedPolicy', message, $metadata: { httpStatusCode: 400 } });
    }
    expect((await s3.send(new GetBucketPolicyCommand({ Bucket: 'objects' }))).Policy).toBe(kept);
    // A user that exists (the sandbox's admin) is a valid principal.
    await put(grant({ AWS: `arn:aws:iam::${ACCOUNT}:user/admin` }));
  });

  it('blocks a public policy while BlockPublicPolicy is on (the default), and allows it once it is off', async () => {
    expect((await s3.send(new GetPublicAccessBlockCommand({ Bucket: 'objects' }))).PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true,
    });
    const denied = await fail(put(grant('*')));
    expect(denied).toMatchObject({ name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
    expect(denied.message).toBe(`User: arn:aws:iam::${ACCOUNT}:user/admin is not authorized to perform: s3:PutBucketPolicy on resource: "arn:aws:s3:::objects" because public policies are blocked by the BlockPublicPolicy block public access setting.`);
    // A condition that pins the caller's account makes it non-public.
    await put(grant('*', { Condition: { StringEquals: { 'aws:PrincipalAccount': ACCOUNT } } }));
    await s3.send(new DeletePublicAccessBlockCommand({ Bucket: 'objects' }));
    expect(await fail(s3.send(new GetPublicAccessBlockCommand({ Bucket: 'objects' })))).toMatchObject({ name: 'NoSuchPublicAccessBlockConfiguration' });
    await put(grant('*'));
    // Anyone signed in may now read it.
    const anyone = new S3Client({ ...(em.sdkConfig() as any), forcePathStyle: true });
    expect(await text(await anyone.send(new GetObjectCommand({ Bucket: 'objects', Key: 'src' })))).toBe('copy me');
    await s3.send(new DeleteBucketPolicyCommand({ Bucket: 'objects' }));
  });
});

