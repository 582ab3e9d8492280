/** Object operations: put, get (ranges, conditions, metadata), head, copy, delete, delete many, tagging. */
import { AwsError, type OperationContext, type OperationHandler } from '../../core/types';
import { authorizeObject, mayOnBucket } from './access';
import { getBucket } from './buckets';
import { setHttpStatus } from '../../protocol/types';
import { checksumMembers, etagOf, verifyChecksums } from './checksums';
import {
  headNotFound,
  invalidArgument,
  invalidRange,
  invalidTag,
  malformedXml,
  noSuchKey,
  notModified,
  preconditionFailed,
} from './errors';
import { fromBase64, toBase64, type S3Object, type S3State } from './model';

type Ctx = OperationContext<S3State>;
type Tag = { Key: string; Value: string };

export function toBytes(body: unknown): Uint8Array {
  if (body === undefined || body === null) return new Uint8Array();
  if (typeof body === 'string') return new TextEncoder().encode(body);
  if (body instanceof Uint8Array) return body;
  throw new Error('S3 provider: the gateway must pass object bodies as Uint8Array');
}

/** S3's tag rules (User Guide, object-tagging.html): at most 10, keys ≤ 128 and values ≤ 256 characters, unique keys. */
export function checkTags(tags: Tag[]): Tag[] {
  if (tags.length > 10) throw new AwsError('BadRequest', 'Object tags cannot be greater than 10', 400);
  const seen = new Set<string>();
  for (const t of tags) {
    if (typeof t.Key !== 'string' || t.Key.length === 0 || t.Key.length > 128) throw invalidTag('The TagKey you have provided is invalid');
    if ((t.Value ?? '').length > 256) throw invalidTag('The TagValue you have provided is invalid');
    if (seen.has(t.Key)) throw invalidTag('Cannot provide multiple Tags with the same key');
    seen.add(t.Key);
  }
  return tags.map((t) => ({ Key: t.Key, Value: t.Value ?? '' }));
}

/** `x-amz-tagging: a=1&b=2` (URL query encoding). */
const tagsFromHeader = (header: string): Tag[] => [...new URLSearchParams(header)].map(([Key, Value]) => ({ Key, Value }));

/** The object, or S3's answer for a missing key: NoSuchKey to a caller who may list the bucket, AccessDenied otherwise. */
function getObject(ctx: Ctx, bucketName: string, key: string, head = false): S3Object {
  const obj = getBucket(ctx, bucketName).objects[key];
  if (obj) return obj;
  if (!mayOnBucket(ctx, 's3:ListBucket', bucketName)) {
    // Throws S3's AccessDenied sentence for s3:ListBucket (GetObject API reference, "Permissions").
    ctx.authorize('s3:ListBucket', `arn:aws:s3:::${bucketName}`);
  }
  throw head ? headNotFound() : noSuchKey();
}

/** Conditional requests, in RFC 9110's order as S3 applies them (GetObject API reference, If-Match … If-Unmodified-Since). */
function checkConditions(input: Record<string, any>, obj: S3Object) {
  const modified = new Date(obj.lastModified).getTime();
  const etagMatches = (list: string) => list.split(',').some((e) => e.trim() === '*' || e.trim() === obj.etag || `"${e.trim()}"` === obj.etag);
  if (input.IfMatch !== undefined) {
    if (!etagMatches(input.IfMatch)) throw preconditionFailed();
  } else if (input.IfUnmodifiedSince instanceof Date && Math.floor(modified / 1000) > Math.floor(input.IfUnmodifiedSince.getTime() / 1000)) {
    throw preconditionFailed();
  }
  if (input.IfNoneMatch !== undefined) {
    if (etagMatches(input.IfNoneMatch)) throw notModified();
  } else if (input.IfModifiedSince instanceof Date && Math.floor(modified / 1000) <= Math.floor(input.IfModifiedSince.getTime() / 1000)) {
    throw notModified();
  }
}

