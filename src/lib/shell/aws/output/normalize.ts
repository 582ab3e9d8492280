/**
 * SDK v3 results → the data the AWS CLI v2 formats: members in the model's order (botocore builds its dicts from
 * the output shape; SDK v3 keeps the wire order for JSON protocols), no $metadata, timestamps as v2 prints them,
 * blobs in base64, IAM policy documents URL-decoded into objects (botocore's json_decode_policies).
 */
import type { ServiceModel, ShapeRef } from '../model';

/**
 * Python's datetime.isoformat() for a UTC time: microseconds only when not zero.
 * AWS difference: CLI v2 prints epoch-second timestamps (JSON protocols) in the local time zone; we print UTC,
 * and SDK v3 keeps milliseconds, so sub-millisecond digits read 000.
 */
export function isoTimestamp(d: Date): string {
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  const base = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  const ms = d.getUTCMilliseconds();
  return `${base}${ms ? `.${pad(ms, 3)}000` : ''}+00:00`;
}

export function base64(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

/** botocore's decode_quoted_jsondoc: urllib.parse.unquote, then json.loads; the string stays if either fails. */
function decodePolicy(value: string): unknown {
  try {
    return JSON.parse(decodeURIComponent(value));
  } catch {
    return value;
  }
}

/** Plain conversion, for values without a model (waiter matching, --query on unknown data). */
export function normalize(value: unknown): unknown {
  if (value instanceof Date) return isoTimestamp(value);
  if (value instanceof Uint8Array) return base64(value);
  if (Array.isArray(value)) return value.map((v) => normalize(v));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (k === '$metadata' || v === undefined) continue;
      out[k] = normalize(v);
    }
    return out;
  }
  return value;
}

/** Conversion guided by the output shape. */
export function shapeOutput(model: ServiceModel, shape: ShapeRef | null, value: unknown): unknown {
  if (value === undefined || value === null) return value;
  if (shape === null) return normalize(value);
  if (typeof shape === 'string') {
    if (shape === 'P' && typeof value === 'string') return decodePolicy(value);
    return normalize(value);
  }
  const s = model.s[shape];
  if ('m' in s) {
    if (typeof value !== 'object' || Array.isArray(value)) return normalize(value);
    const obj = value as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const [name, ref] of s.m) {
      if (obj[name] !== undefined) out[name] = shapeOutput(model, ref, obj[name]);
    }
    for (const [k, v] of Object.entries(obj)) {
      if (!(k in out) && k !== '$metadata' && v !== undefined && !s.m.some((m) => m[0] === k)) out[k] = normalize(v);
    }
    return out;
  }
  if ('l' in s) return Array.isArray(value) ? value.map((v) => shapeOutput(model, s.l, v)) : normalize(value);
  if (typeof value !== 'object' || Array.isArray(value)) return normalize(value);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = shapeOutput(model, s.v, v);
  return out;
}
