/**
 * AWS's policy evaluation logic: an explicit deny in any policy wins; SCPs must allow at every level; within an
 * account a resource-based policy or the identity-based policies can allow, the latter limited by the permissions
 * boundary and by session policies; across accounts both sides must allow.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
 */
import type {
  AuthorizationRequest,
  AuthorizationResult,
  ContextValue,
  Decision,
  NamedPolicy,
  PolicyType,
  PolicyTypeDecision,
  RequestPrincipal,
  StatementMatch,
} from './api';
import { evaluateCondition } from './conditions';
import { compilePolicy, statementActionMatch, type CompiledStatement, type PrincipalSpec } from './policy';
import type { RequestContext } from './variables';
import { matchArnPattern, splitArn, type ShortArnRule } from './wildcard';

/** How a resource-based policy statement's Principal matched the caller. */
const enum Kind {
  None = 0,
  /** The caller's account (`"111122223333"` or `arn:aws:iam::111122223333:root`): delegates to IAM policies. */
  Account = 1,
  /** The role (or user) behind the session, not the session itself. */
  SessionParent = 2,
  /** The caller itself (user ARN, role session ARN, service) or `*`. */
  Direct = 3,
}

interface Prepared {
  req: AuthorizationRequest;
  actionLower: string;
  resource: string;
  parts: string[] | undefined;
  ctx: Map<string, string | string[]>;
  missing: Set<string> | undefined;
  hasBoundary: boolean;
}

const scalar = (v: unknown): string =>
  typeof v === 'string' ? v : v instanceof Date ? v.toISOString().replace(/\.\d{3}Z$/, 'Z') : String(v);

const lowerKeys = new Map<string, string>();
const lower = (key: string): string => {
  let l = lowerKeys.get(key);
  if (l === undefined) {
    l = key.toLowerCase();
    if (lowerKeys.size > 10_000) lowerKeys.clear();
    lowerKeys.set(key, l);
  }
  return l;
};

function buildContext(req: AuthorizationRequest): Map<string, string | string[]> {
  const ctx = new Map<string, string | string[]>();
  for (const key in req.context) {
    const v = req.context[key] as ContextValue | undefined;
    if (v === undefined) continue;
    ctx.set(lower(key), typeof v === 'string' ? v : Array.isArray(v) ? (v as unknown[]).map(scalar) : scalar(v));
  }
  // Keys AWS always puts in the request context, when the caller did not.
  const p = req.principal;
  if (p.type !== 'Service' && p.type !== 'Anonymous') {
    if (!ctx.has('aws:principalarn')) ctx.set('aws:principalarn', p.roleArn ?? p.arn);
    if (!ctx.has('aws:principalaccount')) ctx.set('aws:principalaccount', p.accountId);
    if (!ctx.has('aws:principaltype')) ctx.set('aws:principaltype', p.type);
  }
  return ctx;
}

const ACCOUNT_ROOT = /^arn:[^:]+:iam::(\d{12}):root$/;

function isSessionOf(entry: string, p: RequestPrincipal): boolean {
  if (p.type === 'AssumedRole') {
    if (p.roleArn) return entry === p.roleArn;
    const parts = splitArn(p.arn);
    const e = splitArn(entry);
    if (!parts || !e || e[2] !== 'iam' || e[4] !== parts[4] || !e[5].startsWith('role/')) return false;
    const roleName = parts[5].split('/')[1];
    return e[5].slice(e[5].lastIndexOf('/') + 1).toLowerCase() === roleName?.toLowerCase();
  }
  if (p.type === 'FederatedUser') {
    const parts = splitArn(p.arn);
    return !!parts && entry === `arn:${parts[1]}:iam::${parts[4]}:user/${parts[5].slice(parts[5].indexOf('/') + 1)}`;
  }
  return false;
}

