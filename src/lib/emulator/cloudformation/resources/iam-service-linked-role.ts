/**
 * AWS::IAM::ServiceLinkedRole. Ref: the role name (AWSServiceRoleFor…, under /aws-service-role/). Deleting starts
 * IAM's deletion task (DeleteServiceLinkedRole), as CloudFormation's handler does.
 */
import { CreateServiceLinkedRoleCommand, DeleteServiceLinkedRoleCommand, UpdateRoleCommand } from '@aws-sdk/client-iam';
import { ignoreNotFound, type ResourceType } from './types';

export const iamServiceLinkedRole: ResourceType = {
  type: 'AWS::IAM::ServiceLinkedRole',
  replaceOn: ['AWSServiceName', 'CustomSuffix'],

  async create(props, rc) {
    const out = await rc.clients.iam.send(new CreateServiceLinkedRoleCommand({
      AWSServiceName: props.AWSServiceName, CustomSuffix: props.CustomSuffix, Description: props.Description,
    }));
    return { physicalId: out.Role!.RoleName!, attributes: { RoleName: out.Role!.RoleName } };
  },

  async update(name, props, _prev, rc, attributes) {
    await rc.clients.iam.send(new UpdateRoleCommand({ RoleName: name, Description: props.Description ?? '' }));
    return { physicalId: name, attributes };
  },

  async delete(name, _props, rc) {
    await ignoreNotFound(rc.clients.iam.send(new DeleteServiceLinkedRoleCommand({ RoleName: name })));
  },
};
