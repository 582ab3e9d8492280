/**
 * The STS service provider: GetCallerIdentity, AssumeRole (caller permission and trust policy, session name and
 * duration rules, session tags, session policies), GetSessionToken, GetAccessKeyInfo.
 */
import { validatePolicyDocument } from '../../../iam';
import type { ContextValue } from '../../../iam/api';
import type { OperationContext, ServiceProvider } from '../../core/types';
import { AwsError } from '../../core/types';
import type { Tag } from '../iam/model';
import {
  DURATION_OVER_CHAIN,
  DURATION_OVER_MAX,
  accessDenied,
  malformedPolicy,
  packedPolicyTooLarge,
  validationError,
} from './errors';
import { checkSessionTags } from './tags';
import { credentialsOut, federatedUserCannot, packedPercent, tagContext } from './session';
import { federationOperations } from './federation';
import { assumedRoleArn, emptyStsState, findSession, issueSession, pruneSessions, type StsState } from './model';

type Ctx = OperationContext<StsState>;

export const stsProvider: ServiceProvider<StsState> = {
  name: 'sts',
  initialState: emptyStsState,
  operations: {
    // GetCallerIdentity needs no permission: AWS answers it even when a policy denies it.
    GetCallerIdentity(_input, ctx) {
      return { UserId: ctx.caller.userId, Account: ctx.caller.accountId, Arn: ctx.caller.arn };
    },

    GetAccessKeyInfo(_input, ctx) {
      ctx.authorize('sts:GetAccessKeyInfo', '*');
      // AWS difference: every access key belongs to the one sandbox account.
      return { Account: ctx.accountId };
    },

    AssumeRole(input, ctx: Ctx) {
      const roleArn: string = input.RoleArn;
      const sessionName: string = input.RoleSessionName;
      const tags: Tag[] = (input.Tags ?? []).map((t: Tag) => ({ Key: t.Key, Value: t.Value }));
      const caller = ctx.caller;
      const parent = caller.type === 'AssumedRole' ? findSession(ctx.state, caller.accessKeyId) : undefined;
      const inherited = (parent?.Tags ?? []).filter((t) => parent!.TransitiveTagKeys.includes(t.Key));
      const context: Record<string, ContextValue | undefined> = {
        'sts:RoleSessionName': sessionName,
        ...(input.ExternalId !== undefined ? { 'sts:ExternalId': input.ExternalId } : {}),
        ...(input.SourceIdentity !== undefined ? { 'sts:SourceIdentity': input.SourceIdentity } : {}),
        ...tagContext(tags, input.TransitiveTagKeys),
      };
      if (caller.type === 'FederatedUser') throw federatedUserCannot(ctx, 'sts:AssumeRole', roleArn);
      const role = ctx.internal.getRole(roleArn);
      if (!role) {
        throw accessDenied(`User: ${caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`);
      }
      const trust = { resourcePolicy: { id: role.arn, document: role.assumeRolePolicyDocument }, resourcePolicyType: 'role trust' as const, context };
      ctx.authorize('sts:AssumeRole', role.arn, trust);
      if (tags.length || input.TransitiveTagKeys?.length) ctx.authorize('sts:TagSession', role.arn, trust);
      if (input.SourceIdentity !== undefined) ctx.authorize('sts:SetSourceIdentity', role.arn, trust);

      const duration: number = input.DurationSeconds ?? 3600;
      if (parent && duration > 3600) throw validationError(DURATION_OVER_CHAIN);
      if (duration > (role.maxSessionDuration ?? 3600)) throw validationError(DURATION_OVER_MAX);
      const keys = checkSessionTags(tags, input.TransitiveTagKeys, parent?.TransitiveTagKeys ?? []);
      if (input.Policy !== undefined) {
        const v = validatePolicyDocument(input.Policy, 'identity');
        if (!v.ok && v.code !== 'LimitExceeded') throw malformedPolicy(v.message);
      }
      const policyArns: string[] = (input.PolicyArns ?? []).map((p: { arn: string }) => p.arn);
      const allTags = [...inherited.filter((t) => !keys.has(t.Key.toLowerCase())), ...tags];
      const percent = packedPercent(input.Policy, policyArns, allTags);
      if (percent > 100) throw packedPolicyTooLarge(percent);

      const now = ctx.now();
      pruneSessions(ctx.state, now);
      const roleName = role.roleName ?? role.arn.slice(role.arn.lastIndexOf('/') + 1);
      const s = issueSession(ctx.state, {
        kind: 'AssumedRole',
        IssuedAt: now,
        Expiration: new Date(now.getTime() + duration * 1000),
        RoleArn: role.arn,
        RoleId: role.roleId,
        RoleSessionName: sessionName,
        Tags: allTags,
        TransitiveTagKeys: [...(parent?.TransitiveTagKeys ?? []), ...(input.TransitiveTagKeys ?? [])],
        ...(input.Policy !== undefined ? { Policy: input.Policy } : {}),
        ...(policyArns.length ? { PolicyArns: policyArns } : {}),
        ...(input.SourceIdentity !== undefined ? { SourceIdentity: input.SourceIdentity } : parent?.SourceIdentity ? { SourceIdentity: parent.SourceIdentity } : {}),
      });
      return {
        Credentials: credentialsOut(s),
        AssumedRoleUser: { AssumedRoleId: `${role.roleId}:${sessionName}`, Arn: assumedRoleArn(ctx.accountId, roleName, sessionName) },
        ...(input.Policy !== undefined || policyArns.length || allTags.length ? { PackedPolicySize: percent } : {}),
        ...(s.SourceIdentity ? { SourceIdentity: s.SourceIdentity } : {}),
      };
    },

    GetSessionToken(input, ctx: Ctx) {
      if (ctx.caller.type === 'FederatedUser') throw federatedUserCannot(ctx, 'sts:GetSessionToken', '*');
      if (ctx.caller.type !== 'User' || findSession(ctx.state, ctx.caller.accessKeyId)) {
        throw accessDenied('Cannot call GetSessionToken with session credentials');
      }
      const duration: number = input.DurationSeconds ?? 43200;
      const now = ctx.now();
      pruneSessions(ctx.state, now);
      const s = issueSession(ctx.state, {
        kind: 'SessionToken',
        IssuedAt: now,
        Expiration: new Date(now.getTime() + duration * 1000),
        UserName: ctx.caller.arn.slice(ctx.caller.arn.lastIndexOf('/') + 1),
        Tags: [],
        TransitiveTagKeys: [],
      });
      return { Credentials: credentialsOut(s) };
    },

    ...federationOperations,
  },
};

export { AwsError };
