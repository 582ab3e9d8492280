/** aws-chunked upload bodies decode to their payload. */
import { describe, expect, it } from 'vitest';
import { decodeAwsChunked, isAwsChunked } from './chunked';

const enc = (s: string) => new TextEncoder().encode(s);

describe('aws-chunked', () => {
  it('decodes signed and unsigned framing with trailers', () => {
    const signed = enc('5;chunk-signature=abc\r\nhello\r\n6;chunk-signature=def\r\n world\r\n0;chunk-signature=0\r\n\r\n');
    expect(new TextDecoder().decode(decodeAwsChunked(signed))).toBe('hello world');
    const trailer = enc('3\r\nabc\r\n0\r\nx-amz-checksum-crc32:NSRBwg==\r\n\r\n');
    expect(new TextDecoder().decode(decodeAwsChunked(trailer))).toBe('abc');
  });

  it('refuses truncated or malformed framing', () => {
    expect(decodeAwsChunked(enc('a\r\nshort\r\n'))).toBeUndefined();
    expect(decodeAwsChunked(enc('zz\r\n'))).toBeUndefined();
    expect(decodeAwsChunked(enc('no frame'))).toBeUndefined();
  });

  it('is recognised by Content-Encoding or the STREAMING payload hash', () => {
    expect(isAwsChunked(new Headers({ 'content-encoding': 'aws-chunked' }))).toBe(true);
    expect(isAwsChunked(new Headers({ 'x-amz-content-sha256': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER' }))).toBe(true);
    expect(isAwsChunked(new Headers({ 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' }))).toBe(false);
  });
});
