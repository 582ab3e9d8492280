/**
 * The IAM engine's public contract. The engine is pure: policies and a request context in, a decision and
 * an explanation out. No I/O, no `node:` imports, no imports from the emulator.
 * The emulator (src/lib/emulator) depends only on these types and the functions exported from ./index.
 */

/** A condition key's value as the request context carries it. Multi-valued keys are arrays. */
export type ContextValue = string | boolean | number | Date | string[] | boolean[] | number[];

/** The kinds of policy AWS evaluates, as AWS's documentation names them. */
export type PolicyType =
  | 'identity-based'
  | 'resource-based'
  | 'permissions boundary'
  | 'session'
  | 'service control'
  | 'role trust';

/** A policy as the emulator hands it to the engine. `document` is the JSON text or the parsed object. */
export interface NamedPolicy {
  /** The policy's ARN (managed), `role/<name>/<policyName>` style id for inline, or any stable label. */
  id: string;
  document: string | object;
}

export type PrincipalType = 'User' | 'AssumedRole' | 'Account' | 'FederatedUser' | 'Service' | 'Anonymous';

export interface RequestPrincipal {
  /** e.g. arn:aws:iam::111122223333:user/admin, arn:aws:sts::111122223333:assumed-role/builder/builder-test, or a service principal name */
  arn: string;
  accountId: string;
  type: PrincipalType;
  /** For an assumed-role session: the role's ARN (arn:aws:iam::…:role/path/name). */
  roleArn?: string;
}

export interface AuthorizationRequest {
  principal: RequestPrincipal;
  /** `service:Action`, e.g. `iam:CreateRole`. */
  action: string;
  /** The resource ARN the action is on (`*` for actions without a resource type). */
  resource: string;
  /** The account that owns the resource; defaults to the principal's account. */
  resourceAccount?: string;
  /** Condition keys (names case-insensitive), e.g. `aws:PrincipalArn`, `iam:PermissionsBoundary`. */
  context: Record<string, ContextValue | undefined>;
  identityPolicies: NamedPolicy[];
  permissionsBoundary?: NamedPolicy;
  /** Session policies passed to AssumeRole (Policy / PolicyArns). Undefined means no session policy. */
  sessionPolicies?: NamedPolicy[];
  resourcePolicy?: NamedPolicy;
  /**
   * What `resourcePolicy` is: a resource-based policy (default) or a role trust policy. Role trust is evaluated by
   * calling authorize with the trust policy as `resourcePolicy` and action `sts:AssumeRole`; with 'role trust' the
   * explanation names the policy type 'role trust' and, as STS does, a same-account caller needs either the trust
   * policy to name it or the trust policy to trust the account and an identity-based policy to allow.
   */
  resourcePolicyType?: 'resource-based' | 'role trust';
  /** SCPs, one array per level of the organization (root, OU…, account); every level must allow. */
  serviceControlPolicies?: NamedPolicy[][];
}

export type Decision = 'Allowed' | 'ImplicitDeny' | 'ExplicitDeny';

/** Why one statement matched, with the values used: data for the page to draw. */
export interface StatementMatch {
  policyType: PolicyType;
  policyId: string;
  sid?: string;
  statementIndex: number;
  effect: 'Allow' | 'Deny';
  /** The Action / NotAction pattern that matched the request's action. */
  action: string;
  /** The Resource / NotResource pattern that matched (or the Principal for resource policies). */
  resource: string;
  /** For resource-based and trust policies: the Principal / NotPrincipal entry that matched the caller. */
  principal?: string;
  conditions: { operator: string; key: string; policyValues: string[]; requestValues: string[] | undefined; matched: boolean }[];
}

export interface PolicyTypeDecision {
  policyType: PolicyType;
  decision: Decision;
  matches: StatementMatch[];
  /**
   * Near misses: statements whose action, resource (and principal) matched but whose condition did not, with
   * `matched: false` on each failing condition. Present only when there are some.
   */
  conditionMisses?: StatementMatch[];
}

export interface AuthorizationResult {
  decision: Decision;
  /** The policy type that decided a deny (or, for Allowed, the type that granted). */
  decidingPolicyType?: PolicyType;
  /** The ARN/id of the policy with the explicit deny, when there is one. */
  decidingPolicyId?: string;
  /** Every statement that matched, per policy type evaluated. */
  details: PolicyTypeDecision[];
  /** Context keys a matched statement's condition referenced that the request did not carry. */
  missingContextValues: string[];
}

/** Validation as IAM does when a policy is written (MalformedPolicyDocument). */
export type PolicyKind = 'identity' | 'resource' | 'trust' | 'boundary' | 'scp';
/**
 * `code` is the IAM error code the emulator returns: MalformedPolicyDocument for grammar errors, LimitExceeded for
 * size quotas (absent means MalformedPolicyDocument).
 */
export type ValidationResult = { ok: true } | { ok: false; message: string; code?: 'MalformedPolicyDocument' | 'LimitExceeded' };
