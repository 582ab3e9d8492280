/** `--output text`, a port of awscli/text.py. */

/** Python's str() of a JSON value. */
export function pyStr(v: unknown): string {
  if (v === null || v === undefined) return 'None';
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (typeof v === 'number' && !Number.isInteger(v)) return String(v);
  return String(v);
}

const isScalar = (v: unknown) => v === null || typeof v !== 'object';

export function formatText(item: unknown): string {
  const out: string[] = [];
  write(item, out);
  return out.join('');
}

function write(item: unknown, out: string[], identifier?: string, scalarKeys?: string[]): void {
  if (Array.isArray(item)) writeList(item, out, identifier);
  else if (item !== null && typeof item === 'object') writeDict(item as Record<string, unknown>, out, identifier, scalarKeys);
  else out.push(`${pyStr(item)}\n`);
}

function writeList(item: unknown[], out: string[], identifier?: string): void {
  if (!item.length) return;
  if (item.some((el) => el !== null && typeof el === 'object' && !Array.isArray(el))) {
    const keys = new Set<string>();
    for (const el of item) {
      if (el && typeof el === 'object' && !Array.isArray(el)) {
        for (const [k, v] of Object.entries(el)) if (isScalar(v)) keys.add(k);
      }
    }
    const allKeys = [...keys].sort();
    for (const el of item) write(el, out, identifier, allKeys);
  } else if (item.some(Array.isArray)) {
    const scalars = item.filter(isScalar);
    if (scalars.length) writeScalarList(scalars, out, identifier);
    for (const el of item.filter((e) => !isScalar(e))) write(el, out, identifier);
  } else {
    writeScalarList(item, out, identifier);
  }
}

function writeScalarList(elements: unknown[], out: string[], identifier?: string): void {
  if (identifier !== undefined) for (const el of elements) out.push(`${identifier.toUpperCase()}\t${pyStr(el)}\n`);
  else out.push(`${elements.map(pyStr).join('\t')}\n`);
}

function writeDict(item: Record<string, unknown>, out: string[], identifier?: string, scalarKeys?: string[]): void {
  const scalars: string[] = [];
  const nonScalars: [string, unknown][] = [];
  if (scalarKeys === undefined) {
    for (const k of Object.keys(item).sort()) {
      if (isScalar(item[k])) scalars.push(pyStr(item[k]));
      else nonScalars.push([k, item[k]]);
    }
  } else {
    for (const k of scalarKeys) scalars.push(k in item ? pyStr(item[k]) : '');
    for (const k of Object.keys(item).filter((k) => !scalarKeys.includes(k)).sort()) nonScalars.push([k, item[k]]);
  }
  if (scalars.length) {
    if (identifier !== undefined) scalars.unshift(identifier.toUpperCase());
    out.push(`${scalars.join('\t')}\n`);
  }
  for (const [k, v] of nonScalars) write(v, out, k);
}
