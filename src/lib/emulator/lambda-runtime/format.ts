/**
 * util.format for the browser worker: %s %d %i %f %j %o %O %c %%, and util.inspect-like rendering of
 * objects (`{ a: 1, b: 'x' }`, `[ 1, 2 ]`, errors as their stack). Node uses the real util.format.
 * AWS difference: in browsers, nested objects deeper than 2 levels print as [Object] like Node, but
 * colours, getters, Maps/Sets details and line breaking at 72 columns are simplified.
 */

export function inspect(v: unknown, depth = 0, seen = new Set<unknown>()): string {
  if (typeof v === 'string') return depth === 0 ? v : `'${v.replace(/'/g, "\\'")}'`;
  if (typeof v === 'bigint') return `${v}n`;
  if (typeof v === 'symbol') return v.toString();
  if (typeof v === 'function') return v.name ? `[Function: ${v.name}]` : '[Function (anonymous)]';
  if (v === null || typeof v !== 'object') return String(v);
  if (v instanceof Error) return v.stack ?? `${v.name}: ${v.message}`;
  if (v instanceof Date) return v.toISOString();
  if (seen.has(v)) return '[Circular *1]';
  if (depth > 2) return Array.isArray(v) ? '[Array]' : '[Object]';
  seen.add(v);
  try {
    if (Array.isArray(v)) {
      return v.length ? `[ ${v.map((x) => inspect(x, depth + 1, seen)).join(', ')} ]` : '[]';
    }
    if (v instanceof Uint8Array) return `Uint8Array(${v.length}) [ ${[...v.slice(0, 100)].join(', ')} ]`;
    const entries = Object.entries(v as Record<string, unknown>).map(
      ([k, x]) => `${/^[A-Za-z_$][\w$]*$/.test(k) ? k : `'${k}'`}: ${inspect(x, depth + 1, seen)}`,
    );
    const ctor = (v as object).constructor?.name;
    const prefix = ctor && ctor !== 'Object' ? `${ctor} ` : '';
    return entries.length ? `${prefix}{ ${entries.join(', ')} }` : `${prefix}{}`;
  } finally {
    seen.delete(v);
  }
}

export function format(...args: unknown[]): string {
  if (typeof args[0] !== 'string') return args.map((a) => inspect(a)).join(' ');
  let i = 1;
  const first = (args[0] as string).replace(/%([sdifjoOc%])/g, (m, f: string) => {
    if (f === '%') return '%';
    if (i >= args.length) return m;
    const a = args[i++];
    switch (f) {
      case 's':
        return typeof a === 'string' ? a : typeof a === 'object' && a !== null ? inspect(a, 1) : String(a);
      case 'd':
      case 'i':
        return typeof a === 'object' ? 'NaN' : String(f === 'i' ? Math.trunc(Number(a)) : Number(a));
      case 'f':
        return String(Number.parseFloat(String(a)));
      case 'j':
        try {
          return JSON.stringify(a);
        } catch {
          return '[Circular]';
        }
      case 'c':
        return '';
      default:
        return inspect(a, 1);
    }
  });
  return [first, ...args.slice(i).map((a) => inspect(a))].join(' ');
}
