/**
 * The IAM identity resources through the real gateway and IAM, in-process with SDK v3: AWS::IAM::User (group, login
 * profile, managed and inline policies), Group, UserToGroupAddition, InstanceProfile, AccessKey (whose key signs at
 * once) and ServiceLinkedRole; an update that moves them; a delete that removes every one.
 */
import {
  CloudFormationClient, CreateStackCommand, DeleteStackCommand, DescribeStacksCommand, UpdateStackCommand, type Stack,
} from '@aws-sdk/client-cloudformation';
import {
  GetGroupCommand, GetInstanceProfileCommand, GetLoginProfileCommand, GetRoleCommand, GetUserCommand, IAMClient,
  ListAttachedUserPoliciesCommand, ListGroupsForUserCommand, ListUserPoliciesCommand,
} from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Credentials } from '../../core/types';
import { createEmulator, type Emulator } from '../../index';
import { createCloudFormationProvider } from './provider';

let emu: Emulator;
const sdk = (credentials: Credentials): any => emu.sdkConfig(credentials);

beforeAll(async () => {
  emu = createEmulator({ pace: 0, providers: [createCloudFormationProvider()] });
  await emu.ready;
});

const TRUST_EC2 = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
const DOC = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:GetCallerIdentity', Resource: '*' }] };

const template = (second: boolean) => JSON.stringify({
  Resources: {
    Team: { Type: 'AWS::IAM::Group', Properties: { GroupName: 'cfn-team', Path: '/teams/', ManagedPolicyArns: ['arn:aws:iam::aws:policy/ReadOnlyAccess'] } },
    Others: { Type: 'AWS::IAM::Group', Properties: { GroupName: 'cfn-others' } },
    Kim: {
      Type: 'AWS::IAM::User',
      Properties: {
        UserName: 'cfn-kim', Groups: [{ Ref: 'Team' }], LoginProfile: { Password: 'Correct-Horse-9!', PasswordResetRequired: true },
        ManagedPolicyArns: ['arn:aws:iam::aws:policy/IAMUserChangePassword'], Policies: [{ PolicyName: 'whoami', PolicyDocument: DOC }],
      },
    },
    Lee: { Type: 'AWS::IAM::User' },
    Addition: { Type: 'AWS::IAM::UserToGroupAddition', Properties: { GroupName: { Ref: 'Others' }, Users: second ? [{ Ref: 'Kim' }] : [{ Ref: 'Kim' }, { Ref: 'Lee' }] } },
    Key: { Type: 'AWS::IAM::AccessKey', Properties: { UserName: { Ref: 'Kim' }, ...(second ? { Status: 'Inactive' } : {}) } },
    Web: { Type: 'AWS::IAM::Role', Properties: { RoleName: 'cfn-web', AssumeRolePolicyDocument: TRUST_EC2 } },
    Profile: { Type: 'AWS::IAM::InstanceProfile', Properties: { InstanceProfileName: 'cfn-web', Roles: [{ Ref: 'Web' }] } },
    Linked: { Type: 'AWS::IAM::ServiceLinkedRole', Properties: { AWSServiceName: 'autoscaling.amazonaws.com', CustomSuffix: 'cfn', Description: second ? 'two' : 'one' } },
  },
  Outputs: {
    KeyId: { Value: { Ref: 'Key' } }, Secret: { Value: { 'Fn::GetAtt': ['Key', 'SecretAccessKey'] } },
    KimArn: { Value: { 'Fn::GetAtt': ['Kim', 'Arn'] } }, TeamArn: { Value: { 'Fn::GetAtt': ['Team', 'Arn'] } },
    ProfileArn: { Value: { 'Fn::GetAtt': ['Profile', 'Arn'] } }, Linked: { Value: { Ref: 'Linked' } }, Lee: { Value: { Ref: 'Lee' } },
  },
});

