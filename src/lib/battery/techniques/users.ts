/** Techniques on users and groups (catalogue rows 15–18), service-linked roles (33) and the protected resource. */
import { ALLOW_ALL, ADMIN, src, unlessGranted, type Technique } from './common';
import { bucketName } from '../account';

export const userTechniques: Technique[] = [
  {
    id: 'create-access-key-for-user',
    title: "Create an access key for a privileged user",
    calls: ['iam:CreateAccessKey (alice)', 'iam:CreateUser (with alice\'s key)'],
    gains: 'Long-lived credentials of an administrator user.',
    stoppedBy: 'NOUSR: no user or group actions',
    sources: [src.rhino('4'), src.pacu, src.bishop('privesc4'), src.pmapper('iam_edges'), src.pathfinding('iam-002')],
    notApplicable: unlessGranted('iam:CreateAccessKey'),
    fix: 'no-user-actions',
    async run(a) {
      const r = await a.builder('iam', 'CreateAccessKey', { UserName: a.names.adminUser }, `user ${a.names.adminUser}`, 'the builder holds an access key of an administrator user');
      if (!r.ok) return;
      const k = r.out.AccessKey;
      await a.canaryCreateUser({ label: `arn:aws:iam::${a.account}:user/${a.names.adminUser}`, credentials: { accessKeyId: k.AccessKeyId, secretAccessKey: k.SecretAccessKey } }, `${a.names.adminUser}'s new key`);
    },
  },
  {
    id: 'create-login-profile',
    title: 'Give a user without one a console password',
    calls: ['iam:CreateLoginProfile (bob)'],
    gains: 'Console sign-in as another user.',
    stoppedBy: 'NOUSR',
    sources: [src.rhino('5'), src.bishop('privesc5'), src.pathfinding('iam-004')],
    notApplicable: unlessGranted('iam:CreateLoginProfile'),
    fix: 'no-user-actions',
    async run(a) {
      await a.builder('iam', 'CreateLoginProfile', { UserName: a.names.plainUser, Password: 'Battery-Canary-Password-1' }, `user ${a.names.plainUser}`, 'the builder set another user\'s console password');
    },
  },
  {
    id: 'update-login-profile',
    title: "Change a privileged user's console password",
    calls: ['iam:UpdateLoginProfile (alice)'],
    gains: 'Console sign-in as an administrator.',
    stoppedBy: 'NOUSR',
    sources: [src.rhino('6'), src.bishop('privesc6'), src.pathfinding('iam-006')],
    notApplicable: unlessGranted('iam:UpdateLoginProfile'),
    fix: 'no-user-actions',
    async run(a) {
      await a.builder('iam', 'UpdateLoginProfile', { UserName: a.names.adminUser, Password: 'Battery-Canary-Password-1' }, `user ${a.names.adminUser}`, 'the builder set an administrator\'s console password');
    },
  },
  {
    id: 'attach-user-policy',
    title: 'Attach AdministratorAccess to a user',
    calls: ['iam:AttachUserPolicy (bob)'],
    gains: 'An administrator user the attacker can take over.',
    stoppedBy: 'NOUSR',
    sources: [src.rhino('7'), src.bishop('privesc7'), src.pathfinding('iam-007')],
    notApplicable: unlessGranted('iam:AttachUserPolicy'),
    fix: 'no-user-actions',
    async run(a) {
      await a.builder('iam', 'AttachUserPolicy', { UserName: a.names.plainUser, PolicyArn: ADMIN }, `user ${a.names.plainUser}`, 'AdministratorAccess is attached to a user (users take no boundary from the builder)');
    },
  },
  {
    id: 'put-user-policy',
    title: 'Put an inline Allow * on a user',
    calls: ['iam:PutUserPolicy (bob)'],
    gains: 'An administrator user.',
    stoppedBy: 'NOUSR',
    sources: [src.rhino('10'), src.bishop('privesc10'), src.pathfinding('iam-008')],
    notApplicable: unlessGranted('iam:PutUserPolicy'),
    fix: 'no-user-actions',
    async run(a) {
      await a.builder('iam', 'PutUserPolicy', { UserName: a.names.plainUser, PolicyName: 'battery-admin', PolicyDocument: ALLOW_ALL }, `user ${a.names.plainUser}`, 'an inline Allow * is on a user');
    },
  },
  {
    id: 'add-user-to-group',
    title: 'Add a user to an administrators group',
    calls: ['iam:AddUserToGroup (platform-admins)'],
    gains: 'The group\'s AdministratorAccess for the user.',
    stoppedBy: 'NOUSR (groups take no boundary and no iam:PermissionsBoundary key)',
    sources: [src.rhino('13'), src.bishop('privesc13')],
    notApplicable: unlessGranted('iam:AddUserToGroup'),
    fix: 'no-user-actions',
    async run(a) {
      await a.builder('iam', 'AddUserToGroup', { GroupName: a.names.adminGroup, UserName: a.names.plainUser }, `group ${a.names.adminGroup}`, 'a user joined the administrators group');
    },
  },
  {
    id: 'attach-group-policy',
    title: "Attach AdministratorAccess to a user's group",
    calls: ['iam:AttachGroupPolicy (readers)'],
    gains: 'Every member becomes an administrator.',
    stoppedBy: 'NOUSR',
    sources: [src.rhino('8'), src.bishop('privesc8')],
    notApplicable: unlessGranted('iam:AttachGroupPolicy'),
    fix: 'no-user-actions',
    async run(a) {
      await a.builder('iam', 'AttachGroupPolicy', { GroupName: 'readers', PolicyArn: ADMIN }, 'group readers', 'AdministratorAccess is attached to a group');
    },
  },
  {
    id: 'create-service-linked-role',
    title: 'Create a service-linked role',
    calls: ['iam:CreateServiceLinkedRole (autoscaling.amazonaws.com)', 'autoscaling:CreateAutoScalingGroup (no PassRole)'],
    gains: 'A role outside the path and without the boundary, used by a service on the attacker\'s behalf with no iam:PassRole check.',
    stoppedBy: 'Scope iam:AWSServiceName or deny CreateServiceLinkedRole',
    sources: [src.pmapper('autoscaling_edges')],
    notApplicable: unlessGranted('iam:CreateServiceLinkedRole'),
    fix: 'no-service-linked-roles',
    async run(a) {
      await a.builder('iam', 'CreateServiceLinkedRole', { AWSServiceName: 'autoscaling.amazonaws.com' }, 'service-linked role for autoscaling.amazonaws.com', 'a role exists outside the path without the boundary');
    },
  },
  {
    id: 'read-protected-resource',
    title: 'Read the resource the builder must never reach',
    calls: ['s3:GetObject (crown-jewels)'],
    gains: 'The protected data, directly.',
    stoppedBy: 'The builder policy grants no access to it',
    sources: [src.awsDocs('identity-based policies')],
    notApplicable: unlessGranted('s3:GetObject'),
    fix: 'protect-resource',
    async run(a) {
      await a.builder('s3', 'GetObject', { Bucket: bucketName(a.account), Key: a.names.protectedKey }, `s3://${bucketName(a.account)}/${a.names.protectedKey}`, 'the builder read the protected object');
    },
  },
];
