/**
 * Service-linked roles: IAM names each one for its service (service-linked-roles.data.ts), puts it under
 * /aws-service-role/<service>/ with a trust policy for that service and the service's AWS managed policy, and lets
 * only AWS change it (UnmodifiableEntity for the caller's DeleteRole, policy and trust changes).
 */
import { requestId } from '../../core/ids';
import { AwsError, type OperationHandler } from '../../core/types';
import { roleView, type Ctx } from './common';
import { authorizedEntity, kinds } from './entities';
import { newRole, putRole, findRole, removeRole, roleArn, type IamState, type Role } from './model';
import { SERVICE_LINKED_ROLES } from './service-linked-roles.data';
import { orphanTrustPrincipal } from './trust';

const invalidInput = (message: string) => new AwsError('InvalidInput', message, 400);

const TASK = /^task\/aws-service-role\/([^/]+)\/([^/]+)\/[0-9a-f-]{36}$/;

export const serviceLinkedRoleOperations: Record<string, OperationHandler<IamState>> = {
  CreateServiceLinkedRole(input, ctx) {
    const service: string = input.AWSServiceName;
    const known = SERVICE_LINKED_ROLES[service];
    const roleName = known ? (input.CustomSuffix !== undefined ? `${known[0]}_${input.CustomSuffix}` : known[0]) : undefined;
    const path = `/aws-service-role/${service}/`;
    ctx.authorize('iam:CreateServiceLinkedRole', `arn:aws:iam::${ctx.accountId}:role${path}${roleName ?? '*'}`, {
      context: { 'iam:AWSServiceName': service },
    });
    // AWS difference: AWS knows every service that has service-linked roles; the sandbox knows the ones in its table,
    // and the wording of this refusal is the sandbox's own.
    if (!known || !roleName) throw invalidInput(`Service ${service} does not support service-linked roles in the Boundary Lab sandbox.`);
    if (input.CustomSuffix !== undefined && !known[2]) throw invalidInput(`Custom suffix is not allowed for ${service}`);
    if (findRole(ctx.state, roleName)) throw invalidInput(`Service role name ${roleName} has been taken in this account, please try a different suffix.`);
    const trust = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }],
    });
    const r = newRole(roleName, path, trust, ctx.now());
    r.LinkedService = service;
    if (input.Description !== undefined) r.Description = input.Description;
    r.AttachedPolicies.push(`arn:aws:iam::aws:policy/aws-service-role/${known[1] ?? known[0]}`);
    putRole(ctx.state, r);
    return { Role: roleView(ctx, r, 'create') };
  },
  DeleteServiceLinkedRole(input, ctx) {
    const r = authorizedEntity(kinds.role, ctx, 'DeleteServiceLinkedRole', input.RoleName) as Role;
    // AWS difference: the wording of this refusal is the sandbox's own.
    if (!r.LinkedService) throw invalidInput(`Role ${r.RoleName} is not a service-linked role.`);
    // AWS difference: AWS deletes in the background (IN_PROGRESS first) after checking that no resource of the
    // service still uses the role; no sandbox resource uses one, so the deletion succeeds at once.
    const taskId = `task${r.Path}${r.RoleName}/${requestId()}`;
    removeRole(ctx.state, r.RoleName);
    orphanTrustPrincipal(ctx.state, roleArn(ctx.accountId, r), r.RoleId);
    ctx.state.deletionTasks[taskId] = { Status: 'SUCCEEDED' };
    return { DeletionTaskId: taskId };
  },
  GetServiceLinkedRoleDeletionStatus(input, ctx: Ctx) {
    const id: string = input.DeletionTaskId;
    const m = TASK.exec(id);
    ctx.authorize('iam:GetServiceLinkedRoleDeletionStatus', `arn:aws:iam::${ctx.accountId}:role/aws-service-role/${m ? `${m[1]}/${m[2]}` : '*'}`);
    // AWS difference: the wording of these two refusals is the sandbox's own.
    if (!m) throw invalidInput(`Invalid deletion task id: ${id}`);
    const task = ctx.state.deletionTasks[id];
    if (!task) throw new AwsError('NoSuchEntity', `Deletion task ${id} cannot be found.`, 404);
    return { Status: task.Status };
  },
};
