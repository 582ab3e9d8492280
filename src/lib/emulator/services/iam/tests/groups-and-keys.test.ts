import * as IAM from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, GetSessionTokenCommand } from '@aws-sdk/client-sts';
import { describe, expect, it } from 'vitest';
import { A, allow, failure, sandbox } from './support';

describe('IAM users, access keys and groups', () => {
  it("a user's new access key signs requests as that user; an inactive or deleted key is refused", async () => {
    const { iam, userWithKey } = await sandbox();
    const bob = await userWithKey('bob');
    expect((await bob.sts.send(new GetCallerIdentityCommand({}))).Arn).toBe(`arn:aws:iam::${A}:user/bob`);
    // No policy yet: IAM denies with AWS's sentence naming the user.
    expect(await failure(bob.iam.send(new IAM.ListUsersCommand({})))).toMatchObject({
      code: 'AccessDenied',
      message: `User: arn:aws:iam::${A}:user/bob is not authorized to perform: iam:ListUsers on resource: arn:aws:iam::${A}:user/ because no identity-based policy allows the iam:ListUsers action`,
    });
    await iam.send(new IAM.UpdateAccessKeyCommand({ UserName: 'bob', AccessKeyId: bob.credentials.accessKeyId, Status: 'Inactive' }));
    expect((await failure(bob.sts.send(new GetCallerIdentityCommand({}))))?.code).toBe('InvalidClientTokenId');
    await iam.send(new IAM.UpdateAccessKeyCommand({ UserName: 'bob', AccessKeyId: bob.credentials.accessKeyId, Status: 'Active' }));
    await iam.send(new IAM.DeleteAccessKeyCommand({ UserName: 'bob', AccessKeyId: bob.credentials.accessKeyId }));
    expect((await failure(bob.sts.send(new GetCallerIdentityCommand({}))))?.code).toBe('InvalidClientTokenId');
  });

  it('allows two access keys per user and reports where a key was last used', async () => {
    const { iam, userWithKey } = await sandbox();
    const bob = await userWithKey('bob');
    await iam.send(new IAM.CreateAccessKeyCommand({ UserName: 'bob' }));
    expect(await failure(iam.send(new IAM.CreateAccessKeyCommand({ UserName: 'bob' })))).toMatchObject({
      code: 'LimitExceeded',
      message: 'Cannot exceed quota for AccessKeysPerUser: 2',
      status: 409,
    });
    await bob.sts.send(new GetCallerIdentityCommand({}));
    const used = await iam.send(new IAM.GetAccessKeyLastUsedCommand({ AccessKeyId: bob.credentials.accessKeyId }));
    expect(used.UserName).toBe('bob');
    expect(used.AccessKeyLastUsed).toMatchObject({ ServiceName: 'sts', Region: 'us-east-1' });
    expect(used.AccessKeyLastUsed!.LastUsedDate).toBeInstanceOf(Date);
    expect(await failure(iam.send(new IAM.GetAccessKeyLastUsedCommand({ AccessKeyId: 'AKIAAAAAAAAAAAAAAAAA' })))).toMatchObject({
      code: 'NoSuchEntity',
      message: 'The Access Key with id AKIAAAAAAAAAAAAAAAAA cannot be found.',
    });
  });

  it("evaluates a member's requests with the group's inline and attached policies, and stops when the member leaves", async () => {
    const { iam, userWithKey } = await sandbox();
    const bob = await userWithKey('bob');
    await iam.send(new IAM.CreateGroupCommand({ GroupName: 'readers' }));
    await iam.send(new IAM.PutGroupPolicyCommand({ GroupName: 'readers', PolicyName: 'list-users', PolicyDocument: allow('iam:ListUsers') }));
    await iam.send(new IAM.AttachGroupPolicyCommand({ GroupName: 'readers', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }));
    expect((await failure(bob.iam.send(new IAM.ListUsersCommand({}))))?.code).toBe('AccessDenied');
    await iam.send(new IAM.AddUserToGroupCommand({ GroupName: 'readers', UserName: 'bob' }));
    expect((await bob.iam.send(new IAM.ListUsersCommand({}))).Users!.map((u) => u.UserName)).toEqual(['admin', 'bob']);
    expect((await bob.iam.send(new IAM.ListGroupsCommand({}))).Groups!.map((g) => g.GroupName)).toEqual(['readers']);
    // ReadOnlyAccess comes from the group's attachment; it does not allow writes.
    expect(await failure(bob.iam.send(new IAM.CreateGroupCommand({ GroupName: 'x' })))).toMatchObject({ code: 'AccessDenied' });
    // The user's permissions boundary caps what the group grants.
    await iam.send(new IAM.CreatePolicyCommand({ PolicyName: 'only-groups', PolicyDocument: allow('iam:ListGroups') }));
    await iam.send(new IAM.PutUserPermissionsBoundaryCommand({ UserName: 'bob', PermissionsBoundary: `arn:aws:iam::${A}:policy/only-groups` }));
    expect(await failure(bob.iam.send(new IAM.ListUsersCommand({})))).toMatchObject({
      code: 'AccessDenied',
      message: expect.stringContaining('because no permissions boundary allows the iam:ListUsers action'),
    });
    await bob.iam.send(new IAM.ListGroupsCommand({}));
    await iam.send(new IAM.DeleteUserPermissionsBoundaryCommand({ UserName: 'bob' }));
    await iam.send(new IAM.RemoveUserFromGroupCommand({ GroupName: 'readers', UserName: 'bob' }));
    expect((await failure(bob.iam.send(new IAM.ListUsersCommand({}))))?.code).toBe('AccessDenied');
    // Removing a user who is no longer a member succeeds and changes nothing.
    await iam.send(new IAM.RemoveUserFromGroupCommand({ GroupName: 'readers', UserName: 'bob' }));
    expect((await iam.send(new IAM.GetGroupCommand({ GroupName: 'readers' }))).Users).toEqual([]);
  });

  it("authorizes group operations on the group's ARN (AddUserToGroup is the escalation to watch)", async () => {
    const { iam, userWithKey } = await sandbox();
    const eve = await userWithKey('eve');
    await iam.send(new IAM.CreateGroupCommand({ GroupName: 'admins', Path: '/ops/' }));
    await iam.send(new IAM.AttachGroupPolicyCommand({ GroupName: 'admins', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }));
    expect(await failure(eve.iam.send(new IAM.AddUserToGroupCommand({ GroupName: 'admins', UserName: 'eve' })))).toMatchObject({
      code: 'AccessDenied',
      message: `User: arn:aws:iam::${A}:user/eve is not authorized to perform: iam:AddUserToGroup on resource: arn:aws:iam::${A}:group/ops/admins because no identity-based policy allows the iam:AddUserToGroup action`,
    });
    await iam.send(new IAM.PutUserPolicyCommand({ UserName: 'eve', PolicyName: 'join', PolicyDocument: allow('iam:AddUserToGroup', `arn:aws:iam::${A}:group/ops/*`) }));
    await eve.iam.send(new IAM.AddUserToGroupCommand({ GroupName: 'admins', UserName: 'eve' }));
    // Now an administrator through the group.
    await eve.iam.send(new IAM.CreateGroupCommand({ GroupName: 'mine' }));
  });

  it('keeps group quotas, names and deletion rules as IAM does', async () => {
    const { iam } = await sandbox();
    await iam.send(new IAM.CreateUserCommand({ UserName: 'joiner' }));
    for (let i = 0; i < 10; i++) {
      await iam.send(new IAM.CreateGroupCommand({ GroupName: `g${i}` }));
      await iam.send(new IAM.AddUserToGroupCommand({ GroupName: `g${i}`, UserName: 'joiner' }));
    }
    await iam.send(new IAM.CreateGroupCommand({ GroupName: 'g10' }));
    expect(await failure(iam.send(new IAM.AddUserToGroupCommand({ GroupName: 'g10', UserName: 'joiner' })))).toMatchObject({
      code: 'LimitExceeded',
      message: 'Cannot exceed quota for GroupsPerUser: 10',
    });
    // Adding a member twice changes nothing.
    await iam.send(new IAM.AddUserToGroupCommand({ GroupName: 'G0', UserName: 'JOINER' }));
    expect((await iam.send(new IAM.GetGroupCommand({ GroupName: 'g0' }))).Users).toHaveLength(1);
    expect((await iam.send(new IAM.ListGroupsForUserCommand({ UserName: 'joiner' }))).Groups).toHaveLength(10);
    const big = allow(Array.from({ length: 200 }, (_, i) => `s3:GetObjectVersionTagging${i}`));
    expect(await failure(iam.send(new IAM.PutGroupPolicyCommand({ GroupName: 'g10', PolicyName: 'big', PolicyDocument: big })))).toMatchObject({
      code: 'LimitExceeded',
      message: 'Maximum policy size of 5120 bytes exceeded for group g10',
    });
    for (const n of ['ReadOnlyAccess', 'AdministratorAccess']) {
      await iam.send(new IAM.AttachGroupPolicyCommand({ GroupName: 'g10', PolicyArn: `arn:aws:iam::aws:policy/${n}` }));
    }
    expect(await failure(iam.send(new IAM.DeleteGroupCommand({ GroupName: 'g10' })))).toMatchObject({
      code: 'DeleteConflict',
      message: 'Cannot delete entity, must detach all policies first.',
    });
    expect((await iam.send(new IAM.ListEntitiesForPolicyCommand({ PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }))).PolicyGroups).toMatchObject([{ GroupName: 'g10' }]);
    const details = await iam.send(new IAM.GetAccountAuthorizationDetailsCommand({ Filter: ['User', 'Group'] }));
    expect(details.UserDetailList!.find((u) => u.UserName === 'joiner')!.GroupList).toHaveLength(10);
    expect(details.GroupDetailList!.find((g) => g.GroupName === 'g10')!.AttachedManagedPolicies).toHaveLength(2);
    expect((await iam.send(new IAM.GetAccountSummaryCommand({}))).SummaryMap!.Groups).toBe(11);
    expect(await failure(iam.send(new IAM.ListGroupPoliciesCommand({ GroupName: 'none' })))).toMatchObject({
      code: 'NoSuchEntity',
      message: 'The group with name none cannot be found.',
    });
    expect(await failure(iam.send(new IAM.GetGroupPolicyCommand({ GroupName: 'g1', PolicyName: 'none' })))).toMatchObject({
      code: 'NoSuchEntity',
      message: 'The group policy with name none cannot be found.',
    });
  });

  it('refuses DeleteUser while a login profile, keys, credentials, groups or policies remain, in that order', async () => {
    const { iam } = await sandbox();
    await iam.send(new IAM.CreateUserCommand({ UserName: 'u' }));
    await iam.send(new IAM.CreateLoginProfileCommand({ UserName: 'u', Password: 'Correct-Horse-9' }));
    await iam.send(new IAM.CreateAccessKeyCommand({ UserName: 'u' }));
    const del = () => failure(iam.send(new IAM.DeleteUserCommand({ UserName: 'u' })));
    expect(await del()).toMatchObject({ code: 'DeleteConflict', message: 'Cannot delete entity, must delete login profile first.', status: 409 });
    await iam.send(new IAM.DeleteLoginProfileCommand({ UserName: 'u' }));
    expect((await del())?.message).toBe('Cannot delete entity, must delete access keys first.');
  });

  it('checks console passwords against the default password policy and never returns them', async () => {
    const { iam } = await sandbox();
    await iam.send(new IAM.CreateUserCommand({ UserName: 'p' }));
    for (const weak of ['short1A', 'alllowercase', 'p']) {
      expect(await failure(iam.send(new IAM.CreateLoginProfileCommand({ UserName: 'p', Password: weak })))).toMatchObject({
        code: 'PasswordPolicyViolation',
        message: 'Password does not conform to the account password policy.',
      });
    }
    const made = await iam.send(new IAM.CreateLoginProfileCommand({ UserName: 'p', Password: 'Good-password-1' }));
    expect(made.LoginProfile).toEqual({ UserName: 'p', CreateDate: expect.any(Date), PasswordResetRequired: false });
    expect(await failure(iam.send(new IAM.GetLoginProfileCommand({ UserName: 'nobody' })))).toMatchObject({
      code: 'NoSuchEntity',
      message: 'The user with name nobody cannot be found.',
    });
  });
});

