/** Customer managed policies and their versions (five at most), and AWS managed policies read-only. */
import { uniqueId } from '../../core/ids';
import { AwsError, type OperationHandler } from '../../core/types';
import { checkPolicy, checkTags, encodeDocument, mergeTags, policyArnFor, policyView, requestTagContext, underPath, type Ctx } from './common';
import { deleteConflict, limitExceeded, noSuchPolicyVersion, policyExists, policyNotFound } from './errors';
import { allManagedPolicies, attachmentCounts, managedPolicy, paginate, sortByName, type CustomerPolicy, type IamState } from './model';

function authorizedPolicy(ctx: Ctx, op: string, arn: string, extra: Record<string, any> = {}) {
  ctx.authorize(`iam:${op}`, arn, { context: extra });
  const p = managedPolicy(ctx.state, arn);
  if (!p) throw policyNotFound(arn);
  return p;
}

function customerPolicy(ctx: Ctx, op: string, arn: string, extra: Record<string, any> = {}): CustomerPolicy {
  const p = authorizedPolicy(ctx, op, arn, extra);
  if (p.awsManaged) {
    // AWS difference: AWS answers changes to AWS managed policies with AccessDenied from its own account's policy.
    throw new AwsError('AccessDenied', `User: ${ctx.caller.arn} is not authorized to perform: iam:${op} on resource: policy ${p.PolicyName}`, 403);
  }
  return ctx.state.policies[arn];
}

const versionView = (v: { VersionId: string; CreateDate: Date }, isDefault: boolean, doc?: string) => ({
  ...(doc !== undefined ? { Document: encodeDocument(doc) } : {}),
  VersionId: v.VersionId,
  IsDefaultVersion: isDefault,
  CreateDate: v.CreateDate,
});

