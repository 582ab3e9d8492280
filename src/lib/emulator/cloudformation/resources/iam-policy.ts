/**
 * AWS::IAM::Policy: an inline policy put on roles, users and groups. Ref and GetAtt Id: a generated id such as
 * `stack-Polic-1ABCDEFGHIJK` (first five characters of the stack name and of the logical id), as CloudFormation makes.
 */
import {
  DeleteGroupPolicyCommand, DeleteRolePolicyCommand, DeleteUserPolicyCommand, PutGroupPolicyCommand,
  PutRolePolicyCommand, PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { randomSuffix } from '../names';
import { asArray, HandlerError, ignoreNotFound, policyJson, type Properties, type ResourceContext, type ResourceType } from './types';

async function put(props: Properties, rc: ResourceContext) {
  const doc = policyJson(props.PolicyDocument);
  const name = props.PolicyName;
  for (const r of asArray<string>(props.Roles)) await rc.clients.iam.send(new PutRolePolicyCommand({ RoleName: r, PolicyName: name, PolicyDocument: doc }));
  for (const u of asArray<string>(props.Users)) await rc.clients.iam.send(new PutUserPolicyCommand({ UserName: u, PolicyName: name, PolicyDocument: doc }));
  for (const g of asArray<string>(props.Groups)) await rc.clients.iam.send(new PutGroupPolicyCommand({ GroupName: g, PolicyName: name, PolicyDocument: doc }));
}

async function remove(props: Properties, rc: ResourceContext, keep: Properties = {}) {
  const name = props.PolicyName;
  const kept = (key: string, n: string) => keep.PolicyName === name && asArray<string>(keep[key]).includes(n);
  for (const r of asArray<string>(props.Roles)) if (!kept('Roles', r)) await ignoreNotFound(rc.clients.iam.send(new DeleteRolePolicyCommand({ RoleName: r, PolicyName: name })));
  for (const u of asArray<string>(props.Users)) if (!kept('Users', u)) await ignoreNotFound(rc.clients.iam.send(new DeleteUserPolicyCommand({ UserName: u, PolicyName: name })));
  for (const g of asArray<string>(props.Groups)) if (!kept('Groups', g)) await ignoreNotFound(rc.clients.iam.send(new DeleteGroupPolicyCommand({ GroupName: g, PolicyName: name })));
}

export const iamPolicy: ResourceType = {
  type: 'AWS::IAM::Policy',
  replaceOn: [],

  async create(props, rc) {
    if (!asArray(props.Roles).length && !asArray(props.Users).length && !asArray(props.Groups).length) {
      throw new HandlerError('At least one of [Groups,Roles,Users] must be non-empty.');
    }
    const id = `${rc.stackName.slice(0, 5)}-${rc.logicalId.slice(0, 5)}-${randomSuffix(12, 'upper')}`;
    await put(props, rc);
    return { physicalId: id, attributes: { Id: id } };
  },

  async update(id, props, prev, rc) {
    await put(props, rc);
    await remove(prev, rc, props);
    return { physicalId: id, attributes: { Id: id } };
  },

  async delete(_id, props, rc) {
    await remove(props, rc);
  },
};
