/**
 * Forwards one AWS call from the browser to AWS, signing it here; nothing the browser signed reaches AWS as it is.
 * Two kinds of call arrive:
 * - signed with the base-identity placeholder key: signed anew with the learner's own credentials (the standard
 *   chain: environment, profiles, SSO, container/instance roles), which never leave this process;
 * - signed with a placeholder session key that this server handed out in place of the real keys of an AssumeRole
 *   it made into a workshop role: signed anew with that session's real keys, which never leave this process either.
 * Before signing, every call passes the workshop policy (policy/rules.ts): the workshop's operations only, never one
 * that mints credentials, only the workshop's resources in the confirmed account. A refusal is written in the
 * service's own error form (code BoundaryLabOperationNotAllowed, HTTP 403), so the terminal prints one clear line.
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { createHash, randomBytes } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '@aws-crypto/sha256-js';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { allowedTarget, type AllowedTarget } from './allowlist';
import { BASE_IDENTITY_KEY_ID, type ForwardRequest, type ForwardResponse } from './envelope';
import { identifyCall, refusalResponse } from './policy/wire';
import { judge } from './policy/rules';
import type { Signer, WorkshopPolicy } from './policy/derive';

export class ForwardRefused extends Error {
  constructor(
    public readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface Identity {
  accountId: string;
  arn: string;
}

export interface ForwarderOptions {
  region: string;
  credentials: AwsCredentialIdentityProvider;
  policy: WorkshopPolicy;
  /** Accounts the run may touch; empty: whichever account the learner confirms. */
  accounts?: string[];
  /** Send every allowed request to this URL instead of AWS (tests point it at `npm run sandbox`). */
  upstream?: string;
  /** Called with a one-line summary of each call; never with credentials or bodies. */
  log?: (line: string) => void;
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'proxy-connection', 'te', 'trailer', 'host', 'content-length']);
const SIGNATURE_HEADERS = new Set(['authorization', 'x-amz-date', 'x-amz-security-token']);

/** The access key id in a SigV4 Authorization header. */
export function signingKeyId(headers: Record<string, string>): string | undefined {
  const auth = Object.entries(headers).find(([k]) => k.toLowerCase() === 'authorization')?.[1];
  return auth ? /Credential=([^/,\s]+)\//.exec(auth)?.[1] : undefined;
}

/** A fingerprint of credentials, so that new ones are noticed without keeping a second copy of the secret. */
const fingerprint = (c: AwsCredentialIdentity) => createHash('sha256').update(`${c.accessKeyId}\0${c.secretAccessKey}\0${c.sessionToken ?? ''}`).digest('hex');

/** A placeholder that looks like the STS key it stands for (20 characters, ASIA…) and is useless anywhere else. */
const placeholderKeyId = () => `ASIA${randomBytes(10).toString('hex').toUpperCase().slice(0, 16)}`;

export class Forwarder {
  /** Placeholder session key → the real credentials of the AssumeRole answer it stands for. */
  private readonly sessions = new Map<string, AwsCredentialIdentity>();
  private verified?: string;
  identity?: Identity;
  confirmedAccount?: string;

  constructor(private readonly opts: ForwarderOptions) {}

  /** Whether the current identity's account may be confirmed at all (the --account pins). */
  accountAllowed(account: string): boolean {
    return !this.opts.accounts?.length || this.opts.accounts.includes(account);
  }