describe("a user's session token", () => {
  it('stops authenticating once the user is deleted, even after a user of the same name is created', async () => {
    const { iam, userWithKey, clients } = await sandbox();
    const bob = await userWithKey('bob');
    const t = (await bob.sts.send(new GetSessionTokenCommand({ DurationSeconds: 900 }))).Credentials!;
    const session = clients({ accessKeyId: t.AccessKeyId!, secretAccessKey: t.SecretAccessKey!, sessionToken: t.SessionToken! });
    expect((await session.sts.send(new GetCallerIdentityCommand({}))).Arn).toBe(`arn:aws:iam::${A}:user/bob`);
    await iam.send(new IAM.DeleteAccessKeyCommand({ UserName: 'bob', AccessKeyId: bob.credentials.accessKeyId }));
    await iam.send(new IAM.DeleteUserCommand({ UserName: 'bob' }));
    expect((await failure(session.sts.send(new GetCallerIdentityCommand({}))))?.code).toBe('InvalidClientTokenId');
    await new Promise((r) => setTimeout(r, 5));
    await iam.send(new IAM.CreateUserCommand({ UserName: 'bob' }));
    expect((await failure(session.sts.send(new GetCallerIdentityCommand({}))))?.code).toBe('InvalidClientTokenId');
  });
});

describe('a sandbox saved before groups existed', () => {
  it('gets empty groups, instance profiles and credentials when imported, and keeps working', async () => {
    const { em, iam, userWithKey } = await sandbox();
    const bob = await userWithKey('bob');
    await iam.send(new IAM.PutUserPolicyCommand({ UserName: 'bob', PolicyName: 'p', PolicyDocument: allow('iam:ListUsers') }));
    const old = JSON.parse(em.export());
    for (const k of ['groups', 'instanceProfiles', 'serviceCredentials', 'deletionTasks']) delete old.services.iam[k];
    await em.import(JSON.stringify(old));
    // The member check on a request runs before any IAM operation has upgraded the state.
    expect((await bob.iam.send(new IAM.ListUsersCommand({}))).Users).toHaveLength(2);
    expect((await iam.send(new IAM.ListGroupsCommand({}))).Groups).toEqual([]);
    await iam.send(new IAM.CreateGroupCommand({ GroupName: 'g' }));
    await iam.send(new IAM.CreateInstanceProfileCommand({ InstanceProfileName: 'ip' }));
    expect((await iam.send(new IAM.GetAccountSummaryCommand({}))).SummaryMap).toMatchObject({ Groups: 1, InstanceProfiles: 1 });
  });
});
