/** Shape-driven conversion between JSON wire values and plain inputs/outputs (awsJson and restJson). */
import { AwsError } from '../core/types';
import type { ServiceModel, ShapeRef } from './model';
import { formatTimestamp, fromBase64, parseTimestamp, toBase64 } from './values';

function wrongType(expected: string, value: unknown): AwsError {
  const got = Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value;
  // AWS difference: the wording of AWS's SerializationException varies by service; the code matches.
  return new AwsError('SerializationException', `Expected ${expected} but found ${got}.`, 400);
}

export function readJson(model: ServiceModel, ref: ShapeRef | { shape: string }, value: any): any {
  if (value === null || value === undefined) return undefined;
  const shape = model.shapes[ref.shape];
  switch (shape.type) {
    case 'structure': {
      if (typeof value !== 'object' || Array.isArray(value)) throw wrongType('structure', value);
      if (shape.document) return value;
      const out: Record<string, any> = {};
      for (const [member, mref] of Object.entries(shape.members ?? {})) {
        if (mref.location) continue;
        const key = mref.locationName ?? member;
        if (!Object.hasOwn(value, key)) continue;
        const v = readJson(model, mref, value[key]);
        if (v !== undefined) out[member] = v;
      }
      return out;
    }
    case 'list':
      if (!Array.isArray(value)) throw wrongType('list', value);
      return value.map((item) => readJson(model, shape.member!, item));
    case 'map': {
      if (typeof value !== 'object' || Array.isArray(value)) throw wrongType('map', value);
      const out: Record<string, any> = {};
      for (const [k, v] of Object.entries(value)) out[k] = readJson(model, shape.value!, v);
      return out;
    }
    case 'string':
      if (typeof value !== 'string') throw wrongType('string', value);
      return value;
    case 'boolean':
      if (typeof value !== 'boolean') throw wrongType('boolean', value);
      return value;
    case 'integer':
    case 'long':
      if (typeof value !== 'number' || !Number.isInteger(value)) throw wrongType('integer', value);
      return value;
    case 'double':
    case 'float':
      if (typeof value !== 'number') throw wrongType('number', value);
      return value;
    case 'timestamp': {
      const d = parseTimestamp(value);
      if (!d) throw wrongType('timestamp', value);
      return d;
    }
    case 'blob': {
      if (typeof value !== 'string') throw wrongType('blob', value);
      const b = fromBase64(value);
      if (!b) throw new AwsError('SerializationException', 'Invalid base64 value.', 400);
      return b;
    }
    default:
      return value;
  }
}

export function writeJson(model: ServiceModel, ref: ShapeRef | { shape: string }, value: any): any {
  if (value === null || value === undefined) return undefined;
  const shape = model.shapes[ref.shape];
  const r = ref as ShapeRef;
  switch (shape.type) {
    case 'structure': {
      if (shape.document) return value;
      const out: Record<string, any> = {};
      for (const [member, mref] of Object.entries(shape.members ?? {})) {
        if (mref.location) continue;
        const v = writeJson(model, mref, value[member]);
        if (v !== undefined) out[mref.locationName ?? member] = v;
      }
      return out;
    }
    case 'list':
      return Array.isArray(value) ? value.map((item) => writeJson(model, shape.member!, item)) : undefined;
    case 'map': {
      const out: Record<string, any> = {};
      for (const [k, v] of Object.entries(value)) out[k] = writeJson(model, shape.value!, v);
      return out;
    }
    case 'timestamp': {
      const d = value instanceof Date ? value : parseTimestamp(value);
      return d ? formatTimestamp(d, r.timestampFormat ?? shape.timestampFormat ?? 'unixTimestamp') : value;
    }
    case 'blob':
      return value instanceof Uint8Array ? toBase64(value) : value;
    default:
      return value;
  }
}
