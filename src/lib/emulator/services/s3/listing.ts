/** ListObjectsV2 and ListObjects: prefixes, delimiters (CommonPrefixes), pagination, URL encoding of keys. */
import type { OperationContext, OperationHandler } from '../../core/types';
import { authorizeBucket } from './access';
import { getBucket } from './buckets';
import { invalidArgument } from './errors';
import type { S3State } from './model';

type Ctx = OperationContext<S3State>;

interface Page {
  contents: string[];
  prefixes: string[];
  truncated: boolean;
  /** The last key or common prefix returned: where the next page starts after. */
  last?: string;
}

/** S3 lists keys in UTF-8 binary order; a common prefix counts as one entry towards MaxKeys. */
function listKeys(keys: string[], prefix: string, delimiter: string | undefined, after: string, max: number): Page {
  const page: Page = { contents: [], prefixes: [], truncated: false };
  for (const key of keys) {
    if (!key.startsWith(prefix) || key <= after) continue;
    let entry = key;
    let isPrefix = false;
    if (delimiter) {
      const i = key.indexOf(delimiter, prefix.length);
      if (i >= 0) {
        entry = key.slice(0, i + delimiter.length);
        isPrefix = true;
        if (entry <= after || page.prefixes.at(-1) === entry) continue;
      }
    }
    if (page.contents.length + page.prefixes.length >= max) {
      page.truncated = true;
      break;
    }
    (isPrefix ? page.prefixes : page.contents).push(entry);
    page.last = entry;
  }
  return page;
}

function sortedKeys(ctx: Ctx, bucket: string): string[] {
  const enc = new TextEncoder();
  return Object.keys(getBucket(ctx, bucket).objects).sort((a, b) => {
    const x = enc.encode(a);
    const y = enc.encode(b);
    for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] - y[i];
    return x.length - y.length;
  });
}

function maxKeys(input: Record<string, any>): number {
  const max = input.MaxKeys ?? 1000;
  if (max < 0) throw invalidArgument('Argument maxKeys must be an integer between 0 and 2147483647');
  return Math.min(max, 1000);
}

function listContext(input: Record<string, any>) {
  return { 's3:prefix': input.Prefix ?? '', 's3:delimiter': input.Delimiter, 's3:max-keys': input.MaxKeys !== undefined ? String(input.MaxKeys) : undefined };
}

const encodeToken = (key: string) => btoa(String.fromCharCode(...new TextEncoder().encode(`1:${key}`)));
function decodeToken(token: string): string {
  try {
    const text = new TextDecoder().decode(Uint8Array.from(atob(token), (c) => c.charCodeAt(0)));
    if (text.startsWith('1:')) return text.slice(2);
  } catch {
    // falls through to S3's error
  }
  throw invalidArgument('The continuation token provided is incorrect');
}

function entries(ctx: Ctx, bucketName: string, page: Page, encode: boolean) {
  const objects = getBucket(ctx, bucketName).objects;
  const enc = (s: string) => (encode ? encodeURIComponent(s).replace(/%2F/g, '/') : s);
  return {
    Contents: page.contents.map((Key) => ({
      Key: enc(Key),
      LastModified: new Date(objects[Key].lastModified),
      ETag: objects[Key].etag,
      ...(objects[Key].checksums ? { ChecksumAlgorithm: Object.keys(objects[Key].checksums!).slice(0, 1), ChecksumType: 'FULL_OBJECT' } : {}),
      Size: objects[Key].size,
      StorageClass: 'STANDARD',
    })),
    CommonPrefixes: page.prefixes.map((Prefix) => ({ Prefix: enc(Prefix) })),
  };
}

export const listingOperations: Record<string, OperationHandler<S3State>> = {
  ListObjectsV2(input, ctx) {
    authorizeBucket(ctx, 's3:ListBucket', input.Bucket, listContext(input));
    const keys = sortedKeys(ctx, input.Bucket);
    const max = maxKeys(input);
    const prefix: string = input.Prefix ?? '';
    const after = input.ContinuationToken !== undefined ? decodeToken(input.ContinuationToken) : (input.StartAfter ?? '');
    const page = listKeys(keys, prefix, input.Delimiter || undefined, after, max);
    const encode = input.EncodingType === 'url';
    const { Contents, CommonPrefixes } = entries(ctx, input.Bucket, page, encode);
    return {
      IsTruncated: page.truncated,
      ...(Contents.length ? { Contents } : {}),
      Name: input.Bucket,
      Prefix: prefix,
      ...(input.Delimiter ? { Delimiter: input.Delimiter } : {}),
      MaxKeys: input.MaxKeys ?? 1000,
      ...(CommonPrefixes.length ? { CommonPrefixes } : {}),
      ...(encode ? { EncodingType: 'url' } : {}),
      KeyCount: Contents.length + CommonPrefixes.length,
      ...(input.ContinuationToken !== undefined ? { ContinuationToken: input.ContinuationToken } : {}),
      ...(page.truncated && page.last !== undefined ? { NextContinuationToken: encodeToken(page.last) } : {}),
      ...(input.StartAfter !== undefined ? { StartAfter: input.StartAfter } : {}),
    };
  },

  ListObjects(input, ctx) {
    authorizeBucket(ctx, 's3:ListBucket', input.Bucket, listContext(input));
    const keys = sortedKeys(ctx, input.Bucket);
    const prefix: string = input.Prefix ?? '';
    const page = listKeys(keys, prefix, input.Delimiter || undefined, input.Marker ?? '', maxKeys(input));
    const encode = input.EncodingType === 'url';
    const { Contents, CommonPrefixes } = entries(ctx, input.Bucket, page, encode);
    return {
      IsTruncated: page.truncated,
      Marker: input.Marker ?? '',
      // S3 gives NextMarker only with a delimiter; without one, clients continue from the last key.
      ...(page.truncated && input.Delimiter ? { NextMarker: page.last } : {}),
      ...(Contents.length ? { Contents } : {}),
      Name: input.Bucket,
      Prefix: prefix,
      ...(input.Delimiter ? { Delimiter: input.Delimiter } : {}),
      MaxKeys: input.MaxKeys ?? 1000,
      ...(CommonPrefixes.length ? { CommonPrefixes } : {}),
      ...(encode ? { EncodingType: 'url' } : {}),
    };
  },
};
