/**
 * Amazon S3 (`s3`, restXml): the bucket operations the lab uses. The gateway resolves path-style and
 * virtual-hosted requests to the `Bucket` member; this provider sees only plain inputs.
 */
import type { OperationContext, ServiceProvider } from '../../core/types';
import {
  bucketAlreadyOwnedByYou,
  bucketNotEmpty,
  headNotFound,
  illegalLocationConstraint,
  invalidBucketName,
  invalidLocationConstraint,
  noSuchBucket,
} from './errors';
import { bucketArn, canonicalId, initialS3State, isValidBucketName, type Bucket, type S3State } from './model';

type Ctx = OperationContext<S3State>;

function getBucket(ctx: Ctx, name: string): Bucket {
  const bucket = ctx.state.buckets[name];
  if (!bucket) throw noSuchBucket();
  return bucket;
}

function toBytes(body: unknown): Uint8Array {
  if (body === undefined || body === null) return new Uint8Array();
  if (typeof body === 'string') return new TextEncoder().encode(body);
  if (body instanceof Uint8Array) return body;
  throw new Error('S3 provider: the gateway must pass object bodies as Uint8Array');
}

function base64(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

export const s3Provider: ServiceProvider<S3State> = {
  name: 's3',
  initialState: initialS3State,
  operations: {
    CreateBucket(input, ctx) {
      const name: string = input.Bucket;
      ctx.authorize('s3:CreateBucket', bucketArn(name));
      if (!isValidBucketName(name ?? '')) throw invalidBucketName();
      const constraint: string | undefined = input.CreateBucketConfiguration?.LocationConstraint || undefined;
      if (ctx.region === 'us-east-1') {
        if (constraint === 'us-east-1') throw invalidLocationConstraint();
        if (constraint) throw illegalLocationConstraint(constraint);
      } else if (constraint !== ctx.region) {
        throw illegalLocationConstraint(constraint);
      }
      const existing = ctx.state.buckets[name];
      // us-east-1 keeps S3's legacy answer: re-creating a bucket you own there succeeds.
      if (existing && ctx.region !== 'us-east-1') throw bucketAlreadyOwnedByYou();
      if (!existing) {
        ctx.state.buckets[name] = {
          name,
          region: ctx.region,
          creationDate: ctx.now().toISOString(),
          objects: {},
        };
      }
      return { Location: ctx.region === 'us-east-1' ? `/${name}` : `http://${name}.s3.amazonaws.com/` };
    },

    HeadBucket(input, ctx) {
      ctx.authorize('s3:ListBucket', bucketArn(input.Bucket));
      const bucket = ctx.state.buckets[input.Bucket];
      if (!bucket) throw headNotFound();
      return { BucketRegion: bucket.region, AccessPointAlias: false };
    },

    ListBuckets(_input, ctx) {
      ctx.authorize('s3:ListAllMyBuckets', '*');
      const buckets = Object.values(ctx.state.buckets).sort((a, b) => (a.name < b.name ? -1 : 1));
      return {
        Buckets: buckets.map((b) => ({ Name: b.name, CreationDate: new Date(b.creationDate), BucketRegion: b.region })),
        Owner: { ID: canonicalId(ctx.accountId) },
      };
    },

    DeleteBucket(input, ctx) {
      ctx.authorize('s3:DeleteBucket', bucketArn(input.Bucket));
      const bucket = getBucket(ctx, input.Bucket);
      if (Object.keys(bucket.objects).length) throw bucketNotEmpty();
      delete ctx.state.buckets[input.Bucket];
    },

    // AWS difference: objects are kept only so a bucket can be non-empty; no versioning, ACLs or metadata.
    async PutObject(input, ctx) {
      ctx.authorize('s3:PutObject', `${bucketArn(input.Bucket)}/${input.Key}`);
      const bucket = getBucket(ctx, input.Bucket);
      const bytes = toBytes(input.Body);
      // AWS difference: the ETag is 32 hex digits of SHA-256 (Web Crypto has no MD5), not the body's MD5.
      const etag = `"${(await sha256Hex(bytes)).slice(0, 32)}"`;
      bucket.objects[input.Key] = {
        size: bytes.length,
        etag,
        lastModified: ctx.now().toISOString(),
        body: base64(bytes),
      };
      return { ETag: etag };
    },

    DeleteObject(input, ctx) {
      ctx.authorize('s3:DeleteObject', `${bucketArn(input.Bucket)}/${input.Key}`);
      delete getBucket(ctx, input.Bucket).objects[input.Key];
    },

    ListObjectsV2(input, ctx) {
      ctx.authorize('s3:ListBucket', bucketArn(input.Bucket));
      const bucket = getBucket(ctx, input.Bucket);
      const prefix: string = input.Prefix ?? '';
      const keys = Object.keys(bucket.objects)
        .filter((k) => k.startsWith(prefix))
        .sort();
      const max = input.MaxKeys ?? 1000;
      const contents = keys.slice(0, max).map((Key) => ({
        Key,
        LastModified: new Date(bucket.objects[Key].lastModified),
        ETag: bucket.objects[Key].etag,
        Size: bucket.objects[Key].size,
        StorageClass: 'STANDARD',
      }));
      return {
        IsTruncated: keys.length > max,
        Contents: contents,
        Name: bucket.name,
        Prefix: prefix,
        MaxKeys: max,
        KeyCount: contents.length,
      };
    },

    HeadObject(input, ctx) {
      ctx.authorize('s3:GetObject', `${bucketArn(input.Bucket)}/${input.Key}`);
      const obj = getBucket(ctx, input.Bucket).objects[input.Key];
      if (!obj) throw headNotFound();
      return { ContentLength: obj.size, ETag: obj.etag, LastModified: new Date(obj.lastModified) };
    },
  },
};

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as BufferSource);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}
