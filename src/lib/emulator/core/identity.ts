/**
 * Who is calling: an access key resolved to its principal (an IAM user, a role session or a user's session
 * token), and everything the IAM engine needs about that principal (policies, boundary, session policies, tags).
 */
import type { AuthorizationRequest, ContextValue, NamedPolicy, RequestPrincipal } from '../../iam/api';
import type { CallerIdentity } from './types';
import {
  entityPolicies,
  findAccessKey,
  findUser,
  managedPolicy,
  roleByArn,
  userArn,
  type IamState,
  type Role,
  type User,
} from '../services/iam/model';
import { assumedRoleArn, federatedUserArn, findSession, type Session, type StsState } from '../services/sts/model';

export interface ResolvedPrincipal {
  caller: CallerIdentity;
  secret: string;
  user?: User;
  role?: Role;
  session?: Session;
}

export type Authentication =
  | { ok: true; principal: ResolvedPrincipal }
  | { ok: false; failure: 'invalidKey' | 'expired' };

export function authenticate(
  iam: IamState,
  sts: StsState,
  accountId: string,
  keyId: string,
  token: string | undefined,
  now: Date,
): Authentication {
  const found = findAccessKey(iam, keyId);
  if (found) {
    if (found.key.Status !== 'Active') return { ok: false, failure: 'invalidKey' };
    const { user, key } = found;
    return {
      ok: true,
      principal: {
        secret: key.SecretAccessKey,
        user,
        caller: { arn: userArn(accountId, user), accountId, userId: user.UserId, type: 'User', accessKeyId: keyId },
      },
    };
  }
  const session = findSession(sts, keyId);
  if (!session || token !== session.SessionToken) return { ok: false, failure: 'invalidKey' };
  if (session.Expiration.getTime() <= now.getTime()) return { ok: false, failure: 'expired' };
  if (session.kind === 'SessionToken') {
    const user = findUser(iam, session.UserName!);
    // The session belongs to the user who asked for it (IAM ties it to the unique id): a user deleted since, or
    // re-created with the same name after the session was issued, no longer authenticates with it.
    const sameUser = user && (session.UserId !== undefined ? user.UserId === session.UserId : user.CreateDate.getTime() <= session.IssuedAt.getTime());
    if (!user || !sameUser) return { ok: false, failure: 'invalidKey' };
    return {
      ok: true,
      principal: {
        secret: session.SecretAccessKey,
        user,
        session,
        caller: { arn: userArn(accountId, user), accountId, userId: user.UserId, type: 'User', accessKeyId: keyId },
      },
    };
  }
  if (session.kind === 'FederationToken') {
    // A federated user acts with its IAM user's policies, limited by the session policies GetFederationToken took.
    // The user's, or none for the root user's federated sessions (AWS difference: root's would have the session
    // policies alone; the sandbox's has none, as the root user has no policies to intersect here).
    const user = session.UserName !== undefined ? findUser(iam, session.UserName) : undefined;
    if (session.UserName !== undefined && (!user || user.UserId !== session.UserId)) return { ok: false, failure: 'invalidKey' };
    return {
      ok: true,
      principal: {
        secret: session.SecretAccessKey,
        ...(user ? { user } : {}),
        session,
        caller: {
          arn: federatedUserArn(accountId, session.FederatedUserName!),
          accountId,
          userId: `${accountId}:${session.FederatedUserName}`,
          type: 'FederatedUser',
          accessKeyId: keyId,
        },
      },
    };
  }
  const role = roleByArn(iam, accountId, session.RoleArn!);
  const roleName = session.RoleArn!.slice(session.RoleArn!.lastIndexOf('/') + 1);
  return {
    ok: true,
    principal: {
      secret: session.SecretAccessKey,
      // AWS difference: none intended — a session of a deleted (or re-created) role keeps authenticating but has
      // no policies, as in AWS, where the new role's unique id no longer matches the session's.
      role: role && role.RoleId === session.RoleId ? role : undefined,
      session,
      caller: {
        arn: assumedRoleArn(accountId, roleName, session.RoleSessionName!),
        accountId,
        userId: `${session.RoleId}:${session.RoleSessionName}`,
        type: 'AssumedRole',
        roleArn: session.RoleArn,
        sessionName: session.RoleSessionName,
        accessKeyId: keyId,
      },
    },
  };
}

