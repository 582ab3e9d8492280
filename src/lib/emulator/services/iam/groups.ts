/**
 * IAM groups: create, read, list, delete, membership. A group's inline and attached policies (entities.ts) apply to
 * every member's requests (model.ts entityPolicies). Quotas as IAM documents them: 300 groups per account, a user in
 * 10 groups at most.
 */
import type { OperationHandler } from '../../core/types';
import { underPath, userView, type Ctx } from './common';
import { authorizedEntity, kinds } from './entities';
import { deleteConflict, groupExists, limitExceeded, noSuchUser } from './errors';
import {
  findGroup,
  findUser,
  groupArn,
  groupsOfUser,
  newGroup,
  paginate,
  putGroup,
  removeGroup,
  sortByName,
  type Group,
  type IamState,
} from './model';
import { user } from './users';

const group = (ctx: Ctx, op: string, name: string) => authorizedEntity(kinds.group, ctx, op, name) as Group;

export const groupView = (ctx: Ctx, g: Group) => ({
  Path: g.Path,
  GroupName: g.GroupName,
  GroupId: g.GroupId,
  Arn: groupArn(ctx.accountId, g),
  CreateDate: g.CreateDate,
});

const isMember = (g: Group, userName: string) => g.Members.some((m) => m.toLowerCase() === userName.toLowerCase());

export const groupOperations: Record<string, OperationHandler<IamState>> = {
  CreateGroup(input, ctx) {
    const path = input.Path ?? '/';
    ctx.authorize('iam:CreateGroup', `arn:aws:iam::${ctx.accountId}:group${path}${input.GroupName}`);
    if (findGroup(ctx.state, input.GroupName)) throw groupExists(input.GroupName);
    if (Object.keys(ctx.state.groups).length >= 300) throw limitExceeded('Cannot exceed quota for GroupsPerAccount: 300');
    const g = newGroup(input.GroupName, path, ctx.now());
    putGroup(ctx.state, g);
    return { Group: groupView(ctx, g) };
  },
  GetGroup(input, ctx) {
    const g = group(ctx, 'GetGroup', input.GroupName);
    const members = g.Members.map((m) => findUser(ctx.state, m)).filter((u) => u !== undefined);
    const { page, IsTruncated, Marker } = paginate(members, input);
    return { Group: groupView(ctx, g), Users: page.map((u) => userView(ctx, u, 'list')), IsTruncated, ...(Marker ? { Marker } : {}) };
  },
  ListGroups(input, ctx) {
    ctx.authorize('iam:ListGroups', `arn:aws:iam::${ctx.accountId}:group${input.PathPrefix ?? '/'}`);
    const groups = sortByName(Object.values(ctx.state.groups), (g) => g.GroupName).filter((g) => underPath(g.Path, input.PathPrefix));
    const { page, IsTruncated, Marker } = paginate(groups, input);
    return { Groups: page.map((g) => groupView(ctx, g)), IsTruncated, ...(Marker ? { Marker } : {}) };
  },
  DeleteGroup(input, ctx) {
    const g = group(ctx, 'DeleteGroup', input.GroupName);
    if (g.Members.length > 0) throw deleteConflict('Cannot delete entity, must remove users from group first.');
    if (g.AttachedPolicies.length > 0) throw deleteConflict('Cannot delete entity, must detach all policies first.');
    if (Object.keys(g.InlinePolicies).length > 0) throw deleteConflict('Cannot delete entity, must delete policies first.');
    removeGroup(ctx.state, g.GroupName);
  },
  AddUserToGroup(input, ctx) {
    const g = group(ctx, 'AddUserToGroup', input.GroupName);
    const u = findUser(ctx.state, input.UserName);
    if (!u) throw noSuchUser(input.UserName);
    if (isMember(g, u.UserName)) return;
    if (groupsOfUser(ctx.state, u.UserName).length >= 10) throw limitExceeded('Cannot exceed quota for GroupsPerUser: 10');
    g.Members.push(u.UserName);
  },
  RemoveUserFromGroup(input, ctx) {
    const g = group(ctx, 'RemoveUserFromGroup', input.GroupName);
    const u = findUser(ctx.state, input.UserName);
    if (!u) throw noSuchUser(input.UserName);
    // Removing a user who is not a member succeeds and changes nothing, as adding a member twice does.
    g.Members = g.Members.filter((m) => m.toLowerCase() !== u.UserName.toLowerCase());
  },
  ListGroupsForUser(input, ctx) {
    const u = user(ctx, 'ListGroupsForUser', input.UserName);
    const { page, IsTruncated, Marker } = paginate(groupsOfUser(ctx.state, u.UserName), input);
    return { Groups: page.map((g) => groupView(ctx, g)), IsTruncated, ...(Marker ? { Marker } : {}) };
  },
};
