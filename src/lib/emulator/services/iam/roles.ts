/** IAM roles: create, read, update, delete, list, and the trust policy. */
import type { OperationHandler } from '../../core/types';
import { checkPolicy, checkTags, newRoleArn, requestTagContext, roleView, underPath, type Ctx } from './common';
import { authorizedEntity, boundaryNotFound, kinds } from './entities';
import { deleteConflict, limitExceeded, roleExists, unmodifiableRole } from './errors';
import { findRole, managedPolicy, newRole, paginate, putRole, removeRole, roleArn, sortByName, type IamState, type Role } from './model';
import { bindTrustPrincipals, orphanTrustPrincipal } from './trust';

const role = (ctx: Ctx, op: string, name: string) => authorizedEntity(kinds.role, ctx, op, name) as Role;

export const roleOperations: Record<string, OperationHandler<IamState>> = {
  CreateRole(input, ctx) {
    const path = input.Path ?? '/';
    ctx.authorize('iam:CreateRole', newRoleArn(ctx, input.RoleName, path), {
      context: { 'iam:PermissionsBoundary': input.PermissionsBoundary, ...requestTagContext(input.Tags) },
    });
    if (findRole(ctx.state, input.RoleName)) throw roleExists(input.RoleName);
    checkPolicy(input.AssumeRolePolicyDocument, 'trust');
    const trusted = bindTrustPrincipals(ctx.state, ctx.accountId, input.AssumeRolePolicyDocument);
    checkTags(input.Tags);
    if (input.PermissionsBoundary && !managedPolicy(ctx.state, input.PermissionsBoundary)) {
      throw boundaryNotFound(input.PermissionsBoundary);
    }
    if (Object.keys(ctx.state.roles).length >= 1000) throw limitExceeded('Cannot exceed quota for RolesPerAccount: 1000');
    const r = newRole(input.RoleName, path, input.AssumeRolePolicyDocument, ctx.now());
    if (Object.keys(trusted).length) r.TrustPrincipals = trusted;
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
    if (r.LinkedService) throw unmodifiableRole(r.RoleName);
    if (Object.values(ctx.state.instanceProfiles).some((p) => p.Roles.some((n) => n.toLowerCase() === r.RoleName.toLowerCase()))) {
      throw deleteConflict('Cannot delete entity, must remove roles from instance profile first.');
    }
    if (r.AttachedPolicies.length > 0) throw deleteConflict('Cannot delete entity, must detach all policies first.');
    if (Object.keys(r.InlinePolicies).length > 0) throw deleteConflict('Cannot delete entity, must delete policies first.');
    removeRole(ctx.state, r.RoleName);
    orphanTrustPrincipal(ctx.state, roleArn(ctx.accountId, r), r.RoleId);
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
    if (r.LinkedService) throw unmodifiableRole(r.RoleName);
    checkPolicy(input.PolicyDocument, 'trust');
    const trusted = bindTrustPrincipals(ctx.state, ctx.accountId, input.PolicyDocument);
    r.AssumeRolePolicyDocument = input.PolicyDocument;
    if (Object.keys(trusted).length) r.TrustPrincipals = trusted;
    else delete r.TrustPrincipals;
  },
  ListRoles(input, ctx) {
    // AWS names the listed path as the resource: "… iam:ListRoles on resource: arn:aws:iam::123456789012:role/".
    ctx.authorize('iam:ListRoles', `arn:aws:iam::${ctx.accountId}:role${input.PathPrefix ?? '/'}`);
    const roles = sortByName(Object.values(ctx.state.roles), (r) => r.RoleName).filter((r) => underPath(r.Path, input.PathPrefix));
    const { page, IsTruncated, Marker } = paginate(roles, input);
    return { Roles: page.map((r) => roleView(ctx, r, 'list')), IsTruncated, ...(Marker ? { Marker } : {}) };
  },
};