export function requestPrincipal(caller: CallerIdentity): RequestPrincipal {
  return {
    arn: caller.arn,
    accountId: caller.accountId,
    type: caller.type,
    ...(caller.roleArn ? { roleArn: caller.roleArn } : {}),
  };
}

/** The global condition keys AWS puts in every request context for this principal. */
export function globalContext(p: ResolvedPrincipal, region: string, now: Date): Record<string, ContextValue | undefined> {
  const c = p.caller;
  const ctx: Record<string, ContextValue | undefined> = {
    'aws:PrincipalArn': c.type === 'AssumedRole' ? c.roleArn : c.arn,
    'aws:PrincipalAccount': c.accountId,
    'aws:PrincipalType': c.type,
    'aws:userid': c.userId,
    'aws:CurrentTime': now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    'aws:EpochTime': String(Math.floor(now.getTime() / 1000)),
    // AWS difference: the sandbox endpoint is plain HTTP on 127.0.0.1; requests count as sent over TLS, as they
    // are to AWS, so lessons' aws:SecureTransport conditions behave as they would there.
    'aws:SecureTransport': true,
    'aws:SourceIp': '127.0.0.1',
    'aws:RequestedRegion': region,
    'aws:ViaAWSService': false,
    'aws:PrincipalIsAWSService': false,
  };
  if (c.type === 'User') ctx['aws:username'] = p.user?.UserName;
  if (p.session) {
    ctx['aws:TokenIssueTime'] = p.session.IssuedAt.toISOString().replace(/\.\d{3}Z$/, 'Z');
    ctx['aws:MultiFactorAuthPresent'] = false;
    if (p.session.SourceIdentity) ctx['aws:SourceIdentity'] = p.session.SourceIdentity;
  }
  const tags = new Map<string, string>();
  for (const t of p.user?.Tags ?? p.role?.Tags ?? []) tags.set(t.Key, t.Value);
  // Session tags override the role's tags with the same key.
  for (const t of p.session?.Tags ?? []) tags.set(t.Key, t.Value);
  for (const [k, v] of tags) ctx[`aws:PrincipalTag/${k}`] = v;
  return ctx;
}

/** The policies of the principal, as the IAM engine takes them. */
export function principalPolicies(iam: IamState, p: ResolvedPrincipal): Pick<AuthorizationRequest, 'identityPolicies' | 'permissionsBoundary' | 'sessionPolicies'> {
  if (p.caller.type === 'AssumedRole') {
    const base = p.role ? entityPolicies(iam, 'role', p.role) : { identityPolicies: [] };
    const sessionPolicies = sessionPolicyList(iam, p.session);
    return { ...base, ...(sessionPolicies ? { sessionPolicies } : {}) };
  }
  if (p.caller.type === 'FederatedUser') {
    // Without a session policy a federated user has no permissions (GetFederationToken's documentation).
    const base = p.user ? entityPolicies(iam, 'user', p.user) : { identityPolicies: [] };
    return { ...base, sessionPolicies: sessionPolicyList(iam, p.session) ?? [] };
  }
  if (p.user) return entityPolicies(iam, 'user', p.user);
  return { identityPolicies: [] };
}

function sessionPolicyList(iam: IamState, s: Session | undefined): NamedPolicy[] | undefined {
  if (!s || (s.Policy === undefined && !s.PolicyArns?.length)) return undefined;
  const list: NamedPolicy[] = [];
  if (s.Policy !== undefined) list.push({ id: 'session-policy', document: s.Policy });
  for (const arn of s.PolicyArns ?? []) {
    const mp = managedPolicy(iam, arn);
    if (mp) list.push({ id: arn, document: mp.Document });
  }
  return list;
}