/** `bytes=a-b`, `bytes=a-`, `bytes=-n`. A header S3 cannot read (or several ranges) is ignored: the whole object. */
function parseRange(header: string | undefined, size: number): [number, number] | undefined {
  const m = header ? /^bytes=(\d*)-(\d*)$/.exec(header.trim()) : null;
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  if (m[1] === '') {
    const n = Number(m[2]);
    if (n === 0) throw invalidRange();
    return [Math.max(0, size - n), size - 1];
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (m[2] !== '' && Number(m[2]) < start) return undefined;
  if (start >= size) throw invalidRange();
  return [start, end];
}

function describe(obj: S3Object, withChecksums: boolean) {
  return {
    AcceptRanges: 'bytes',
    LastModified: new Date(obj.lastModified),
    ContentLength: obj.size,
    ETag: obj.etag,
    ContentType: obj.contentType ?? 'binary/octet-stream',
    ...(obj.metadata && Object.keys(obj.metadata).length ? { Metadata: { ...obj.metadata } } : {}),
    ...(obj.tags?.length ? { TagCount: obj.tags.length } : {}),
    ...(obj.partsCount ? { PartsCount: obj.partsCount } : {}),
    ...(withChecksums ? checksumMembers(obj.checksums) : {}),
    ServerSideEncryption: 'AES256',
  };
}

function lowerKeys(m: Record<string, string> | undefined): Record<string, string> | undefined {
  if (!m) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(m)) out[k.toLowerCase()] = v;
  return out;
}

export async function storeObject(
  ctx: Ctx,
  bucketName: string,
  key: string,
  bytes: Uint8Array,
  extra: Partial<S3Object>,
): Promise<S3Object> {
  const obj: S3Object = {
    size: bytes.length,
    etag: extra.etag ?? (await etagOf(bytes)),
    lastModified: ctx.now().toISOString(),
    body: toBase64(bytes),
    ...extra,
  };
  getBucket(ctx, bucketName).objects[key] = obj;
  return obj;
}

