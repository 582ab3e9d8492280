/**
 * The fix for each escalation: one statement added to the builder policy (or to the boundary), shown as a diff of
 * the policy document. The runner re-deploys the model with it and re-runs the technique to show it held.
 * A Deny is added rather than an Allow rewritten: it stops the technique whatever the model's Allows are, and it
 * is the shape the blog's own model uses for what must never happen (DenyDeletingPermissionsBoundaries).
 */
import { createTwoFilesPatch } from 'diff';
import { boundaryArn, policyArn, statementsOf, type BuilderModel, type PolicyDocument, type Statement } from './model';

export type FixKind =
  | 'require-boundary'
  | 'roles-in-path'
  | 'no-boundary-delete'
  | 'protect-policies'
  | 'boundary-no-iam'
  | 'pass-in-path'
  | 'function-prefix'
  | 'stack-prefix'
  | 'no-user-actions'
  | 'assume-in-path'
  | 'no-service-linked-roles'
  | 'protect-resource';

/** The names builders' own stacks and functions carry (the lab's builder-application-… stack and its functions). */
export const BUILDER_PREFIX = 'builder-';

const ROLE_WRITES = ['iam:AttachRolePolicy', 'iam:CreateRole', 'iam:DeleteRolePolicy', 'iam:DetachRolePolicy', 'iam:PutRolePermissionsBoundary', 'iam:PutRolePolicy'];

export function fixStatement(kind: FixKind, m: BuilderModel): { policy: 'builder' | 'boundary'; statement: Statement } {
  const acct = m.accountId;
  const boundary = boundaryArn(m) ?? `arn:aws:iam::${acct}:policy/permissions_boundaries/application-boundary`;
  const rolesInPath = `arn:aws:iam::${acct}:role${m.rolePath}*`;
  const builder = (statement: Statement) => ({ policy: 'builder' as const, statement });
  switch (kind) {
    case 'require-boundary':
      return builder({ Sid: 'DenyRoleWritesWithoutTheBoundary', Effect: 'Deny', Action: ROLE_WRITES, Resource: '*', Condition: { StringNotEquals: { 'iam:PermissionsBoundary': boundary } } });
    case 'roles-in-path':
      return builder({ Sid: 'DenyRoleWritesOutsideTheApplicationPath', Effect: 'Deny', Action: [...ROLE_WRITES, 'iam:UpdateAssumeRolePolicy', 'iam:DeleteRole', 'iam:UpdateRole'], NotResource: rolesInPath });
    case 'no-boundary-delete':
      return builder({ Sid: 'DenyDeletingPermissionsBoundaries', Effect: 'Deny', Action: 'iam:DeleteRolePermissionsBoundary', Resource: '*' });
    case 'protect-policies':
      return builder({
        Sid: 'DenyChangingTheBoundaryAndBuilderPolicies',
        Effect: 'Deny',
        Action: ['iam:CreatePolicyVersion', 'iam:DeletePolicy', 'iam:DeletePolicyVersion', 'iam:SetDefaultPolicyVersion'],
        Resource: [boundary, ...m.policies.filter((p) => p.kind === 'managed').map((p) => policyArn(m, p))],
      });
    case 'boundary-no-iam':
      return { policy: 'boundary', statement: { Sid: 'DenyIdentityAndAccessManagement', Effect: 'Deny', Action: ['iam:*', 'sts:AssumeRole', 'organizations:*'], Resource: '*' } };
    case 'pass-in-path':
      return builder({ Sid: 'DenyPassingRolesOutsideTheApplicationPath', Effect: 'Deny', Action: 'iam:PassRole', NotResource: rolesInPath });
    case 'function-prefix':
      return builder({
        Sid: 'DenyChangingFunctionsBuildersDoNotOwn',
        Effect: 'Deny',
        Action: ['lambda:UpdateFunctionCode', 'lambda:UpdateFunctionConfiguration', 'lambda:DeleteFunction', 'lambda:PublishVersion', 'lambda:AddPermission'],
        NotResource: `arn:aws:lambda:*:${acct}:function:${BUILDER_PREFIX}*`,
      });
    case 'stack-prefix':
      return builder({
        Sid: 'DenyChangingStacksBuildersDoNotOwn',
        Effect: 'Deny',
        Action: ['cloudformation:UpdateStack', 'cloudformation:CreateChangeSet', 'cloudformation:ExecuteChangeSet', 'cloudformation:DeleteStack', 'cloudformation:CancelUpdateStack', 'cloudformation:ContinueUpdateRollback', 'cloudformation:SetStackPolicy'],
        NotResource: `arn:aws:cloudformation:*:${acct}:stack/${BUILDER_PREFIX}*/*`,
      });
    case 'no-user-actions':
      return builder({
        Sid: 'DenyUserAndGroupChanges',
        Effect: 'Deny',
        Action: ['iam:AddUserToGroup', 'iam:AttachGroupPolicy', 'iam:AttachUserPolicy', 'iam:CreateAccessKey', 'iam:CreateLoginProfile', 'iam:PutGroupPolicy', 'iam:PutUserPolicy', 'iam:UpdateLoginProfile'],
        Resource: '*',
      });
    case 'assume-in-path':
      return builder({ Sid: 'DenyAssumingRolesOutsideTheApplicationPath', Effect: 'Deny', Action: 'sts:AssumeRole', NotResource: rolesInPath });
    case 'no-service-linked-roles':
      return builder({ Sid: 'DenyServiceLinkedRoles', Effect: 'Deny', Action: 'iam:CreateServiceLinkedRole', Resource: '*' });
    case 'protect-resource':
      return builder({ Sid: 'DenyTheProtectedBucket', Effect: 'Deny', Action: 's3:*', Resource: [`arn:aws:s3:::crown-jewels-${acct}`, `arn:aws:s3:::crown-jewels-${acct}/*`] });
  }
}

const pretty = (d: PolicyDocument) => `${JSON.stringify(d, null, 2)}\n`;

/** The model with the fix applied, and the diff of the one document it changes. */
export function applyFix(kind: FixKind, m: BuilderModel): { model: BuilderModel; policy: 'builder' | 'boundary'; policyName: string; statement: Statement; diff: string } {
  const { policy, statement } = fixStatement(kind, m);
  const add = (doc: PolicyDocument): PolicyDocument => ({ ...doc, Statement: [...statementsOf(doc), statement] });
  let model: BuilderModel;
  let before: PolicyDocument;
  let name: string;
  if (policy === 'boundary' && m.boundary) {
    before = m.boundary.document;
    name = m.boundary.name;
    model = { ...m, boundary: { ...m.boundary, document: add(before) } };
  } else if (m.policies.length > 0) {
    before = m.policies[0].document;
    name = m.policies[0].name;
    model = { ...m, policies: [{ ...m.policies[0], document: add(before) }, ...m.policies.slice(1)] };
  } else {
    before = { Version: '2012-10-17', Statement: [] };
    name = 'builder';
    model = { ...m, policies: [{ kind: 'inline', name, path: '', document: add(before) }] };
  }
  const after = policy === 'boundary' && model.boundary ? model.boundary.document : model.policies[0].document;
  const diff = createTwoFilesPatch(`a/${name}.json`, `b/${name}.json`, pretty(before), pretty(after), undefined, undefined, { context: 3 });
  return { model, policy: policy === 'boundary' && m.boundary ? 'boundary' : 'builder', policyName: name, statement, diff };
}
