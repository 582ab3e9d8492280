/** Techniques on roles, the boundary and the builder's own policies (catalogue rows 1–13). */
import { boundaryArn, policyArn } from '../model';
import { ADMIN, ALLOW_ALL, appRoleArn, appRoleName, roleArn, runAsRole, src, trustDoc, unlessGranted, withBoundary, type Technique } from './common';

const accountTrust = (account: string) => trustDoc({ AWS: `arn:aws:iam::${account}:root` });

export const roleTechniques: Technique[] = [
  {
    id: 'create-role-without-boundary',
    title: 'Create a role without the permissions boundary',
    calls: ['iam:CreateRole (no PermissionsBoundary)', 'iam:AttachRolePolicy AdministratorAccess', 'sts:AssumeRole or iam:PassRole'],
    gains: 'An unbounded role: any policy attached to it is fully effective.',
    stoppedBy: 'PB: iam:PermissionsBoundary must equal the boundary ARN on CreateRole',
    sources: [src.hacktricks('iam'), src.pmapper('gathering.py admin check'), src.sample],
    notApplicable: unlessGranted('iam:CreateRole'),
    fix: 'require-boundary',
    async run(a) {
      const name = 'battery-unbounded';
      await a.builder('iam', 'CreateRole', { RoleName: name, Path: a.model.rolePath, AssumeRolePolicyDocument: accountTrust(a.account) }, `role ${a.model.rolePath}${name}`, 'a role exists without the permissions boundary');
    },
  },
  {
    id: 'create-role-outside-path',
    title: 'Create a role outside the application path',
    calls: ['iam:CreateRole --path / (with the boundary)'],
    gains: 'A role the path-scoped controls (PassRole, trust, policy writes) no longer cover.',
    stoppedBy: 'PATH: role writes only on role/application_roles/*',
    sources: [src.sample, src.workshop],
    notApplicable: unlessGranted('iam:CreateRole'),
    fix: 'roles-in-path',
    async run(a) {
      const name = 'battery-outside';
      await a.builder('iam', 'CreateRole', { RoleName: name, Path: '/', AssumeRolePolicyDocument: accountTrust(a.account), ...withBoundary(a.model) }, `role /${name}`, 'a role exists outside the application path');
    },
  },
  {
    id: 'create-role-with-weaker-boundary',
    title: 'Create a role whose boundary is a policy the builder wrote (or AdministratorAccess)',
    calls: ['iam:CreatePolicy (Allow *)', 'iam:CreateRole --permissions-boundary <that policy>'],
    gains: 'A role whose "boundary" allows everything.',
    stoppedBy: 'PB with StringEquals on the exact boundary ARN (a wildcard matches builder-made policies)',
    sources: [src.hacktricks('iam'), src.sample],
    notApplicable: unlessGranted('iam:CreateRole'),
    fix: 'require-boundary',
    async run(a) {
      const made = await a.builder('iam', 'CreatePolicy', { PolicyName: 'battery-open-boundary', Path: a.model.policyPath, PolicyDocument: ALLOW_ALL }, `policy ${a.model.policyPath}battery-open-boundary`);
      const weaker = made.ok ? made.out.Policy.Arn : ADMIN;
      await a.builder('iam', 'CreateRole', { RoleName: 'battery-weak-boundary', Path: a.model.rolePath, AssumeRolePolicyDocument: accountTrust(a.account), PermissionsBoundary: weaker }, `role ${a.model.rolePath}battery-weak-boundary with boundary ${weaker}`, `a role exists whose boundary is ${weaker}`);
    },
  },
  {
    id: 'put-weaker-role-boundary',
    title: "Replace an application role's boundary with a weaker one",
    calls: ['iam:PutRolePermissionsBoundary (AdministratorAccess or a builder-made policy)'],
    gains: 'An application role whose boundary no longer limits it.',
    stoppedBy: 'PB on PutRolePermissionsBoundary',
    sources: [src.hacktricks('iam'), src.sample],
    notApplicable: unlessGranted('iam:PutRolePermissionsBoundary'),
    fix: 'require-boundary',
    async run(a) {
      await a.builder('iam', 'PutRolePermissionsBoundary', { RoleName: appRoleName, PermissionsBoundary: ADMIN }, `role ${appRoleArn(a)}`, 'the application role\'s boundary is now AdministratorAccess');
    },
  },
  {
    id: 'delete-role-boundary',
    title: "Remove an application role's boundary",
    calls: ['iam:DeleteRolePermissionsBoundary'],
    gains: 'An unbounded application role.',
    stoppedBy: 'NODEL: Deny iam:DeleteRolePermissionsBoundary',
    sources: [src.workshop, src.awsDocs('DeleteRolePermissionsBoundary warning')],
    notApplicable: unlessGranted('iam:DeleteRolePermissionsBoundary'),
    fix: 'no-boundary-delete',
    async run(a) {
      await a.builder('iam', 'DeleteRolePermissionsBoundary', { RoleName: appRoleName }, `role ${appRoleArn(a)}`, 'the application role has no boundary any more');
    },
  },
  {
    id: 'edit-boundary-policy',
    title: 'Rewrite the boundary with a new default version',
    calls: ['iam:CreatePolicyVersion (boundary, --set-as-default)'],
    gains: 'Every bounded role is now bounded by Allow *.',
    stoppedBy: 'PROT-B: Deny policy-version actions on the boundary',
    sources: [src.rhino('1'), src.pacu, src.bishop('privesc1'), src.pathfinding('iam-001')],
    notApplicable: (m) => (!m.boundary ? 'The model requires no permissions boundary.' : unlessGranted('iam:CreatePolicyVersion')(m)),
    fix: 'protect-policies',
    async run(a) {
      const arn = boundaryArn(a.model)!;
      await a.builder('iam', 'CreatePolicyVersion', { PolicyArn: arn, PolicyDocument: ALLOW_ALL, SetAsDefault: true }, `policy ${arn}`, 'the boundary now allows everything');
    },
  },
  {
    id: 'set-default-boundary-version',
    title: 'Stage a boundary version, then make it the default',
    calls: ['iam:CreatePolicyVersion (boundary, not default)', 'iam:SetDefaultPolicyVersion'],
    gains: 'The boundary replaced, in two quieter steps.',
    stoppedBy: 'PROT-B',
    sources: [src.rhino('2'), src.pacu, src.bishop('privesc2')],
    notApplicable: (m) => (!m.boundary ? 'The model requires no permissions boundary.' : unlessGranted('iam:SetDefaultPolicyVersion')(m)),
    fix: 'protect-policies',
    async run(a) {
      const arn = boundaryArn(a.model)!;
      const staged = await a.builder('iam', 'CreatePolicyVersion', { PolicyArn: arn, PolicyDocument: ALLOW_ALL, SetAsDefault: false }, `policy ${arn}`);
      if (!staged.ok) return;
      await a.builder('iam', 'SetDefaultPolicyVersion', { PolicyArn: arn, VersionId: staged.out.PolicyVersion.VersionId }, `policy ${arn}`, 'the boundary now allows everything');
    },
  },
  {
    id: 'edit-builder-policy',
    title: "Rewrite the builder's own policy",
    calls: ['iam:CreatePolicyVersion (builder policy, --set-as-default)', 'iam:CreateUser'],
    gains: 'The builder becomes an administrator.',
    stoppedBy: 'PROT-S: Deny policy-version actions on the builder policy',
    sources: [src.workshop, src.pathfinding('iam-001'), src.rhino('1')],
    notApplicable: (m) => (!m.policies.some((p) => p.kind === 'managed') ? 'The builder has no customer managed policy (see put-inline-policy-on-builder).' : unlessGranted('iam:CreatePolicyVersion')(m)),
    fix: 'protect-policies',
    async run(a) {
      const p = a.model.policies.find((x) => x.kind === 'managed')!;
      const arn = policyArn(a.model, p);
      const r = await a.builder('iam', 'CreatePolicyVersion', { PolicyArn: arn, PolicyDocument: ALLOW_ALL, SetAsDefault: true }, `policy ${arn}`, 'the builder policy now allows everything');
      if (r.ok) await a.canaryCreateUser('builder', 'The builder');
    },
  },
  {
    id: 'attach-policy-to-builder',
    title: 'Attach AdministratorAccess to the builder role',
    calls: ['iam:AttachRolePolicy (builder role)', 'iam:CreateUser'],
    gains: 'The builder becomes an administrator.',
    stoppedBy: 'PATH + PB (the builder role is outside the path and has no boundary)',
    sources: [src.rhino('9'), src.bishop('privesc9'), src.pathfinding('iam-009')],
    notApplicable: unlessGranted('iam:AttachRolePolicy'),
    fix: 'require-boundary',
    async run(a) {
      const r = await a.builder('iam', 'AttachRolePolicy', { RoleName: a.model.builderRole.name, PolicyArn: ADMIN }, `role ${a.model.builderRole.name}`, 'AdministratorAccess is attached to the builder');
      if (r.ok) await a.canaryCreateUser('builder', 'The builder');
    },
  },
  {
    id: 'put-inline-policy-on-builder',
    title: 'Put an inline Allow * on the builder role',
    calls: ['iam:PutRolePolicy (builder role)', 'iam:CreateUser'],
    gains: 'The builder becomes an administrator.',
    stoppedBy: 'PATH + PB',
    sources: [src.rhino('12'), src.bishop('privesc12'), src.pathfinding('iam-005')],
    notApplicable: unlessGranted('iam:PutRolePolicy'),
    fix: 'require-boundary',
    async run(a) {
      const r = await a.builder('iam', 'PutRolePolicy', { RoleName: a.model.builderRole.name, PolicyName: 'battery-admin', PolicyDocument: ALLOW_ALL }, `role ${a.model.builderRole.name}`, 'an inline Allow * is on the builder');
      if (r.ok) await a.canaryCreateUser('builder', 'The builder');
    },
  },
  {
    id: 'attach-policy-to-other-role',
    title: 'Attach AdministratorAccess to a role outside the path',
    calls: ['iam:AttachRolePolicy (an administrator-made role)', 'sts:AssumeRole'],
    gains: 'An administrator-made role, trusted by others, becomes an administrator.',
    stoppedBy: 'PATH + PB',
    sources: [src.pathfinding('iam-014'), src.pacu],
    notApplicable: unlessGranted('iam:AttachRolePolicy'),
    fix: 'require-boundary',
    async run(a) {
      await a.builder('iam', 'AttachRolePolicy', { RoleName: 'audit-reader', PolicyArn: ADMIN }, `role ${roleArn(a, 'audit-reader')}`, 'AdministratorAccess is attached to a role outside the path');
    },
  },
  {
    id: 'attach-admin-to-application-role',
    title: 'Attach AdministratorAccess to a bounded application role and run code as it',
    calls: ['iam:CreateRole (with the boundary)', 'iam:AttachRolePolicy AdministratorAccess', 'lambda:CreateFunction', 'lambda:InvokeFunction', 'iam:CreateUser (as the role)'],
    gains: 'Whatever the boundary lets through: everything when the boundary is weak.',
    stoppedBy: 'BND: the boundary allows data-plane actions only',
    sources: [src.sample, src.awsDocs('effective permissions')],
    notApplicable: unlessGranted('iam:CreateRole'),
    fix: 'boundary-no-iam',
    async run(a) {
      const name = 'battery-app-admin';
      const made = await a.builder('iam', 'CreateRole', { RoleName: name, Path: a.model.rolePath, AssumeRolePolicyDocument: trustDoc({ Service: 'lambda.amazonaws.com' }), ...withBoundary(a.model) }, `role ${a.model.rolePath}${name}`);
      if (!made.ok) return;
      const att = await a.builder('iam', 'AttachRolePolicy', { RoleName: name, PolicyArn: ADMIN }, `role ${name}`);
      if (!att.ok) return;
      await runAsRole(a, made.out.Role.Arn, 'battery-app-admin', 'an application role can create IAM users');
    },
  },
  {
    id: 'update-assume-role-policy',
    title: "Rewrite a privileged role's trust policy to let the builder in",
    calls: ['iam:UpdateAssumeRolePolicy (platform-automation)', 'sts:AssumeRole', 'iam:CreateUser'],
    gains: 'The privileged role\'s permissions.',
    stoppedBy: 'PATH: UpdateAssumeRolePolicy only on role/application_roles/*',
    sources: [src.rhino('14'), src.pacu, src.bishop('privesc14'), src.pmapper('iam_edges'), src.pathfinding('iam-012')],
    notApplicable: unlessGranted('iam:UpdateAssumeRolePolicy'),
    fix: 'roles-in-path',
    async run(a) {
      const target = roleArn(a, a.names.privilegedRole);
      const doc = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${a.account}:root` }, Action: 'sts:AssumeRole' }] });
      const r = await a.builder('iam', 'UpdateAssumeRolePolicy', { RoleName: a.names.privilegedRole, PolicyDocument: doc }, `role ${target}`, 'a privileged role now trusts the builder\'s account');
      if (!r.ok) return;
      const gained = await a.assume(target);
      if (gained) await a.canaryCreateUser(gained, 'The privileged role, assumed by the builder,');
    },
  },
  {
    id: 'assume-role-trusting-account',
    title: 'Assume a privileged role that trusts the account',
    calls: ['sts:AssumeRole (break-glass)', 'iam:CreateUser'],
    gains: 'The trusting role\'s permissions (AdministratorAccess here).',
    stoppedBy: 'AR: the builder\'s sts:AssumeRole is scoped',
    sources: [src.hacktricks('sts'), src.pmapper('sts_edges'), src.pathfinding('sts-001')],
    notApplicable: unlessGranted('sts:AssumeRole'),
    fix: 'assume-in-path',
    async run(a) {
      const gained = await a.assume(roleArn(a, a.names.trustingRole));
      if (gained) await a.canaryCreateUser(gained, 'The break-glass role, assumed by the builder,');
    },
  },
];
