/** AWS::IAM::Group. Ref: the group name. GetAtt: Arn. Managed and inline policies come with it. */
import {
  AttachGroupPolicyCommand, CreateGroupCommand, DeleteGroupCommand, DeleteGroupPolicyCommand, DetachGroupPolicyCommand,
  PutGroupPolicyCommand, UpdateGroupCommand,
} from '@aws-sdk/client-iam';
import { asArray, ignoreNotFound, policyJson, same, type Properties, type ResourceContext, type ResourceType } from './types';

interface InlinePolicy { PolicyName: string; PolicyDocument: unknown }

const inline = (props: Properties) => asArray(props.Policies as InlinePolicy[]);

async function policies(name: string, props: Properties, prev: Properties, rc: ResourceContext) {
  const iam = rc.clients.iam;
  const before = new Set(asArray<string>(prev.ManagedPolicyArns));
  const now = new Set(asArray<string>(props.ManagedPolicyArns));
  for (const arn of now) if (!before.has(arn)) await iam.send(new AttachGroupPolicyCommand({ GroupName: name, PolicyArn: arn }));
  const oldInline = new Map(inline(prev).map((p) => [p.PolicyName, p]));
  for (const p of inline(props)) {
    if (!same(oldInline.get(p.PolicyName)?.PolicyDocument, p.PolicyDocument)) {
      await iam.send(new PutGroupPolicyCommand({ GroupName: name, PolicyName: p.PolicyName, PolicyDocument: policyJson(p.PolicyDocument) }));
    }
    oldInline.delete(p.PolicyName);
  }
  for (const p of oldInline.keys()) await ignoreNotFound(iam.send(new DeleteGroupPolicyCommand({ GroupName: name, PolicyName: p })));
  for (const arn of before) if (!now.has(arn)) await ignoreNotFound(iam.send(new DetachGroupPolicyCommand({ GroupName: name, PolicyArn: arn })));
}

export const iamGroup: ResourceType = {
  type: 'AWS::IAM::Group',
  replaceOn: ['GroupName'],

  async create(props, rc) {
    const name = props.GroupName ?? rc.generateName();
    const out = await rc.clients.iam.send(new CreateGroupCommand({ GroupName: name, Path: props.Path }));
    try {
      await policies(name, props, {}, rc);
    } catch (e) {
      (e as { physicalId?: string }).physicalId = name;
      throw e;
    }
    return { physicalId: name, attributes: { Arn: out.Group?.Arn ?? `arn:${rc.partition}:iam::${rc.accountId}:group${props.Path ?? '/'}${name}` } };
  },

  async update(name, props, prev, rc, attributes) {
    if ((props.Path ?? '/') !== (prev.Path ?? '/')) await rc.clients.iam.send(new UpdateGroupCommand({ GroupName: name, NewPath: props.Path ?? '/' }));
    await policies(name, props, prev, rc);
    return { physicalId: name, attributes };
  },

  async delete(name, props, rc) {
    await policies(name, {}, props, rc);
    await ignoreNotFound(rc.clients.iam.send(new DeleteGroupCommand({ GroupName: name })));
  },
};
