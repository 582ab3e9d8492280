/**
 * Forwards one AWS call from the browser to AWS. Two kinds of call arrive:
 * - signed with the base-identity placeholder key: the server signs it anew with the learner's own credentials
 *   (the standard chain: environment, profiles, SSO, container/instance roles), which never leave this process;
 * - signed in the browser with session credentials that an AssumeRole made through this server issued for the
 *   confirmed account: forwarded as they are.
 * Anything else is refused: another host, another region, keys this run did not issue, an unconfirmed account.
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '@aws-crypto/sha256-js';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { allowedTarget, type AllowedTarget } from './allowlist';
import { BASE_IDENTITY_KEY_ID, type ForwardRequest, type ForwardResponse } from './envelope';

export class ForwardRefused extends Error {
  constructor(
    public readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface ForwarderOptions {
  region: string;
  credentials: AwsCredentialIdentityProvider;
  /** Send every allowed request to this URL instead of AWS (tests point it at `npm run sandbox`). */
  upstream?: string;
  /** Called with a one-line summary of each call; never with credentials or bodies. */
  log?: (line: string) => void;
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'proxy-connection', 'te', 'trailer', 'host', 'content-length']);

/** The access key id in a SigV4 Authorization header. */
export function signingKeyId(headers: Record<string, string>): string | undefined {
  const auth = Object.entries(headers).find(([k]) => k.toLowerCase() === 'authorization')?.[1];
  return auth ? /Credential=([^/,\s]+)\//.exec(auth)?.[1] : undefined;
}

export class Forwarder {
  /** Session keys issued by AssumeRole through this server, for the confirmed account. */
  private readonly sessionKeys = new Set<string>();
  confirmedAccount?: string;

  constructor(private readonly opts: ForwarderOptions) {}

  async forward(req: ForwardRequest): Promise<ForwardResponse> {
    const url = parseUrl(req.url);
    const target = allowedTarget(url.hostname, this.opts.region);
    if (url.protocol !== 'https:' || url.port !== '' || !target) {
      throw new ForwardRefused(403, `Boundary Lab forwards only to the workshop's AWS services in ${this.opts.region}; refused ${url.host}`);
    }
    const body = Buffer.from(req.body ?? '', 'base64');
    const keyId = signingKeyId(req.headers);
    let headers: Record<string, string>;
    if (keyId === BASE_IDENTITY_KEY_ID) {
      if (!this.confirmedAccount) throw new ForwardRefused(403, 'Confirm the AWS account in the page before the workshop may call AWS.');
      headers = await this.signWithBase(req, url, target, body);
    } else if (keyId && this.sessionKeys.has(keyId)) {
      headers = stripHopByHop(req.headers);
    } else {
      throw new ForwardRefused(403, 'These credentials were not issued in this workshop run for the confirmed account; refused.');
    }
    const res = await this.sendSigned(req.method, url, target, headers, body);
    if (target.service === 'sts' && res.status === 200) this.noteIssuedSession(res.body);
    this.opts.log?.(`${req.method} ${target.host} ${operationName(req, body)} → ${res.status}`);
    return { status: res.status, headers: res.headers, body: res.body.toString('base64') };
  }

  /** Signs with the base identity; also used at start-up for GetCallerIdentity, before any confirmation. */
  async signWithBase(req: ForwardRequest, url: URL, target: AllowedTarget, body: Buffer): Promise<Record<string, string>> {
    const credentials: AwsCredentialIdentity = await this.opts.credentials();
    const signer = new SignatureV4({ service: target.service, region: target.signingRegion, credentials, sha256: Sha256 });
    const unsigned: Record<string, string> = {};
    for (const [k, v] of Object.entries(stripHopByHop(req.headers))) {
      if (!['authorization', 'x-amz-date', 'x-amz-security-token'].includes(k.toLowerCase())) unsigned[k.toLowerCase()] = v;
    }
    unsigned.host = target.host;
    const query: Record<string, string | string[]> = {};
    for (const [k, v] of url.searchParams) {
      const prev = query[k];
      query[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
    }
    const signed = await signer.sign({
      method: req.method,
      protocol: 'https:',
      hostname: target.host,
      path: url.pathname,
      query,
      headers: unsigned,
      body,
    });
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

  /** Remembers the keys of an AssumeRole answer when the assumed role is in the confirmed account. */
  private noteIssuedSession(body: Buffer) {
    const xml = body.toString('utf8');
    if (!/<AssumeRoleResult>/.test(xml)) return;
    const keyId = /<AccessKeyId>([^<]+)<\/AccessKeyId>/.exec(xml)?.[1];
    const account = /<Arn>arn:aws[a-z-]*:sts::(\d{12}):assumed-role\//.exec(xml)?.[1];
    if (keyId && account && account === this.confirmedAccount) this.sessionKeys.add(keyId);
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

/** For the log line: the operation, never the parameters (they can carry policy documents or keys). */
function operationName(req: ForwardRequest, body: Buffer): string {
  const target = Object.entries(req.headers).find(([k]) => k.toLowerCase() === 'x-amz-target')?.[1];
  if (target) return target.split('.').pop() ?? target;
  const action = /(?:^|&)Action=([A-Za-z]+)/.exec(body.toString('utf8'))?.[1];
  return action ?? new URL(req.url).pathname;
}
