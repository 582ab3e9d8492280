/**
 * Generated from the service models: for every operation the sandbox implements (IAM, STS, CloudFormation,
 * Lambda, Step Functions, CloudWatch Logs, CloudTrail), a request that breaks one constraint of one top-level
 * member (required, length, pattern, enum, range, IAM/STS ARN syntax) is answered with the protocol's
 * ValidationError/ValidationException naming that member, sent by a caller with no permission at all: shape
 * comes before authorization. S3 is left out: its REST-XML API does not validate the model's constraints so.
 */
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { describe, expect, it } from 'vitest';
import { createEmulator, type Credentials } from '..';
import type { LambdaRuntime } from '../lambda-runtime/types';
import { loadModel, type ServiceModel, type Shape, type ShapeRef } from '../protocol/model';
import { isArn } from '../protocol/arn-syntax';
import { applicationProviders } from '../services/all';

const ACCOUNT = '123456789012';
const SERVICES = ['iam', 'sts', 'cloudformation', 'lambda', 'states', 'logs', 'cloudtrail'];

interface Case {
  operation: string;
  member: string;
  constraint: string;
  input: Record<string, unknown>;
  /** What the message must contain. */
  expect: string;
}

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);
const regex = (p: string) => {
  try {
    return new RegExp(`^(?:${p})$`, 'u');
  } catch {
    return undefined;
  }
};

