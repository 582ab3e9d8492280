/** IAM users and their access keys: enough for the sandbox's administrator and for lessons about users. */
import { AwsError, type OperationHandler } from '../../core/types';
import { checkTags, newUserArn, requestTagContext, underPath, userView, type Ctx } from './common';
import { authorizedEntity, boundaryNotFound, kinds } from './entities';
import { deleteConflict, limitExceeded, noSuchAccessKey, userExists } from './errors';
import {
  createAccessKey,
  findUser,
  managedPolicy,
  newUser,
  paginate,
  putUser,
  removeUser,
  sortByName,
  type IamState,
  type User,
} from './model';

const user = (ctx: Ctx, op: string, name: string) => authorizedEntity(kinds.user, ctx, op, name) as User;

/** Operations on "the caller's own user" when UserName is left out. */
function callerUserName(ctx: Ctx, given: string | undefined): string {
  if (given !== undefined) return given;
  if (ctx.caller.type !== 'User') {
    throw new AwsError('ValidationError', 'Must specify userName when calling with non-User credentials', 400);
  }
  return ctx.caller.arn.slice(ctx.caller.arn.lastIndexOf('/') + 1);
}

export const userOperations: Record<string, OperationHandler<IamState>> = {
  CreateUser(input, ctx) {
    const path = input.Path ?? '/';
    ctx.authorize('iam:CreateUser', newUserArn(ctx, input.UserName, path), {
      context: { 'iam:PermissionsBoundary': input.PermissionsBoundary, ...requestTagContext(input.Tags) },
    });
    if (findUser(ctx.state, input.UserName)) throw userExists(input.UserName);
    checkTags(input.Tags);
    if (input.PermissionsBoundary && !managedPolicy(ctx.state, input.PermissionsBoundary)) {
      throw boundaryNotFound(input.PermissionsBoundary);
    }
    const u = newUser(input.UserName, path, ctx.now());
    if (input.PermissionsBoundary) u.PermissionsBoundaryArn = input.PermissionsBoundary;
    if (input.Tags) u.Tags = input.Tags.map((t: any) => ({ Key: t.Key, Value: t.Value }));
    putUser(ctx.state, u);
    return { User: userView(ctx, u, 'full') };
  },
  GetUser(input, ctx) {
    return { User: userView(ctx, user(ctx, 'GetUser', callerUserName(ctx, input.UserName)), 'full') };
  },
  DeleteUser(input, ctx) {
    const u = user(ctx, 'DeleteUser', input.UserName);
    if (Object.values(ctx.state.accessKeys).some((k) => k.UserName === u.UserName)) {
      throw deleteConflict('Cannot delete entity, must delete access keys first.');
    }
    if (u.AttachedPolicies.length > 0) throw deleteConflict('Cannot delete entity, must detach all policies first.');
    if (Object.keys(u.InlinePolicies).length > 0) throw deleteConflict('Cannot delete entity, must delete policies first.');
    removeUser(ctx.state, u.UserName);
  },
  ListUsers(input, ctx) {
    ctx.authorize('iam:ListUsers', `arn:aws:iam::${ctx.accountId}:user${input.PathPrefix ?? '/'}`);
    const users = sortByName(Object.values(ctx.state.users), (u) => u.UserName).filter((u) => underPath(u.Path, input.PathPrefix));
    const { page, IsTruncated, Marker } = paginate(users, input);
    return { Users: page.map((u) => userView(ctx, u, 'list')), IsTruncated, ...(Marker ? { Marker } : {}) };
  },
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
};
