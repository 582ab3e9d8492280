/** GetAccountAuthorizationDetails: every user, role and managed policy with their documents, as IAM returns them. */
import type { OperationHandler } from '../../core/types';
import { encodeDocument, policyView, roleArnOf, roleLastUsed, userArnOf } from './common';
import { allManagedPolicies, attachmentCounts, groupArn, groupsOfUser, managedPolicy, sortByName, type IamState } from './model';

const boundary = (arn?: string) => (arn ? { PermissionsBoundary: { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: arn } } : {});

export const accountOperations: Record<string, OperationHandler<IamState>> = {
  GetAccountAuthorizationDetails(input, ctx) {
    ctx.authorize('iam:GetAccountAuthorizationDetails', '*');
    const filter: string[] = input.Filter?.length ? input.Filter : ['User', 'Role', 'Group', 'LocalManagedPolicy', 'AWSManagedPolicy'];
    const s = ctx.state;
    const attached = (arns: string[]) =>
      arns.map((arn) => managedPolicy(s, arn)).filter(Boolean).map((p) => ({ PolicyName: p!.PolicyName, PolicyArn: p!.Arn }));
    const instanceProfilesOf = (roleName: string) =>
      sortByName(Object.values(s.instanceProfiles), (p) => p.InstanceProfileName)
        .filter((p) => p.Roles.some((n) => n.toLowerCase() === roleName.toLowerCase()))
        .map((p) => ({
          Path: p.Path, InstanceProfileName: p.InstanceProfileName, InstanceProfileId: p.InstanceProfileId,
          Arn: `arn:aws:iam::${ctx.accountId}:instance-profile${p.Path}${p.InstanceProfileName}`, CreateDate: p.CreateDate,
          Roles: p.Roles.map((n) => s.roles[n.toLowerCase()]).filter(Boolean).map((r) => ({
            Path: r.Path, RoleName: r.RoleName, RoleId: r.RoleId, Arn: roleArnOf(ctx, r), CreateDate: r.CreateDate,
            AssumeRolePolicyDocument: encodeDocument(r.AssumeRolePolicyDocument),
          })),
        }));
    const inline = (m: Record<string, string>) => Object.entries(m).map(([PolicyName, d]) => ({ PolicyName, PolicyDocument: encodeDocument(d) }));
    const users = !filter.includes('User') ? [] : sortByName(Object.values(s.users), (u) => u.UserName).map((u) => ({
      Path: u.Path, UserName: u.UserName, UserId: u.UserId, Arn: userArnOf(ctx, u), CreateDate: u.CreateDate,
      UserPolicyList: inline(u.InlinePolicies), GroupList: groupsOfUser(s, u.UserName).map((g) => g.GroupName), AttachedManagedPolicies: attached(u.AttachedPolicies),
      ...boundary(u.PermissionsBoundaryArn), Tags: u.Tags,
    }));
    const roles = !filter.includes('Role') ? [] : sortByName(Object.values(s.roles), (r) => r.RoleName).map((r) => ({
      Path: r.Path, RoleName: r.RoleName, RoleId: r.RoleId, Arn: roleArnOf(ctx, r), CreateDate: r.CreateDate,
      AssumeRolePolicyDocument: encodeDocument(r.AssumeRolePolicyDocument), InstanceProfileList: instanceProfilesOf(r.RoleName),
      RolePolicyList: inline(r.InlinePolicies), AttachedManagedPolicies: attached(r.AttachedPolicies),
      ...boundary(r.PermissionsBoundaryArn), Tags: r.Tags, RoleLastUsed: roleLastUsed(ctx, r),
    }));
    const groups = !filter.includes('Group') ? [] : sortByName(Object.values(s.groups), (g) => g.GroupName).map((g) => ({
      Path: g.Path, GroupName: g.GroupName, GroupId: g.GroupId, Arn: groupArn(ctx.accountId, g), CreateDate: g.CreateDate,
      GroupPolicyList: inline(g.InlinePolicies), AttachedManagedPolicies: attached(g.AttachedPolicies),
    }));
    const policies = allManagedPolicies(s).filter((p) => {
      if (p.awsManaged) {
        if (!filter.includes('AWSManagedPolicy')) return false;
        const c = attachmentCounts(s, p.Arn);
        return c.AttachmentCount + c.PermissionsBoundaryUsageCount > 0;
      }
      return filter.includes('LocalManagedPolicy');
    }).map((p) => {
      const view = policyView(s, p, 'list');
      const versions = p.awsManaged
        ? [{ Document: encodeDocument(p.Document), VersionId: p.DefaultVersionId, IsDefaultVersion: true, CreateDate: p.UpdateDate }]
        : s.policies[p.Arn].Versions.map((v) => ({ Document: encodeDocument(v.Document), VersionId: v.VersionId, IsDefaultVersion: v.VersionId === p.DefaultVersionId, CreateDate: v.CreateDate }));
      return { ...view, ...(p.Description ? { Description: p.Description } : {}), PolicyVersionList: versions };
    });
    // AWS difference: everything comes back in one page (IsTruncated false); the sandbox's accounts are small.
    return { UserDetailList: users, GroupDetailList: groups, RoleDetailList: roles, Policies: policies, IsTruncated: false };
  },
};
