/**
 * botocore's parameter validation (botocore/validate.py) for what the CLI sends, and the conversion of CLI values to
 * the types SDK v3 expects (Date for timestamps, Uint8Array for blobs).
 */
import type { ServiceModel, ShapeRef } from './model';
import { CliError, EXIT } from './errors';
import { decodeBlob } from './params';

/** Python's repr(), for the validation messages. */
export function pyRepr(v: unknown): string {
  if (v === null || v === undefined) return 'None';
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (typeof v === 'string') {
    const q = v.includes("'") && !v.includes('"') ? '"' : "'";
    const body = v.replaceAll('\\', '\\\\').replaceAll('\n', '\\n').replaceAll('\t', '\\t');
    return q + (q === "'" ? body.replaceAll("'", "\\'") : body) + q;
  }
  if (typeof v === 'number') return Number.isInteger(v) && !Object.is(v, -0) ? String(v) : pyFloatRepr(v);
  if (Array.isArray(v)) return `[${v.map(pyRepr).join(', ')}]`;
  if (v instanceof Uint8Array) return `b'${Array.from(v, (b) => String.fromCharCode(b)).join('')}'`;
  if (typeof v === 'object') return `{${Object.entries(v).map(([k, x]) => `${pyRepr(k)}: ${pyRepr(x)}`).join(', ')}}`;
  return String(v);
}

function pyFloatRepr(v: number): string {
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  const s = String(v);
  return s.includes('.') || s.includes('e') ? s : `${s}.0`;
}

function pyType(v: unknown): string {
  if (v === null || v === undefined) return "<class 'NoneType'>";
  if (typeof v === 'boolean') return "<class 'bool'>";
  if (typeof v === 'string') return "<class 'str'>";
  if (typeof v === 'number') return Number.isInteger(v) ? "<class 'int'>" : "<class 'float'>";
  if (Array.isArray(v)) return "<class 'list'>";
  if (v instanceof Uint8Array) return "<class 'bytes'>";
  return "<class 'dict'>";
}

const VALID: Record<string, string> = {
  s: "<class 'str'>",
  i: "<class 'int'>",
  f: "<class 'float'>, <class 'decimal.Decimal'>, <class 'int'>",
  b: "<class 'bool'>",
  t: "<class 'datetime.datetime'>, timestamp-string",
  B: "<class 'bytes'>, <class 'bytearray'>, file-like object",
  S: "<class 'bytes'>, <class 'bytearray'>, file-like object",
  list: "<class 'list'>, <class 'tuple'>",
  dict: "<class 'dict'>",
};

/** Validates and converts in place; throws the CLI's "Parameter validation failed" error (exit 252). */
export function validateAndConvert(model: ServiceModel, input: number | null, params: Record<string, unknown>, binaryFormat: string): Record<string, unknown> {
  const errors: string[] = [];
  const convert = (shape: ShapeRef, value: unknown, name: string): unknown => {
    const bad = (valid: string) => {
      errors.push(`Invalid type for parameter ${name}, value: ${pyRepr(value)}, type: ${pyType(value)}, valid types: ${valid}`);
      return value;
    };
    if (typeof shape === 'string') {
      switch (shape) {
        case 's':
          return typeof value === 'string' ? value : bad(VALID.s);
        case 'i':
          return typeof value === 'number' && Number.isInteger(value) ? value : typeof value === 'boolean' ? Number(value) : bad(VALID.i);
        case 'f':
          return typeof value === 'number' ? value : bad(VALID.f);
        case 'b':
          return typeof value === 'boolean' ? value : bad(VALID.b);
        case 't': {
          if (value instanceof Date) return value;
          if (typeof value === 'string' || typeof value === 'number') {
            const d = parseTimestamp(value);
            if (d) return d;
          }
          return bad(VALID.t);
        }
        case 'B':
        case 'S':
          if (value instanceof Uint8Array) return value;
          if (typeof value === 'string') return decodeBlob(value, binaryFormat);
          return bad(VALID.B);
        default:
          return value;
      }
    }
    const s = model.s[shape];
    if ('m' in s) {
      if (!value || typeof value !== 'object' || Array.isArray(value) || value instanceof Uint8Array) return bad(VALID.dict);
      const obj = value as Record<string, unknown>;
      const path = name || 'input';
      for (const [member, , required] of s.m) {
        if (required && obj[member] === undefined) errors.push(`Missing required parameter in ${path}: "${member}"`);
      }
      const known = new Map(s.m.map((m) => [m[0], m[1]]));
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(obj)) {
        const ref = known.get(k);
        if (ref === undefined) {
          errors.push(`Unknown parameter in ${path}: "${k}", must be one of: ${s.m.map((m) => m[0]).join(', ')}`);
          continue;
        }
        out[k] = convert(ref, v, name ? `${name}.${k}` : k);
      }
      return out;
    }
    if ('l' in s) {
      if (!Array.isArray(value)) return bad(VALID.list);
      return value.map((v, i) => convert(s.l, v, `${name}[${i}]`));
    }
    if (!value || typeof value !== 'object' || Array.isArray(value)) return bad(VALID.dict);
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = convert(s.v, v, `${name}.${k}`);
    return out;
  };
  if (input === null) return params;
  const result = convert(input, params, '') as Record<string, unknown>;
  if (errors.length) throw new CliError(`Parameter validation failed:\n${errors.join('\n')}`, EXIT.usage);
  return result;
}

/** The CLI accepts ISO 8601 strings and epoch seconds for timestamps. */
export function parseTimestamp(value: string | number): Date | undefined {
  if (typeof value === 'number' || /^\d+(\.\d+)?$/.test(value)) return new Date(Number(value) * 1000);
  let v = value.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) v += 'T00:00:00Z';
  else if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(v)) v = `${v.replace(' ', 'T')}Z`;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? undefined : d;
}
