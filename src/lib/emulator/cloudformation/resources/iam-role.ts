/** AWS::IAM::Role. Ref: the role name. GetAtt: Arn, RoleId. */
import {
  AttachRolePolicyCommand, CreateRoleCommand, DeleteRoleCommand, DeleteRolePermissionsBoundaryCommand,
  DeleteRolePolicyCommand, DetachRolePolicyCommand, PutRolePermissionsBoundaryCommand, PutRolePolicyCommand,
  TagRoleCommand, UntagRoleCommand, UpdateAssumeRolePolicyCommand, UpdateRoleCommand,
} from '@aws-sdk/client-iam';
import { asArray, ignoreNotFound, mergedTags, num, policyJson, same, type Properties, type ResourceType } from './types';

interface InlinePolicy { PolicyName: string; PolicyDocument: unknown }

const inline = (props: Properties) => asArray(props.Policies as InlinePolicy[]);

export const iamRole: ResourceType = {
  type: 'AWS::IAM::Role',
  replaceOn: ['RoleName', 'Path'],

  async create(props, rc) {
    const roleName = props.RoleName ?? rc.generateName();
    const out = await rc.clients.iam.send(new CreateRoleCommand({
      RoleName: roleName,
      Path: props.Path,
      AssumeRolePolicyDocument: policyJson(props.AssumeRolePolicyDocument),
      Description: props.Description,
      MaxSessionDuration: num(props.MaxSessionDuration),
      PermissionsBoundary: props.PermissionsBoundary,
      Tags: mergedTags(props.Tags, rc),
    }));
    const result = { physicalId: roleName, attributes: { Arn: out.Role!.Arn!, RoleId: out.Role!.RoleId! } };
    try {
      for (const p of inline(props)) {
        await rc.clients.iam.send(new PutRolePolicyCommand({
          RoleName: roleName, PolicyName: p.PolicyName, PolicyDocument: policyJson(p.PolicyDocument),
        }));
      }
      for (const arn of asArray<string>(props.ManagedPolicyArns)) {
        await rc.clients.iam.send(new AttachRolePolicyCommand({ RoleName: roleName, PolicyArn: arn }));
      }
    } catch (e) {
      // The role exists: keep its name so the rollback deletes it.
      (e as { physicalId?: string }).physicalId = roleName;
      throw e;
    }
    return result;
  },

  async update(roleName, props, prev, rc, attributes) {
    const iam = rc.clients.iam;
    if (!same(props.AssumeRolePolicyDocument, prev.AssumeRolePolicyDocument)) {
      await iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: roleName, PolicyDocument: policyJson(props.AssumeRolePolicyDocument) }));
    }
    if (props.Description !== prev.Description || !same(props.MaxSessionDuration, prev.MaxSessionDuration)) {
      await iam.send(new UpdateRoleCommand({ RoleName: roleName, Description: props.Description ?? '', MaxSessionDuration: num(props.MaxSessionDuration) }));
    }
    if (props.PermissionsBoundary !== prev.PermissionsBoundary) {
      if (props.PermissionsBoundary) await iam.send(new PutRolePermissionsBoundaryCommand({ RoleName: roleName, PermissionsBoundary: props.PermissionsBoundary }));
      else await iam.send(new DeleteRolePermissionsBoundaryCommand({ RoleName: roleName }));
    }
    const oldInline = new Map(inline(prev).map((p) => [p.PolicyName, p]));
    for (const p of inline(props)) {
      if (!same(oldInline.get(p.PolicyName)?.PolicyDocument, p.PolicyDocument)) {
        await iam.send(new PutRolePolicyCommand({ RoleName: roleName, PolicyName: p.PolicyName, PolicyDocument: policyJson(p.PolicyDocument) }));
      }
      oldInline.delete(p.PolicyName);
    }
    for (const name of oldInline.keys()) await ignoreNotFound(iam.send(new DeleteRolePolicyCommand({ RoleName: roleName, PolicyName: name })));
    const oldArns = new Set(asArray<string>(prev.ManagedPolicyArns));
    const newArns = new Set(asArray<string>(props.ManagedPolicyArns));
    for (const arn of newArns) if (!oldArns.has(arn)) await iam.send(new AttachRolePolicyCommand({ RoleName: roleName, PolicyArn: arn }));
    for (const arn of oldArns) if (!newArns.has(arn)) await ignoreNotFound(iam.send(new DetachRolePolicyCommand({ RoleName: roleName, PolicyArn: arn })));
    if (!same(props.Tags, prev.Tags)) {
      const keep = new Set(asArray<{ Key: string }>(props.Tags).map((t) => t.Key));
      const gone = asArray<{ Key: string }>(prev.Tags).map((t) => t.Key).filter((k) => !keep.has(k));
      if (gone.length) await iam.send(new UntagRoleCommand({ RoleName: roleName, TagKeys: gone }));
      const tags = mergedTags(props.Tags, rc);
      if (tags) await iam.send(new TagRoleCommand({ RoleName: roleName, Tags: tags }));
    }
    return { physicalId: roleName, attributes };
  },

  async delete(roleName, props, rc) {
    const iam = rc.clients.iam;
    // AWS difference: CloudFormation's handler lists the role's policies (iam:ListRolePolicies,
    // iam:ListAttachedRolePolicies) before deleting; here the template's own policies are removed, without listing.
    for (const arn of asArray<string>(props.ManagedPolicyArns)) {
      await ignoreNotFound(iam.send(new DetachRolePolicyCommand({ RoleName: roleName, PolicyArn: arn })));
    }
    for (const p of inline(props)) {
      await ignoreNotFound(iam.send(new DeleteRolePolicyCommand({ RoleName: roleName, PolicyName: p.PolicyName })));
    }
    await ignoreNotFound(iam.send(new DeleteRoleCommand({ RoleName: roleName })));
  },
};