describe('CloudFormation IAM identity resources against the real IAM', () => {
  it('creates, updates and deletes users, groups, memberships, keys, instance profiles and service-linked roles', async () => {
    const cfn = new CloudFormationClient(sdk(emu.adminCredentials));
    const iam = new IAMClient(sdk(emu.adminCredentials));
    const describe = async (): Promise<Stack> => {
      await emu.settled();
      return (await cfn.send(new DescribeStacksCommand({ StackName: 'people' }))).Stacks![0];
    };
    await expect(cfn.send(new CreateStackCommand({ StackName: 'people', TemplateBody: template(false), Capabilities: ['CAPABILITY_IAM'] }))).rejects.toThrow('Requires capabilities : [CAPABILITY_NAMED_IAM]');
    await cfn.send(new CreateStackCommand({ StackName: 'people', TemplateBody: template(false), Capabilities: ['CAPABILITY_NAMED_IAM'] }));
    const s = await describe();
    expect(s.StackStatus).toBe('CREATE_COMPLETE');
    const out = Object.fromEntries(s.Outputs!.map((o) => [o.OutputKey!, o.OutputValue!]));
    const A = emu.accountId;
    expect(out).toMatchObject({
      KimArn: `arn:aws:iam::${A}:user/cfn-kim`, TeamArn: `arn:aws:iam::${A}:group/teams/cfn-team`,
      ProfileArn: `arn:aws:iam::${A}:instance-profile/cfn-web`, Linked: 'AWSServiceRoleForAutoScaling_cfn',
    });
    expect(out.Lee).toMatch(/^people-Lee-[A-Z0-9]{12}$/);
    // The key signs at once, as the user.
    const kim = new STSClient(sdk({ accessKeyId: out.KeyId, secretAccessKey: out.Secret }));
    expect((await kim.send(new GetCallerIdentityCommand({}))).Arn).toBe(`arn:aws:iam::${A}:user/cfn-kim`);
    expect((await iam.send(new ListGroupsForUserCommand({ UserName: 'cfn-kim' }))).Groups!.map((g) => g.GroupName).sort()).toEqual(['cfn-others', 'cfn-team']);
    expect((await iam.send(new GetGroupCommand({ GroupName: 'cfn-others' }))).Users!.map((u) => u.UserName).sort()).toEqual(['cfn-kim', out.Lee].sort());
    expect((await iam.send(new GetLoginProfileCommand({ UserName: 'cfn-kim' }))).LoginProfile!.PasswordResetRequired).toBe(true);
    expect((await iam.send(new ListAttachedUserPoliciesCommand({ UserName: 'cfn-kim' }))).AttachedPolicies!.map((p) => p.PolicyName)).toEqual(['IAMUserChangePassword']);
    expect((await iam.send(new ListUserPoliciesCommand({ UserName: 'cfn-kim' }))).PolicyNames).toEqual(['whoami']);
    expect((await iam.send(new GetInstanceProfileCommand({ InstanceProfileName: 'cfn-web' }))).InstanceProfile!.Roles!.map((r) => r.RoleName)).toEqual(['cfn-web']);
    const linked = (await iam.send(new GetRoleCommand({ RoleName: 'AWSServiceRoleForAutoScaling_cfn' }))).Role!;
    expect(linked).toMatchObject({ Path: '/aws-service-role/autoscaling.amazonaws.com/', Description: 'one' });

    await cfn.send(new UpdateStackCommand({ StackName: 'people', TemplateBody: template(true), Capabilities: ['CAPABILITY_NAMED_IAM'] }));
    expect((await describe()).StackStatus).toBe('UPDATE_COMPLETE');
    expect((await iam.send(new GetGroupCommand({ GroupName: 'cfn-others' }))).Users!.map((u) => u.UserName)).toEqual(['cfn-kim']);
    await expect(kim.send(new GetCallerIdentityCommand({}))).rejects.toThrow('The security token included in the request is invalid.');
    expect((await iam.send(new GetRoleCommand({ RoleName: 'AWSServiceRoleForAutoScaling_cfn' }))).Role!.Description).toBe('two');

    await cfn.send(new DeleteStackCommand({ StackName: 'people' }));
    await emu.settled();
    expect((await cfn.send(new DescribeStacksCommand({ StackName: s.StackId }))).Stacks![0].StackStatus).toBe('DELETE_COMPLETE');
    for (const probe of [
      iam.send(new GetUserCommand({ UserName: 'cfn-kim' })), iam.send(new GetUserCommand({ UserName: out.Lee })),
      iam.send(new GetGroupCommand({ GroupName: 'cfn-team' })), iam.send(new GetInstanceProfileCommand({ InstanceProfileName: 'cfn-web' })),
      iam.send(new GetRoleCommand({ RoleName: 'cfn-web' })),
    ]) await expect(probe).rejects.toMatchObject({ name: 'NoSuchEntityException' });
  });
});
