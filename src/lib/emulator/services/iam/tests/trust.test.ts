import * as IAM from '@aws-sdk/client-iam';
import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { describe, expect, it } from 'vitest';
import { A, allow, failure, sandbox, trustAws } from './support';

const assume = (arn: string) => new AssumeRoleCommand({ RoleArn: arn, RoleSessionName: 'ss' });
const roleDoc = async (iam: IAM.IAMClient, name: string) =>
  JSON.parse(decodeURIComponent((await iam.send(new IAM.GetRoleCommand({ RoleName: name }))).Role!.AssumeRolePolicyDocument!));

describe('trust policies hold principals by unique id', () => {
  it('refuses a trust policy naming a user or role that does not exist, with the ARN as written', async () => {
    const { iam } = await sandbox();
    await iam.send(new IAM.CreateGroupCommand({ GroupName: 'devs' }));
    for (const p of [
      `arn:aws:iam::${A}:role/ghost`,
      `arn:aws:iam::${A}:user/ghost`,
      `arn:aws:iam::${A}:role/wrong/path/admin`,
      `arn:aws:iam::${A}:user/*`,
      `arn:aws:iam::${A}:group/devs`,
      `arn:aws:iam::${A}:policy/p`,
    ]) {
      expect(await failure(iam.send(new IAM.CreateRoleCommand({ RoleName: 'r', AssumeRolePolicyDocument: trustAws(p) })))).toEqual({
        code: 'MalformedPolicyDocument',
        message: `Invalid principal in policy: "AWS":"${p}"`,
        status: 400,
      });
    }
    // The admin user exists (at path /), so naming it is fine; so is the account and another account's role.
    await iam.send(new IAM.CreateRoleCommand({
      RoleName: 'r',
      AssumeRolePolicyDocument: trustAws([`arn:aws:iam::${A}:user/admin`, `arn:aws:iam::${A}:root`, 'arn:aws:iam::210987654321:role/x']),
    }));
    expect(await failure(iam.send(new IAM.UpdateAssumeRolePolicyCommand({ RoleName: 'r', PolicyDocument: trustAws(`arn:aws:iam::${A}:user/ghost`) })))).toMatchObject({
      code: 'MalformedPolicyDocument',
      message: `Invalid principal in policy: "AWS":"arn:aws:iam::${A}:user/ghost"`,
    });
  });

  it('shows the unique id once the principal is deleted, and a re-created principal with the same name is not trusted', async () => {
    const { iam, userWithKey, clients } = await sandbox();
    const bob = await userWithKey('bob');
    const bobId = (await iam.send(new IAM.GetUserCommand({ UserName: 'bob' }))).User!.UserId!;
    await iam.send(new IAM.PutUserPolicyCommand({ UserName: 'bob', PolicyName: 'assume', PolicyDocument: allow('sts:AssumeRole') }));
    const target = `arn:aws:iam::${A}:role/target`;
    await iam.send(new IAM.CreateRoleCommand({ RoleName: 'target', AssumeRolePolicyDocument: trustAws(`arn:aws:iam::${A}:user/bob`) }));
    expect((await iam.send(new IAM.GetRoleCommand({ RoleName: 'target' }))).Role!.RoleLastUsed).toEqual({});
    const creds = (await bob.sts.send(assume(target))).Credentials!;
    // The session's first request marks the role as used (GetRole's RoleLastUsed).
    const { sts: session } = clients({ accessKeyId: creds.AccessKeyId!, secretAccessKey: creds.SecretAccessKey!, sessionToken: creds.SessionToken! });
    expect((await session.send(new GetCallerIdentityCommand({}))).Arn).toBe(`arn:aws:sts::${A}:assumed-role/target/ss`);
    expect((await iam.send(new IAM.GetRoleCommand({ RoleName: 'target' }))).Role!.RoleLastUsed).toEqual({ LastUsedDate: expect.any(Date), Region: 'us-east-1' });

    await iam.send(new IAM.DeleteUserPolicyCommand({ UserName: 'bob', PolicyName: 'assume' }));
    await iam.send(new IAM.DeleteAccessKeyCommand({ UserName: 'bob', AccessKeyId: bob.credentials.accessKeyId }));
    await iam.send(new IAM.DeleteUserCommand({ UserName: 'bob' }));
    expect((await roleDoc(iam, 'target')).Statement[0].Principal).toEqual({ AWS: bobId });

    const bob2 = await userWithKey('bob');
    await iam.send(new IAM.PutUserPolicyCommand({ UserName: 'bob', PolicyName: 'assume', PolicyDocument: allow('sts:AssumeRole') }));
    expect(await failure(bob2.sts.send(assume(target)))).toMatchObject({
      code: 'AccessDenied',
      message: `User: arn:aws:iam::${A}:user/bob is not authorized to perform: sts:AssumeRole on resource: ${target}`,
    });
    // Writing the trust again binds the new user.
    await iam.send(new IAM.UpdateAssumeRolePolicyCommand({ RoleName: 'target', PolicyDocument: trustAws(`arn:aws:iam::${A}:user/bob`) }));
    await bob2.sts.send(assume(target));
  });

  it('does the same for a role principal, in every statement and list that names it', async () => {
    const { iam } = await sandbox();
    await iam.send(new IAM.CreateRoleCommand({ RoleName: 'caller', AssumeRolePolicyDocument: trustAws(`arn:aws:iam::${A}:root`) }));
    const callerId = (await iam.send(new IAM.GetRoleCommand({ RoleName: 'caller' }))).Role!.RoleId!;
    const callerArn = `arn:aws:iam::${A}:role/caller`;
    const trust = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { AWS: [callerArn, `arn:aws:iam::${A}:root`] }, Action: 'sts:AssumeRole' },
        { Effect: 'Allow', Principal: { AWS: callerArn }, Action: 'sts:TagSession' },
      ],
    });
    await iam.send(new IAM.CreateRoleCommand({ RoleName: 'target', AssumeRolePolicyDocument: trust }));
    await iam.send(new IAM.DeleteRoleCommand({ RoleName: 'caller' }));
    const after = await roleDoc(iam, 'target');
    expect(after.Statement[0].Principal.AWS).toEqual([callerId, `arn:aws:iam::${A}:root`]);
    expect(after.Statement[1].Principal.AWS).toBe(callerId);
    // A deleted principal's id cannot be written back: IAM accepts only ARNs of principals that exist.
    expect((await failure(iam.send(new IAM.UpdateAssumeRolePolicyCommand({ RoleName: 'target', PolicyDocument: trustAws(callerId) }))))?.code).toBe(
      'MalformedPolicyDocument',
    );
  });
});
