/** S3 state: buckets (and the few objects that make a bucket non-empty). Plain JSON data. */

export interface S3Object {
  size: number;
  etag: string;
  lastModified: string;
  /** Base64 of the body. */
  body: string;
}

export interface Bucket {
  name: string;
  region: string;
  creationDate: string;
  objects: Record<string, S3Object>;
}

export interface S3State {
  buckets: Record<string, Bucket>;
}

export const initialS3State = (): S3State => ({ buckets: {} });

export const bucketArn = (name: string) => `arn:aws:s3:::${name}`;

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
