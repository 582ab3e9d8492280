/**
 * AWS Signature Version 4, verified for real: the gateway rebuilds the canonical request from what arrived and
 * checks the signature with the secret of the access key (header auth and presigned query strings).
 */
import type { WireRequest } from '../protocol/types';
import { rfc3986 } from '../protocol/values';
import { constantTimeEqual, hex, hmac, sha256Hex } from './crypto';

export interface SigV4Request {
  accessKeyId: string;
  /** YYYYMMDD from the credential scope. */
  scopeDate: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
  /** The request time (X-Amz-Date or Date). */
  amzDate: string;
  presigned: boolean;
  /** Presigned URLs: seconds the signature stays valid. */
  expires?: number;
  sessionToken?: string;
}

export type SigV4Parse =
  | { kind: 'none' }
  | { kind: 'incomplete'; message: string }
  | { kind: 'ok'; sig: SigV4Request };

const ALGORITHM = 'AWS4-HMAC-SHA256';

function parseCredential(credential: string) {
  const parts = credential.split('/');
  if (parts.length !== 5 || parts[4] !== 'aws4_request') return undefined;
  const [accessKeyId, scopeDate, region, service] = parts;
  return { accessKeyId, scopeDate, region, service };
}

export function parseSigV4(req: WireRequest): SigV4Parse {
  const auth = req.headers.get('authorization');
  if (auth !== null) {
    const space = auth.indexOf(' ');
    const algorithm = space < 0 ? auth : auth.slice(0, space);
    if (algorithm !== ALGORITHM) {
      return { kind: 'incomplete', message: `Unsupported AWS 'algorithm': '${algorithm}'` };
    }
    const fields: Record<string, string> = {};
    for (const part of auth.slice(space + 1).split(',')) {
      const i = part.indexOf('=');
      if (i > 0) fields[part.slice(0, i).trim()] = part.slice(i + 1).trim();
    }
    const amzDate = req.headers.get('x-amz-date') ?? req.headers.get('date');
    const missing: string[] = [];
    for (const f of ['Credential', 'Signature', 'SignedHeaders']) {
      if (!fields[f]) missing.push(`Authorization header requires '${f}' parameter.`);
    }
    if (!amzDate) missing.push(`Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.`);
    if (missing.length) return { kind: 'incomplete', message: `${missing.join(' ')} Authorization=${auth}` };
    const cred = parseCredential(fields.Credential);
    if (!cred) {
      return { kind: 'incomplete', message: `Credential should be scoped to a valid region. ` };
    }
    return {
      kind: 'ok',
      sig: {
        ...cred,
        signedHeaders: fields.SignedHeaders.split(';'),
        signature: fields.Signature,
        amzDate: normalizeDate(amzDate!),
        presigned: false,
        sessionToken: req.headers.get('x-amz-security-token') ?? undefined,
      },
    };
  }
  const q = new URLSearchParams(req.rawQuery);
  if (!q.has('X-Amz-Signature') && !q.has('X-Amz-Credential') && !q.has('X-Amz-Algorithm')) return { kind: 'none' };
  const missing = ['X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Signature', 'X-Amz-Date', 'X-Amz-SignedHeaders'].filter(
    (k) => !q.get(k),
  );
  if (missing.length) {
    return { kind: 'incomplete', message: missing.map((k) => `AWS query-string parameters must include '${k}'.`).join(' ') + ' Re-examine the query-string parameters.' };
  }
  if (q.get('X-Amz-Algorithm') !== ALGORITHM) {
    return { kind: 'incomplete', message: `Unsupported AWS 'algorithm': '${q.get('X-Amz-Algorithm')}'` };
  }
  const cred = parseCredential(q.get('X-Amz-Credential')!);
  if (!cred) return { kind: 'incomplete', message: 'Credential should be scoped to a valid region. ' };
  const expires = q.has('X-Amz-Expires') ? Number(q.get('X-Amz-Expires')) : undefined;
  return {
    kind: 'ok',
    sig: {
      ...cred,
      signedHeaders: q.get('X-Amz-SignedHeaders')!.split(';'),
      signature: q.get('X-Amz-Signature')!,
      amzDate: q.get('X-Amz-Date')!,
      presigned: true,
      expires: Number.isFinite(expires) ? expires : undefined,
      sessionToken: q.get('X-Amz-Security-Token') ?? undefined,
    },
  };
}