function principalKind(spec: PrincipalSpec, p: RequestPrincipal): { kind: Kind; entry?: string } {
  if (spec.wildcard) return { kind: Kind.Direct, entry: '*' };
  if (p.type === 'Service') {
    return spec.service.includes(p.arn) ? { kind: Kind.Direct, entry: p.arn } : { kind: Kind.None };
  }
  let best: { kind: Kind; entry?: string } = { kind: Kind.None };
  for (const a of spec.aws) {
    if (a === p.arn) return { kind: Kind.Direct, entry: a };
    if (best.kind < Kind.SessionParent && isSessionOf(a, p)) best = { kind: Kind.SessionParent, entry: a };
    else if (best.kind < Kind.Account && (a === p.accountId || ACCOUNT_ROOT.exec(a)?.[1] === p.accountId)) {
      best = { kind: Kind.Account, entry: a };
    }
  }
  if (best.kind !== Kind.None) return best;
  if (spec.federated.includes(p.arn)) return { kind: Kind.Direct, entry: p.arn };
  if (spec.canonicalUser.includes(p.arn)) return { kind: Kind.Direct, entry: p.arn };
  return best;
}

interface Matched {
  match: StatementMatch;
  kind: Kind;
  /** False for a near miss: everything but the condition matched. */
  matched: boolean;
}

function matchStatement(
  cs: CompiledStatement,
  type: PolicyType,
  policyId: string,
  p: Prepared,
  shortRule: ShortArnRule,
): Matched | undefined {
  const action = statementActionMatch(cs, p.actionLower);
  if (action === undefined) return undefined;
  let resource = '';
  if (cs.resources) {
    if (cs.notResource) {
      // A pattern whose policy variable has no value makes the whole NotResource fail to match.
      for (const r of cs.resources) if (matchArnPattern(r, p.resource, p.parts, p.ctx, shortRule) !== false) return undefined;
      resource = `NotResource ${cs.resources.map((r) => r.source).join(', ')}`;
    } else {
      let hit: string | undefined;
      for (const r of cs.resources) {
        if (matchArnPattern(r, p.resource, p.parts, p.ctx, shortRule) === true) {
          hit = r.source;
          break;
        }
      }
      if (hit === undefined) return undefined;
      resource = hit;
    }
  }
  let kind = Kind.Direct;
  let principal: string | undefined;
  const s = cs.statement;
  if (type === 'resource-based' || type === 'role trust') {
    if (s.principal) {
      const k = principalKind(s.principal, p.req.principal);
      kind = k.kind;
      principal = k.entry;
    } else if (s.notPrincipal) {
      // A Deny with NotPrincipal always applies to a principal that has a permissions boundary
      // (access_policies_boundaries.html, "Resource-based policies").
      if (s.effect === 'Deny' && p.hasBoundary) kind = Kind.Direct;
      else kind = principalKind(s.notPrincipal, p.req.principal).kind === Kind.None ? Kind.Direct : Kind.None;
      principal = 'NotPrincipal';
    } else kind = Kind.None;
    if (kind === Kind.None) return undefined;
  }
  for (const c of cs.conditions) {
    if (!p.ctx.has(c.keyLower)) (p.missing ??= new Set()).add(c.key);
  }
  let matched = true;
  for (const c of cs.conditions) {
    if (!evaluateCondition(c, p.ctx)) {
      matched = false;
      break;
    }
  }
  return {
    kind,
    matched,
    match: {
      policyType: type,
      policyId,
      sid: s.sid,
      statementIndex: s.index,
      effect: s.effect,
      action,
      resource,
      ...(principal !== undefined ? { principal } : {}),
      conditions: cs.conditions.map((c) => {
        const v = p.ctx.get(c.keyLower);
        return {
          operator: c.operator,
          key: c.key,
          policyValues: c.values,
          requestValues: v === undefined ? undefined : typeof v === 'string' ? [v] : v,
          matched: matched || evaluateCondition(c, p.ctx),
        };
      }),
    },
  };
}

