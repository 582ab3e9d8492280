/**
 * The builder model under test, whatever it came from: a CloudFormation template (deployed, then read back from
 * IAM) or a builder policy and a boundary given as files. Bad input is a BatteryInputError (the CLI's exit 2)
 * with the line and column of malformed JSON/YAML and IAM's own validation message for a policy IAM would refuse.
 */
import { parse as parseJsonc, type ParseError } from 'jsonc-parser';
import { parseTemplate, type Template } from '../emulator/cloudformation/template';
import { validatePolicyDocument } from '../iam';

export class BatteryInputError extends Error {
  override name = 'BatteryInputError';
}

export type PolicyDocument = { Version?: string; Statement: Statement[] | Statement; Id?: string };
export type Statement = Record<string, any> & { Effect: 'Allow' | 'Deny' };

export interface BuilderPolicy {
  kind: 'managed' | 'inline';
  name: string;
  path: string;
  document: PolicyDocument;
}

export interface BuilderModel {
  accountId: string;
  /** Where the model came from, for the report (file names). */
  source: string;
  builderRole: { name: string; path: string; trust: PolicyDocument };
  /** The builder's own customer policies; the first is "the builder policy" fixes change. */
  policies: BuilderPolicy[];
  /** AWS managed policies attached to the builder role (kept as they are). */
  awsManagedPolicyArns: string[];
  /** A permissions boundary on the builder role itself, when the model puts one there. */
  builderBoundaryArn?: string;
  /** The boundary builders must attach to the roles they make. */
  boundary?: { name: string; path: string; document: PolicyDocument };
  /** Where builders may make roles and policies (from the builder policy; the blog's paths otherwise). */
  rolePath: string;
  policyPath: string;
}

export type BatteryInput =
  | { template: string; templateName?: string; builderRole?: string }
  | { builderPolicy: string; boundary: string; builderPolicyName?: string; boundaryName?: string };

export const DEFAULT_ACCOUNT = '123456789012';

export const statementsOf = (doc: PolicyDocument): Statement[] => (Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement]);
const list = (v: unknown): string[] => (v === undefined ? [] : Array.isArray(v) ? v.map(String) : [String(v)]);

/**
 * Where JSON text first goes wrong, as ` (line L, column C)`. V8's JSON.parse no longer always says where, so
 * jsonc-parser (Microsoft's, the VS Code JSON parser) finds the offset in strict mode.
 */
export function jsonErrorPosition(text: string): string {
  const errors: ParseError[] = [];
  parseJsonc(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const offset = errors[0]?.offset ?? text.length;
  const before = text.slice(0, offset);
  return ` (line ${before.split('\n').length}, column ${offset - before.lastIndexOf('\n')})`;
}

export function parseJsonWithPosition(text: string, name: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new BatteryInputError(`${name}: JSON not well-formed.${jsonErrorPosition(text)}`);
  }
}

/** The template checked as CloudFormation checks it (its own messages, with line and column). */
export function checkTemplate(text: string, name: string, builderRole?: string): { template: Template; roleLogicalId: string } {
  let template: Template;
  try {
    template = parseTemplate(text);
  } catch (e) {
    let message = e instanceof Error ? e.message : String(e);
    // AWS difference: CloudFormation's parser always says where JSON goes wrong; ours cannot on newer V8.
    if (/JSON not well-formed\.$/.test(message)) message += jsonErrorPosition(text);
    throw new BatteryInputError(`${name}: ${message}`);
  }
  const roles = Object.entries(template.Resources ?? {}).filter(([, r]) => r?.Type === 'AWS::IAM::Role');
  if (roles.length === 0) throw new BatteryInputError(`${name}: the template makes no builder role (no resource of type AWS::IAM::Role).`);
  const names = roles.map(([id, r]) => ({ id, roleName: typeof r.Properties?.RoleName === 'string' ? (r.Properties.RoleName as string) : undefined }));
  if (builderRole) {
    const hit = names.find((n) => n.id === builderRole || n.roleName === builderRole);
    if (!hit) throw new BatteryInputError(`${name}: no AWS::IAM::Role named ${builderRole} (the template's roles: ${names.map((n) => n.roleName ?? n.id).join(', ')}).`);
    return { template, roleLogicalId: hit.id };
  }
  if (roles.length > 1) {
    throw new BatteryInputError(`${name}: the template makes ${roles.length} roles (${names.map((n) => n.roleName ?? n.id).join(', ')}); say which is the builder's with --builder-role NAME.`);
  }
  return { template, roleLogicalId: roles[0][0] };
}

