/**
 * The checksums the SDKs and the CLI send with a body (x-amz-checksum-crc32 by default in SDK v3 and recent botocore,
 * sha1 / sha256 on request), checked as S3 checks them.
 */
import { badDigest } from './errors';
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
 * AWS difference: CRC32C, CRC64NVME and MD5 checksums (and Content-MD5) are kept as sent but not verified.
 */
export async function verifyChecksums(input: Record<string, any>, bytes: Uint8Array): Promise<Record<string, string>> {
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

export async function etagOf(bytes: Uint8Array): Promise<string> {
  // AWS difference: the ETag is 32 hex digits of SHA-256 (Web Crypto has no MD5), not the body's MD5.
  const d = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as BufferSource));
  return `"${[...d.slice(0, 16)].map((b) => b.toString(16).padStart(2, '0')).join('')}"`;
}
