/** AWS::IAM::UserToGroupAddition: users added to an existing group. Ref: a generated id. */
import { AddUserToGroupCommand, RemoveUserFromGroupCommand } from '@aws-sdk/client-iam';
import { asArray, ignoreNotFound, type Properties, type ResourceContext, type ResourceType } from './types';

async function members(props: Properties, prev: Properties, rc: ResourceContext) {
  const before = new Set(asArray<string>(prev.Users));
  const now = new Set(asArray<string>(props.Users));
  for (const u of now) if (!before.has(u)) await rc.clients.iam.send(new AddUserToGroupCommand({ GroupName: props.GroupName, UserName: u }));
  for (const u of before) if (!now.has(u)) await ignoreNotFound(rc.clients.iam.send(new RemoveUserFromGroupCommand({ GroupName: prev.GroupName, UserName: u })));
}

export const iamUserToGroupAddition: ResourceType = {
  type: 'AWS::IAM::UserToGroupAddition',
  replaceOn: ['GroupName'],

  async create(props, rc) {
    const id = rc.generateName();
    await members(props, {}, rc);
    return { physicalId: id, attributes: {} };
  },

  async update(id, props, prev, rc, attributes) {
    await members(props, prev, rc);
    return { physicalId: id, attributes };
  },

  async delete(_id, props, rc) {
    await members({ GroupName: props.GroupName }, props, rc);
  },
};
