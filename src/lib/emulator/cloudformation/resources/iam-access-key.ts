/**
 * AWS::IAM::AccessKey. Ref: the access key id. GetAtt: SecretAccessKey (kept in the stack's record, as CloudFormation
 * keeps it, and never logged). A new Serial or UserName replaces the key; Status updates it in place.
 */
import { CreateAccessKeyCommand, DeleteAccessKeyCommand, UpdateAccessKeyCommand } from '@aws-sdk/client-iam';
import { ignoreNotFound, type ResourceType } from './types';

export const iamAccessKey: ResourceType = {
  type: 'AWS::IAM::AccessKey',
  replaceOn: ['UserName', 'Serial'],

  async create(props, rc) {
    const out = await rc.clients.iam.send(new CreateAccessKeyCommand({ UserName: props.UserName }));
    const key = out.AccessKey!;
    if (props.Status === 'Inactive') {
      try {
        await rc.clients.iam.send(new UpdateAccessKeyCommand({ UserName: props.UserName, AccessKeyId: key.AccessKeyId, Status: 'Inactive' }));
      } catch (e) {
        (e as { physicalId?: string }).physicalId = key.AccessKeyId;
        throw e;
      }
    }
    return { physicalId: key.AccessKeyId!, attributes: { SecretAccessKey: key.SecretAccessKey } };
  },

  async update(id, props, prev, rc, attributes) {
    if ((props.Status ?? 'Active') !== (prev.Status ?? 'Active')) {
      await rc.clients.iam.send(new UpdateAccessKeyCommand({ UserName: props.UserName, AccessKeyId: id, Status: props.Status ?? 'Active' }));
    }
    return { physicalId: id, attributes };
  },

  async delete(id, props, rc) {
    await ignoreNotFound(rc.clients.iam.send(new DeleteAccessKeyCommand({ UserName: props.UserName, AccessKeyId: id })));
  },
};