/** `Date:` headers come as RFC 7231 dates; X-Amz-Date as 20260101T000000Z. */
function normalizeDate(value: string): string {
  if (/^\d{8}T\d{6}Z$/.test(value)) return value;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? value : d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

export function parseAmzDate(value: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return undefined;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]));
  return Number.isNaN(d.getTime()) ? undefined : d;
}

function canonicalPath(path: string, service: string): string {
  if (service === 's3') return path || '/';
  const segments: string[] = [];
  for (const seg of path.split('/')) {
    if (seg.length === 0 || seg === '.') continue;
    if (seg === '..') segments.pop();
    else segments.push(seg);
  }
  const normalized = `${path.startsWith('/') ? '/' : ''}${segments.join('/')}${segments.length > 0 && path.endsWith('/') ? '/' : ''}`;
  return rfc3986(normalized).replace(/%2F/g, '/');
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function canonicalQuery(rawQuery: string, presigned: boolean): string {
  if (!rawQuery) return '';
  const pairs: [string, string][] = [];
  for (const part of rawQuery.split('&')) {
    if (!part) continue;
    const i = part.indexOf('=');
    const k = safeDecode(i < 0 ? part : part.slice(0, i));
    const v = i < 0 ? '' : safeDecode(part.slice(i + 1));
    if (presigned && k === 'X-Amz-Signature') continue;
    pairs.push([rfc3986(k), rfc3986(v)]);
  }
  pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  return pairs.map(([k, v]) => `${k}=${v}`).join('&');
}

function headerValue(req: WireRequest, name: string): string {
  const v = name === 'host' ? (req.headers.get('host') ?? req.url.host) : (req.headers.get(name) ?? '');
  return v.trim().replace(/\s+/g, ' ');
}

const keyCache = new Map<string, Uint8Array>();

async function signingKey(secret: string, date: string, region: string, service: string): Promise<Uint8Array> {
  const id = `${secret}/${date}/${region}/${service}`;
  let key = keyCache.get(id);
  if (!key) {
    key = await hmac(await hmac(await hmac(await hmac(`AWS4${secret}`, date), region), service), 'aws4_request');
    if (keyCache.size > 1000) keyCache.clear();
    keyCache.set(id, key);
  }
  return key;
}

/**
 * The payload hash the signature covers. A declared x-amz-content-sha256 must match the body (AWS rejects a
 * mismatch); UNSIGNED-PAYLOAD and the STREAMING-* forms are taken as declared.
 */
export async function payloadHash(req: WireRequest, sig: SigV4Request): Promise<string | undefined> {
  const declared = req.headers.get('x-amz-content-sha256');
  if (declared) {
    if (!/^[0-9a-f]{64}$/i.test(declared)) return declared;
    return (await sha256Hex(req.body)) === declared.toLowerCase() ? declared : undefined;
  }
  if (sig.presigned && sig.service === 's3') return 'UNSIGNED-PAYLOAD';
  return sha256Hex(req.body);
}

/** Is the signature right for this secret? */
export async function verifySignature(req: WireRequest, sig: SigV4Request, secret: string): Promise<boolean> {
  const hash = await payloadHash(req, sig);
  if (hash === undefined) return false;
  const canonical = [
    req.method,
    canonicalPath(req.rawPath, sig.service),
    canonicalQuery(req.rawQuery, sig.presigned),
    sig.signedHeaders.map((h) => `${h}:${headerValue(req, h)}\n`).join(''),
    sig.signedHeaders.join(';'),
    hash,
  ].join('\n');
  const scope = `${sig.scopeDate}/${sig.region}/${sig.service}/aws4_request`;
  const stringToSign = `${ALGORITHM}\n${sig.amzDate}\n${scope}\n${await sha256Hex(canonical)}`;
  const key = await signingKey(secret, sig.scopeDate, sig.region, sig.service);
  const expected = hex(await hmac(key, stringToSign));
  return constantTimeEqual(expected, sig.signature.toLowerCase());
}
