/** Scalar encodings shared by the protocols: timestamps, blobs, XML escaping, RFC 3986 encoding. */

export function iso8601(d: Date, millis: boolean): string {
  const s = d.toISOString();
  return millis ? s : s.replace(/\.\d{3}Z$/, 'Z');
}

/** Epoch seconds as JSON protocols send them (fractional when there are milliseconds). */
export function epochSeconds(d: Date): number {
  return d.getTime() / 1000;
}

export function httpDate(d: Date): string {
  return d.toUTCString();
}

export function formatTimestamp(d: Date, format: string): string | number {
  switch (format) {
    case 'unixTimestamp':
      return epochSeconds(d);
    case 'rfc822':
      return httpDate(d);
    case 'iso8601ms':
      return iso8601(d, true);
    default:
      return iso8601(d, false);
  }
}

export function parseTimestamp(value: unknown): Date | undefined {
  if (value instanceof Date) return value;
  if (typeof value === 'number') return Number.isFinite(value) ? new Date(value * 1000) : undefined;
  if (typeof value !== 'string' || value === '') return undefined;
  if (/^-?\d+(\.\d+)?$/.test(value)) return new Date(Number(value) * 1000);
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

export function toBase64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i], b = bytes[i + 1], c = bytes[i + 2];
    out += B64[a >> 2] + B64[((a & 3) << 4) | ((b ?? 0) >> 4)];
    out += b === undefined ? '=' : B64[((b & 15) << 2) | ((c ?? 0) >> 6)];
    out += c === undefined ? '=' : B64[c & 63];
  }
  return out;
}

export function fromBase64(text: string): Uint8Array | undefined {
  const clean = text.replace(/[\r\n\s]/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean) || clean.length % 4 === 1) return undefined;
  const out: number[] = [];
  let buf = 0, bits = 0;
  for (const ch of clean.replace(/=+$/, '')) {
    buf = (buf << 6) | B64.indexOf(ch);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push((buf >> bits) & 0xff);
    }
  }
  return Uint8Array.from(out);
}

export function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

export function fromUtf8(bytes: Uint8Array): string {
  return new TextDecoder().decode(bytes);
}

export function xmlEscape(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/\r/g, '&#xD;');
}

/** RFC 3986 percent-encoding, as SigV4 and IAM's policy documents use it. */
export function rfc3986(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}
