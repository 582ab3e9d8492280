/**
 * IAM features the sandbox does not model — MFA devices, signing certificates, SSH keys, account aliases — answered
 * as an account without any, so clean-up scripts that enumerate a user's dependencies before DeleteUser run as they
 * would in AWS. AWS difference: none of these can be created in the sandbox.
 */
import type { OperationHandler } from '../../core/types';
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
  ListAccountAliases(_input, ctx) {
    ctx.authorize('iam:ListAccountAliases', '*');
    return emptyList('AccountAliases');
  },
  ListMFADevices: forUser('ListMFADevices', 'MFADevices'),
  ListSigningCertificates: forUser('ListSigningCertificates', 'Certificates'),
  ListSSHPublicKeys: forUser('ListSSHPublicKeys', 'SSHPublicKeys'),
  GetAccountSummary(_input, ctx) {
    ctx.authorize('iam:GetAccountSummary', '*');
    const s = ctx.state;
    const attached = allManagedPolicies(s).filter((p) => attachmentCounts(s, p.Arn).AttachmentCount > 0).length;
    return {
      SummaryMap: {
        Users: Object.keys(s.users).length,
        Roles: Object.keys(s.roles).length,
        Groups: Object.keys(s.groups).length,
        Policies: Object.keys(s.policies).length,
        GroupPolicySizeQuota: 5120,
        GroupsPerUserQuota: 10,
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
        InstanceProfiles: Object.keys(s.instanceProfiles).length,
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