  async forward(req: ForwardRequest): Promise<ForwardResponse> {
    const url = parseUrl(req.url);
    const target = allowedTarget(url.hostname, this.opts.region);
    if (url.protocol !== 'https:' || url.port !== '' || !target) {
      throw new ForwardRefused(403, `Boundary Lab forwards only to the workshop's AWS services in ${this.opts.region}; refused ${url.host}`);
    }
    let body = Buffer.from(req.body ?? '', 'base64');
    const keyId = signingKeyId(req.headers ?? {});
    const signer: Signer | undefined = keyId === BASE_IDENTITY_KEY_ID ? 'base' : keyId && this.sessions.has(keyId) ? 'session' : undefined;
    if (!signer) throw new ForwardRefused(403, 'These credentials were not issued in this workshop run for the confirmed account; refused.');
    if (!this.confirmedAccount) throw new ForwardRefused(403, 'Confirm the AWS account in the page before the workshop may call AWS.');

    const read = await identifyCall({ service: target.service, method: req.method, url, headers: req.headers, body });
    const call = typeof read === 'string' ? undefined : read.call;
    const refusal = call
      ? judge(call, { policy: this.opts.policy, account: this.confirmedAccount, signer })
      : `The live server could not tell what this request does (${read as string}); it signs only the workshop's operations.`;
    const name = call ? `${call.service}:${call.operation}` : `${target.service}:?`;
    if (refusal || typeof read === 'string') {
      this.opts.log?.(`${req.method} ${target.host} ${name} refused`);
      const res = await refusalResponse(target.service, `${refusal} To make this call, use your own tools outside the workshop.`);
      return { status: res.status, headers: res.headers, body: Buffer.from(res.body).toString('base64') };
    }
    // What is signed and sent is the body the rules judged.
    body = Buffer.from(read.body);

    const credentials = signer === 'base' ? await this.baseCredentials() : this.sessions.get(keyId!)!;
    const headers = await this.sign(credentials, req, url, target, body);
    const res = await this.sendSigned(req.method, url, target, headers, body);
    let answer = res.body;
    if (call!.operation === 'AssumeRole' && res.status === 200) answer = this.holdSession(res.body);
    this.opts.log?.(`${req.method} ${target.host} ${name} → ${res.status}`);
    return { status: res.status, headers: res.headers, body: answer.toString('base64') };
  }

  /**
   * The learner's credentials from the chain, re-checked whenever the chain yields new ones (a profile or SSO
   * refresh): credentials of another account stop all signing until the page confirms that account.
   */
  async baseCredentials(): Promise<AwsCredentialIdentity> {
    const credentials = await this.opts.credentials();
    const print = fingerprint(credentials);
    if (print === this.verified) return credentials;
    const before = this.identity?.accountId;
    const identity = await this.callerIdentity(credentials);
    this.identity = identity;
    this.verified = print;
    if (before !== undefined && identity.accountId !== before) {
      this.confirmedAccount = undefined;
      this.sessions.clear();
      this.opts.log?.(`the credentials now belong to account ${identity.accountId}: signing stopped until the page confirms it`);
      throw new ForwardRefused(409, `The credentials now belong to account ${identity.accountId}, not ${before}: confirm the account in the page again.`);
    }
    return credentials;
  }

  /** GetCallerIdentity with these credentials, through the same upstream the page's calls go to. */
  async callerIdentity(credentials: AwsCredentialIdentity): Promise<Identity> {
    const body = Buffer.from('Action=GetCallerIdentity&Version=2011-06-15');
    const host = `sts.${this.opts.region}.amazonaws.com`;
    const url = new URL(`https://${host}/`);
    const target = { host, service: 'sts', signingRegion: this.opts.region };
    const envelope = { method: 'POST', url: url.href, headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, body: '' };
    const headers = await this.sign(credentials, envelope, url, target, body);
    const answer = await this.sendSigned('POST', url, target, headers, body);
    const xml = answer.body.toString('utf8');
    if (answer.status !== 200) {
      const message = /<Message>([^<]*)<\/Message>/.exec(xml)?.[1] ?? `HTTP ${answer.status}`;
      throw new ForwardRefused(502, `GetCallerIdentity failed with the base credentials: ${message}`);
    }
    const accountId = /<Account>(\d{12})<\/Account>/.exec(xml)?.[1];
    const arn = /<Arn>([^<]+)<\/Arn>/.exec(xml)?.[1];
    if (!accountId || !arn) throw new ForwardRefused(502, 'GetCallerIdentity returned no account');
    return { accountId, arn };
  }

