/** Deployment packages: read the zip (fflate, MIT), hash it as Lambda does (base64 SHA-256). */
import { Sha256 } from '@aws-crypto/sha256-js';
import { unzipSync } from 'fflate';
import { invalidParameter } from './errors';

export function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

export function fromBase64(text: string): Uint8Array {
  const s = atob(text);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

export async function codeSha256(zip: Uint8Array): Promise<string> {
  const hash = new Sha256();
  hash.update(zip);
  return toBase64(await hash.digest());
}

/** The package's text files; Lambda's message when the zip cannot be read. */
export function readZip(zip: Uint8Array): Record<string, string> {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(zip);
  } catch {
    throw invalidParameter('Could not unzip uploaded file. Please check your file, then try to upload again.');
  }
  const files: Record<string, string> = {};
  const decoder = new TextDecoder();
  for (const [path, bytes] of Object.entries(entries)) {
    if (!path.endsWith('/')) files[path.replace(/^\.\//, '')] = decoder.decode(bytes);
  }
  return files;
}

/** Accepts the ZipFile blob however the caller passed it (bytes, or base64 text from a JSON document). */
export function zipBytes(zip: unknown): Uint8Array | undefined {
  if (zip instanceof Uint8Array) return zip;
  if (typeof zip === 'string') return fromBase64(zip);
  return undefined;
}