interface SetResult {
  type: PolicyType;
  decision: Decision;
  matches: StatementMatch[];
  misses?: StatementMatch[];
  denyPolicyId?: string;
  /** Resource-based only: the strongest principal match of an Allow, and whether one named the caller itself. */
  allowKind: Kind;
  namesCaller: boolean;
}

function evaluateSet(type: PolicyType, policies: NamedPolicy[], p: Prepared, shortRule: ShortArnRule): SetResult {
  const r: SetResult = { type, decision: 'ImplicitDeny', matches: [], allowKind: Kind.None, namesCaller: false };
  let allowed = false;
  for (const np of policies) {
    const compiled = compilePolicy(np.document);
    for (const cs of compiled.statements) {
      const m = matchStatement(cs, type, np.id, p, shortRule);
      if (!m) continue;
      if (!m.matched) {
        (r.misses ??= []).push(m.match);
        continue;
      }
      r.matches.push(m.match);
      if (m.match.effect === 'Deny') {
        if (r.denyPolicyId === undefined) r.denyPolicyId = np.id;
      } else {
        allowed = true;
        if (m.kind > r.allowKind) r.allowKind = m.kind;
        if (m.kind === Kind.Direct && m.match.principal === p.req.principal.arn) r.namesCaller = true;
      }
    }
  }
  r.decision = r.denyPolicyId !== undefined ? 'ExplicitDeny' : allowed ? 'Allowed' : 'ImplicitDeny';
  return r;
}

function evaluateScps(levels: NamedPolicy[][], p: Prepared): SetResult {
  const r: SetResult = { type: 'service control', decision: 'Allowed', matches: [], allowKind: Kind.None, namesCaller: false };
  let everyLevel = true;
  for (const level of levels) {
    const l = evaluateSet('service control', level, p, 'scp');
    r.matches.push(...l.matches);
    if (l.misses) (r.misses ??= []).push(...l.misses);
    if (l.denyPolicyId !== undefined && r.denyPolicyId === undefined) r.denyPolicyId = l.denyPolicyId;
    if (l.decision !== 'Allowed') everyLevel = false;
  }
  r.decision = r.denyPolicyId !== undefined ? 'ExplicitDeny' : everyLevel ? 'Allowed' : 'ImplicitDeny';
  return r;
}

function decide(sets: SetResult[], p: Prepared, decision: Decision, decidingPolicyType?: PolicyType, decidingPolicyId?: string): AuthorizationResult {
  const details: PolicyTypeDecision[] = [];
  for (const s of sets) {
    const d: PolicyTypeDecision = { policyType: s.type, decision: s.decision, matches: s.matches };
    if (s.misses) d.conditionMisses = s.misses;
    details.push(d);
  }
  const r: AuthorizationResult = { decision, details, missingContextValues: p.missing ? [...p.missing] : [] };
  if (decidingPolicyType) r.decidingPolicyType = decidingPolicyType;
  if (decidingPolicyId !== undefined) r.decidingPolicyId = decidingPolicyId;
  return r;
}

/**
 * Decides a request as AWS does and says why. Policy documents are compiled once and cached (by string, or by
 * object identity). Throws PolicySyntaxError for a document that is not JSON: validate documents when written.
 */
