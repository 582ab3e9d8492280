/** IAM users: create, read, list, delete (once nothing depends on them). Keys, passwords and groups have their own files. */
import { AwsError, type OperationHandler } from '../../core/types';
import { checkTags, newUserArn, requestTagContext, underPath, userView, type Ctx } from './common';
import { authorizedEntity, boundaryNotFound, kinds } from './entities';
import { deleteConflict, limitExceeded, userExists } from './errors';
import { findUser, groupsOfUser, managedPolicy, newUser, paginate, putUser, removeUser, sortByName, userArn, type IamState, type User } from './model';
import { orphanTrustPrincipal } from './trust';

export const user = (ctx: Ctx, op: string, name: string) => authorizedEntity(kinds.user, ctx, op, name) as User;

/** Operations on "the caller's own user" when UserName is left out. */
export function callerUserName(ctx: Ctx, given: string | undefined): string {
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
    if (Object.keys(ctx.state.users).length >= 5000) throw limitExceeded('Cannot exceed quota for UsersPerAccount: 5000');
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
    const s = ctx.state;
    // IAM refuses while anything still hangs off the user, naming the first thing to remove.
    if (u.LoginProfile) throw deleteConflict('Cannot delete entity, must delete login profile first.');
    if (Object.values(s.accessKeys).some((k) => k.UserName === u.UserName)) {
      throw deleteConflict('Cannot delete entity, must delete access keys first.');
    }
    if (Object.values(s.serviceCredentials).some((c) => c.UserName === u.UserName)) {
      throw deleteConflict('Cannot delete entity, must remove referenced objects first.');
    }
    if (groupsOfUser(s, u.UserName).length > 0) throw deleteConflict('Cannot delete entity, must remove users from group first.');
    if (u.AttachedPolicies.length > 0) throw deleteConflict('Cannot delete entity, must detach all policies first.');
    if (Object.keys(u.InlinePolicies).length > 0) throw deleteConflict('Cannot delete entity, must delete policies first.');
    removeUser(s, u.UserName);
    orphanTrustPrincipal(s, userArn(ctx.accountId, u), u.UserId);
  },
  ListUsers(input, ctx) {
    ctx.authorize('iam:ListUsers', `arn:aws:iam::${ctx.accountId}:user${input.PathPrefix ?? '/'}`);
    const users = sortByName(Object.values(ctx.state.users), (u) => u.UserName).filter((u) => underPath(u.Path, input.PathPrefix));
    const { page, IsTruncated, Marker } = paginate(users, input);
    return { Users: page.map((u) => userView(ctx, u, 'list')), IsTruncated, ...(Marker ? { Marker } : {}) };
  },
};