export const policyOperations: Record<string, OperationHandler<IamState>> = {
  CreatePolicy(input, ctx) {
    const path = input.Path ?? '/';
    const arn = policyArnFor(ctx, input.PolicyName, path);
    ctx.authorize('iam:CreatePolicy', arn, { context: requestTagContext(input.Tags) });
    if (Object.values(ctx.state.policies).some((p) => p.PolicyName.toLowerCase() === String(input.PolicyName).toLowerCase())) {
      throw policyExists(input.PolicyName);
    }
    checkPolicy(input.PolicyDocument, 'identity');
    checkTags(input.Tags);
    const now = ctx.now();
    const p: CustomerPolicy = {
      PolicyName: input.PolicyName,
      PolicyId: uniqueId('ANPA'),
      Path: path,
      Arn: arn,
      CreateDate: now,
      UpdateDate: now,
      DefaultVersionId: 'v1',
      Versions: [{ VersionId: 'v1', Document: input.PolicyDocument, CreateDate: now }],
      NextVersion: 2,
      Tags: (input.Tags ?? []).map((t: any) => ({ Key: t.Key, Value: t.Value })),
      ...(input.Description !== undefined ? { Description: input.Description } : {}),
    };
    ctx.state.policies[arn] = p;
    const view = policyView(ctx.state, { ...p, Document: input.PolicyDocument, awsManaged: false }, 'full');
    delete view.Description;
    return { Policy: view };
  },
  GetPolicy(input, ctx) {
    return { Policy: policyView(ctx.state, authorizedPolicy(ctx, 'GetPolicy', input.PolicyArn), 'full') };
  },
  DeletePolicy(input, ctx) {
    const p = customerPolicy(ctx, 'DeletePolicy', input.PolicyArn);
    const counts = attachmentCounts(ctx.state, p.Arn);
    if (counts.AttachmentCount > 0 || counts.PermissionsBoundaryUsageCount > 0) {
      throw deleteConflict('Cannot delete a policy attached to entities.');
    }
    if (p.Versions.length > 1) {
      throw deleteConflict(
        "This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.",
      );
    }
    delete ctx.state.policies[p.Arn];
  },
  ListPolicies(input, ctx) {
    ctx.authorize('iam:ListPolicies', `arn:aws:iam::${ctx.accountId}:policy${input.PathPrefix ?? '/'}`);
    const scope = input.Scope ?? 'All';
    const list = sortByName(allManagedPolicies(ctx.state), (p) => p.PolicyName).filter((p) => {
      if (scope === 'AWS' && !p.awsManaged) return false;
      if (scope === 'Local' && p.awsManaged) return false;
      if (!underPath(p.Path, input.PathPrefix)) return false;
      const c = attachmentCounts(ctx.state, p.Arn);
      if (input.OnlyAttached && c.AttachmentCount === 0) return false;
      if (input.PolicyUsageFilter === 'PermissionsBoundary' && c.PermissionsBoundaryUsageCount === 0) return false;
      if (input.PolicyUsageFilter === 'PermissionsPolicy' && c.AttachmentCount === 0) return false;
      return true;
    });
    const { page, IsTruncated, Marker } = paginate(list, input);
    return { Policies: page.map((p) => policyView(ctx.state, p, 'list')), IsTruncated, ...(Marker ? { Marker } : {}) };
  },
  CreatePolicyVersion(input, ctx) {
    const p = customerPolicy(ctx, 'CreatePolicyVersion', input.PolicyArn);
    checkPolicy(input.PolicyDocument, 'identity');
    if (p.Versions.length >= 5) {
      throw limitExceeded('A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.');
    }
    const v = { VersionId: `v${p.NextVersion++}`, Document: input.PolicyDocument, CreateDate: ctx.now() };
    p.Versions.push(v);
    if (input.SetAsDefault) p.DefaultVersionId = v.VersionId;
    p.UpdateDate = v.CreateDate;
    return { PolicyVersion: versionView(v, p.DefaultVersionId === v.VersionId) };
  },
  GetPolicyVersion(input, ctx) {
    const p = authorizedPolicy(ctx, 'GetPolicyVersion', input.PolicyArn);
    if (p.awsManaged) {
      if (input.VersionId !== p.DefaultVersionId) throw noSuchPolicyVersion(p.Arn, input.VersionId);
      return { PolicyVersion: versionView({ VersionId: p.DefaultVersionId, CreateDate: p.UpdateDate }, true, p.Document) };
    }
    const c = ctx.state.policies[p.Arn];
    const v = c.Versions.find((x) => x.VersionId === input.VersionId);
    if (!v) throw noSuchPolicyVersion(p.Arn, input.VersionId);
    return { PolicyVersion: versionView(v, c.DefaultVersionId === v.VersionId, v.Document) };
  },
  ListPolicyVersions(input, ctx) {
    const p = authorizedPolicy(ctx, 'ListPolicyVersions', input.PolicyArn);
    const versions = p.awsManaged
      ? [versionView({ VersionId: p.DefaultVersionId, CreateDate: p.UpdateDate }, true)]
      : [...ctx.state.policies[p.Arn].Versions].reverse().map((v) => versionView(v, v.VersionId === p.DefaultVersionId));
    const { page, IsTruncated, Marker } = paginate(versions, input);
    return { Versions: page, IsTruncated, ...(Marker ? { Marker } : {}) };
  },
  DeletePolicyVersion(input, ctx) {
    const p = customerPolicy(ctx, 'DeletePolicyVersion', input.PolicyArn);
    const i = p.Versions.findIndex((v) => v.VersionId === input.VersionId);
    if (i < 0) throw noSuchPolicyVersion(p.Arn, input.VersionId);
    if (p.DefaultVersionId === input.VersionId) throw deleteConflict('Cannot delete the default version of a policy.');
    p.Versions.splice(i, 1);
  },
  SetDefaultPolicyVersion(input, ctx) {
    const p = customerPolicy(ctx, 'SetDefaultPolicyVersion', input.PolicyArn);
    if (!p.Versions.some((v) => v.VersionId === input.VersionId)) throw noSuchPolicyVersion(p.Arn, input.VersionId);
    p.DefaultVersionId = input.VersionId;
    p.UpdateDate = ctx.now();
  },
  ListEntitiesForPolicy(input, ctx) {
    const p = authorizedPolicy(ctx, 'ListEntitiesForPolicy', input.PolicyArn);
    const filter: string | undefined = input.EntityFilter;
    const usage: string | undefined = input.PolicyUsageFilter;
    const uses = (e: { AttachedPolicies: string[]; PermissionsBoundaryArn?: string; Path: string }) =>
      underPath(e.Path, input.PathPrefix) &&
      ((usage !== 'PermissionsBoundary' && e.AttachedPolicies.includes(p.Arn)) ||
        (usage !== 'PermissionsPolicy' && e.PermissionsBoundaryArn === p.Arn));
    const roles = filter && filter !== 'Role' ? [] : sortByName(Object.values(ctx.state.roles), (r) => r.RoleName).filter(uses);
    const users = filter && filter !== 'User' ? [] : sortByName(Object.values(ctx.state.users), (u) => u.UserName).filter(uses);
    const groups = filter && filter !== 'Group' ? [] : sortByName(Object.values(ctx.state.groups), (g) => g.GroupName)
      .filter((g) => underPath(g.Path, input.PathPrefix) && usage !== 'PermissionsBoundary' && g.AttachedPolicies.includes(p.Arn));
    // AWS difference: one page (IsTruncated false).
    return {
      PolicyGroups: groups.map((g) => ({ GroupName: g.GroupName, GroupId: g.GroupId })),
      PolicyUsers: users.map((u) => ({ UserName: u.UserName, UserId: u.UserId })),
      PolicyRoles: roles.map((r) => ({ RoleName: r.RoleName, RoleId: r.RoleId })),
      IsTruncated: false,
    };
  },
  TagPolicy(input, ctx) {
    const p = customerPolicy(ctx, 'TagPolicy', input.PolicyArn, requestTagContext(input.Tags));
    p.Tags = mergeTags(p.Tags, input.Tags);
  },
  UntagPolicy(input, ctx) {
    const p = customerPolicy(ctx, 'UntagPolicy', input.PolicyArn, { 'aws:TagKeys': input.TagKeys });
    const drop = new Set((input.TagKeys as string[]).map((t) => t.toLowerCase()));
    p.Tags = p.Tags.filter((t) => !drop.has(t.Key.toLowerCase()));
  },
  ListPolicyTags(input, ctx) {
    const p = authorizedPolicy(ctx, 'ListPolicyTags', input.PolicyArn);
    const { page, IsTruncated, Marker } = paginate(p.Tags, input);
    return { Tags: page, IsTruncated, ...(Marker ? { Marker } : {}) };
  },
};
