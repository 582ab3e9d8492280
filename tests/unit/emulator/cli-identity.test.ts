/**
 * Conformance with the real AWS CLI v1 against `bin/sandbox.ts`: the IAM identity surface that privilege
 * escalations use — users and their access keys (which sign requests at once), login profiles, groups evaluated for
 * their members, policy versions, boundaries, trust policies that hold principals by unique id, service-linked
 * roles, instance profiles and service-specific credentials. Expected outputs and error lines are AWS's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireTool } from '../../support/referee';
import { allow, aws, cliError, envFor, startSandbox, stopCli, TRUST_ACCOUNT, type SandboxProcess } from './harness';

const A = '123456789012';

describe.skipIf(!requireTool('aws'))('AWS CLI v1 against the sandbox: the IAM identity surface', () => {
  let sb: SandboxProcess;
  const cli = async (args: string[], env: Record<string, string> = {}) => {
    const r = await aws(sb, args, env);
    expect(r.status, `aws ${args.join(' ')}\n${r.stderr}`).toBe(0);
    return r;
  };
  const fails = async (args: string[], code: string, message?: string | RegExp, env: Record<string, string> = {}) => {
    const r = await aws(sb, args, env);
    expect(r.status, r.stdout).not.toBe(0);
    const e = cliError(r);
    expect(e, r.stderr).toBeDefined();
    expect(e!.code).toBe(code);
    if (typeof message === 'string') expect(e!.message).toBe(message);
    else if (message) expect(e!.message).toMatch(message);
    return e!;
  };

  beforeAll(async () => {
    sb = await startSandbox(['--core-only']);
  });
  afterAll(async () => {
    stopCli();
    await sb?.stop();
  });

  it("signs with a new user's access key at once, and refuses it once inactive", async () => {
    await cli(['iam', 'create-user', '--user-name', 'kim']);
    const key = (await cli(['iam', 'create-access-key', '--user-name', 'kim'])).json.AccessKey;
    expect(key).toMatchObject({ UserName: 'kim', Status: 'Active' });
    expect(key.AccessKeyId).toMatch(/^AKIA[A-Z2-7]{16}$/);
    const kim = envFor(key);
    expect((await cli(['sts', 'get-caller-identity'], kim)).json.Arn).toBe(`arn:aws:iam::${A}:user/kim`);
    await fails(['iam', 'list-users'], 'AccessDenied',
      `User: arn:aws:iam::${A}:user/kim is not authorized to perform: iam:ListUsers on resource: arn:aws:iam::${A}:user/ because no identity-based policy allows the iam:ListUsers action`, kim);
    const last = (await cli(['iam', 'get-access-key-last-used', '--access-key-id', key.AccessKeyId])).json;
    expect(last).toMatchObject({ UserName: 'kim', AccessKeyLastUsed: { ServiceName: 'iam', Region: 'us-east-1' } });
    await cli(['iam', 'create-access-key', '--user-name', 'kim']);
    await fails(['iam', 'create-access-key', '--user-name', 'kim'], 'LimitExceeded', 'Cannot exceed quota for AccessKeysPerUser: 2');
    await cli(['iam', 'update-access-key', '--user-name', 'kim', '--access-key-id', key.AccessKeyId, '--status', 'Inactive']);
    await fails(['sts', 'get-caller-identity'], 'InvalidClientTokenId', 'The security token included in the request is invalid.', kim);
    const keys = (await cli(['iam', 'list-access-keys', '--user-name', 'kim'])).json.AccessKeyMetadata;
    expect(keys.map((k: any) => k.Status).sort()).toEqual(['Active', 'Inactive']);
  });

  it("evaluates a member's calls with the group's policies; groups refuse deletion while used", async () => {
    // kim holds two keys, one inactive: rotate that one out, as the quota requires.
    const keys = (await cli(['iam', 'list-access-keys', '--user-name', 'kim'])).json.AccessKeyMetadata;
    await cli(['iam', 'delete-access-key', '--user-name', 'kim', '--access-key-id', keys.find((k: any) => k.Status === 'Inactive').AccessKeyId]);
    const kim = envFor((await cli(['iam', 'create-access-key', '--user-name', 'kim'])).json.AccessKey);
    const g = (await cli(['iam', 'create-group', '--group-name', 'auditors', '--path', '/teams/'])).json.Group;
    expect(g).toMatchObject({ GroupName: 'auditors', Path: '/teams/', Arn: `arn:aws:iam::${A}:group/teams/auditors` });
    expect(g.GroupId).toMatch(/^AGPA[A-Z2-7]{17}$/);
    await fails(['iam', 'create-group', '--group-name', 'Auditors'], 'EntityAlreadyExists', 'Group with name Auditors already exists.');
    await cli(['iam', 'put-group-policy', '--group-name', 'auditors', '--policy-name', 'users', '--policy-document', allow('iam:ListUsers')]);
    await cli(['iam', 'add-user-to-group', '--group-name', 'auditors', '--user-name', 'kim']);
    expect((await cli(['iam', 'list-users'], kim)).json.Users.map((u: any) => u.UserName)).toContain('kim');
    expect((await cli(['iam', 'get-group', '--group-name', 'auditors'])).json.Users.map((u: any) => u.UserName)).toEqual(['kim']);
    expect((await cli(['iam', 'list-groups-for-user', '--user-name', 'kim'])).json.Groups.map((x: any) => x.GroupName)).toEqual(['auditors']);
    expect((await cli(['iam', 'get-group-policy', '--group-name', 'auditors', '--policy-name', 'users'])).json.PolicyDocument).toEqual(JSON.parse(allow('iam:ListUsers')));
    await cli(['iam', 'attach-group-policy', '--group-name', 'auditors', '--policy-arn', 'arn:aws:iam::aws:policy/ReadOnlyAccess']);
    expect((await cli(['iam', 'list-attached-group-policies', '--group-name', 'auditors'])).json.AttachedPolicies).toEqual([
      { PolicyName: 'ReadOnlyAccess', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' },
    ]);
    await fails(['iam', 'delete-group', '--group-name', 'auditors'], 'DeleteConflict', 'Cannot delete entity, must remove users from group first.');
    await fails(['iam', 'get-group', '--group-name', 'nobody'], 'NoSuchEntity', 'The group with name nobody cannot be found.');
    await cli(['iam', 'remove-user-from-group', '--group-name', 'auditors', '--user-name', 'kim']);
    await fails(['iam', 'list-users'], 'AccessDenied', undefined, kim);
    await cli(['iam', 'detach-group-policy', '--group-name', 'auditors', '--policy-arn', 'arn:aws:iam::aws:policy/ReadOnlyAccess']);
    await fails(['iam', 'delete-group', '--group-name', 'auditors'], 'DeleteConflict', 'Cannot delete entity, must delete policies first.');
    await cli(['iam', 'delete-group-policy', '--group-name', 'auditors', '--policy-name', 'users']);
    await cli(['iam', 'delete-group', '--group-name', 'auditors']);
  });

  it('creates, reads, updates and deletes login profiles; DeleteUser names what is left', async () => {
    await cli(['iam', 'create-user', '--user-name', 'lee']);
    const p = (await cli(['iam', 'create-login-profile', '--user-name', 'lee', '--password', 'Winter-Sky-42', '--password-reset-required'])).json.LoginProfile;
    expect(p).toMatchObject({ UserName: 'lee', PasswordResetRequired: true });
    await fails(['iam', 'create-login-profile', '--user-name', 'lee', '--password', 'Winter-Sky-42'], 'EntityAlreadyExists', 'Login Profile for user lee already exists.');
    await cli(['iam', 'update-login-profile', '--user-name', 'lee', '--no-password-reset-required']);
    expect((await cli(['iam', 'get-login-profile', '--user-name', 'lee'])).json.LoginProfile.PasswordResetRequired).toBe(false);
    await fails(['iam', 'delete-user', '--user-name', 'lee'], 'DeleteConflict', 'Cannot delete entity, must delete login profile first.');
    await cli(['iam', 'delete-login-profile', '--user-name', 'lee']);
    await fails(['iam', 'get-login-profile', '--user-name', 'lee'], 'NoSuchEntity', 'Login Profile for User lee cannot be found.');
    await cli(['iam', 'put-user-permissions-boundary', '--user-name', 'lee', '--permissions-boundary', 'arn:aws:iam::aws:policy/ReadOnlyAccess']);
    expect((await cli(['iam', 'get-user', '--user-name', 'lee'])).json.User.PermissionsBoundary).toEqual({
      PermissionsBoundaryType: 'Policy',
      PermissionsBoundaryArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess',
    });
    await cli(['iam', 'delete-user-permissions-boundary', '--user-name', 'lee']);
    await cli(['iam', 'tag-user', '--user-name', 'lee', '--tags', 'Key=team,Value=red']);
    expect((await cli(['iam', 'list-user-tags', '--user-name', 'lee'])).json.Tags).toEqual([{ Key: 'team', Value: 'red' }]);
    await cli(['iam', 'untag-user', '--user-name', 'lee', '--tag-keys', 'team']);
    await cli(['iam', 'delete-user', '--user-name', 'lee']);
  });

  it('keeps five policy versions and refuses a sixth', async () => {
    const arn = (await cli(['iam', 'create-policy', '--policy-name', 'versions', '--policy-document', allow('s3:GetObject')])).json.Policy.Arn;
    for (let i = 2; i <= 5; i++) await cli(['iam', 'create-policy-version', '--policy-arn', arn, '--policy-document', allow(`s3:Get${i}*`)]);
    await fails(['iam', 'create-policy-version', '--policy-arn', arn, '--policy-document', allow('s3:*')], 'LimitExceeded',
      'A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.');
    await cli(['iam', 'set-default-policy-version', '--policy-arn', arn, '--version-id', 'v4']);
    const versions = (await cli(['iam', 'list-policy-versions', '--policy-arn', arn])).json.Versions;
    expect(versions.map((v: any) => [v.VersionId, v.IsDefaultVersion])).toEqual([['v5', false], ['v4', true], ['v3', false], ['v2', false], ['v1', false]]);
    await fails(['iam', 'delete-policy-version', '--policy-arn', arn, '--version-id', 'v4'], 'DeleteConflict', 'Cannot delete the default version of a policy.');
  });

  it('holds trust principals by unique id: unknown ARNs are refused, a deleted user shows as its id', async () => {
    const ghost = `arn:aws:iam::${A}:user/ghost`;
    const trust = (p: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: p }, Action: 'sts:AssumeRole' }] });
    await fails(['iam', 'create-role', '--role-name', 'trusting', '--assume-role-policy-document', trust(ghost)], 'MalformedPolicyDocument',
      `Invalid principal in policy: "AWS":"${ghost}"`);
    const id = (await cli(['iam', 'create-user', '--user-name', 'temp'])).json.User.UserId;
    await cli(['iam', 'create-role', '--role-name', 'trusting', '--assume-role-policy-document', trust(`arn:aws:iam::${A}:user/temp`)]);
    await cli(['iam', 'delete-user', '--user-name', 'temp']);
    expect((await cli(['iam', 'get-role', '--role-name', 'trusting'])).json.Role.AssumeRolePolicyDocument.Statement[0].Principal).toEqual({ AWS: id });
    await fails(['iam', 'update-assume-role-policy', '--role-name', 'trusting', '--policy-document', trust(ghost)], 'MalformedPolicyDocument',
      `Invalid principal in policy: "AWS":"${ghost}"`);
    await cli(['iam', 'update-assume-role-policy', '--role-name', 'trusting', '--policy-document', TRUST_ACCOUNT()]);
    await cli(['iam', 'put-role-permissions-boundary', '--role-name', 'trusting', '--permissions-boundary', 'arn:aws:iam::aws:policy/ReadOnlyAccess']);
    expect((await cli(['iam', 'get-role', '--role-name', 'trusting'])).json.Role.PermissionsBoundary.PermissionsBoundaryArn).toBe('arn:aws:iam::aws:policy/ReadOnlyAccess');
    await cli(['iam', 'delete-role-permissions-boundary', '--role-name', 'trusting']);
  });

  it('creates service-linked roles under /aws-service-role/ and lets only AWS change them', async () => {
    const role = (await cli(['iam', 'create-service-linked-role', '--aws-service-name', 'ecs.amazonaws.com'])).json.Role;
    expect(role).toMatchObject({
      RoleName: 'AWSServiceRoleForECS',
      Path: '/aws-service-role/ecs.amazonaws.com/',
      Arn: `arn:aws:iam::${A}:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS`,
    });
    expect(role.AssumeRolePolicyDocument).toEqual({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs.amazonaws.com' }, Action: 'sts:AssumeRole' }],
    });
    expect((await cli(['iam', 'list-attached-role-policies', '--role-name', 'AWSServiceRoleForECS'])).json.AttachedPolicies).toEqual([
      { PolicyName: 'AmazonECSServiceRolePolicy', PolicyArn: 'arn:aws:iam::aws:policy/aws-service-role/AmazonECSServiceRolePolicy' },
    ]);
    await fails(['iam', 'create-service-linked-role', '--aws-service-name', 'ecs.amazonaws.com'], 'InvalidInput',
      'Service role name AWSServiceRoleForECS has been taken in this account, please try a different suffix.');
    await fails(['iam', 'create-service-linked-role', '--aws-service-name', 'ecs.amazonaws.com', '--custom-suffix', 'x'], 'InvalidInput',
      'Custom suffix is not allowed for ecs.amazonaws.com');
    await fails(['iam', 'delete-role', '--role-name', 'AWSServiceRoleForECS'], 'UnmodifiableEntity',
      "Cannot perform the operation on the protected role 'AWSServiceRoleForECS' - this role is only modifiable by AWS");
    const task = (await cli(['iam', 'delete-service-linked-role', '--role-name', 'AWSServiceRoleForECS'])).json.DeletionTaskId;
    expect(task).toMatch(/^task\/aws-service-role\/ecs\.amazonaws\.com\/AWSServiceRoleForECS\//);
    expect((await cli(['iam', 'get-service-linked-role-deletion-status', '--deletion-task-id', task])).json).toEqual({ Status: 'SUCCEEDED' });
  });

  it('puts one role in an instance profile and refuses to delete either while linked', async () => {
    await cli(['iam', 'create-role', '--role-name', 'web-role', '--assume-role-policy-document', TRUST_ACCOUNT()]);
    const ip = (await cli(['iam', 'create-instance-profile', '--instance-profile-name', 'web', '--path', '/app/'])).json.InstanceProfile;
    expect(ip).toMatchObject({ InstanceProfileName: 'web', Path: '/app/', Arn: `arn:aws:iam::${A}:instance-profile/app/web`, Roles: [] });
    await cli(['iam', 'add-role-to-instance-profile', '--instance-profile-name', 'web', '--role-name', 'web-role']);
    await fails(['iam', 'add-role-to-instance-profile', '--instance-profile-name', 'web', '--role-name', 'trusting'], 'LimitExceeded',
      'Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1');
    expect((await cli(['iam', 'list-instance-profiles-for-role', '--role-name', 'web-role'])).json.InstanceProfiles.map((p: any) => p.InstanceProfileName)).toEqual(['web']);
    await fails(['iam', 'delete-role', '--role-name', 'web-role'], 'DeleteConflict', 'Cannot delete entity, must remove roles from instance profile first.');
    await fails(['iam', 'delete-instance-profile', '--instance-profile-name', 'web'], 'DeleteConflict', 'Cannot delete entity, must remove roles from instance profile first.');
    await cli(['iam', 'remove-role-from-instance-profile', '--instance-profile-name', 'web', '--role-name', 'web-role']);
    await cli(['iam', 'delete-instance-profile', '--instance-profile-name', 'web']);
    await fails(['iam', 'get-instance-profile', '--instance-profile-name', 'web'], 'NoSuchEntity', 'Instance Profile web cannot be found.');
    await cli(['iam', 'delete-role', '--role-name', 'web-role']);
  });

  it('manages service-specific credentials with IAM errors', async () => {
    await fails(['iam', 'create-service-specific-credential', '--user-name', 'ghost', '--service-name', 'codecommit.amazonaws.com'], 'NoSuchEntity',
      'The user with name ghost cannot be found.');
    await fails(['iam', 'create-service-specific-credential', '--user-name', 'kim', '--service-name', 'lambda.amazonaws.com'], 'NoSuchEntity',
      'No such service lambda.amazonaws.com is supported for Service Specific Credentials');
    const c = (await cli(['iam', 'create-service-specific-credential', '--user-name', 'kim', '--service-name', 'codecommit.amazonaws.com'])).json.ServiceSpecificCredential;
    expect(c).toMatchObject({ UserName: 'kim', ServiceName: 'codecommit.amazonaws.com', ServiceUserName: `kim-at-${A}`, Status: 'Active' });
    const reset = (await cli(['iam', 'reset-service-specific-credential', '--user-name', 'kim', '--service-specific-credential-id', c.ServiceSpecificCredentialId])).json;
    expect(reset.ServiceSpecificCredential.ServicePassword).not.toBe(c.ServicePassword);
    await cli(['iam', 'update-service-specific-credential', '--user-name', 'kim', '--service-specific-credential-id', c.ServiceSpecificCredentialId, '--status', 'Inactive']);
    const listed = (await cli(['iam', 'list-service-specific-credentials', '--user-name', 'kim'])).json.ServiceSpecificCredentials;
    expect(listed).toEqual([expect.objectContaining({ ServiceSpecificCredentialId: c.ServiceSpecificCredentialId, Status: 'Inactive' })]);
    await fails(['iam', 'delete-user', '--user-name', 'kim'], 'DeleteConflict');
    await cli(['iam', 'delete-service-specific-credential', '--user-name', 'kim', '--service-specific-credential-id', c.ServiceSpecificCredentialId]);
    await fails(['iam', 'delete-service-specific-credential', '--user-name', 'kim', '--service-specific-credential-id', c.ServiceSpecificCredentialId],
      'NoSuchEntity', `No such credential ${c.ServiceSpecificCredentialId} exists`);
  });
});
