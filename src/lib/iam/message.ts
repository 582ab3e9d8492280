/**
 * AWS's enhanced AccessDenied sentence: `User: <arn> is not authorized to perform: <action> on resource: <arn>
 * because no <policy type> allows the <action> action` or `… with an explicit deny in a <policy type>: <arn>`.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html
 */
import type { AuthorizationRequest, AuthorizationResult, PolicyType } from './api';

const implicitPhrase: Record<PolicyType, string | undefined> = {
  'identity-based': 'no identity-based policy',
  'resource-based': 'no resource-based policy',
  'permissions boundary': 'no permissions boundary',
  session: 'no session policy',
  'service control': 'no service control policy',
  // STS reports a trust policy that does not allow the caller without a "because" clause.
  'role trust': undefined,
};

const explicitPhrase: Record<PolicyType, string> = {
  'identity-based': 'an identity-based policy',
  'resource-based': 'a resource-based policy',
  'permissions boundary': 'a permissions boundary',
  session: 'a session policy',
  'service control': 'a service control policy',
  'role trust': 'a resource-based policy',
};

/**
 * Only policies with an ARN are named (managed policies, SCPs); inline policies have none to show.
 * AWS difference: when several policy types deny, AWS names one without documenting which; authorize picks the first
 * of service control, resource-based, identity-based, permissions boundary, session.
 */
const policyArn = (id: string | undefined) => (id && id.startsWith('arn:') ? `: ${id}` : '');

/**
 * How IAM names its own resources in the sentence: `role builder`, `user alice`, `policy <arn>` (and `policy <name>`
 * for CreatePolicy), except CreateRole / CreateServiceLinkedRole / CreateUser / PassRole, which show the ARN. Other
 * services show the ARN.
 */
export function iamResourceDescription(action: string, resource: string): string {
  const m = /^arn:[^:]+:iam::[^:]*:(role|user|policy)\/(?:.*\/)?([^/]+)$/.exec(resource);
  if (!m || !action.toLowerCase().startsWith('iam:')) return resource;
  const a = action.toLowerCase();
  const [, type, name] = m;
  if (type === 'role') return ['iam:createrole', 'iam:passrole', 'iam:createservicelinkedrole'].includes(a) ? resource : `role ${name}`;
  if (type === 'user') return a === 'iam:createuser' ? resource : `user ${name}`;
  return a === 'iam:createpolicy' ? `policy ${name}` : `policy ${resource}`;
}

/** S3 quotes the resource: `on resource: "arn:aws:s3:::bucket/key"` (S3 User Guide, troubleshoot-403-errors). */
function resourceDescription(action: string, resource: string): string {
  return action.toLowerCase().startsWith('s3:') ? `"${resource}"` : iamResourceDescription(action, resource);
}

export function accessDeniedMessage(req: AuthorizationRequest, result: AuthorizationResult): string {
  // S3 gives the enhanced sentence only within the bucket owner's account (or organization, which the engine does
  // not model); another account's caller reads the bare `Access Denied` (S3 User Guide, troubleshoot-403-errors).
  if (req.action.toLowerCase().startsWith('s3:') && req.resourceAccount && req.resourceAccount !== req.principal.accountId) return 'Access Denied';
  const onResource = req.resource && req.resource !== '*' ? ` on resource: ${resourceDescription(req.action, req.resource)}` : '';
  const head = `User: ${req.principal.arn} is not authorized to perform: ${req.action}${onResource}`;
  const type = result.decidingPolicyType;
  if (result.decision === 'ExplicitDeny' && type) {
    return `${head} with an explicit deny in ${explicitPhrase[type]}${type === 'identity-based' || type === 'service control' || type === 'permissions boundary' ? policyArn(result.decidingPolicyId) : ''}`;
  }
  const phrase = type ? implicitPhrase[type] : undefined;
  return phrase ? `${head} because ${phrase} allows the ${req.action} action` : head;
}
