/** S3 state: buckets, their objects, bucket policy, Block Public Access and multipart uploads. Plain JSON data. */

export interface S3Object {
  size: number;
  etag: string;
  lastModified: string;
  /** Base64 of the body. */
  body: string;
  contentType?: string;
  /** User metadata (x-amz-meta-*), lower-case names as S3 keeps them. */
  metadata?: Record<string, string>;
  tags?: { Key: string; Value: string }[];
  /** The checksum the writer sent (or the SDK's default), by algorithm: CRC32, SHA1, SHA256. */
  checksums?: Record<string, string>;
  partsCount?: number;
}

export interface PublicAccessBlock {
  BlockPublicAcls: boolean;
  IgnorePublicAcls: boolean;
  BlockPublicPolicy: boolean;
  RestrictPublicBuckets: boolean;
}

export interface MultipartUpload {
  key: string;
  initiated: string;
  contentType?: string;
  metadata?: Record<string, string>;
  parts: Record<number, { etag: string; size: number; body: string; lastModified: string }>;
}

export interface Bucket {
  name: string;
  region: string;
  creationDate: string;
  /** The account that owns the bucket (cross-account evaluation needs it). */
  owner?: string;
  objects: Record<string, S3Object>;
  /** The bucket policy as written (S3 returns it as given). */
  policy?: string;
  publicAccessBlock?: PublicAccessBlock;
  uploads?: Record<string, MultipartUpload>;
}

export interface S3State {
  buckets: Record<string, Bucket>;
}

export const initialS3State = (): S3State => ({ buckets: {} });

export const bucketArn = (name: string) => `arn:aws:s3:::${name}`;
export const objectArn = (bucket: string, key: string) => `arn:aws:s3:::${bucket}/${key}`;

/** S3's general purpose bucket naming rules. */
export function isValidBucketName(name: string): boolean {
  return (
    /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(name) &&
    !name.includes('..') &&
    !/^\d+\.\d+\.\d+\.\d+$/.test(name) &&
    !/^(xn--|sthree-|amzn-s3-demo-)/.test(name) &&
    !/(-s3alias|--ol-s3|\.mrap|--x-s3)$/.test(name)
  );
}

/** S3's canonical user id for the account owner (a stable 64-hex value derived from the account). */
export function canonicalId(accountId: string): string {
  let h = 0x811c9dc5;
  let out = '';
  for (let round = 0; out.length < 64; round++) {
    for (const c of `${accountId}:${round}`) h = Math.imul(h ^ c.charCodeAt(0), 0x01000193) >>> 0;
    out += h.toString(16).padStart(8, '0');
  }
  return out.slice(0, 64);
}

type Base64Native = { toBase64?: () => string };
type Base64Ctor = { fromBase64?: (s: string) => Uint8Array };

/** Base64 of a body: the engine's own codec where it has one (Uint8Array.prototype.toBase64), else btoa in 3-byte-aligned chunks. */
export function toBase64(bytes: Uint8Array): string {
  const native = (bytes as Base64Native).toBase64;
  if (native) return native.call(bytes);
  const parts: string[] = [];
  const CHUNK = 0x8000 * 3;
  for (let i = 0; i < bytes.length; i += CHUNK) {
    parts.push(btoa(String.fromCharCode.apply(null, bytes.subarray(i, i + CHUNK) as unknown as number[])));
  }
  return parts.join('');
}

export function fromBase64(b64: string): Uint8Array {
  const native = (Uint8Array as unknown as Base64Ctor).fromBase64;
  if (native) return native(b64);
  const s = atob(b64);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}
