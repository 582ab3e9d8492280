import * as IAM from '@aws-sdk/client-iam';
import { describe, expect, it } from 'vitest';
import { A, allow, failure, sandbox, trustAws } from './support';

const TRUST = trustAws(`arn:aws:iam::${A}:root`);

describe('instance profiles, service-linked roles, service-specific credentials, policy versions', () => {
  it('adds a role to an instance profile only with iam:PassRole on it, one role per profile', async () => {
    const { iam, userWithKey } = await sandbox();
    await iam.send(new IAM.CreateRoleCommand({ RoleName: 'powerful', Path: '/app/', AssumeRolePolicyDocument: TRUST }));
    const dev = await userWithKey('dev');
    await iam.send(new IAM.PutUserPolicyCommand({
      UserName: 'dev',
      PolicyName: 'profiles',
      PolicyDocument: allow(['iam:CreateInstanceProfile', 'iam:AddRoleToInstanceProfile'], `arn:aws:iam::${A}:instance-profile/*`),
    }));
    await dev.iam.send(new IAM.CreateInstanceProfileCommand({ InstanceProfileName: 'web' }));
    expect(await failure(dev.iam.send(new IAM.AddRoleToInstanceProfileCommand({ InstanceProfileName: 'web', RoleName: 'powerful' })))).toMatchObject({
      code: 'AccessDenied',
      message: `User: arn:aws:iam::${A}:user/dev is not authorized to perform: iam:PassRole on resource: arn:aws:iam::${A}:role/app/powerful because no identity-based policy allows the iam:PassRole action`,
    });
    await iam.send(new IAM.PutUserPolicyCommand({ UserName: 'dev', PolicyName: 'pass', PolicyDocument: allow('iam:PassRole', `arn:aws:iam::${A}:role/app/*`) }));
    await dev.iam.send(new IAM.AddRoleToInstanceProfileCommand({ InstanceProfileName: 'web', RoleName: 'powerful' }));
    const got = (await iam.send(new IAM.GetInstanceProfileCommand({ InstanceProfileName: 'WEB' }))).InstanceProfile!;
    expect(got.InstanceProfileId).toMatch(/^AIPA[A-Z2-7]{17}$/);
    expect(got.Roles!.map((r) => r.Arn)).toEqual([`arn:aws:iam::${A}:role/app/powerful`]);
    await iam.send(new IAM.CreateRoleCommand({ RoleName: 'other', AssumeRolePolicyDocument: TRUST }));
    expect((await failure(iam.send(new IAM.AddRoleToInstanceProfileCommand({ InstanceProfileName: 'web', RoleName: 'other' }))))?.code).toBe('LimitExceeded');
    expect(await failure(iam.send(new IAM.AddRoleToInstanceProfileCommand({ InstanceProfileName: 'web', RoleName: 'ghost' })))).toMatchObject({
      code: 'NoSuchEntity',
      message: 'The role with name ghost cannot be found.',
    });
    const details = await iam.send(new IAM.GetAccountAuthorizationDetailsCommand({ Filter: ['Role'] }));
    expect(details.RoleDetailList!.find((r) => r.RoleName === 'powerful')!.InstanceProfileList!.map((p) => p.InstanceProfileName)).toEqual(['web']);
    expect((await iam.send(new IAM.GetAccountSummaryCommand({}))).SummaryMap!.InstanceProfiles).toBe(1);
  });

  it("creates service-linked roles with AWS's names, path, trust and policy, and protects them", async () => {
    const { iam, userWithKey } = await sandbox();
    const r = (await iam.send(new IAM.CreateServiceLinkedRoleCommand({ AWSServiceName: 'autoscaling.amazonaws.com', CustomSuffix: 'web' }))).Role!;
    expect(r.RoleName).toBe('AWSServiceRoleForAutoScaling_web');
    expect(r.Path).toBe('/aws-service-role/autoscaling.amazonaws.com/');
    expect(JSON.parse(decodeURIComponent(r.AssumeRolePolicyDocument!)).Statement[0].Principal).toEqual({ Service: 'autoscaling.amazonaws.com' });
    expect((await iam.send(new IAM.ListAttachedRolePoliciesCommand({ RoleName: r.RoleName }))).AttachedPolicies).toEqual([
      { PolicyName: 'AutoScalingServiceRolePolicy', PolicyArn: 'arn:aws:iam::aws:policy/aws-service-role/AutoScalingServiceRolePolicy' },
    ]);
    expect(await failure(iam.send(new IAM.CreateServiceLinkedRoleCommand({ AWSServiceName: 'ecs.amazonaws.com', CustomSuffix: 'x' })))).toMatchObject({
      code: 'InvalidInput',
      message: 'Custom suffix is not allowed for ecs.amazonaws.com',
    });
    expect((await failure(iam.send(new IAM.CreateServiceLinkedRoleCommand({ AWSServiceName: 'nothing.amazonaws.com' }))))?.code).toBe('InvalidInput');
    const protectedRole = "Cannot perform the operation on the protected role 'AWSServiceRoleForAutoScaling_web' - this role is only modifiable by AWS";
    for (const call of [
      new IAM.PutRolePolicyCommand({ RoleName: r.RoleName, PolicyName: 'x', PolicyDocument: allow('s3:*') }),
      new IAM.AttachRolePolicyCommand({ RoleName: r.RoleName, PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }),
      new IAM.UpdateAssumeRolePolicyCommand({ RoleName: r.RoleName, PolicyDocument: TRUST }),
      new IAM.DeleteRoleCommand({ RoleName: r.RoleName }),
    ]) {
      expect(await failure(iam.send(call as any))).toMatchObject({ code: 'UnmodifiableEntity', message: protectedRole, status: 400 });
    }
    // The caller needs iam:CreateServiceLinkedRole on the role's ARN; iam:AWSServiceName names the service.
    const dev = await userWithKey('dev');
    expect(await failure(dev.iam.send(new IAM.CreateServiceLinkedRoleCommand({ AWSServiceName: 'ecs.amazonaws.com' })))).toMatchObject({
      code: 'AccessDenied',
      message: expect.stringContaining(`iam:CreateServiceLinkedRole on resource: arn:aws:iam::${A}:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS`),
    });
    await iam.send(new IAM.PutUserPolicyCommand({
      UserName: 'dev',
      PolicyName: 'slr',
      PolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 'iam:CreateServiceLinkedRole', Resource: '*', Condition: { StringEquals: { 'iam:AWSServiceName': 'ecs.amazonaws.com' } } }],
      }),
    }));
    await dev.iam.send(new IAM.CreateServiceLinkedRoleCommand({ AWSServiceName: 'ecs.amazonaws.com' }));
    expect((await failure(dev.iam.send(new IAM.CreateServiceLinkedRoleCommand({ AWSServiceName: 'rds.amazonaws.com' }))))?.code).toBe('AccessDenied');
    const task = (await iam.send(new IAM.DeleteServiceLinkedRoleCommand({ RoleName: 'AWSServiceRoleForECS' }))).DeletionTaskId!;
    expect((await iam.send(new IAM.GetServiceLinkedRoleDeletionStatusCommand({ DeletionTaskId: task }))).Status).toBe('SUCCEEDED');
    expect((await failure(iam.send(new IAM.GetRoleCommand({ RoleName: 'AWSServiceRoleForECS' }))))?.code).toBe('NoSuchEntity');
    expect((await failure(iam.send(new IAM.DeleteServiceLinkedRoleCommand({ RoleName: 'dev' }))))?.code).toBe('NoSuchEntity');
  });

  it('issues service-specific credentials per user and service, two at most, with IAM errors', async () => {
    const { iam } = await sandbox();
    await iam.send(new IAM.CreateUserCommand({ UserName: 'git' }));
    const mk = (service: string) => iam.send(new IAM.CreateServiceSpecificCredentialCommand({ UserName: 'git', ServiceName: service }));
    const a = (await mk('codecommit.amazonaws.com')).ServiceSpecificCredential!;
    expect(a.ServiceSpecificCredentialId).toMatch(/^ACCA[A-Z2-7]{17}$/);
    expect(a).toMatchObject({ ServiceUserName: `git-at-${A}`, Status: 'Active', UserName: 'git', ServiceName: 'codecommit.amazonaws.com' });
    expect(a.ServicePassword).toMatch(/^[A-Za-z0-9+/]{59}=$/);
    await mk('codecommit.amazonaws.com');
    expect((await failure(mk('codecommit.amazonaws.com')))?.code).toBe('LimitExceeded');
    await mk('cassandra.amazonaws.com');
    const bedrock = (await iam.send(new IAM.CreateServiceSpecificCredentialCommand({ UserName: 'git', ServiceName: 'bedrock.amazonaws.com', CredentialAgeDays: 30 }))).ServiceSpecificCredential!;
    expect(bedrock.ServiceCredentialAlias).toBe(`git-at-${A}`);
    expect(bedrock.ServiceCredentialSecret).toBeTruthy();
    expect(bedrock.ExpirationDate!.getTime() - bedrock.CreateDate!.getTime()).toBe(30 * 86_400_000);
    expect(await failure(mk('lambda.amazonaws.com'))).toMatchObject({
      code: 'NoSuchEntity',
      message: 'No such service lambda.amazonaws.com is supported for Service Specific Credentials',
      status: 404,
    });
    const listed = (await iam.send(new IAM.ListServiceSpecificCredentialsCommand({ UserName: 'git', ServiceName: 'codecommit.amazonaws.com' }))).ServiceSpecificCredentials!;
    expect(listed).toHaveLength(2);
    expect(listed[0]).not.toHaveProperty('ServicePassword');
    expect(await failure(iam.send(new IAM.ResetServiceSpecificCredentialCommand({ UserName: 'git', ServiceSpecificCredentialId: 'ACCAAAAAAAAAAAAAAAAAA' })))).toMatchObject({
      code: 'NoSuchEntity',
      message: 'No such credential ACCAAAAAAAAAAAAAAAAAA exists',
    });
    expect(await failure(iam.send(new IAM.ListServiceSpecificCredentialsCommand({ UserName: 'ghost' })))).toMatchObject({
      code: 'NoSuchEntity',
      message: 'The user with name ghost cannot be found.',
    });
  });

  it('keeps five versions of a managed policy at most and evaluates the default one', async () => {
    const { iam, userWithKey } = await sandbox();
    const arn = `arn:aws:iam::${A}:policy/p`;
    await iam.send(new IAM.CreatePolicyCommand({ PolicyName: 'p', PolicyDocument: allow('iam:ListGroups') }));
    const dev = await userWithKey('dev');
    await iam.send(new IAM.AttachUserPolicyCommand({ UserName: 'dev', PolicyArn: arn }));
    for (let i = 2; i <= 5; i++) await iam.send(new IAM.CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: allow('iam:ListUsers') }));
    expect(await failure(iam.send(new IAM.CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: allow('iam:ListUsers') })))).toMatchObject({
      code: 'LimitExceeded',
      message: 'A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.',
    });
    expect((await failure(dev.iam.send(new IAM.ListUsersCommand({}))))?.code).toBe('AccessDenied');
    // The escalation: whoever may SetDefaultPolicyVersion switches the user to a version written earlier.
    await iam.send(new IAM.SetDefaultPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v3' }));
    await dev.iam.send(new IAM.ListUsersCommand({}));
    expect((await failure(iam.send(new IAM.DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: 'v3' }))))?.code).toBe('DeleteConflict');
  });
});
