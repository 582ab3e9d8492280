/**
 * For the generated order tests: requests built from the service models, signed and sent in any of the sandbox's
 * protocols (top-level scalar members), and a sandbox with a caller that has no permission at all.
 */
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { createEmulator, type Credentials } from '..';
import type { LambdaRuntime } from '../lambda-runtime/types';
import type { ServiceModel, Shape, ShapeRef } from '../protocol/model';
import type { ServiceProvider } from '../core/types';
import { applicationProviders } from '../services/all';
import { iamProvider } from '../services/iam/provider';
import { stsProvider } from '../services/sts/provider';

export const ACCOUNT = '123456789012';
/** Every service the sandbox serves whose API checks the model's constraints (S3's REST-XML API does not). */
export const SERVICES = ['iam', 'sts', 'cloudformation', 'lambda', 'states', 'logs', 'cloudtrail'];

export const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);
export const regex = (p: string) => {
  try {
    return new RegExp(`^(?:${p})$`, 'u');
  } catch {
    return undefined;
  }
};

/** A value that satisfies a string shape's constraints, or undefined when none of the candidates does. */
export function validString(shape: Shape, arnShape: boolean): string | undefined {
  if (shape.enum) return shape.enum[0];
  const min = shape.min ?? 0;
  const max = shape.max ?? 256;
  const candidates = [
    ...(arnShape ? [`arn:aws:iam::${ACCOUNT}:role/generated`] : []),
    'abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz', 'a', '1', `arn:aws:iam::${ACCOUNT}:role/generated`,
    `arn:aws:lambda:us-east-1:${ACCOUNT}:function:generated`, '12345678901234567890', 'lambda:InvokeFunction', '*',
  ];
  const re = shape.pattern ? regex(shape.pattern) : undefined;
  for (const c of candidates) {
    const v = c.length >= min ? c.slice(0, Math.max(min, Math.min(max, c.length))) : c.padEnd(min, c.slice(-1));
    if (v.length >= min && v.length <= max && (!re || re.test(v))) return v;
  }
  return undefined;
}

/** Values for every required member, so that a case's only error is the one it makes. */
export function baseInput(model: ServiceModel, input: Shape, arnShape: string | undefined): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  for (const name of input.required ?? []) {
    const ref = input.members![name];
    const shape = model.shapes[ref.shape];
    if (shape.type === 'string') {
      const v = validString(shape, ref.shape === arnShape);
      if (v === undefined) return undefined;
      out[name] = v;
    } else if (shape.type === 'integer' || shape.type === 'long') out[name] = shape.min ?? 1;
    else if (shape.type === 'boolean') out[name] = false;
    else return undefined;
  }
  return out;
}

/** The wire request for a case, in the service's protocol (top-level scalar members only). */
export function wire(model: ServiceModel, service: string, operation: string, input: Record<string, unknown>) {
  const op = model.operations[operation];
  const proto = model.metadata.protocol;
  const host = `${service}.us-east-1.amazonaws.com`;
  if (proto === 'query') {
    const form = new URLSearchParams({ Action: operation, Version: model.metadata.apiVersion });
    for (const [k, v] of Object.entries(input)) form.set(k, String(v));
    return { method: 'POST', path: '/', query: {}, headers: { host, 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, body: form.toString() };
  }
  if (proto === 'json') {
    return {
      method: 'POST', path: '/', query: {},
      headers: { host, 'content-type': `application/x-amz-json-${model.metadata.jsonVersion ?? '1.1'}`, 'x-amz-target': `${model.metadata.targetPrefix}.${operation}` },
      body: JSON.stringify(input),
    };
  }
  // rest-json: labels into the path, query and header members where the model binds them, the rest as JSON.
  const shape = model.shapes[op.input!.shape];
  const [uri, qs = ''] = op.http.requestUri.split('?');
  const query: Record<string, string> = Object.fromEntries(new URLSearchParams(qs));
  const headers: Record<string, string> = { host, 'content-type': 'application/json' };
  const body: Record<string, unknown> = {};
  let path = uri;
  for (const [k, v] of Object.entries(input)) {
    const ref: ShapeRef = shape.members![k];
    if (ref.location === 'uri') path = path.replace(new RegExp(`\\{${ref.locationName ?? k}\\+?\\}`), encodeURIComponent(String(v)));
    else if (ref.location === 'querystring') query[ref.locationName!] = String(v);
    else if (ref.location === 'header') headers[ref.locationName!.toLowerCase()] = String(v);
    else body[k] = v;
  }
  return { method: op.http.method, path, query, headers, body: op.http.method === 'GET' || op.http.method === 'DELETE' ? undefined : JSON.stringify(body) };
}

export async function send(em: ReturnType<typeof createEmulator>, creds: Credentials, service: string, w: ReturnType<typeof wire>) {
  const req = new HttpRequest({ method: w.method, protocol: 'https:', hostname: w.headers.host, path: w.path, query: w.query, headers: w.headers, body: w.body });
  const signed = await new SignatureV4({ credentials: creds, region: 'us-east-1', service, sha256: Sha256 }).sign(req);
  // RFC 3986 encoding, as the signer's canonical query string has it (URLSearchParams would write a blank as '+').
  const qs = Object.entries(w.query).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
  const res = await em.handle(new Request(`https://${w.headers.host}${w.path}${qs ? `?${qs}` : ''}`, {
    method: w.method, headers: signed.headers as Record<string, string>, ...(w.body !== undefined ? { body: w.body } : {}),
  }));
  const text = await res.text();
  const code = /<Code>([^<]*)<\/Code>/.exec(text)?.[1] ?? res.headers.get('x-amzn-errortype')?.split(':')[0] ?? (text.startsWith('{') ? String(JSON.parse(text).__type ?? '').split('#').pop() : '');
  const message = /<Message>([^<]*)<\/Message>/.exec(text)?.[1]?.replace(/&apos;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>')
    ?? (text.startsWith('{') ? (JSON.parse(text).message ?? JSON.parse(text).Message) : '');
  return { status: res.status, code, message: String(message) };
}


/** A sandbox with every service, and the credentials of a role session that no policy allows anything. */
export async function sandboxWithNobody() {
  const lambdaRuntime = {} as LambdaRuntime; // never invoked: no test here runs a function
  const em = createEmulator({ pace: 0, providers: applicationProviders({ lambdaRuntime }) });
  await em.ready;
  const iam = new IAMClient(em.sdkConfig());
  const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' }] });
  await iam.send(new CreateRoleCommand({ RoleName: 'no-permissions', AssumeRolePolicyDocument: trust }));
  const s = await new STSClient(em.sdkConfig()).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/no-permissions`, RoleSessionName: 'generated' }));
  const nobody: Credentials = { accessKeyId: s.Credentials!.AccessKeyId!, secretAccessKey: s.Credentials!.SecretAccessKey!, sessionToken: s.Credentials!.SessionToken! };
  const providers = new Map<string, ServiceProvider<any>>(applicationProviders({ lambdaRuntime }).map((p) => [p.name, p]));
  providers.set('iam', iamProvider);
  providers.set('sts', stsProvider);
  return { em, nobody, providers, admin: em.adminCredentials };
}
