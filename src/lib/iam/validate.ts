/**
 * Validation as IAM does when a policy is written (CreatePolicy, PutRolePolicy, CreateRole …): the first problem
 * found, in IAM's MalformedPolicyDocument wording, and the size quotas.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
 */
import type { PolicyKind, ValidationResult } from './api';
import { parseOperator } from './conditions';

export const MANAGED_POLICY_LIMIT = 6_144;
export const INLINE_ROLE_POLICY_TOTAL_LIMIT = 10_240;
export const TRUST_POLICY_LIMIT = 2_048;
export const SCP_LIMIT = 5_120;

/** IAM counts policy size in characters, whitespace excluded. */
export const policySize = (text: string): number => text.replace(/\s+/g, '').length;

/**
 * The LimitExceeded message when adding or replacing an inline policy would take a role's inline policies over
 * 10,240 characters; `policies` are all the role's inline policy documents after the change.
 */
export function inlinePolicySizeError(roleName: string, policies: string[]): string | undefined {
  const total = policies.reduce((n, p) => n + policySize(p), 0);
  return total > INLINE_ROLE_POLICY_TOTAL_LIMIT
    ? `Maximum policy size of ${INLINE_ROLE_POLICY_TOTAL_LIMIT} bytes exceeded for role ${roleName}`
    : undefined;
}

const SYNTAX = 'Syntax errors in policy.';
const LEGACY = 'The policy failed legacy parsing';
const TOP = new Set(['Version', 'Id', 'Statement']);
const STATEMENT_KEYS = new Set(['Sid', 'Effect', 'Action', 'NotAction', 'Resource', 'NotResource', 'Principal', 'NotPrincipal', 'Condition']);
const PRINCIPAL_KEYS = new Set(['AWS', 'Service', 'Federated', 'CanonicalUser']);

class Invalid extends Error {
  constructor(message: string, readonly code: 'MalformedPolicyDocument' | 'LimitExceeded' = 'MalformedPolicyDocument') {
    super(message);
  }
}

const isStringList = (v: unknown): v is string | string[] =>
  typeof v === 'string' || (Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'string'));

function checkActions(actions: string[], kind: PolicyKind) {
  for (const a of actions) {
    if (a === '*') continue;
    const parts = a.split(':');
    if (parts.length < 2) throw new Invalid('Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.');
    if (parts.length > 2) throw new Invalid('Actions/Condition can contain only one colon.');
    if (/[*?]/.test(parts[0])) throw new Invalid('Action vendors (e.g., aws, ec2, etc.) must not contain wildcards');
    if (!/^[a-zA-Z0-9-]+$/.test(parts[0])) throw new Invalid(`Vendor ${parts[0]} is not valid`);
    if (kind === 'trust' && !/^sts:(AssumeRole\w*|TagSession|SetSourceIdentity|SetContext|\*)$/i.test(a)) {
      throw new Invalid('AssumeRole policy may only specify STS AssumeRole actions.');
    }
  }
}

function checkResources(resources: string[]) {
  for (const r of resources) {
    if (r !== '*' && !r.startsWith('arn:')) throw new Invalid(`Resource ${r} must be in ARN format or "*".`);
  }
}

function checkPrincipal(p: unknown) {
  if (p === '*') return;
  if (typeof p !== 'object' || p === null || Array.isArray(p) || Object.keys(p).length === 0) throw new Invalid(SYNTAX);
  for (const [k, v] of Object.entries(p)) {
    if (!PRINCIPAL_KEYS.has(k) || !isStringList(v)) throw new Invalid(SYNTAX);
    if (k === 'AWS') {
      for (const a of Array.isArray(v) ? v : [v]) {
        if (a !== '*' && !/^\d{12}$/.test(a) && !/^arn:[^:]+:(iam|sts)::(\d{12}|aws):.+/.test(a)) {
          throw new Invalid(`Invalid principal in policy: "AWS":"${a}"`);
        }
      }
    }
  }
}

function checkCondition(c: unknown) {
  if (typeof c !== 'object' || c === null || Array.isArray(c)) throw new Invalid(SYNTAX);
  for (const [operator, block] of Object.entries(c)) {
    if (!parseOperator(operator).base) throw new Invalid(`Invalid Condition type : ${operator}`);
    if (typeof block !== 'object' || block === null || Array.isArray(block)) throw new Invalid(SYNTAX);
    for (const [key, values] of Object.entries(block)) {
      if (!key.includes(':')) throw new Invalid('Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.');
      const list = Array.isArray(values) ? values : [values];
      if (!list.every((v) => ['string', 'number', 'boolean'].includes(typeof v))) throw new Invalid(SYNTAX);
    }
  }
}

