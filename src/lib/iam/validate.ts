/**
 * Validation as IAM does when a policy is written (CreatePolicy, PutRolePolicy, CreateRole …): the first problem
 * found, in IAM's MalformedPolicyDocument wording and in IAM's order of checks, and the size quotas.
 * The order and wording follow the responses moto recorded from IAM (getmoto/moto, tests/test_iam/
 * test_iam_policies.py); trust-policy messages follow IAM's CreateRole / UpdateAssumeRolePolicy errors.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
 */
import type { PolicyKind, ValidationResult } from './api';
import { OPERATORS } from './conditions';

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
const INVALID_JSON = 'This policy contains invalid Json';
const LEGACY = 'The policy failed legacy parsing';
const TOP = new Set(['Version', 'Id', 'Statement']);
const STATEMENT_KEYS = new Set(['Sid', 'Effect', 'Action', 'NotAction', 'Resource', 'NotResource', 'Principal', 'NotPrincipal', 'Condition']);
const PRINCIPAL_KEYS = new Set(['AWS', 'Service', 'Federated', 'CanonicalUser']);
const PARTITIONS = new Set(['aws', 'aws-cn', 'aws-us-gov', 'aws-iso', 'aws-iso-b', 'aws-iso-e', 'aws-iso-f', 'aws-eusc', '*']);
const IAM_PATHS = ['user/', 'federated-user/', 'role/', 'group/', 'instance-profile/', 'mfa/', 'server-certificate/', 'policy/', 'sms-mfa/', 'saml-provider/', 'oidc-provider/', 'report/', 'access-report/'];

class Invalid extends Error {
  constructor(message: string, readonly code: 'MalformedPolicyDocument' | 'LimitExceeded' = 'MalformedPolicyDocument') {
    super(message);
  }
}

