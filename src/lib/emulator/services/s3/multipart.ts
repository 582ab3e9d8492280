/** Multipart upload, as far as `aws s3 cp` of a large file and the SDKs' upload helpers need it. */
import type { OperationContext, OperationHandler } from '../../core/types';
import { authorizeBucket, authorizeObject } from './access';
import { getBucket } from './buckets';
import { checksumMembers, etagOf, multipartEtag, verifyChecksums } from './checksums';
import { entityTooSmall, invalidArgument, invalidPart, invalidPartOrder, malformedXml, noSuchUpload } from './errors';
import { fromBase64, toBase64, type MultipartUpload, type S3State } from './model';
import { storeObject, toBytes } from './objects';

type Ctx = OperationContext<S3State>;

const MIN_PART = 5 * 1024 * 1024;

function upload(ctx: Ctx, bucket: string, key: string, id: string): MultipartUpload {
  const u = getBucket(ctx, bucket).uploads?.[id];
  if (!u || u.key !== key) throw noSuchUpload();
  return u;
}

function newUploadId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(48));
  return toBase64(bytes).replace(/\+/g, '.').replace(/\//g, '_').replace(/=+$/, '');
}

export const multipartOperations: Record<string, OperationHandler<S3State>> = {
  CreateMultipartUpload(input, ctx) {
    authorizeObject(ctx, 's3:PutObject', input.Bucket, input.Key);
    const bucket = getBucket(ctx, input.Bucket);
    const id = newUploadId();
    (bucket.uploads ??= {})[id] = {
      key: input.Key,
      initiated: ctx.now().toISOString(),
      ...(input.ContentType ? { contentType: input.ContentType } : {}),
      ...(input.Metadata ? { metadata: input.Metadata } : {}),
      parts: {},
    };
    return { Bucket: input.Bucket, Key: input.Key, UploadId: id, ServerSideEncryption: 'AES256' };
  },

  async UploadPart(input, ctx) {
    authorizeObject(ctx, 's3:PutObject', input.Bucket, input.Key);
    const u = upload(ctx, input.Bucket, input.Key, input.UploadId);
    const n = Number(input.PartNumber);
    if (!Number.isInteger(n) || n < 1 || n > 10000) throw invalidArgument('Part number must be an integer between 1 and 10000, inclusive');
    const bytes = toBytes(input.Body);
    const checksums = await verifyChecksums(input, bytes);
    const etag = await etagOf(bytes);
    u.parts[n] = { etag, size: bytes.length, body: toBase64(bytes), lastModified: ctx.now().toISOString() };
    return { ETag: etag, ServerSideEncryption: 'AES256', ...(input.ChecksumAlgorithm || Object.keys(input).some((k) => k.startsWith('Checksum')) ? checksumMembers(checksums) : {}) };
  },

  async CompleteMultipartUpload(input, ctx) {
    authorizeObject(ctx, 's3:PutObject', input.Bucket, input.Key);
    const u = upload(ctx, input.Bucket, input.Key, input.UploadId);
    const parts: { PartNumber: number; ETag: string }[] = input.MultipartUpload?.Parts ?? [];
    if (parts.length === 0) throw malformedXml();
    const chunks: Uint8Array[] = [];
    // The order is checked over the whole list before any part is looked at.
    parts.forEach((p, i) => {
      if (i > 0 && p.PartNumber <= parts[i - 1].PartNumber) throw invalidPartOrder();
    });
    for (const [i, p] of parts.entries()) {
      const stored = u.parts[p.PartNumber];
      const etag = p.ETag?.startsWith('"') ? p.ETag : `"${p.ETag}"`;
      if (!stored || stored.etag !== etag) throw invalidPart();
      if (i < parts.length - 1 && stored.size < MIN_PART) throw entityTooSmall();
      chunks.push(fromBase64(stored.body));
    }
    const size = chunks.reduce((n, c) => n + c.length, 0);
    const bytes = new Uint8Array(size);
    let offset = 0;
    for (const c of chunks) {
      bytes.set(c, offset);
      offset += c.length;
    }
    // S3's multipart ETag: a digest of the parts' digests, then "-<number of parts>".
    const etag = multipartEtag(parts.map((p) => u.parts[p.PartNumber].etag));
    await storeObject(ctx, input.Bucket, input.Key, bytes, {
      etag,
      partsCount: parts.length,
      ...(u.contentType ? { contentType: u.contentType } : {}),
      ...(u.metadata ? { metadata: u.metadata } : {}),
    });
    delete getBucket(ctx, input.Bucket).uploads![input.UploadId];
    return {
      Location: `https://${input.Bucket}.s3.amazonaws.com/${encodeURIComponent(input.Key).replace(/%2F/g, '/')}`,
      Bucket: input.Bucket,
      Key: input.Key,
      ETag: etag,
      ServerSideEncryption: 'AES256',
    };
  },

  AbortMultipartUpload(input, ctx) {
    authorizeObject(ctx, 's3:AbortMultipartUpload', input.Bucket, input.Key);
    upload(ctx, input.Bucket, input.Key, input.UploadId);
    delete getBucket(ctx, input.Bucket).uploads![input.UploadId];
  },

  ListParts(input, ctx) {
    authorizeObject(ctx, 's3:ListMultipartUploadParts', input.Bucket, input.Key);
    const u = upload(ctx, input.Bucket, input.Key, input.UploadId);
    const numbers = Object.keys(u.parts).map(Number).sort((a, b) => a - b);
    return {
      Bucket: input.Bucket,
      Key: input.Key,
      UploadId: input.UploadId,
      IsTruncated: false,
      MaxParts: input.MaxParts ?? 1000,
      Parts: numbers.map((n) => ({ PartNumber: n, ETag: u.parts[n].etag, Size: u.parts[n].size, LastModified: new Date(u.parts[n].lastModified) })),
      StorageClass: 'STANDARD',
    };
  },

  ListMultipartUploads(input, ctx) {
    authorizeBucket(ctx, 's3:ListBucketMultipartUploads', input.Bucket);
    const bucket = getBucket(ctx, input.Bucket);
    const uploads = Object.entries(bucket.uploads ?? {}).filter(([, u]) => u.key.startsWith(input.Prefix ?? ''));
    return {
      Bucket: input.Bucket,
      IsTruncated: false,
      MaxUploads: input.MaxUploads ?? 1000,
      ...(uploads.length
        ? { Uploads: uploads.map(([UploadId, u]) => ({ UploadId, Key: u.key, Initiated: new Date(u.initiated), StorageClass: 'STANDARD' })) }
        : {}),
    };
  },
};
