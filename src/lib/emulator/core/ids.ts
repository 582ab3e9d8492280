/** Identifiers in AWS's forms: unique ids (AIDA…, AROA…, ANPA…), access keys (AKIA…, ASIA…), secrets, request ids. */
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const SECRET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

// getRandomValues costs microseconds per call whatever the size: draw from a pool refilled 4 KiB at a time.
const pool = new Uint8Array(4096);
let poolAt = pool.length;

function randomBytes(n: number): Uint8Array {
  if (n > pool.length) return crypto.getRandomValues(new Uint8Array(n));
  if (poolAt + n > pool.length) {
    crypto.getRandomValues(pool);
    poolAt = 0;
  }
  poolAt += n;
  return pool.slice(poolAt - n, poolAt);
}

function random(alphabet: string, n: number): string {
  const bytes = randomBytes(n);
  let s = '';
  for (let i = 0; i < n; i++) s += alphabet[bytes[i] % alphabet.length];
  return s;
}

/** 21 characters: a 4-letter prefix and 17 base-32 characters, e.g. AROAEXAMPLEXAMPLE1234. */
export function uniqueId(prefix: 'AIDA' | 'AROA' | 'ANPA' | 'AGPA' | 'AIPA' | 'ACCA'): string {
  return prefix + random(UPPER, 17);
}

export function accessKeyId(prefix: 'AKIA' | 'ASIA'): string {
  return prefix + random(UPPER, 16);
}

export function secretAccessKey(): string {
  return random(SECRET, 40);
}

export function sessionToken(): string {
  return 'IQoJb3JpZ2luX2VjE' + random(SECRET, 300);
}

/** A v4 UUID. (crypto.randomUUID exists only in secure contexts; getRandomValues everywhere.) */
export function requestId(): string {
  const b = randomBytes(16);
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