function check(ok: unknown, message: string): asserts ok {
  if (!ok) throw new Invalid(message);
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStringOrStrings = (v: unknown) => typeof v === 'string' || (Array.isArray(v) && v.every((x) => typeof x === 'string'));
const list = (v: unknown): string[] => (v === undefined ? [] : Array.isArray(v) ? (v as string[]) : [v as string]);
const isIdentityKind = (kind: PolicyKind) => kind === 'identity' || kind === 'boundary' || kind === 'scp';

function baseOperator(op: string): string {
  return op.replace(/^(ForAnyValue|ForAllValues):/, '').replace(/IfExists$/, '');
}

/** Grammar: element names and JSON types. */
function checkSyntax(d: Json, kind: PolicyKind): Json[] {
  for (const k of Object.keys(d)) check(TOP.has(k), SYNTAX);
  if (d.Version !== undefined) check(d.Version === '2012-10-17' || d.Version === '2008-10-17', SYNTAX);
  if (d.Id !== undefined) check(typeof d.Id === 'string', SYNTAX);
  check(isObject(d.Statement) || Array.isArray(d.Statement), SYNTAX);
  const statements = (Array.isArray(d.Statement) ? d.Statement : [d.Statement]) as unknown[];
  check(statements.length > 0, SYNTAX);
  for (const s of statements) {
    check(isObject(s), SYNTAX);
    for (const k of Object.keys(s)) {
      if ((k === 'Principal' || k === 'NotPrincipal') && isIdentityKind(kind)) throw new Invalid('Policy document should not specify a principal.');
      check(STATEMENT_KEYS.has(k), SYNTAX);
    }
    check(!('Resource' in s && 'NotResource' in s), SYNTAX);
    check(!('Action' in s && 'NotAction' in s), SYNTAX);
    check(!('Principal' in s && 'NotPrincipal' in s), SYNTAX);
    check(typeof s.Effect === 'string' && ['allow', 'deny'].includes(s.Effect.toLowerCase()), SYNTAX);
    for (const k of ['Action', 'NotAction', 'Resource', 'NotResource']) if (k in s) check(isStringOrStrings(s[k]), SYNTAX);
    if ('Sid' in s) check(typeof s.Sid === 'string', SYNTAX);
    if ('Condition' in s) {
      check(isObject(s.Condition), SYNTAX);
      for (const [op, block] of Object.entries(s.Condition)) {
        check(isObject(block), SYNTAX);
        for (const v of Object.values(block)) check(typeof v === 'string' || Array.isArray(v) || typeof v === 'number' || typeof v === 'boolean', SYNTAX);
        // An unknown operator is tolerated only with an empty block.
        if (!OPERATORS[baseOperator(op).toLowerCase()] || /::/.test(op)) check(Object.keys(block).length === 0, SYNTAX);
      }
    }
  }
  return statements as Json[];
}

/** Date condition values IAM's legacy parser accepts: ISO 8601 date-times or epoch seconds. */
function legacyDate(value: string): boolean {
  const v = value.toLowerCase();
  if (!v.includes('t') && !v.includes('-')) return /^\d+$/.test(v) && BigInt(v) <= 9223372036854775807n;
  const [datePart, , timePart = ''] = [v.slice(0, v.indexOf('t') === -1 ? v.length : v.indexOf('t')), 't', v.indexOf('t') === -1 ? '' : v.slice(v.indexOf('t') + 1)];
  const negative = datePart.startsWith('-');
  const dateParts = (negative ? datePart.slice(1) : datePart).split('-');
  const int = (s: string, lo: number, hi: number) => /^\d+$/.test(s) && Number(s) >= lo && Number(s) <= hi;
  if (dateParts.length > 3 || !/^\d+$/.test(dateParts[0])) return false;
  const year = Number(dateParts[0]) * (negative ? -1 : 1);
  if (year < -292275054 || year > 292278993) return false;
  if (dateParts.length > 1 && !int(dateParts[1], 1, 12)) return false;
  if (dateParts.length > 2 && !int(dateParts[2], 1, 31)) return false;
  const time = timePart.split(':');
  if (time[0] !== '' && !int(time[0], 0, 23)) return false;
  if (time.length > 1 && !int(time[1], 0, 59)) return false;
  if (time.length > 2) {
    let seconds = time.slice(2).join(':');
    if (seconds.includes('z')) {
      if (!seconds.endsWith('z') || seconds.indexOf('z') !== seconds.length - 1) return false;
      seconds = seconds.slice(0, -1);
    } else if (seconds.includes('+')) {
      const [s, zone] = [seconds.slice(0, seconds.indexOf('+')), seconds.slice(seconds.indexOf('+') + 1)];
      const [zh, zm] = zone.split(':');
      if (zh.length !== 2 || !int(zh, 0, 23)) return false;
      if (zm !== undefined && (zm.length !== 2 || !int(zm, 0, 59))) return false;
      seconds = s;
    }
    const [whole, fraction] = seconds.split('.');
    if (!int(whole, 0, 59)) return false;
    if (fraction !== undefined && !int(fraction, 0, 999999999)) return false;
  }
  return true;
}

/** The first resource-format error, IAM's wording (reported after the actions/resources presence checks). */
function resourceFormatError(resource: string): string | undefined {
  if (resource === '*') return undefined;
  const colon = resource.indexOf(':');
  if (colon === -1) return `Resource ${resource} must be in ARN format or "*".`;
  const afterArn = resource.slice(colon + 1);
  const c2 = afterArn.indexOf(':');
  const partition = c2 === -1 ? afterArn : afterArn.slice(0, c2);
  if (!PARTITIONS.has(partition)) {
    const rem = (c2 === -1 ? '' : afterArn.slice(c2 + 1)).split(':');
    const arn1 = rem[0] !== '' || rem.length > 1 ? rem[0] : '*';
    const arn2 = rem.length > 1 ? rem[1] : '*';
    const arn3 = rem.length > 2 ? rem[2] : '*';
    const arn4 = rem.length > 3 ? rem.slice(3).join(':') : '*';
    return `Partition "${partition}" is not valid for resource "arn:${partition}:${arn1}:${arn2}:${arn3}:${arn4}".`;
  }
  if (c2 === -1) return 'Resource vendor must be fully qualified and cannot contain regexes.';
  const afterPartition = afterArn.slice(c2 + 1);
  const c3 = afterPartition.indexOf(':');
  const service = c3 === -1 ? afterPartition : afterPartition.slice(0, c3);
  const afterService = c3 === -1 ? '' : afterPartition.slice(c3 + 1);
  if ((service === 'iam' || service === 's3') && !afterService.startsWith(':')) {
    return service === 'iam' ? `IAM resource ${resource} cannot contain region information.` : `Resource ${resource} can not contain region information.`;
  }
  if (service === 'iam') {
    const path = afterService.split(':').slice(2).join(':');
    if (path !== '*' && !IAM_PATHS.some((v) => path.startsWith(v))) {
      return `IAM resource path must either be "*" or start with ${IAM_PATHS.join(', ')}.`;
    }
  }
  return undefined;
}

/** ARNs IAM's legacy parser rejects: fewer than six parts once a `::` appears, or an empty service. */
function legacyResource(resource: string): boolean {
  if (resource === '*') return true;
  return ((resource.match(/:/g) ?? []).length >= 5 || !resource.includes('::')) && resource.split(':')[2] !== '';
}

function checkPrincipal(p: unknown) {
  if (p === '*') return;
  check(isObject(p) && Object.keys(p).length > 0, SYNTAX);
  for (const [k, v] of Object.entries(p)) {
    check(PRINCIPAL_KEYS.has(k) && isStringOrStrings(v), SYNTAX);
    if (k !== 'AWS') continue;
    for (const a of list(v)) {
      if (a !== '*' && !/^\d{12}$/.test(a) && !/^arn:[^:]+:(iam|sts)::(\d{12}|aws):.+/.test(a)) {
        throw new Invalid(`Invalid principal in policy: "AWS":"${a}"`);
      }
    }
  }
}

function validate(text: string, kind: PolicyKind): void {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    // IAM reads text that starts as JSON with a JSON parser and says so when it breaks; other text (a plain
    // sentence, the moto-recorded "This is not a json document") fails its policy grammar instead.
    throw new Invalid(/^\s*[{[]/.test(text) ? INVALID_JSON : SYNTAX);
  }
  check(isObject(doc), SYNTAX);
  const statements = checkSyntax(doc, kind);
  if (isIdentityKind(kind)) check(doc.Version === '2012-10-17', 'Policy document must be version 2012-10-17 or greater.');

  // Legacy parsing: Effect case, Date values, then resource shapes (unless a format error comes first).
  for (const s of statements) {
    check(s.Effect === 'Allow' || s.Effect === 'Deny', LEGACY);
    for (const [op, block] of Object.entries((s.Condition ?? {}) as Record<string, Json>)) {
      if (!baseOperator(op).startsWith('Date')) continue;
      for (const v of Object.values(block)) for (const x of list(v)) check(typeof x !== 'string' || legacyDate(x), LEGACY);
    }
  }
  let resourceError: string | undefined;
  for (const key of ['Resource', 'NotResource']) {
    for (const s of statements) {
      if (!(key in s)) continue;
      for (const r of [...list(s[key])].sort().reverse()) resourceError ??= resourceFormatError(r);
      if (resourceError === undefined) for (const r of list(s[key])) check(legacyResource(r), LEGACY);
    }
  }

  const sids = new Set<string>();
  for (const s of statements) {
    if (typeof s.Sid !== 'string' || s.Sid === '') continue;
    check(!sids.has(s.Sid), 'Statement IDs (SID) in a single policy must be unique.');
    sids.add(s.Sid);
    if (kind === 'identity' || kind === 'boundary') {
      check(/^[0-9A-Za-z]*$/.test(s.Sid), 'Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*');
    }
  }
  for (const s of statements) check(list(s.Action ?? s.NotAction).length > 0, 'Policy statement must contain actions.');

  if (kind === 'trust') {
    for (const s of statements) {
      check(s.Principal !== undefined || s.NotPrincipal !== undefined, 'Missing required field Principal');
      checkPrincipal(s.Principal ?? s.NotPrincipal);
      if (s.Resource !== undefined || s.NotResource !== undefined) throw new Invalid(`Has prohibited field ${s.Resource !== undefined ? 'Resource' : 'NotResource'}`);
      for (const a of list(s.Action ?? s.NotAction)) {
        check(/^sts:(AssumeRole\w*|TagSession|SetSourceIdentity|SetContext|\*)$/i.test(a), 'AssumeRole policy may only specify STS AssumeRole actions.');
      }
    }
  } else {
    if (kind === 'resource') {
      for (const s of statements) {
        check(s.Principal !== undefined || s.NotPrincipal !== undefined, 'Missing required field Principal');
        checkPrincipal(s.Principal ?? s.NotPrincipal);
      }
    }
    for (const s of statements) check(list(s.Resource ?? s.NotResource).length > 0, 'Policy statement must contain resources.');
    if (resourceError) throw new Invalid(resourceError);
  }

  for (const s of statements) {
    for (const a of list(s.Action ?? s.NotAction)) {
      const parts = a.split(':');
      if (parts.length === 1 && a !== '*') throw new Invalid('Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.');
      if (parts.length > 2) throw new Invalid('Actions/Condition can contain only one colon.');
      if (a === '*') continue;
      if (/[*?]/.test(parts[0])) throw new Invalid('Action vendors (e.g., aws, ec2, etc.) must not contain wildcards');
      if (/[^a-zA-Z0-9\-.]/.test(parts[0])) throw new Invalid(`Vendor ${parts[0]} is not valid`);
    }
  }
}

function limitFor(kind: PolicyKind): { limit: number; quota: string } | undefined {
  if (kind === 'identity' || kind === 'boundary') return { limit: MANAGED_POLICY_LIMIT, quota: 'PolicySize' };
  if (kind === 'trust') return { limit: TRUST_POLICY_LIMIT, quota: 'ACLSizePerRole' };
  if (kind === 'scp') return { limit: SCP_LIMIT, quota: 'PolicySize' };
  return undefined;
}

/**
 * Validates a policy document as IAM does when it is written. For inline identity policies the size that counts
 * is the role's total: check it with inlinePolicySizeError.
 */
export function validatePolicyDocument(text: string, kind: PolicyKind): ValidationResult {
  try {
    validate(text, kind);
    const limit = limitFor(kind);
    if (limit && policySize(text) > limit.limit) throw new Invalid(`Cannot exceed quota for ${limit.quota}: ${limit.limit}`, 'LimitExceeded');
    return { ok: true };
  } catch (e) {
    if (e instanceof Invalid) return { ok: false, message: e.message, code: e.code };
    throw e;
  }
}
