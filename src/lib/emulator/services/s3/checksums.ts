/**
 * The checksums the SDKs and the CLI send with a body (x-amz-checksum-crc32 by default in SDK v3 and recent botocore,
 * sha1 / sha256 on request), checked as S3 checks them.
 */
import { md5 } from '@noble/hashes/legacy.js';
import { concatBytes, hexToBytes } from '@noble/hashes/utils.js';
import { hex } from '../../auth/crypto';
import { badDigest, contentMd5Mismatch, invalidDigest } from './errors';
import { toBase64 } from './model';

// Written here rather than imported: no CRC32 package is among the project's dependencies (the SDK bundles its own
// privately), and the table-driven CRC-32 (IEEE 802.3, the one S3 calls CRC32) is a dozen lines.
const TABLE = (() => {
  const t = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  return t;
})();

export function crc32(bytes: Uint8Array): number {
  let crc = -1;
  for (let i = 0; i < bytes.length; i++) crc = TABLE[(crc ^ bytes[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ -1) >>> 0;
}

const be32 = (n: number) => new Uint8Array([n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff]);

async function digest(algorithm: 'SHA-1' | 'SHA-256', bytes: Uint8Array): Promise<string> {
  return toBase64(new Uint8Array(await crypto.subtle.digest(algorithm, bytes as BufferSource)));
}

export async function checksumOf(algorithm: string, bytes: Uint8Array): Promise<string | undefined> {
  if (algorithm === 'CRC32') return toBase64(be32(crc32(bytes)));
  if (algorithm === 'SHA1') return digest('SHA-1', bytes);
  if (algorithm === 'SHA256') return digest('SHA-256', bytes);
  return undefined;
}

/**
 * Verifies the checksums in the input (ChecksumCRC32, ChecksumSHA1, ChecksumSHA256) and returns those to keep; with
 * none, S3 computes a CRC32 of its own, as it does for every new object.
 * Content-MD5 is checked first, as S3 does: not 16 bytes of base64 is InvalidDigest, another body's is BadDigest.
 * AWS difference: CRC32C and CRC64NVME checksums are kept as sent but not verified.
 */
export async function verifyChecksums(input: Record<string, any>, bytes: Uint8Array): Promise<Record<string, string>> {
  if (typeof input.ContentMD5 === 'string') {
    const sent = input.ContentMD5.trim();
    if (!/^[A-Za-z0-9+/]{22}==$/.test(sent)) throw invalidDigest();
    if (sent !== toBase64(md5(bytes))) throw contentMd5Mismatch();
  }
  const kept: Record<string, string> = {};
  for (const algorithm of ['CRC32', 'CRC32C', 'CRC64NVME', 'SHA1', 'SHA256']) {
    const sent = input[`Checksum${algorithm}`];
    if (typeof sent !== 'string') continue;
    const actual = await checksumOf(algorithm, bytes);
    if (actual !== undefined && actual !== sent) throw badDigest(algorithm);
    kept[algorithm] = sent;
  }
  if (Object.keys(kept).length === 0) kept.CRC32 = (await checksumOf('CRC32', bytes))!;
  return kept;
}

/** The output members for the kept checksums (`ChecksumCRC32: …`). */
export function checksumMembers(checksums: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(checksums ?? {})) out[`Checksum${k}`] = v;
  return out;
}

/** S3's ETag for a single-part upload: the body's MD5, quoted. (@noble/hashes: Web Crypto has no MD5.) */
export async function etagOf(bytes: Uint8Array): Promise<string> {
  return `"${hex(md5(bytes))}"`;
}

/** S3's ETag for a completed multipart upload: the MD5 of the parts' MD5 digests (as bytes), then "-<parts>". */
export function multipartEtag(partEtags: string[]): string {
  const digests = concatBytes(...partEtags.map((e) => hexToBytes(e.replace(/"/g, ''))));
  return `"${hex(md5(digests))}-${partEtags.length}"`;
}