/** A policy file read as IAM reads a document it is given: its own MalformedPolicyDocument messages. */
export function checkPolicy(text: string, name: string, operation: 'CreatePolicy'): PolicyDocument {
  const doc = parseJsonWithPosition(text, name);
  const result = validatePolicyDocument(JSON.stringify(doc), 'identity');
  if (!result.ok) {
    throw new BatteryInputError(`${name}: An error occurred (${result.code ?? 'MalformedPolicyDocument'}) when calling the ${operation} operation: ${result.message}`);
  }
  return doc as PolicyDocument;
}

/** The boundary ARN(s) the builder policy requires on role writes (`iam:PermissionsBoundary` condition values). */
export function requiredBoundaryArns(docs: PolicyDocument[]): string[] {
  const out = new Set<string>();
  for (const doc of docs) {
    for (const s of statementsOf(doc)) {
      for (const block of Object.values(s.Condition ?? {}) as Record<string, unknown>[]) {
        for (const [key, value] of Object.entries(block ?? {})) if (key.toLowerCase() === 'iam:permissionsboundary') list(value).forEach((v) => out.add(v));
      }
    }
  }
  return [...out];
}

/** The path in `…:role/<path>/*` (or `policy/`) of the builder policy's CreateRole (CreatePolicy) grant. */
export function grantedPath(docs: PolicyDocument[], action: string, kind: 'role' | 'policy', fallback: string): string {
  for (const doc of docs) {
    for (const s of statementsOf(doc)) {
      if (s.Effect !== 'Allow' || !list(s.Action).some((a) => a.toLowerCase() === action.toLowerCase())) continue;
      for (const r of list(s.Resource)) {
        const m = new RegExp(`:${kind}(/.+/)\\*$`).exec(r);
        if (m) return m[1];
      }
    }
  }
  return fallback;
}

export function splitPolicyArn(arn: string): { accountId: string; path: string; name: string } | undefined {
  const m = /^arn:aws[\w-]*:iam::(\d{12}|aws):policy(\/(?:.*\/)?)([^/]+)$/.exec(arn);
  return m ? { accountId: m[1], path: m[2], name: m[3] } : undefined;
}

/** Where a builder policy given as a file lives: the path its own protecting Deny names, or /builder_policies/. */
function builderPolicyPath(doc: PolicyDocument, boundaryPath: string): string {
  for (const s of statementsOf(doc)) {
    if (s.Effect !== 'Deny' || !list(s.Action).some((a) => /^iam:CreatePolicyVersion$/i.test(a))) continue;
    for (const r of list(s.Resource)) {
      const m = /:policy(\/(?:.+\/)?)\*$/.exec(r);
      if (m && m[1] !== boundaryPath) return m[1];
    }
  }
  return '/builder_policies/';
}

/** A model from a builder policy and a boundary file: deployed as the blog deploys them, under the account their ARNs name. */
export function modelFromPolicies(input: { builderPolicy: string; boundary: string; builderPolicyName?: string; boundaryName?: string }): BuilderModel {
  const policyFile = input.builderPolicyName ?? 'builder policy';
  const boundaryFile = input.boundaryName ?? 'boundary';
  const builder = checkPolicy(input.builderPolicy, policyFile, 'CreatePolicy');
  const boundaryDoc = checkPolicy(input.boundary, boundaryFile, 'CreatePolicy');
  const required = requiredBoundaryArns([builder]).map(splitPolicyArn).find((p) => p !== undefined);
  const accountId = required?.accountId ?? /arn:aws[\w-]*:\w+:[\w-]*:(\d{12}):/.exec(input.builderPolicy)?.[1] ?? DEFAULT_ACCOUNT;
  const boundary = { name: required?.name ?? 'application-boundary', path: required?.path ?? '/permissions_boundaries/', document: boundaryDoc };
  return {
    accountId,
    source: `${policyFile} + ${boundaryFile}`,
    builderRole: {
      name: 'builder',
      path: '/',
      trust: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${accountId}:root` }, Action: 'sts:AssumeRole' }] },
    },
    policies: [{ kind: 'managed', name: 'builder', path: builderPolicyPath(builder, boundary.path), document: builder }],
    awsManagedPolicyArns: [],
    boundary,
    rolePath: grantedPath([builder], 'iam:CreateRole', 'role', '/application_roles/'),
    policyPath: grantedPath([builder], 'iam:CreatePolicy', 'policy', '/application_policies/'),
  };
}

export const policyArn = (m: BuilderModel, p: { path: string; name: string }) => `arn:aws:iam::${m.accountId}:policy${p.path}${p.name}`;
export const boundaryArn = (m: BuilderModel) => (m.boundary ? policyArn(m, m.boundary) : undefined);
export const builderRoleArn = (m: BuilderModel) => `arn:aws:iam::${m.accountId}:role${m.builderRole.path}${m.builderRole.name}`;
