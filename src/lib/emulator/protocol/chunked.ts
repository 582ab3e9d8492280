/**
 * `Content-Encoding: aws-chunked` bodies (S3 uploads with `x-amz-content-sha256: STREAMING-…`): frames of
 * `<hex size>[;chunk-signature=…]\r\n<bytes>\r\n`, a zero-size frame, then trailing headers such as
 * `x-amz-checksum-crc32`. The protocol layer hands providers the decoded bytes.
 * AWS difference: per-chunk signatures (STREAMING-AWS4-HMAC-SHA256-PAYLOAD) are not verified; the seed signature is.
 */
export function isAwsChunked(headers: Headers): boolean {
  return (headers.get('content-encoding') ?? '').includes('aws-chunked') || (headers.get('x-amz-content-sha256') ?? '').startsWith('STREAMING-');
}

export function decodeAwsChunked(body: Uint8Array): Uint8Array | undefined {
  const parts: Uint8Array[] = [];
  let i = 0;
  for (;;) {
    const lineEnd = indexOfCrlf(body, i);
    if (lineEnd < 0) return undefined;
    const header = new TextDecoder().decode(body.subarray(i, lineEnd));
    const size = parseInt(header.split(';')[0], 16);
    if (!Number.isFinite(size) || size < 0) return undefined;
    i = lineEnd + 2;
    if (size === 0) break;
    if (i + size > body.length) return undefined;
    parts.push(body.subarray(i, i + size));
    i += size + 2;
  }
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

function indexOfCrlf(b: Uint8Array, from: number): number {
  for (let i = from; i < b.length - 1; i++) if (b[i] === 13 && b[i + 1] === 10) return i;
  return -1;
}
