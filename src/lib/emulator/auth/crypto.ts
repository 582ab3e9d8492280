/**
 * SHA-256 and HMAC-SHA256 for SigV4 with @aws-crypto/sha256-js: pure JavaScript, the same in browsers and Node,
 * and synchronous — Web Crypto's async calls cost ~70 µs each in Node, several times the hashing itself.
 */
import { Sha256 } from '@aws-crypto/sha256-js';

const enc = new TextEncoder();

function bytes(data: string | Uint8Array): Uint8Array {
  return typeof data === 'string' ? enc.encode(data) : data;
}

export function hex(buf: ArrayBuffer | Uint8Array): string {
  const b = buf instanceof Uint8Array ? buf : new Uint8Array(buf);
  let s = '';
  for (let i = 0; i < b.length; i++) s += b[i].toString(16).padStart(2, '0');
  return s;
}

export function sha256Hex(data: string | Uint8Array): string {
  const h = new Sha256();
  h.update(bytes(data));
  return hex(h.digestSync());
}

export function hmac(key: string | Uint8Array, data: string): Uint8Array {
  const h = new Sha256(bytes(key));
  h.update(bytes(data));
  return h.digestSync();
}

/** Compare two hex strings without an early exit. */
export function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
