/** AWS::IAM::ManagedPolicy. Ref: the policy ARN. GetAtt: PolicyArn, PolicyId, DefaultVersionId, … */
import {
  AttachGroupPolicyCommand, AttachRolePolicyCommand, AttachUserPolicyCommand, CreatePolicyCommand,
  CreatePolicyVersionCommand, DeletePolicyCommand, DeletePolicyVersionCommand, DetachGroupPolicyCommand,
  DetachRolePolicyCommand, DetachUserPolicyCommand, ListPolicyVersionsCommand,
} from '@aws-sdk/client-iam';
import { asArray, ignoreNotFound, isNotFound, policyJson, same, type Properties, type ResourceContext, type ResourceType } from './types';

const TARGETS = [
  ['Roles', (arn: string, name: string) => new AttachRolePolicyCommand({ PolicyArn: arn, RoleName: name }), (arn: string, name: string) => new DetachRolePolicyCommand({ PolicyArn: arn, RoleName: name })],
  ['Users', (arn: string, name: string) => new AttachUserPolicyCommand({ PolicyArn: arn, UserName: name }), (arn: string, name: string) => new DetachUserPolicyCommand({ PolicyArn: arn, UserName: name })],
  ['Groups', (arn: string, name: string) => new AttachGroupPolicyCommand({ PolicyArn: arn, GroupName: name }), (arn: string, name: string) => new DetachGroupPolicyCommand({ PolicyArn: arn, GroupName: name })],
] as const;

async function attachments(arn: string, props: Properties, prev: Properties, rc: ResourceContext) {
  for (const [key, attach, detach] of TARGETS) {
    const now = new Set(asArray<string>(props[key]));
    const before = new Set(asArray<string>(prev[key]));
    for (const n of now) if (!before.has(n)) await rc.clients.iam.send(attach(arn, n) as never);
    for (const n of before) if (!now.has(n)) await ignoreNotFound(rc.clients.iam.send(detach(arn, n) as never));
  }
}

export const iamManagedPolicy: ResourceType = {
  type: 'AWS::IAM::ManagedPolicy',
  replaceOn: ['ManagedPolicyName', 'Path', 'Description'],

  async create(props, rc) {
    const out = await rc.clients.iam.send(new CreatePolicyCommand({
      PolicyName: props.ManagedPolicyName ?? rc.generateName(),
      Path: props.Path,
      Description: props.Description,
      PolicyDocument: policyJson(props.PolicyDocument),
    }));
    const p = out.Policy!;
    try {
      await attachments(p.Arn!, props, {}, rc);
    } catch (e) {
      (e as { physicalId?: string }).physicalId = p.Arn;
      throw e;
    }
    return {
      physicalId: p.Arn!,
      attributes: {
        PolicyArn: p.Arn, PolicyId: p.PolicyId, DefaultVersionId: p.DefaultVersionId, AttachmentCount: p.AttachmentCount,
        IsAttachable: p.IsAttachable, CreateDate: p.CreateDate?.toISOString(), UpdateDate: p.UpdateDate?.toISOString(),
      },
    };
  },

  async update(arn, props, prev, rc, attributes) {
    const next = { ...attributes };
    if (!same(props.PolicyDocument, prev.PolicyDocument)) {
      // IAM keeps five versions: CloudFormation deletes the oldest non-default one first when full.
      const versions = await rc.clients.iam.send(new ListPolicyVersionsCommand({ PolicyArn: arn }));
      const old = (versions.Versions ?? []).filter((v) => !v.IsDefaultVersion);
      if ((versions.Versions ?? []).length >= 5 && old.length) {
        const oldest = old.sort((a, b) => (a.CreateDate?.getTime() ?? 0) - (b.CreateDate?.getTime() ?? 0))[0];
        await rc.clients.iam.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: oldest.VersionId }));
      }
      const out = await rc.clients.iam.send(new CreatePolicyVersionCommand({
        PolicyArn: arn, PolicyDocument: policyJson(props.PolicyDocument), SetAsDefault: true,
      }));
      next.DefaultVersionId = out.PolicyVersion?.VersionId;
    }
    await attachments(arn, props, prev, rc);
    return { physicalId: arn, attributes: next };
  },

  async delete(arn, props, rc) {
    await attachments(arn, {}, props, rc);
    // As CloudFormation does: the non-default versions go first (DeletePolicy refuses a policy that has them).
    let versions;
    try {
      versions = await rc.clients.iam.send(new ListPolicyVersionsCommand({ PolicyArn: arn }));
    } catch (e) {
      if (isNotFound(e)) return; // already gone: the delete succeeds
      throw e;
    }
    for (const v of versions.Versions ?? []) {
      if (!v.IsDefaultVersion) await ignoreNotFound(rc.clients.iam.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: v.VersionId })));
    }
    await ignoreNotFound(rc.clients.iam.send(new DeletePolicyCommand({ PolicyArn: arn })));
  },
};