/** A value that satisfies a string shape's constraints, or undefined when none of the candidates does. */
function validString(shape: Shape, arnShape: boolean): string | undefined {
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
function baseInput(model: ServiceModel, input: Shape, arnShape: string | undefined): Record<string, unknown> | undefined {
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

function casesFor(model: ServiceModel, service: string, operation: string): Case[] {
  const op = model.operations[operation];
  if (!op.input) return [];
  const input = model.shapes[op.input.shape];
  const arnShape = service === 'iam' || service === 'sts' ? 'arnType' : undefined;
  const filled = baseInput(model, input, arnShape);
  // Without values for every required member, a REST request has no path to route by: leave the operation out.
  if (!filled && model.metadata.protocol === 'rest-json') return [];
  const base = filled ?? {};
  const cases: Case[] = [];
  const add = (member: string, constraint: string, value: unknown, expect: string) => {
    const withValue = { ...base, [member]: value };
    if (value === undefined) delete withValue[member];
    cases.push({ operation, member, constraint, input: withValue, expect });
  };
  for (const [member, ref] of Object.entries(input.members ?? {})) {
    const shape = model.shapes[ref.shape];
    const at = `at '${lowerFirst(member)}'`;
    if (input.required?.includes(member) && ref.location !== 'uri') add(member, 'required', undefined, `${at} failed to satisfy constraint: Member must not be null`);
    if (shape.type === 'string' && !shape.enum) {
      const urlLabel = ref.location === 'uri';
      if (shape.min !== undefined && shape.min > (urlLabel ? 1 : 0)) {
        add(member, 'min length', 'a'.repeat(shape.min - 1), `${at} failed to satisfy constraint: Member must have length greater than or equal to ${shape.min}`);
      }
      if (shape.max !== undefined && shape.max < 20_000) {
        add(member, 'max length', 'a'.repeat(shape.max + 1), `${at} failed to satisfy constraint: Member must have length less than or equal to ${shape.max}`);
      }
      const re = shape.pattern ? regex(shape.pattern) : undefined;
      if (re) {
        const len = Math.max(shape.min ?? 1, 1);
        // Header values lose surrounding blanks on the wire, so those get printable characters only.
        const candidates = ref.location ? ['!', '#', '%', '{', '^', '~'] : [' ', '!', '#', '\u0001', '%', '{', '^'];
        const bad = candidates.map((c) => c.repeat(len)).find((v) => !re.test(v) && v.length <= (shape.max ?? Infinity));
        if (bad) add(member, 'pattern', bad, `${at} failed to satisfy constraint: Member must satisfy regular expression pattern: ${shape.pattern}`);
      }
      if (ref.shape === arnShape && !ref.location && filled) {
        const notArn = 'this-value-is-not-an-arn';
        if (!isArn(notArn)) add(member, 'ARN syntax', notArn, service === 'iam' ? 'Invalid ARN:  Could not be parsed!' : `${notArn} is invalid`);
      }
    }
    if (shape.type === 'string' && shape.enum && ref.location !== 'uri') {
      add(member, 'enum', 'NOT_A_VALUE_OF_THE_ENUM', `${at} failed to satisfy constraint: Member must satisfy enum value set: [${shape.enum.join(', ')}]`);
    }
    if ((shape.type === 'integer' || shape.type === 'long') && ref.location !== 'uri') {
      if (shape.min !== undefined) add(member, 'min value', shape.min - 1, `${at} failed to satisfy constraint: Member must have value greater than or equal to ${shape.min}`);
      if (shape.max !== undefined && shape.max < Number.MAX_SAFE_INTEGER) {
        add(member, 'max value', shape.max + 1, `${at} failed to satisfy constraint: Member must have value less than or equal to ${shape.max}`);
      }
    }
  }
  return cases;
}

/** The wire request for a case, in the service's protocol (top-level scalar members only). */
function wire(model: ServiceModel, service: string, operation: string, input: Record<string, unknown>) {
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

async function send(em: ReturnType<typeof createEmulator>, creds: Credentials, service: string, w: ReturnType<typeof wire>) {
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

describe('every implemented operation checks its shape before it authorizes', async () => {
  const em = createEmulator({ pace: 0, providers: applicationProviders({ lambdaRuntime: {} as LambdaRuntime }) });
  await em.ready;
  const iam = new IAMClient(em.sdkConfig());
  const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' }] });
  await iam.send(new CreateRoleCommand({ RoleName: 'no-permissions', AssumeRolePolicyDocument: trust }));
  const s = await new STSClient(em.sdkConfig()).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/no-permissions`, RoleSessionName: 'generated' }));
  const nobody: Credentials = { accessKeyId: s.Credentials!.AccessKeyId!, secretAccessKey: s.Credentials!.SecretAccessKey!, sessionToken: s.Credentials!.SessionToken! };
  const providers = new Map(applicationProviders({ lambdaRuntime: {} as LambdaRuntime }).map((p) => [p.name, p]));
  const { iamProvider } = await import('../services/iam/provider');
  const { stsProvider } = await import('../services/sts/provider');
  providers.set('iam', iamProvider);
  providers.set('sts', stsProvider);

  for (const service of SERVICES) {
    const model = (await loadModel(service))!;
    const implemented = Object.keys(providers.get(service)!.operations).filter((o) => model.operations[o]);
    const cases = implemented.flatMap((o) => casesFor(model, service, o));
    const validationCode = model.metadata.protocol === 'query' ? 'ValidationError' : 'ValidationException';
    it(`${service}: ${cases.length} broken inputs over ${implemented.length} operations`, async () => {
      expect(cases.length).toBeGreaterThan(implemented.length / 2);
      if (service === 'iam') expect(cases.find((c) => c.operation === 'AttachRolePolicy' && c.constraint === 'ARN syntax')).toBeDefined();
      if (service === 'sts') expect(cases.find((c) => c.operation === 'AssumeRole' && c.constraint === 'ARN syntax')).toBeDefined();
      const wrong: string[] = [];
      for (const c of cases) {
        const r = await send(em, nobody, service, wire(model, service, c.operation, c.input));
        if (r.status !== 400 || r.code !== validationCode || !r.message.includes(c.expect)) {
          wrong.push(`${c.operation} ${c.member} (${c.constraint}): ${r.status} ${r.code} ${r.message}`);
        }
      }
      expect(wrong).toEqual([]);
    });
  }
});
