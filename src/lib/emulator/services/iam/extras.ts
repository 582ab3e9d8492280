/**
 * IAM features the sandbox does not model — groups, instance profiles, MFA devices, console passwords, signing
 * certificates, SSH keys, service-specific credentials, account aliases — answered as an account without any,
 * so clean-up scripts that enumerate a user's dependencies before DeleteUser run as they would in AWS.
 * AWS difference: none of these can be created in the sandbox.
 */
import { AwsError, type OperationHandler } from '../../core/types';
import type { Ctx } from './common';
import { authorizedEntity, kinds } from './entities';
import { allManagedPolicies, attachmentCounts, type IamState } from './model';

const emptyList = (key: string) => ({ [key]: [], IsTruncated: false });

function forUser(op: string, key: string): OperationHandler<IamState> {
  return (input, ctx: Ctx) => {
    const name = input.UserName ?? ctx.caller.arn.slice(ctx.caller.arn.lastIndexOf('/') + 1);
    authorizedEntity(kinds.user, ctx, op, name);
    return emptyList(key);
  };
}

export const extraOperations: Record<string, OperationHandler<IamState>> = {
  ListGroups(input, ctx) {
    ctx.authorize('iam:ListGroups', `arn:aws:iam::${ctx.accountId}:group${input.PathPrefix ?? '/'}`);
    return emptyList('Groups');
  },
  ListInstanceProfiles(input, ctx) {
    ctx.authorize('iam:ListInstanceProfiles', `arn:aws:iam::${ctx.accountId}:instance-profile${input.PathPrefix ?? '/'}`);
    return emptyList('InstanceProfiles');
  },
  ListAccountAliases(_input, ctx) {
    ctx.authorize('iam:ListAccountAliases', '*');
    return emptyList('AccountAliases');
  },
  ListGroupsForUser: forUser('ListGroupsForUser', 'Groups'),
  ListMFADevices: forUser('ListMFADevices', 'MFADevices'),
  ListSigningCertificates: forUser('ListSigningCertificates', 'Certificates'),
  ListSSHPublicKeys: forUser('ListSSHPublicKeys', 'SSHPublicKeys'),
  ListServiceSpecificCredentials: forUser('ListServiceSpecificCredentials', 'ServiceSpecificCredentials'),
  GetLoginProfile(input, ctx) {
    const user = authorizedEntity(kinds.user, ctx, 'GetLoginProfile', input.UserName);
    throw new AwsError('NoSuchEntity', `Login Profile for User ${(user as { UserName: string }).UserName} cannot be found.`, 404);
  },
  GetAccountSummary(_input, ctx) {
    ctx.authorize('iam:GetAccountSummary', '*');
    const s = ctx.state;
    const attached = allManagedPolicies(s).filter((p) => attachmentCounts(s, p.Arn).AttachmentCount > 0).length;
    return {
      SummaryMap: {
        Users: Object.keys(s.users).length,
        Roles: Object.keys(s.roles).length,
        Groups: 0,
        Policies: Object.keys(s.policies).length,
        AttachedPoliciesPerRoleQuota: 10,
        AttachedPoliciesPerUserQuota: 10,
        AttachedPoliciesPerGroupQuota: 10,
        PolicyVersionsInUse: attached,
        PolicyVersionsInUseQuota: 10000,
        PoliciesQuota: 1500,
        PolicySizeQuota: 6144,
        RolesQuota: 1000,
        UsersQuota: 5000,
        GroupsQuota: 300,
        RolePolicySizeQuota: 10240,
        UserPolicySizeQuota: 2048,
        AccessKeysPerUserQuota: 2,
        AccountMFAEnabled: 0,
        MFADevices: 0,
        MFADevicesInUse: 0,
        InstanceProfiles: 0,
        InstanceProfilesQuota: 1000,
        ServerCertificates: 0,
        ServerCertificatesQuota: 20,
        Providers: 0,
        AccountAccessKeysPresent: 0,
        AccountSigningCertificatesPresent: 0,
        VersionsPerPolicyQuota: 5,
        GlobalEndpointTokenVersion: 1,
      },
    };
  },
};