  /** Signs the request anew; the browser's signature, date and token are dropped first. */
  async sign(credentials: AwsCredentialIdentity, req: ForwardRequest, url: URL, target: AllowedTarget, body: Buffer): Promise<Record<string, string>> {
    // S3 signs the path exactly as sent (already percent-encoded once); every other service encodes it again.
    const signer = new SignatureV4({ service: target.service, region: target.signingRegion, credentials, sha256: Sha256, uriEscapePath: target.service !== 's3' });
    const unsigned: Record<string, string> = {};
    for (const [k, v] of Object.entries(stripHopByHop(req.headers))) if (!SIGNATURE_HEADERS.has(k.toLowerCase())) unsigned[k.toLowerCase()] = v;
    unsigned.host = target.host;
    const query: Record<string, string | string[]> = {};
    for (const [k, v] of url.searchParams) {
      const prev = query[k];
      query[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
    }
    const signed = await signer.sign({ method: req.method, protocol: 'https:', hostname: target.host, path: url.pathname, query, headers: unsigned, body });
    return signed.headers as Record<string, string>;
  }

  /** Sends a signed request to the target (or the upstream override) and collects the answer. */
  sendSigned(method: string, url: URL, target: AllowedTarget, headers: Record<string, string>, body: Buffer) {
    const upstream = this.opts.upstream ? new URL(this.opts.upstream) : undefined;
    const send = upstream?.protocol === 'http:' ? httpRequest : httpsRequest;
    return new Promise<{ status: number; headers: Record<string, string>; body: Buffer }>((resolve, reject) => {
      const r = send(
        {
          host: upstream ? upstream.hostname : target.host,
          port: upstream ? upstream.port || (upstream.protocol === 'http:' ? 80 : 443) : 443,
          method,
          path: `${url.pathname}${url.search}`,
          headers: { ...headers, host: target.host, 'content-length': String(body.length) },
          timeout: 60_000,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const out: Record<string, string> = {};
            for (const [k, v] of Object.entries(res.headers)) if (v !== undefined && !HOP_BY_HOP.has(k)) out[k] = Array.isArray(v) ? v.join(', ') : v;
            resolve({ status: res.statusCode ?? 502, headers: out, body: Buffer.concat(chunks) });
          });
          res.on('error', reject);
        },
      );
      r.on('timeout', () => r.destroy(new Error('AWS did not answer within 60 s')));
      r.on('error', reject);
      r.end(body);
    });
  }

  /**
   * Keeps the keys of an AssumeRole answer here and hands the browser placeholders instead: whoever holds the page
   * (or its link) can act as the role only through this server, under the workshop policy, never with real keys.
   * AWS difference: the keys the terminal shows after `aws sts assume-role` are placeholders, not STS's.
   */
  private holdSession(body: Buffer): Buffer {
    const xml = body.toString('utf8');
    const real = {
      accessKeyId: /<AccessKeyId>([^<]+)<\/AccessKeyId>/.exec(xml)?.[1],
      secretAccessKey: /<SecretAccessKey>([^<]+)<\/SecretAccessKey>/.exec(xml)?.[1],
      sessionToken: /<SessionToken>([^<]+)<\/SessionToken>/.exec(xml)?.[1],
    };
    const account = /<Arn>arn:aws[a-z-]*:sts::(\d{12}):assumed-role\//.exec(xml)?.[1];
    if (!real.accessKeyId || !real.secretAccessKey || account !== this.confirmedAccount) {
      throw new ForwardRefused(502, 'AssumeRole answered without a session of the confirmed account; nothing was handed out.');
    }
    const keyId = placeholderKeyId();
    this.sessions.set(keyId, real as AwsCredentialIdentity);
    return Buffer.from(
      xml
        .replace(/<AccessKeyId>[^<]+<\/AccessKeyId>/, `<AccessKeyId>${keyId}</AccessKeyId>`)
        .replace(/<SecretAccessKey>[^<]+<\/SecretAccessKey>/, `<SecretAccessKey>held-by-the-boundary-lab-live-server</SecretAccessKey>`)
        .replace(/<SessionToken>[^<]+<\/SessionToken>/, `<SessionToken>${randomBytes(24).toString('base64url')}</SessionToken>`),
    );
  }
}

function parseUrl(text: string): URL {
  try {
    return new URL(text);
  } catch {
    throw new ForwardRefused(400, 'The forwarded request has no valid URL');
  }
}

function stripHopByHop(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers ?? {})) if (!HOP_BY_HOP.has(k.toLowerCase()) && typeof v === 'string') out[k] = v;
  return out;
}
