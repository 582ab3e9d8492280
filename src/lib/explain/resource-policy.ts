/**
 * The resource-based policy's part in "Why denied?": whom it named (the caller itself, its role, its account,
 * everyone), whether that grant escapes the permissions boundary and session policies, and the words that draw the
 * difference. The rules are IAM's (access_policies_boundaries.html, "Resource-based policies";
 * reference_policies_evaluation-logic.html), as the engine applies them.
 */
import type { AuthorizationRequest, AuthorizationResult } from '../iam/api';

/** What the matching Allow of the resource-based policy named. */
export type Named = 'session' | 'user' | 'caller' | 'role' | 'account' | 'everyone' | 'service';

export interface ResourcePolicyPart {
  /** The policy (its id, e.g. the bucket ARN). */
  policy: string;
  decision: 'Allowed' | 'ImplicitDeny' | 'ExplicitDeny';
  /** For an Allow that matched: whom it named, and the Principal entry itself. */
  named?: Named;
  principal?: string;
  sameAccount: boolean;
  /** Whether the grant, on its own, is limited by the permissions boundary (and session policies). */
  limitedByBoundary?: boolean;
  words: string;
}

function namedKind(entry: string, req: AuthorizationRequest): Named {
  const p = req.principal;
  if (entry === '*') return 'everyone';
  if (entry === p.arn) return p.type === 'AssumedRole' ? 'session' : p.type === 'User' ? 'user' : p.type === 'Service' ? 'service' : 'caller';
  if (p.roleArn && entry === p.roleArn) return 'role';
  if (/^\d{12}$/.test(entry) || /:root$/.test(entry)) return 'account';
  // A role ARN written with another path, or the user behind a federated session.
  return entry.includes(':role/') ? 'role' : 'caller';
}

const WHO: Record<Named, string> = {
  session: 'this role session itself',
  user: 'this IAM user itself',
  caller: 'this principal itself',
  role: 'the role, not this session',
  account: 'the whole account',
  everyone: 'everyone (`*`)',
  service: 'this service',
};

/** Undefined when the request had no resource-based policy (trust policies are not drawn here). */
export function resourcePolicyPart(req: AuthorizationRequest, result: AuthorizationResult): ResourcePolicyPart | undefined {
  if (!req.resourcePolicy || req.resourcePolicyType === 'role trust') return undefined;
  const detail = result.details.find((d) => d.policyType === 'resource-based');
  if (!detail) return undefined;
  const sameAccount = (req.resourceAccount ?? req.principal.accountId) === req.principal.accountId;
  const policy = req.resourcePolicy.id;
  const base = { policy, decision: detail.decision, sameAccount };
  if (detail.decision === 'ExplicitDeny') {
    return { ...base, words: `an explicit Deny in the resource-based policy ${policy} overrides every Allow, whoever the caller is` };
  }
  const allow = detail.matches.filter((m) => m.effect === 'Allow');
  if (!allow.length) {
    return { ...base, words: `the resource-based policy ${policy} has no statement that allows this principal ${req.action}` };
  }
  // The strongest grant decides: the caller itself, then its role, then the account or everyone.
  const order: Named[] = ['session', 'user', 'caller', 'service', 'everyone', 'role', 'account'];
  const kinds = allow.map((m) => ({ named: namedKind(m.principal ?? '', req), principal: m.principal ?? '' }));
  const best = kinds.sort((a, b) => order.indexOf(a.named) - order.indexOf(b.named))[0];
  const part = { ...base, named: best.named, principal: best.principal };
  if (!sameAccount) {
    return {
      ...part,
      limitedByBoundary: true,
      words: `the resource-based policy ${policy} allows ${WHO[best.named]}, but the resource is in another account, so the caller's own policies must allow too, and its permissions boundary limits them`,
    };
  }
  if (best.named === 'account') {
    return {
      ...part,
      limitedByBoundary: true,
      words: `the resource-based policy ${policy} trusts the whole account, which only hands the decision to the identity-based policies; the permissions boundary limits them`,
    };
  }
  if (best.named === 'role') {
    return {
      ...part,
      limitedByBoundary: true,
      words: `the resource-based policy ${policy} allows ${best.principal}, the role rather than this session; a grant to the role reaches the session through the role, so the permissions boundary and any session policy limit it as they limit the role's own policies`,
    };
  }
  return {
    ...part,
    limitedByBoundary: false,
    words: `the resource-based policy ${policy} allows ${WHO[best.named]} (${best.principal}); in the same account IAM does not limit that grant by the permissions boundary${best.named === 'session' || best.named === 'caller' ? ' or a session policy' : ''}`,
  };
}
