/**
 * A user's access keys (two at most, as IAM allows). The gateway authenticates SigV4 requests signed with them
 * (core/identity.ts), so a key created here signs requests as its user at once; an inactive key is refused.
 */
import { type OperationHandler } from '../../core/types';
import { userArnOf } from './common';
import { limitExceeded, noSuchAccessKey } from './errors';
import { createAccessKey, findUser, paginate, type IamState } from './model';
import { callerUserName, user } from './users';

export const accessKeyOperations: Record<string, OperationHandler<IamState>> = {
  CreateAccessKey(input, ctx) {
    const u = user(ctx, 'CreateAccessKey', callerUserName(ctx, input.UserName));
    const count = Object.values(ctx.state.accessKeys).filter((k) => k.UserName === u.UserName).length;
    if (count >= 2) throw limitExceeded('Cannot exceed quota for AccessKeysPerUser: 2');
    const k = createAccessKey(ctx.state, u.UserName, ctx.now());
    return { AccessKey: { UserName: u.UserName, AccessKeyId: k.AccessKeyId, Status: k.Status, SecretAccessKey: k.SecretAccessKey, CreateDate: k.CreateDate } };
  },
  DeleteAccessKey(input, ctx) {
    const u = user(ctx, 'DeleteAccessKey', callerUserName(ctx, input.UserName));
    const k = ctx.state.accessKeys[input.AccessKeyId];
    if (!k || k.UserName !== u.UserName) throw noSuchAccessKey(input.AccessKeyId);
    delete ctx.state.accessKeys[input.AccessKeyId];
  },
  UpdateAccessKey(input, ctx) {
    const u = user(ctx, 'UpdateAccessKey', callerUserName(ctx, input.UserName));
    const k = ctx.state.accessKeys[input.AccessKeyId];
    if (!k || k.UserName !== u.UserName) throw noSuchAccessKey(input.AccessKeyId);
    k.Status = input.Status;
  },
  ListAccessKeys(input, ctx) {
    const u = user(ctx, 'ListAccessKeys', callerUserName(ctx, input.UserName));
    const keys = Object.values(ctx.state.accessKeys).filter((k) => k.UserName === u.UserName);
    const { page, IsTruncated, Marker } = paginate(keys, input);
    return {
      AccessKeyMetadata: page.map((k) => ({ UserName: k.UserName, AccessKeyId: k.AccessKeyId, Status: k.Status, CreateDate: k.CreateDate })),
      IsTruncated,
      ...(Marker ? { Marker } : {}),
    };
  },
  /**
   * When and where a key last signed a request, read from the account's record of calls (what CloudTrail shows), so
   * that using a key does not change IAM's state. A key never used answers N/A, as IAM does.
   * AWS difference: AWS records the last use a few hours late; the sandbox knows it at once (until the event log,
   * which keeps the newest calls, lets it go).
   */
  GetAccessKeyLastUsed(input, ctx) {
    const k = ctx.state.accessKeys[input.AccessKeyId];
    const owner = k && findUser(ctx.state, k.UserName);
    // AWS difference: for a key id that is not this account's, AWS answers AccessDenied whatever the caller's rights.
    ctx.authorize('iam:GetAccessKeyLastUsed', owner ? userArnOf(ctx, owner) : `arn:aws:iam::${ctx.accountId}:user/*`);
    if (!k || !owner) throw noSuchAccessKey(input.AccessKeyId);
    const events = ctx.internal.events();
    for (let i = events.length - 1; i >= 0; i--) {
      const e = events[i];
      if (e.accessKeyId !== k.AccessKeyId) continue;
      return {
        UserName: owner.UserName,
        AccessKeyLastUsed: { LastUsedDate: e.eventTime, ServiceName: e.eventSource.replace(/\.amazonaws\.com$/, ''), Region: e.awsRegion },
      };
    }
    return { UserName: owner.UserName, AccessKeyLastUsed: { ServiceName: 'N/A', Region: 'N/A' } };
  },
};
