/**
 * Every IAM and STS operation the sandbox implements, called through SDK v3 clients over HTTP against
 * `bin/sandbox.ts`, with one success and one AWS error case each where one exists. The last test checks that no
 * implemented operation was left out.
 */
import * as IAM from '@aws-sdk/client-iam';
import * as STS from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { iamProvider, stsProvider } from '../../../src/lib/emulator/services';
import { allow, startSandbox, TRUST_ACCOUNT, type SandboxProcess } from './harness';

const A = '123456789012';
const called = new Set<string>();

describe('SDK v3: every IAM and STS operation over HTTP', () => {
  let sb: SandboxProcess;
  let iam: IAM.IAMClient;
  let sts: STS.STSClient;
  const send = async (client: IAM.IAMClient | STS.STSClient, command: any) => {
    called.add(command.constructor.name.replace(/Command$/, ''));
    return (client as any).send(command);
  };
  const ok = (c: any) => send(iam, c);
  const err = async (c: any, code: string, message?: string) => {
    const e = await send(iam, c).then(
      () => undefined,
      (x: any) => x,
    );
    expect(e, `${c.constructor.name} should fail`).toBeDefined();
    expect(e.Code ?? e.name.replace(/Exception$/, '')).toBe(code);
    if (message) expect(e.message).toBe(message);
  };
  const policy = `arn:aws:iam::${A}:policy/ops`;

  beforeAll(async () => {
    sb = await startSandbox(['--core-only']);
    const config = { endpoint: sb.url, region: 'us-east-1', credentials: sb.credentials, maxAttempts: 1 };
    iam = new IAM.IAMClient(config);
    sts = new STS.STSClient(config);
  });
  afterAll(async () => {
    await sb?.stop();
  });

  it('roles', async () => {
    const r = await ok(new IAM.CreateRoleCommand({ RoleName: 'ops', AssumeRolePolicyDocument: TRUST_ACCOUNT(), Tags: [{ Key: 'a', Value: '1' }] }));
    expect(r.Role.Arn).toBe(`arn:aws:iam::${A}:role/ops`);
    await err(new IAM.CreateRoleCommand({ RoleName: 'OPS', AssumeRolePolicyDocument: TRUST_ACCOUNT() }), 'EntityAlreadyExists', 'Role with name OPS already exists.');
    expect((await ok(new IAM.GetRoleCommand({ RoleName: 'ops' }))).Role.Tags).toEqual([{ Key: 'a', Value: '1' }]);
    await ok(new IAM.UpdateRoleCommand({ RoleName: 'ops', Description: 'd' }));
    expect((await ok(new IAM.UpdateRoleDescriptionCommand({ RoleName: 'ops', Description: 'e' }))).Role.Description).toBe('e');
    await err(new IAM.UpdateRoleDescriptionCommand({ RoleName: 'none', Description: 'e' }), 'NoSuchEntity', 'The role with name none cannot be found.');
    await ok(new IAM.UpdateAssumeRolePolicyCommand({ RoleName: 'ops', PolicyDocument: TRUST_ACCOUNT() }));
    await err(new IAM.UpdateAssumeRolePolicyCommand({ RoleName: 'ops', PolicyDocument: allow('s3:*') }), 'MalformedPolicyDocument');
    expect((await ok(new IAM.ListRolesCommand({ MaxItems: 1 }))).IsTruncated).toBe(true);
    await ok(new IAM.TagRoleCommand({ RoleName: 'ops', Tags: [{ Key: 'b', Value: '2' }] }));
    await err(new IAM.TagRoleCommand({ RoleName: 'ops', Tags: [{ Key: 'x', Value: '1' }, { Key: 'X', Value: '2' }] }), 'InvalidInput');
    await ok(new IAM.UntagRoleCommand({ RoleName: 'ops', TagKeys: ['a'] }));
    expect((await ok(new IAM.ListRoleTagsCommand({ RoleName: 'ops' }))).Tags).toEqual([{ Key: 'b', Value: '2' }]);
    await ok(new IAM.PutRolePolicyCommand({ RoleName: 'ops', PolicyName: 'in', PolicyDocument: allow('s3:GetObject') }));
    expect(decodeURIComponent((await ok(new IAM.GetRolePolicyCommand({ RoleName: 'ops', PolicyName: 'in' }))).PolicyDocument)).toBe(allow('s3:GetObject'));
    expect((await ok(new IAM.ListRolePoliciesCommand({ RoleName: 'ops' }))).PolicyNames).toEqual(['in']);
    await err(new IAM.DeleteRoleCommand({ RoleName: 'ops' }), 'DeleteConflict', 'Cannot delete entity, must delete policies first.');
    await ok(new IAM.DeleteRolePolicyCommand({ RoleName: 'ops', PolicyName: 'in' }));
    await err(new IAM.DeleteRolePolicyCommand({ RoleName: 'ops', PolicyName: 'in' }), 'NoSuchEntity', 'The role policy with name in cannot be found.');
    expect((await ok(new IAM.ListInstanceProfilesForRoleCommand({ RoleName: 'ops' }))).InstanceProfiles).toEqual([]);
  });

  it('managed policies and versions', async () => {
    const p = await ok(new IAM.CreatePolicyCommand({ PolicyName: 'ops', PolicyDocument: allow('s3:*'), Tags: [{ Key: 't', Value: 'v' }] }));
    expect(p.Policy.Arn).toBe(policy);
    await err(new IAM.CreatePolicyCommand({ PolicyName: 'ops', PolicyDocument: allow('s3:*') }), 'EntityAlreadyExists');
    expect((await ok(new IAM.GetPolicyCommand({ PolicyArn: policy }))).Policy.Tags).toEqual([{ Key: 't', Value: 'v' }]);
    await ok(new IAM.TagPolicyCommand({ PolicyArn: policy, Tags: [{ Key: 'u', Value: 'w' }] }));
    await ok(new IAM.UntagPolicyCommand({ PolicyArn: policy, TagKeys: ['t'] }));
    expect((await ok(new IAM.ListPolicyTagsCommand({ PolicyArn: policy }))).Tags).toEqual([{ Key: 'u', Value: 'w' }]);
    expect((await ok(new IAM.ListPoliciesCommand({ Scope: 'Local' }))).Policies.map((x: any) => x.PolicyName)).toEqual(['ops']);
    expect((await ok(new IAM.CreatePolicyVersionCommand({ PolicyArn: policy, PolicyDocument: allow('s3:Get*'), SetAsDefault: true }))).PolicyVersion.VersionId).toBe('v2');
    expect((await ok(new IAM.ListPolicyVersionsCommand({ PolicyArn: policy }))).Versions.map((v: any) => v.VersionId)).toEqual(['v2', 'v1']);
    expect(decodeURIComponent((await ok(new IAM.GetPolicyVersionCommand({ PolicyArn: policy, VersionId: 'v1' }))).PolicyVersion.Document)).toBe(allow('s3:*'));
    await ok(new IAM.SetDefaultPolicyVersionCommand({ PolicyArn: policy, VersionId: 'v1' }));
    await ok(new IAM.DeletePolicyVersionCommand({ PolicyArn: policy, VersionId: 'v2' }));
    await err(new IAM.DeletePolicyVersionCommand({ PolicyArn: policy, VersionId: 'v1' }), 'DeleteConflict', 'Cannot delete the default version of a policy.');
    await ok(new IAM.AttachRolePolicyCommand({ RoleName: 'ops', PolicyArn: policy }));
    await err(new IAM.AttachRolePolicyCommand({ RoleName: 'ops', PolicyArn: `arn:aws:iam::${A}:policy/none` }), 'NoSuchEntity');
    expect((await ok(new IAM.ListAttachedRolePoliciesCommand({ RoleName: 'ops' }))).AttachedPolicies).toEqual([{ PolicyName: 'ops', PolicyArn: policy }]);
    expect((await ok(new IAM.ListEntitiesForPolicyCommand({ PolicyArn: policy }))).PolicyRoles.map((r: any) => r.RoleName)).toEqual(['ops']);
    await err(new IAM.DeletePolicyCommand({ PolicyArn: policy }), 'DeleteConflict', 'Cannot delete a policy attached to entities.');
    await err(new IAM.DeleteRoleCommand({ RoleName: 'ops' }), 'DeleteConflict', 'Cannot delete entity, must detach all policies first.');
    await ok(new IAM.DetachRolePolicyCommand({ RoleName: 'ops', PolicyArn: policy }));
    await ok(new IAM.PutRolePermissionsBoundaryCommand({ RoleName: 'ops', PermissionsBoundary: policy }));
    await ok(new IAM.DeleteRolePermissionsBoundaryCommand({ RoleName: 'ops' }));
    await ok(new IAM.DeleteRoleCommand({ RoleName: 'ops' }));
  });

  it('users, access keys and account views', async () => {
    await ok(new IAM.CreateUserCommand({ UserName: 'u' }));
    await err(new IAM.GetUserCommand({ UserName: 'nobody' }), 'NoSuchEntity', 'The user with name nobody cannot be found.');
    expect((await ok(new IAM.GetUserCommand({ UserName: 'u' }))).User.UserId).toMatch(/^AIDA/);
    expect((await ok(new IAM.ListUsersCommand({}))).Users.map((u: any) => u.UserName)).toEqual(['admin', 'u']);
    const key = (await ok(new IAM.CreateAccessKeyCommand({ UserName: 'u' }))).AccessKey;
    await ok(new IAM.UpdateAccessKeyCommand({ UserName: 'u', AccessKeyId: key.AccessKeyId, Status: 'Inactive' }));
    expect((await ok(new IAM.ListAccessKeysCommand({ UserName: 'u' }))).AccessKeyMetadata[0].Status).toBe('Inactive');
    await ok(new IAM.PutUserPolicyCommand({ UserName: 'u', PolicyName: 'p', PolicyDocument: allow('s3:*') }));
    await ok(new IAM.GetUserPolicyCommand({ UserName: 'u', PolicyName: 'p' }));
    expect((await ok(new IAM.ListUserPoliciesCommand({ UserName: 'u' }))).PolicyNames).toEqual(['p']);
    await ok(new IAM.AttachUserPolicyCommand({ UserName: 'u', PolicyArn: policy }));
    expect((await ok(new IAM.ListAttachedUserPoliciesCommand({ UserName: 'u' }))).AttachedPolicies).toHaveLength(1);
    await ok(new IAM.PutUserPermissionsBoundaryCommand({ UserName: 'u', PermissionsBoundary: policy }));
    await ok(new IAM.TagUserCommand({ UserName: 'u', Tags: [{ Key: 'k', Value: 'v' }] }));
    expect((await ok(new IAM.ListUserTagsCommand({ UserName: 'u' }))).Tags).toEqual([{ Key: 'k', Value: 'v' }]);
    await ok(new IAM.UntagUserCommand({ UserName: 'u', TagKeys: ['k'] }));
    const details = await ok(new IAM.GetAccountAuthorizationDetailsCommand({}));
    expect(details.UserDetailList.find((u: any) => u.UserName === 'u').PermissionsBoundary.PermissionsBoundaryArn).toBe(policy);
    const sim = await ok(new IAM.SimulatePrincipalPolicyCommand({ PolicySourceArn: `arn:aws:iam::${A}:user/u`, ActionNames: ['s3:GetObject'] }));
    expect(sim.EvaluationResults[0].EvalDecision).toBe('allowed');
    const custom = await ok(new IAM.SimulateCustomPolicyCommand({ PolicyInputList: [allow('s3:GetObject')], ActionNames: ['s3:PutObject'] }));
    expect(custom.EvaluationResults[0].EvalDecision).toBe('implicitDeny');
    await err(new IAM.DeleteUserCommand({ UserName: 'u' }), 'DeleteConflict', 'Cannot delete entity, must delete access keys first.');
    await ok(new IAM.DeleteAccessKeyCommand({ UserName: 'u', AccessKeyId: key.AccessKeyId }));
    await ok(new IAM.DeleteUserPermissionsBoundaryCommand({ UserName: 'u' }));
    await ok(new IAM.DetachUserPolicyCommand({ UserName: 'u', PolicyArn: policy }));
    await ok(new IAM.DeleteUserPolicyCommand({ UserName: 'u', PolicyName: 'p' }));
    for (const C of [IAM.ListGroupsForUserCommand, IAM.ListMFADevicesCommand, IAM.ListSigningCertificatesCommand, IAM.ListSSHPublicKeysCommand, IAM.ListServiceSpecificCredentialsCommand]) {
      await ok(new (C as any)({ UserName: 'u' }));
    }
    await err(new IAM.GetLoginProfileCommand({ UserName: 'u' }), 'NoSuchEntity', 'Login Profile for User u cannot be found.');
    await ok(new IAM.DeleteUserCommand({ UserName: 'u' }));
    await ok(new IAM.ListGroupsCommand({}));
    await ok(new IAM.ListInstanceProfilesCommand({}));
    await ok(new IAM.ListAccountAliasesCommand({}));
    expect((await ok(new IAM.GetAccountSummaryCommand({}))).SummaryMap.Users).toBe(1);
    await ok(new IAM.DeletePolicyCommand({ PolicyArn: policy }));
  });

  it('STS', async () => {
    expect((await send(sts, new STS.GetCallerIdentityCommand({}))).Account).toBe(A);
    expect((await send(sts, new STS.GetAccessKeyInfoCommand({ AccessKeyId: sb.credentials.accessKeyId }))).Account).toBe(A);
    const s = await send(sts, new STS.AssumeRoleCommand({ RoleArn: `arn:aws:iam::${A}:role/boundary-lab/boundary-lab-auditor`, RoleSessionName: 'ops' }));
    expect(s.Credentials.AccessKeyId).toMatch(/^ASIA/);
    const fed = await send(sts, new STS.GetFederationTokenCommand({ Name: 'ops', Policy: allow('s3:GetObject') }));
    expect(fed.FederatedUser.Arn).toBe(`arn:aws:sts::${A}:federated-user/ops`);
    const t = await send(sts, new STS.GetSessionTokenCommand({ DurationSeconds: 900 }));
    expect(t.Credentials.SessionToken).toBeTruthy();
  });

  it('groups, login profiles, instance profiles, service-linked roles, service-specific credentials', async () => {
    await ok(new IAM.CreateUserCommand({ UserName: 'member' }));
    expect((await ok(new IAM.CreateGroupCommand({ GroupName: 'devs', Path: '/teams/' }))).Group.Arn).toBe(`arn:aws:iam::${A}:group/teams/devs`);
    await err(new IAM.CreateGroupCommand({ GroupName: 'DEVS' }), 'EntityAlreadyExists', 'Group with name DEVS already exists.');
    await ok(new IAM.AddUserToGroupCommand({ GroupName: 'devs', UserName: 'member' }));
    await err(new IAM.AddUserToGroupCommand({ GroupName: 'devs', UserName: 'nobody' }), 'NoSuchEntity', 'The user with name nobody cannot be found.');
    expect((await ok(new IAM.GetGroupCommand({ GroupName: 'devs' }))).Users.map((u: any) => u.UserName)).toEqual(['member']);
    expect((await ok(new IAM.ListGroupsCommand({}))).Groups.map((g: any) => g.GroupName)).toEqual(['devs']);
    expect((await ok(new IAM.ListGroupsForUserCommand({ UserName: 'member' }))).Groups.map((g: any) => g.GroupName)).toEqual(['devs']);
    await ok(new IAM.PutGroupPolicyCommand({ GroupName: 'devs', PolicyName: 'g', PolicyDocument: allow('s3:GetObject') }));
    expect(decodeURIComponent((await ok(new IAM.GetGroupPolicyCommand({ GroupName: 'devs', PolicyName: 'g' }))).PolicyDocument)).toBe(allow('s3:GetObject'));
    expect((await ok(new IAM.ListGroupPoliciesCommand({ GroupName: 'devs' }))).PolicyNames).toEqual(['g']);
    await ok(new IAM.AttachGroupPolicyCommand({ GroupName: 'devs', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }));
    expect((await ok(new IAM.ListAttachedGroupPoliciesCommand({ GroupName: 'devs' }))).AttachedPolicies).toEqual([{ PolicyName: 'ReadOnlyAccess', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }]);
    await err(new IAM.DeleteGroupCommand({ GroupName: 'devs' }), 'DeleteConflict', 'Cannot delete entity, must remove users from group first.');
    await err(new IAM.DeleteUserCommand({ UserName: 'member' }), 'DeleteConflict', 'Cannot delete entity, must remove users from group first.');
    await ok(new IAM.RemoveUserFromGroupCommand({ GroupName: 'devs', UserName: 'member' }));
    await ok(new IAM.DetachGroupPolicyCommand({ GroupName: 'devs', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }));
    await ok(new IAM.DeleteGroupPolicyCommand({ GroupName: 'devs', PolicyName: 'g' }));
    await ok(new IAM.DeleteGroupCommand({ GroupName: 'devs' }));
    await err(new IAM.GetGroupCommand({ GroupName: 'devs' }), 'NoSuchEntity', 'The group with name devs cannot be found.');

    expect((await ok(new IAM.CreateLoginProfileCommand({ UserName: 'member', Password: 'Sandbox-pass1', PasswordResetRequired: true }))).LoginProfile.PasswordResetRequired).toBe(true);
    await err(new IAM.CreateLoginProfileCommand({ UserName: 'member', Password: 'Sandbox-pass1' }), 'EntityAlreadyExists', 'Login Profile for user member already exists.');
    await ok(new IAM.UpdateLoginProfileCommand({ UserName: 'member', PasswordResetRequired: false }));
    expect((await ok(new IAM.GetLoginProfileCommand({ UserName: 'member' }))).LoginProfile.PasswordResetRequired).toBe(false);
    await err(new IAM.DeleteUserCommand({ UserName: 'member' }), 'DeleteConflict', 'Cannot delete entity, must delete login profile first.');
    await ok(new IAM.DeleteLoginProfileCommand({ UserName: 'member' }));
    await err(new IAM.DeleteLoginProfileCommand({ UserName: 'member' }), 'NoSuchEntity', 'Login Profile for User member cannot be found.');

    const key = (await ok(new IAM.CreateAccessKeyCommand({ UserName: 'member' }))).AccessKey;
    expect((await ok(new IAM.GetAccessKeyLastUsedCommand({ AccessKeyId: key.AccessKeyId }))).AccessKeyLastUsed).toEqual({ ServiceName: 'N/A', Region: 'N/A' });
    await ok(new IAM.DeleteAccessKeyCommand({ UserName: 'member', AccessKeyId: key.AccessKeyId }));

    await ok(new IAM.CreateRoleCommand({ RoleName: 'ec2-app', AssumeRolePolicyDocument: TRUST_ACCOUNT() }));
    const ip = (await ok(new IAM.CreateInstanceProfileCommand({ InstanceProfileName: 'app', Tags: [{ Key: 'k', Value: 'v' }] }))).InstanceProfile;
    expect(ip.Arn).toBe(`arn:aws:iam::${A}:instance-profile/app`);
    await err(new IAM.CreateInstanceProfileCommand({ InstanceProfileName: 'app' }), 'EntityAlreadyExists', 'Instance Profile app already exists.');
    await ok(new IAM.AddRoleToInstanceProfileCommand({ InstanceProfileName: 'app', RoleName: 'ec2-app' }));
    await err(new IAM.AddRoleToInstanceProfileCommand({ InstanceProfileName: 'app', RoleName: 'ec2-app' }), 'LimitExceeded', 'Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1');
    expect((await ok(new IAM.GetInstanceProfileCommand({ InstanceProfileName: 'app' }))).InstanceProfile.Roles.map((r: any) => r.RoleName)).toEqual(['ec2-app']);
    expect((await ok(new IAM.ListInstanceProfilesCommand({}))).InstanceProfiles).toHaveLength(1);
    expect((await ok(new IAM.ListInstanceProfilesForRoleCommand({ RoleName: 'ec2-app' }))).InstanceProfiles.map((p: any) => p.InstanceProfileName)).toEqual(['app']);
    await ok(new IAM.TagInstanceProfileCommand({ InstanceProfileName: 'app', Tags: [{ Key: 'x', Value: 'y' }] }));
    await ok(new IAM.UntagInstanceProfileCommand({ InstanceProfileName: 'app', TagKeys: ['k'] }));
    expect((await ok(new IAM.ListInstanceProfileTagsCommand({ InstanceProfileName: 'app' }))).Tags).toEqual([{ Key: 'x', Value: 'y' }]);
    await err(new IAM.DeleteRoleCommand({ RoleName: 'ec2-app' }), 'DeleteConflict', 'Cannot delete entity, must remove roles from instance profile first.');
    await err(new IAM.DeleteInstanceProfileCommand({ InstanceProfileName: 'app' }), 'DeleteConflict', 'Cannot delete entity, must remove roles from instance profile first.');
    await ok(new IAM.RemoveRoleFromInstanceProfileCommand({ InstanceProfileName: 'app', RoleName: 'ec2-app' }));
    await ok(new IAM.DeleteInstanceProfileCommand({ InstanceProfileName: 'app' }));
    await err(new IAM.GetInstanceProfileCommand({ InstanceProfileName: 'app' }), 'NoSuchEntity', 'Instance Profile app cannot be found.');
    await ok(new IAM.DeleteRoleCommand({ RoleName: 'ec2-app' }));

    const slr = (await ok(new IAM.CreateServiceLinkedRoleCommand({ AWSServiceName: 'elasticloadbalancing.amazonaws.com' }))).Role;
    expect(slr.Arn).toBe(`arn:aws:iam::${A}:role/aws-service-role/elasticloadbalancing.amazonaws.com/AWSServiceRoleForElasticLoadBalancing`);
    await err(new IAM.CreateServiceLinkedRoleCommand({ AWSServiceName: 'elasticloadbalancing.amazonaws.com' }), 'InvalidInput',
      'Service role name AWSServiceRoleForElasticLoadBalancing has been taken in this account, please try a different suffix.');
    await err(new IAM.DeleteRoleCommand({ RoleName: slr.RoleName }), 'UnmodifiableEntity',
      "Cannot perform the operation on the protected role 'AWSServiceRoleForElasticLoadBalancing' - this role is only modifiable by AWS");
    const task = (await ok(new IAM.DeleteServiceLinkedRoleCommand({ RoleName: slr.RoleName }))).DeletionTaskId;
    expect(task).toMatch(/^task\/aws-service-role\/elasticloadbalancing\.amazonaws\.com\/AWSServiceRoleForElasticLoadBalancing\/[0-9a-f-]{36}$/);
    expect((await ok(new IAM.GetServiceLinkedRoleDeletionStatusCommand({ DeletionTaskId: task }))).Status).toBe('SUCCEEDED');

    const cred = (await ok(new IAM.CreateServiceSpecificCredentialCommand({ UserName: 'member', ServiceName: 'codecommit.amazonaws.com' }))).ServiceSpecificCredential;
    expect(cred.ServiceUserName).toBe(`member-at-${A}`);
    await err(new IAM.CreateServiceSpecificCredentialCommand({ UserName: 'nobody', ServiceName: 'codecommit.amazonaws.com' }), 'NoSuchEntity', 'The user with name nobody cannot be found.');
    const reset = (await ok(new IAM.ResetServiceSpecificCredentialCommand({ UserName: 'member', ServiceSpecificCredentialId: cred.ServiceSpecificCredentialId }))).ServiceSpecificCredential;
    expect(reset.ServicePassword).not.toBe(cred.ServicePassword);
    await ok(new IAM.UpdateServiceSpecificCredentialCommand({ UserName: 'member', ServiceSpecificCredentialId: cred.ServiceSpecificCredentialId, Status: 'Inactive' }));
    expect((await ok(new IAM.ListServiceSpecificCredentialsCommand({ UserName: 'member' }))).ServiceSpecificCredentials[0].Status).toBe('Inactive');
    await err(new IAM.DeleteUserCommand({ UserName: 'member' }), 'DeleteConflict', 'Cannot delete entity, must remove referenced objects first.');
    await ok(new IAM.DeleteServiceSpecificCredentialCommand({ UserName: 'member', ServiceSpecificCredentialId: cred.ServiceSpecificCredentialId }));
    await ok(new IAM.DeleteUserCommand({ UserName: 'member' }));
  });

  it('left no implemented operation out', () => {
    const implemented = [...Object.keys(iamProvider.operations), ...Object.keys(stsProvider.operations)].sort();
    expect(implemented.filter((op) => !called.has(op))).toEqual([]);
  });
});
