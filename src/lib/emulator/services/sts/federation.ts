/**
 * GetFederationToken: temporary credentials for a federated user, called with an IAM user's long-term keys.
 * The session's permissions are the intersection of the user's policies and the session policies passed here
 * (none passed: no permissions); it cannot call IAM (the gateway refuses its key there) nor STS other than
 * GetCallerIdentity. https://docs.aws.amazon.com/STS/latest/APIReference/API_GetFederationToken.html
 */
import { validatePolicyDocument } from '../../../iam';
import type { OperationHandler } from '../../core/types';
import type { Tag } from '../iam/model';
import { accessDenied, malformedPolicy, packedPolicyTooLarge } from './errors';
import { federatedUserArn, findSession, issueSession, pruneSessions, type StsState } from './model';
import { credentialsOut, packedPercent, tagContext } from './session';
import { checkSessionTags } from './tags';

export const federationOperations: Record<string, OperationHandler<StsState>> = {
  GetFederationToken(input, ctx) {
    const caller = ctx.caller;
    if ((caller.type !== 'User' && caller.type !== 'Account') || findSession(ctx.state, caller.accessKeyId)) {
      throw accessDenied('Cannot call GetFederationToken with session credentials');
    }
    const name: string = input.Name;
    const arn = federatedUserArn(ctx.accountId, name);
    const tags: Tag[] = (input.Tags ?? []).map((t: Tag) => ({ Key: t.Key, Value: t.Value }));
    const context = tagContext(tags, undefined);
    ctx.authorize('sts:GetFederationToken', arn, { context });
    if (tags.length) ctx.authorize('sts:TagSession', arn, { context });
    checkSessionTags(tags, undefined, []);
    if (input.Policy !== undefined) {
      const v = validatePolicyDocument(input.Policy, 'identity');
      if (!v.ok && v.code !== 'LimitExceeded') throw malformedPolicy(v.message);
    }
    const policyArns: string[] = (input.PolicyArns ?? []).map((p: { arn: string }) => p.arn);
    const percent = packedPercent(input.Policy, policyArns, tags);
    if (percent > 100) throw packedPolicyTooLarge(percent);

    // The root user's federated sessions last at most an hour, whatever was asked.
    const asked: number = input.DurationSeconds ?? 43200;
    const duration = caller.type === 'Account' ? Math.min(asked, 3600) : asked;
    const now = ctx.now();
    pruneSessions(ctx.state, now);
    const userName = caller.type === 'User' ? caller.arn.slice(caller.arn.lastIndexOf('/') + 1) : undefined;
    const s = issueSession(ctx.state, {
      kind: 'FederationToken',
      IssuedAt: now,
      Expiration: new Date(now.getTime() + duration * 1000),
      ...(userName ? { UserName: userName, UserId: caller.userId } : {}),
      FederatedUserName: name,
      Tags: tags,
      TransitiveTagKeys: [],
      ...(input.Policy !== undefined ? { Policy: input.Policy } : {}),
      ...(policyArns.length ? { PolicyArns: policyArns } : {}),
    });
    return {
      Credentials: credentialsOut(s),
      FederatedUser: { FederatedUserId: `${ctx.accountId}:${name}`, Arn: arn },
      PackedPolicySize: percent,
    };
  },
};
