/** IAM roles: create, read, update, delete, list, and the trust policy. */
import type { OperationHandler } from '../../core/types';
import { checkPolicy, checkTags, newRoleArn, requestTagContext, roleView, underPath, type Ctx } from './common';
import { authorizedEntity, boundaryNotFound, kinds } from './entities';
import { deleteConflict, roleExists } from './errors';
import { findRole, managedPolicy, newRole, paginate, putRole, removeRole, sortByName, type IamState, type Role } from './model';

const role = (ctx: Ctx, op: string, name: string) => authorizedEntity(kinds.role, ctx, op, name) as Role;

export const roleOperations: Record<string, OperationHandler<IamState>> = {
  CreateRole(input, ctx) {
    const path = input.Path ?? '/';
    ctx.authorize('iam:CreateRole', newRoleArn(ctx, input.RoleName, path), {
      context: { 'iam:PermissionsBoundary': input.PermissionsBoundary, ...requestTagContext(input.Tags) },
    });
    if (findRole(ctx.state, input.RoleName)) throw roleExists(input.RoleName);
    checkPolicy(input.AssumeRolePolicyDocument, 'trust');
    checkTags(input.Tags);
    if (input.PermissionsBoundary && !managedPolicy(ctx.state, input.PermissionsBoundary)) {
      throw boundaryNotFound(input.PermissionsBoundary);
    }
    const r = newRole(input.RoleName, path, input.AssumeRolePolicyDocument, ctx.now());
    if (input.Description !== undefined) r.Description = input.Description;
    if (input.MaxSessionDuration !== undefined) r.MaxSessionDuration = input.MaxSessionDuration;
    if (input.PermissionsBoundary) r.PermissionsBoundaryArn = input.PermissionsBoundary;
    if (input.Tags) r.Tags = input.Tags.map((t: any) => ({ Key: t.Key, Value: t.Value }));
    putRole(ctx.state, r);
    return { Role: roleView(ctx, r, 'create') };
  },
  GetRole(input, ctx) {
    return { Role: roleView(ctx, role(ctx, 'GetRole', input.RoleName), 'full') };
  },
  DeleteRole(input, ctx) {
    const r = role(ctx, 'DeleteRole', input.RoleName);
    if (r.AttachedPolicies.length > 0) throw deleteConflict('Cannot delete entity, must detach all policies first.');
    if (Object.keys(r.InlinePolicies).length > 0) throw deleteConflict('Cannot delete entity, must delete policies first.');
    removeRole(ctx.state, r.RoleName);
  },
  UpdateRole(input, ctx) {
    const r = role(ctx, 'UpdateRole', input.RoleName);
    if (input.Description !== undefined) r.Description = input.Description;
    if (input.MaxSessionDuration !== undefined) r.MaxSessionDuration = input.MaxSessionDuration;
    return {};
  },
  UpdateRoleDescription(input, ctx) {
    const r = role(ctx, 'UpdateRoleDescription', input.RoleName);
    r.Description = input.Description;
    return { Role: roleView(ctx, r, 'full') };
  },
  UpdateAssumeRolePolicy(input, ctx) {
    const r = role(ctx, 'UpdateAssumeRolePolicy', input.RoleName);
    checkPolicy(input.PolicyDocument, 'trust');
    r.AssumeRolePolicyDocument = input.PolicyDocument;
  },
  ListRoles(input, ctx) {
    // AWS names the listed path as the resource: "… iam:ListRoles on resource: arn:aws:iam::123456789012:role/".
    ctx.authorize('iam:ListRoles', `arn:aws:iam::${ctx.accountId}:role${input.PathPrefix ?? '/'}`);
    const roles = sortByName(Object.values(ctx.state.roles), (r) => r.RoleName).filter((r) => underPath(r.Path, input.PathPrefix));
    const { page, IsTruncated, Marker } = paginate(roles, input);
    return { Roles: page.map((r) => roleView(ctx, r, 'list')), IsTruncated, ...(Marker ? { Marker } : {}) };
  },
  // AWS difference: the sandbox has no EC2, so roles are never in instance profiles.
  ListInstanceProfilesForRole(input, ctx) {
    role(ctx, 'ListInstanceProfilesForRole', input.RoleName);
    return { InstanceProfiles: [], IsTruncated: false };
  },
};
