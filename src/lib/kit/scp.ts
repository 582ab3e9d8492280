/**
 * The organization-wide guardrail the blog recommends: a service control policy that makes the boundary mandatory.
 * It denies, to everyone but the named administrator roles, creating or changing a role or user in the builder paths
 * without the boundary, removing a boundary there, editing the boundary or builder policies, and changing the builder
 * role itself. An SCP cannot use CloudFormation's substitutions, so account ids are wildcards.
 */
import type { OrgConfig } from './config';
import type { Statement } from './services';

export const SCP_SIZE_LIMIT = 5120;

export function serviceControlPolicy(c: OrgConfig): { Version: string; Statement: Statement[] } {
  const iam = (rest: string) => `arn:aws:iam::*:${rest}`;
  const boundaryArn = iam(`policy${c.boundary.path}${c.boundary.name}`);
  const notAdmin = { ArnNotLike: { 'aws:PrincipalArn': c.administratorRoleArns } };
  const app = c.applicationRoles.path;
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'DenyBuilderPathRolesWithoutTheBoundary',
        Effect: 'Deny',
        Action: ['iam:CreateRole', 'iam:PutRolePermissionsBoundary'],
        Resource: iam(`role${app}*`),
        Condition: { ArnNotLike: { 'iam:PermissionsBoundary': boundaryArn, 'aws:PrincipalArn': c.administratorRoleArns } },
      },
      {
        Sid: 'DenyBuilderPathUsersWithoutTheBoundary',
        Effect: 'Deny',
        Action: ['iam:CreateUser', 'iam:PutUserPermissionsBoundary'],
        Resource: iam(`user${app}*`),
        Condition: { ArnNotLike: { 'iam:PermissionsBoundary': boundaryArn, 'aws:PrincipalArn': c.administratorRoleArns } },
      },
      {
        Sid: 'DenyRemovingBoundariesInBuilderPaths',
        Effect: 'Deny',
        Action: ['iam:DeleteRolePermissionsBoundary', 'iam:DeleteUserPermissionsBoundary'],
        Resource: [iam(`role${app}*`), iam(`user${app}*`)],
        Condition: notAdmin,
      },
      {
        Sid: 'DenyEditingBoundaryAndBuilderPolicies',
        Effect: 'Deny',
        Action: ['iam:CreatePolicyVersion', 'iam:DeletePolicy', 'iam:DeletePolicyVersion', 'iam:SetDefaultPolicyVersion'],
        Resource: [boundaryArn, iam(`policy${c.builderPolicy.path}${c.builderPolicy.name}`)],
        Condition: notAdmin,
      },
      {
        Sid: 'DenyChangingTheBuilderRole',
        Effect: 'Deny',
        Action: [
          'iam:AttachRolePolicy', 'iam:DeleteRole', 'iam:DeleteRolePermissionsBoundary', 'iam:DeleteRolePolicy', 'iam:DetachRolePolicy',
          'iam:PutRolePermissionsBoundary', 'iam:PutRolePolicy', 'iam:UpdateAssumeRolePolicy',
        ],
        Resource: iam(`role${c.builderRole.path}${c.builderRole.name}`),
        Condition: notAdmin,
      },
    ],
  };
}

/** The SCP as AWS Organizations measures it: without whitespace. */
export const scpSize = (doc: object): number => JSON.stringify(doc).length;