function checkStatement(s: unknown, kind: PolicyKind, sids: Set<string>) {
  if (typeof s !== 'object' || s === null || Array.isArray(s)) throw new Invalid(SYNTAX);
  const st = s as Record<string, unknown>;
  for (const k of Object.keys(st)) if (!STATEMENT_KEYS.has(k)) throw new Invalid(SYNTAX);
  if (st.Sid !== undefined) {
    if (typeof st.Sid !== 'string') throw new Invalid(SYNTAX);
    if ((kind === 'identity' || kind === 'boundary') && !/^[0-9A-Za-z]*$/.test(st.Sid)) {
      throw new Invalid('Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*');
    }
    if (st.Sid !== '' && sids.has(st.Sid)) throw new Invalid('Statement IDs (SID) in a single policy must be unique.');
    sids.add(st.Sid);
  }
  if (st.Effect === undefined) throw new Invalid(SYNTAX);
  if (st.Effect !== 'Allow' && st.Effect !== 'Deny') throw new Invalid(LEGACY);
  if (st.Action !== undefined && st.NotAction !== undefined) throw new Invalid(SYNTAX);
  if (st.Resource !== undefined && st.NotResource !== undefined) throw new Invalid(SYNTAX);
  if (st.Principal !== undefined && st.NotPrincipal !== undefined) throw new Invalid(SYNTAX);
  const actions = st.Action ?? st.NotAction;
  if (actions === undefined) throw new Invalid('Policy statement must contain actions.');
  if (!isStringList(actions)) throw new Invalid(SYNTAX);
  const principal = st.Principal ?? st.NotPrincipal;
  if (kind === 'identity' || kind === 'boundary' || kind === 'scp') {
    if (principal !== undefined) throw new Invalid('Policy document should not specify a principal.');
  } else if (principal === undefined) throw new Invalid('Missing required field Principal');
  else checkPrincipal(principal);
  const resources = st.Resource ?? st.NotResource;
  if (kind === 'trust') {
    if (resources !== undefined) throw new Invalid(`Has prohibited field ${st.Resource !== undefined ? 'Resource' : 'NotResource'}`);
  } else if (resources === undefined) throw new Invalid('Policy statement must contain resources.');
  else if (!isStringList(resources)) throw new Invalid(SYNTAX);
  checkActions(Array.isArray(actions) ? actions : [actions], kind);
  if (resources !== undefined) checkResources(Array.isArray(resources) ? (resources as string[]) : [resources as string]);
  if (st.Condition !== undefined) checkCondition(st.Condition);
}

function limitFor(kind: PolicyKind): { limit: number; quota: string } | undefined {
  if (kind === 'identity' || kind === 'boundary') return { limit: MANAGED_POLICY_LIMIT, quota: 'PolicySize' };
  if (kind === 'trust') return { limit: TRUST_POLICY_LIMIT, quota: 'ACLSizePerRole' };
  if (kind === 'scp') return { limit: SCP_LIMIT, quota: 'PolicySize' };
  return undefined;
}

/**
 * Validates a policy document as IAM does when it is written. For inline identity policies, the size that counts
 * is the role's total: check it with inlinePolicySizeError.
 */
export function validatePolicyDocument(text: string, kind: PolicyKind): ValidationResult {
  try {
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch {
      throw new Invalid('This policy contains invalid Json');
    }
    if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new Invalid(SYNTAX);
    const d = doc as Record<string, unknown>;
    for (const k of Object.keys(d)) if (!TOP.has(k)) throw new Invalid(SYNTAX);
    if (d.Version !== undefined && d.Version !== '2012-10-17' && d.Version !== '2008-10-17') throw new Invalid(LEGACY);
    if (d.Id !== undefined && typeof d.Id !== 'string') throw new Invalid(SYNTAX);
    if (d.Statement === undefined) throw new Invalid(SYNTAX);
    const statements = Array.isArray(d.Statement) ? d.Statement : [d.Statement];
    if (statements.length === 0) throw new Invalid(SYNTAX);
    const sids = new Set<string>();
    for (const s of statements) checkStatement(s, kind, sids);
    const limit = limitFor(kind);
    if (limit && policySize(text) > limit.limit) {
      throw new Invalid(`Cannot exceed quota for ${limit.quota}: ${limit.limit}`, 'LimitExceeded');
    }
    return { ok: true };
  } catch (e) {
    if (e instanceof Invalid) return { ok: false, message: e.message, code: e.code };
    throw e;
  }
}
