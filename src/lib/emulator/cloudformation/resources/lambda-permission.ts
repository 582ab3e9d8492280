/**
 * AWS::Lambda::Permission: a statement in the function's resource policy. Ref and GetAtt Id: the statement id,
 * generated as `<stack>-<logicalId>-<random>`. Every property change replaces it, as in CloudFormation.
 */
import { AddPermissionCommand, RemovePermissionCommand } from '@aws-sdk/client-lambda';
import { ignoreNotFound, type ResourceType } from './types';

const PROPS = ['Action', 'FunctionName', 'Principal', 'SourceArn', 'SourceAccount', 'EventSourceToken', 'FunctionUrlAuthType', 'PrincipalOrgID'];

export const lambdaPermission: ResourceType = {
  type: 'AWS::Lambda::Permission',
  replaceOn: PROPS,

  async create(props, rc) {
    const statementId = rc.generateName();
    await rc.clients.lambda.send(new AddPermissionCommand({
      FunctionName: props.FunctionName,
      StatementId: statementId,
      Action: props.Action,
      Principal: props.Principal,
      SourceArn: props.SourceArn,
      SourceAccount: props.SourceAccount,
      EventSourceToken: props.EventSourceToken,
      FunctionUrlAuthType: props.FunctionUrlAuthType,
      PrincipalOrgID: props.PrincipalOrgID,
    }));
    return { physicalId: statementId, attributes: { Id: statementId } };
  },

  async update(id, _props, _prev, _rc, attributes) {
    return { physicalId: id, attributes };
  },

  async delete(statementId, props, rc) {
    await ignoreNotFound(rc.clients.lambda.send(new RemovePermissionCommand({ FunctionName: props.FunctionName, StatementId: statementId })));
  },
};
