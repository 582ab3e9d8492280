/**
 * JSON with Dates and byte arrays kept: `{"$date": "…"}` and `{"$bytes": "<base64>"}` markers, so service state
 * (plain data with Date and Uint8Array values) survives a round trip through a file or IndexedDB.
 */
import { fromBase64, toBase64 } from '../protocol/values';

export function stringify(value: unknown, space?: number): string {
  return JSON.stringify(
    value,
    function (this: any, key: string, v: unknown) {
      const raw = this[key];
      if (raw instanceof Date) return { $date: raw.toISOString() };
      if (raw instanceof Uint8Array) return { $bytes: toBase64(raw) };
      return v;
    },
    space,
  );
}

export function parse<T = unknown>(text: string): T {
  return JSON.parse(text, (_key, v) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const keys = Object.keys(v);
      if (keys.length === 1 && typeof v.$date === 'string') return new Date(v.$date);
      if (keys.length === 1 && typeof v.$bytes === 'string') return fromBase64(v.$bytes) ?? new Uint8Array();
    }
    return v;
  }) as T;
}
