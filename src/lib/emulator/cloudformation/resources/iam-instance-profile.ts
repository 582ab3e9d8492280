/** AWS::IAM::InstanceProfile. Ref: the profile name. GetAtt: Arn. Its one role is added (iam:PassRole, as IAM asks). */
import {
  AddRoleToInstanceProfileCommand, CreateInstanceProfileCommand, DeleteInstanceProfileCommand, RemoveRoleFromInstanceProfileCommand,
} from '@aws-sdk/client-iam';
import { asArray, ignoreNotFound, type ResourceType } from './types';

export const iamInstanceProfile: ResourceType = {
  type: 'AWS::IAM::InstanceProfile',
  replaceOn: ['InstanceProfileName', 'Path'],

  async create(props, rc) {
    const name = props.InstanceProfileName ?? rc.generateName();
    const out = await rc.clients.iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: name, Path: props.Path }));
    try {
      for (const role of asArray<string>(props.Roles)) await rc.clients.iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: name, RoleName: role }));
    } catch (e) {
      (e as { physicalId?: string }).physicalId = name;
      throw e;
    }
    return { physicalId: name, attributes: { Arn: out.InstanceProfile?.Arn ?? `arn:${rc.partition}:iam::${rc.accountId}:instance-profile${props.Path ?? '/'}${name}` } };
  },

  async update(name, props, prev, rc, attributes) {
    const before = asArray<string>(prev.Roles);
    const now = asArray<string>(props.Roles);
    for (const role of before) if (!now.includes(role)) await ignoreNotFound(rc.clients.iam.send(new RemoveRoleFromInstanceProfileCommand({ InstanceProfileName: name, RoleName: role })));
    for (const role of now) if (!before.includes(role)) await rc.clients.iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: name, RoleName: role }));
    return { physicalId: name, attributes };
  },

  async delete(name, props, rc) {
    for (const role of asArray<string>(props.Roles)) await ignoreNotFound(rc.clients.iam.send(new RemoveRoleFromInstanceProfileCommand({ InstanceProfileName: name, RoleName: role })));
    await ignoreNotFound(rc.clients.iam.send(new DeleteInstanceProfileCommand({ InstanceProfileName: name })));
  },
};