export const objectOperations: Record<string, OperationHandler<S3State>> = {
  async PutObject(input, ctx) {
    authorizeObject(ctx, 's3:PutObject', input.Bucket, input.Key);
    if (input.Tagging !== undefined) authorizeObject(ctx, 's3:PutObjectTagging', input.Bucket, input.Key);
    const bucket = getBucket(ctx, input.Bucket);
    const bytes = toBytes(input.Body);
    const existing = bucket.objects[input.Key];
    if (input.IfNoneMatch === '*' && existing) throw preconditionFailed();
    if (input.IfMatch !== undefined && (!existing || existing.etag !== input.IfMatch)) throw existing ? preconditionFailed() : noSuchKey();
    const checksums = await verifyChecksums(input, bytes);
    const obj = await storeObject(ctx, input.Bucket, input.Key, bytes, {
      checksums,
      ...(input.ContentType ? { contentType: input.ContentType } : {}),
      ...(input.Metadata ? { metadata: lowerKeys(input.Metadata) } : {}),
      ...(input.Tagging ? { tags: checkTags(tagsFromHeader(input.Tagging)) } : {}),
    });
    return { ETag: obj.etag, ServerSideEncryption: 'AES256', ...checksumMembers(checksums) };
  },

  GetObject(input, ctx) {
    authorizeObject(ctx, 's3:GetObject', input.Bucket, input.Key);
    const obj = getObject(ctx, input.Bucket, input.Key);
    checkConditions(input, obj);
    const body = fromBase64(obj.body);
    const range = parseRange(input.Range, obj.size);
    const out: Record<string, any> = { ...describe(obj, !range && input.ChecksumMode === 'ENABLED'), Body: body };
    // A ranged read is 206 Partial Content with its Content-Range, as S3 answers it.
    if (range) {
      setHttpStatus(out, 206);
      out.Body = body.subarray(range[0], range[1] + 1);
      out.ContentLength = range[1] - range[0] + 1;
      out.ContentRange = `bytes ${range[0]}-${range[1]}/${obj.size}`;
    }
    for (const [param, member] of [
      ['ResponseContentType', 'ContentType'],
      ['ResponseContentDisposition', 'ContentDisposition'],
      ['ResponseCacheControl', 'CacheControl'],
      ['ResponseContentEncoding', 'ContentEncoding'],
      ['ResponseContentLanguage', 'ContentLanguage'],
    ]) {
      if (input[param] !== undefined) out[member] = input[param];
    }
    return out;
  },

  HeadObject(input, ctx) {
    authorizeObject(ctx, 's3:GetObject', input.Bucket, input.Key);
    const obj = getObject(ctx, input.Bucket, input.Key, true);
    try {
      checkConditions(input, obj);
    } catch (e) {
      // HEAD has no body: the SDK sees only the status.
      if (e instanceof AwsError && e.status === 412) throw new AwsError('PreconditionFailed', 'Precondition Failed', 412);
      throw e;
    }
    const out: Record<string, any> = describe(obj, input.ChecksumMode === 'ENABLED');
    const range = parseRange(input.Range, obj.size);
    if (range) {
      setHttpStatus(out, 206);
      out.ContentLength = range[1] - range[0] + 1;
      out.ContentRange = `bytes ${range[0]}-${range[1]}/${obj.size}`;
    }
    return out;
  },

  async CopyObject(input, ctx) {
    const source = String(input.CopySource ?? '').replace(/^\//, '').split('?')[0];
    const slash = source.indexOf('/');
    if (slash <= 0 || slash === source.length - 1) throw invalidArgument('Invalid copy source object key');
    const srcBucket = decodeURIComponent(source.slice(0, slash));
    const srcKey = decodeURIComponent(source.slice(slash + 1));
    authorizeObject(ctx, 's3:GetObject', srcBucket, srcKey);
    authorizeObject(ctx, 's3:PutObject', input.Bucket, input.Key);
    getBucket(ctx, input.Bucket);
    const src = getObject(ctx, srcBucket, srcKey);
    const replace = input.MetadataDirective === 'REPLACE';
    if (srcBucket === input.Bucket && srcKey === input.Key && !replace) {
      throw new AwsError(
        'InvalidRequest',
        "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.",
        400,
      );
    }
    if (input.CopySourceIfMatch !== undefined && input.CopySourceIfMatch !== src.etag) throw preconditionFailed();
    if (input.CopySourceIfNoneMatch !== undefined && input.CopySourceIfNoneMatch === src.etag) throw preconditionFailed();
    const tags = input.TaggingDirective === 'REPLACE' ? (input.Tagging ? checkTags(tagsFromHeader(input.Tagging)) : undefined) : src.tags;
    const obj = await storeObject(ctx, input.Bucket, input.Key, fromBase64(src.body), {
      etag: src.etag,
      checksums: src.checksums,
      ...(replace
        ? { contentType: input.ContentType, metadata: lowerKeys(input.Metadata) }
        : { contentType: src.contentType, metadata: src.metadata }),
      ...(tags ? { tags } : {}),
      ...(src.partsCount ? { partsCount: src.partsCount } : {}),
    });
    return { CopyObjectResult: { ETag: obj.etag, LastModified: new Date(obj.lastModified), ...checksumMembers(obj.checksums) }, ServerSideEncryption: 'AES256' };
  },

  DeleteObject(input, ctx) {
    authorizeObject(ctx, 's3:DeleteObject', input.Bucket, input.Key);
    delete getBucket(ctx, input.Bucket).objects[input.Key];
  },

  DeleteObjects(input, ctx) {
    const objects: { Key: string }[] = input.Delete?.Objects ?? [];
    if (objects.length === 0 || objects.length > 1000) throw malformedXml();
    const bucket = getBucket(ctx, input.Bucket);
    const Deleted: { Key: string }[] = [];
    const Errors: { Key: string; Code: string; Message: string }[] = [];
    // Each key is authorized on its own; a denied key is reported in Errors and the others are deleted.
    for (const { Key } of objects) {
      try {
        authorizeObject(ctx, 's3:DeleteObject', input.Bucket, Key);
      } catch (e) {
        if (!(e instanceof AwsError)) throw e;
        Errors.push({ Key, Code: 'AccessDenied', Message: 'Access Denied' });
        continue;
      }
      delete bucket.objects[Key];
      Deleted.push({ Key });
    }
    return { ...(input.Delete?.Quiet ? {} : { Deleted }), ...(Errors.length ? { Errors } : {}) };
  },

  PutObjectTagging(input, ctx) {
    authorizeObject(ctx, 's3:PutObjectTagging', input.Bucket, input.Key);
    const obj = getObject(ctx, input.Bucket, input.Key);
    obj.tags = checkTags(input.Tagging?.TagSet ?? []);
    return {};
  },

  GetObjectTagging(input, ctx) {
    authorizeObject(ctx, 's3:GetObjectTagging', input.Bucket, input.Key);
    const obj = getObject(ctx, input.Bucket, input.Key);
    return { TagSet: (obj.tags ?? []).map((t) => ({ ...t })) };
  },

  DeleteObjectTagging(input, ctx) {
    authorizeObject(ctx, 's3:DeleteObjectTagging', input.Bucket, input.Key);
    delete getObject(ctx, input.Bucket, input.Key).tags;
  },
};