export function authorize(req: AuthorizationRequest): AuthorizationResult {
  const p: Prepared = {
    req,
    actionLower: lower(req.action),
    resource: req.resource,
    parts: req.resource === '*' ? undefined : splitArn(req.resource),
    ctx: buildContext(req),
    missing: undefined,
    hasBoundary: req.permissionsBoundary !== undefined,
  };
  const principal = req.principal;
  // The only resource-based policy STS has is a role's trust policy.
  const isTrust = req.resourcePolicyType ? req.resourcePolicyType === 'role trust' : p.actionLower.startsWith('sts:');
  const trustType: PolicyType = isTrust ? 'role trust' : 'resource-based';

  const scp = req.serviceControlPolicies && req.serviceControlPolicies.length > 0 ? evaluateScps(req.serviceControlPolicies, p) : undefined;
  const rp = req.resourcePolicy ? evaluateSet(trustType, [req.resourcePolicy], p, 'resource') : undefined;
  // Service principals and anonymous callers have no identity-based policies: only a resource-based policy grants.
  const isService = principal.type === 'Service' || principal.type === 'Anonymous';
  const id = isService ? undefined : evaluateSet('identity-based', req.identityPolicies, p, 'expand');
  const pb = req.permissionsBoundary && !isService ? evaluateSet('permissions boundary', [req.permissionsBoundary], p, 'expand') : undefined;
  const sess = req.sessionPolicies && !isService ? evaluateSet('session', req.sessionPolicies, p, 'expand') : undefined;

  const sets: SetResult[] = [];
  for (const s of [scp, rp, id, pb, sess]) if (s) sets.push(s);
  const result = decide.bind(null, sets, p);

  // 1. An explicit deny in any policy wins. AWS names one policy type (undocumented which); we name the first.
  for (const s of sets) if (s.decision === 'ExplicitDeny') return result('ExplicitDeny', s.type, s.denyPolicyId);

  // 2. SCPs must allow at every level of the organization.
  if (scp && scp.decision !== 'Allowed') return result('ImplicitDeny', 'service control');

  // 3. A service principal (or an anonymous caller) is allowed by the resource-based policy alone.
  if (isService) {
    return rp && rp.allowKind === Kind.Direct ? result('Allowed', trustType) : result('ImplicitDeny', trustType);
  }

  const sameAccount = (req.resourceAccount ?? principal.accountId) === principal.accountId;
  const boundaryOk = !pb || pb.decision === 'Allowed';
  const sessionOk = !sess || sess.decision === 'Allowed';
  const identityOk = id!.decision === 'Allowed';
  const rpDirect = !!rp && rp.allowKind >= Kind.SessionParent;
  const rpAccount = !!rp && rp.allowKind >= Kind.Account;

  if (sameAccount) {
    // STS: a trust policy must trust the account before identity-based policies can allow AssumeRole.
    const identityTrusted = !rp || trustType !== 'role trust' || rpAccount;
    if (identityOk && identityTrusted && boundaryOk && sessionOk) return result('Allowed', 'identity-based');
    if (rpDirect) {
      // A resource-based policy that names the user or role session itself is not limited by an implicit deny in
      // the permissions boundary (access_policies_boundaries.html) nor by the session policy
      // (access_policies.html#policies_session); naming the role does not escape either.
      // AWS difference: `"Principal": "*"` counts as naming the caller here, as iam-simulate does; AWS's
      // documentation speaks only of user and session ARNs (DEVIATIONS.md).
      const escapesBoundary = rp!.allowKind === Kind.Direct;
      const escapesSession = rp!.namesCaller;
      if ((boundaryOk || escapesBoundary) && (sessionOk || escapesSession)) return result('Allowed', trustType);
      // The resource-based policy allowed: name what stopped it.
      return result('ImplicitDeny', boundaryOk || escapesBoundary ? 'session' : 'permissions boundary');
    }
    // Which policy type AWS reports for the implicit deny.
    if (rp && trustType === 'role trust' && !rpDirect && !rpAccount) return result('ImplicitDeny', 'role trust');
    if (!identityOk) return result('ImplicitDeny', 'identity-based');
    if (!boundaryOk) return result('ImplicitDeny', 'permissions boundary');
    if (!sessionOk) return result('ImplicitDeny', 'session');
    return result('ImplicitDeny', trustType);
  }

  // Cross-account: the resource-based policy must allow and so must the caller's own policies.
  if (!rpAccount) return result('ImplicitDeny', trustType);
  if (!identityOk) return result('ImplicitDeny', 'identity-based');
  if (!boundaryOk) return result('ImplicitDeny', 'permissions boundary');
  if (!sessionOk) return result('ImplicitDeny', 'session');
  return result('Allowed', 'identity-based');
}
