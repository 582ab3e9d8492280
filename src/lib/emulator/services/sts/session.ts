/** What STS's operations that issue credentials share: the packed size estimate, the credentials' output, tag keys. */
import type { ContextValue } from '../../../iam/api';
import type { OperationContext } from '../../core/types';
import type { Tag } from '../iam/model';
import { accessDenied } from './errors';

/** AWS packs session policies and tags into a limited space; the sandbox estimates it from their sizes. */
export function packedPercent(policy: string | undefined, arns: string[], tags: Tag[]): number {
  const size = (policy ?? '').replace(/\s+/g, '').length + arns.length * 64 + tags.reduce((n, t) => n + t.Key.length + t.Value.length + 4, 0);
  // AWS difference: AWS compresses before measuring; this estimate is proportional, not byte-exact.
  return Math.ceil((size / 2048) * 100);
}

export function credentialsOut(s: { AccessKeyId: string; SecretAccessKey: string; SessionToken: string; Expiration: Date }) {
  return { AccessKeyId: s.AccessKeyId, SecretAccessKey: s.SecretAccessKey, SessionToken: s.SessionToken, Expiration: s.Expiration };
}

export function tagContext(tags: Tag[], transitive: string[] | undefined): Record<string, ContextValue> {
  const c: Record<string, ContextValue> = {};
  for (const t of tags) c[`aws:RequestTag/${t.Key}`] = t.Value;
  if (tags.length) c['aws:TagKeys'] = tags.map((t) => t.Key);
  if (transitive?.length) c['sts:TransitiveTagKeys'] = transitive;
  return c;
}

/**
 * A federated user (GetFederationToken) cannot call STS other than GetCallerIdentity, whatever its policies say.
 * AWS difference: AWS's sentence for this refusal is not documented; the sandbox uses IAM's AccessDenied form.
 */
export function federatedUserCannot(ctx: OperationContext<unknown>, action: string, resource: string) {
  return accessDenied(`User: ${ctx.caller.arn} is not authorized to perform: ${action} on resource: ${resource}`);
}
