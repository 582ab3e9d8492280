/**
 * Instance profiles: the container EC2 passes a role through. Adding a role needs iam:PassRole on it as well (the
 * escalation path "create an instance profile for a powerful role"). Quotas as IAM documents them: 1,000 per account,
 * one role per profile.
 */
import type { OperationHandler } from '../../core/types';
import { checkTags, mergeTags, requestTagContext, resourceTagContext, roleArnOf, roleView, underPath, type Ctx } from './common';
import { authorizedEntity, kinds } from './entities';
import { deleteConflict, instanceProfileExists, limitExceeded, noSuchInstanceProfile, noSuchRole } from './errors';
import { findInstanceProfile, findRole, paginate, sortByName, type IamState, type InstanceProfile, type Role } from './model';
import { uniqueId } from '../../core/ids';

const arnOf = (ctx: Ctx, p: Pick<InstanceProfile, 'Path' | 'InstanceProfileName'>) =>
  `arn:aws:iam::${ctx.accountId}:instance-profile${p.Path}${p.InstanceProfileName}`;

function profile(ctx: Ctx, op: string, name: string, context: Record<string, any> = {}): InstanceProfile {
  const p = findInstanceProfile(ctx.state, name);
  ctx.authorize(`iam:${op}`, p ? arnOf(ctx, p) : arnOf(ctx, { Path: '/', InstanceProfileName: name }), {
    context: { ...resourceTagContext(p?.Tags), ...context },
  });
  if (!p) throw noSuchInstanceProfile(name);
  return p;
}

function view(ctx: Ctx, p: InstanceProfile) {
  const roles = p.Roles.map((n) => findRole(ctx.state, n)).filter((r): r is Role => r !== undefined);
  return {
    Path: p.Path,
    InstanceProfileName: p.InstanceProfileName,
    InstanceProfileId: p.InstanceProfileId,
    Arn: arnOf(ctx, p),
    CreateDate: p.CreateDate,
    Roles: roles.map((r) => roleView(ctx, r, 'create')),
    ...(p.Tags.length ? { Tags: p.Tags } : {}),
  };
}

const holds = (p: InstanceProfile, roleName: string) => p.Roles.some((n) => n.toLowerCase() === roleName.toLowerCase());

export const instanceProfileOperations: Record<string, OperationHandler<IamState>> = {
  CreateInstanceProfile(input, ctx) {
    const path = input.Path ?? '/';
    const name: string = input.InstanceProfileName;
    ctx.authorize('iam:CreateInstanceProfile', arnOf(ctx, { Path: path, InstanceProfileName: name }), { context: requestTagContext(input.Tags) });
    if (findInstanceProfile(ctx.state, name)) throw instanceProfileExists(name);
    checkTags(input.Tags);
    if (Object.keys(ctx.state.instanceProfiles).length >= 1000) throw limitExceeded('Cannot exceed quota for InstanceProfilesPerAccount: 1000');
    const p: InstanceProfile = {
      InstanceProfileName: name,
      InstanceProfileId: uniqueId('AIPA'),
      Path: path,
      CreateDate: ctx.now(),
      Roles: [],
      Tags: (input.Tags ?? []).map((t: any) => ({ Key: t.Key, Value: t.Value })),
    };
    ctx.state.instanceProfiles[name.toLowerCase()] = p;
    return { InstanceProfile: view(ctx, p) };
  },
  GetInstanceProfile(input, ctx) {
    return { InstanceProfile: view(ctx, profile(ctx, 'GetInstanceProfile', input.InstanceProfileName)) };
  },
  ListInstanceProfiles(input, ctx) {
    ctx.authorize('iam:ListInstanceProfiles', `arn:aws:iam::${ctx.accountId}:instance-profile${input.PathPrefix ?? '/'}`);
    const all = sortByName(Object.values(ctx.state.instanceProfiles), (p) => p.InstanceProfileName).filter((p) => underPath(p.Path, input.PathPrefix));
    const { page, IsTruncated, Marker } = paginate(all, input);
    return { InstanceProfiles: page.map((p) => view(ctx, p)), IsTruncated, ...(Marker ? { Marker } : {}) };
  },
  DeleteInstanceProfile(input, ctx) {
    const p = profile(ctx, 'DeleteInstanceProfile', input.InstanceProfileName);
    if (p.Roles.length > 0) throw deleteConflict('Cannot delete entity, must remove roles from instance profile first.');
    delete ctx.state.instanceProfiles[p.InstanceProfileName.toLowerCase()];
  },
  AddRoleToInstanceProfile(input, ctx) {
    const p = profile(ctx, 'AddRoleToInstanceProfile', input.InstanceProfileName);
    const r = findRole(ctx.state, input.RoleName);
    if (!r) throw noSuchRole(input.RoleName);
    // IAM's API reference: the caller must be allowed iam:PassRole on the role it puts in the profile.
    ctx.authorize('iam:PassRole', roleArnOf(ctx, r));
    if (p.Roles.length >= 1) throw limitExceeded('Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1');
    p.Roles.push(r.RoleName);
  },
  RemoveRoleFromInstanceProfile(input, ctx) {
    const p = profile(ctx, 'RemoveRoleFromInstanceProfile', input.InstanceProfileName);
    if (!holds(p, input.RoleName)) throw noSuchRole(input.RoleName);
    p.Roles = p.Roles.filter((n) => n.toLowerCase() !== String(input.RoleName).toLowerCase());
  },
  ListInstanceProfilesForRole(input, ctx) {
    const r = authorizedEntity(kinds.role, ctx, 'ListInstanceProfilesForRole', input.RoleName) as Role;
    const all = sortByName(Object.values(ctx.state.instanceProfiles), (p) => p.InstanceProfileName).filter((p) => holds(p, r.RoleName));
    const { page, IsTruncated, Marker } = paginate(all, input);
    return { InstanceProfiles: page.map((p) => view(ctx, p)), IsTruncated, ...(Marker ? { Marker } : {}) };
  },
  TagInstanceProfile(input, ctx) {
    const p = profile(ctx, 'TagInstanceProfile', input.InstanceProfileName, requestTagContext(input.Tags));
    p.Tags = mergeTags(p.Tags, input.Tags);
  },
  UntagInstanceProfile(input, ctx) {
    const p = profile(ctx, 'UntagInstanceProfile', input.InstanceProfileName, { 'aws:TagKeys': input.TagKeys });
    const drop = new Set((input.TagKeys as string[]).map((t) => t.toLowerCase()));
    p.Tags = p.Tags.filter((t) => !drop.has(t.Key.toLowerCase()));
  },
  ListInstanceProfileTags(input, ctx) {
    const p = profile(ctx, 'ListInstanceProfileTags', input.InstanceProfileName);
    const { page, IsTruncated, Marker } = paginate(p.Tags, input);
    return { Tags: page, IsTruncated, ...(Marker ? { Marker } : {}) };
  },
};
