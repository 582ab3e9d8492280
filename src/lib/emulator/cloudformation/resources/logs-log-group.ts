/** AWS::Logs::LogGroup. Ref: the log group name. GetAtt: Arn (`arn:aws:logs:REGION:ACCOUNT:log-group:NAME:*`). */
import {
  CreateLogGroupCommand, DeleteLogGroupCommand, DeleteRetentionPolicyCommand, PutRetentionPolicyCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { asArray, ignoreNotFound, num, type ResourceType } from './types';

export const logsLogGroup: ResourceType = {
  type: 'AWS::Logs::LogGroup',
  replaceOn: ['LogGroupName', 'LogGroupClass'],

  async create(props, rc) {
    const name = props.LogGroupName ?? rc.generateName();
    const tags = new Map<string, string>();
    for (const t of rc.stackTags) tags.set(t.Key, t.Value);
    for (const t of asArray<{ Key: string; Value: unknown }>(props.Tags)) tags.set(t.Key, String(t.Value));
    await rc.clients.logs.send(new CreateLogGroupCommand({
      logGroupName: name,
      kmsKeyId: props.KmsKeyId,
      logGroupClass: props.LogGroupClass,
      tags: tags.size ? Object.fromEntries(tags) : undefined,
    }));
    const result = { physicalId: name, attributes: { Arn: `arn:${rc.partition}:logs:${rc.region}:${rc.accountId}:log-group:${name}:*` } };
    if (props.RetentionInDays !== undefined) {
      try {
        await rc.clients.logs.send(new PutRetentionPolicyCommand({ logGroupName: name, retentionInDays: num(props.RetentionInDays) }));
      } catch (e) {
        (e as { physicalId?: string }).physicalId = name;
        throw e;
      }
    }
    return result;
  },

  async update(name, props, prev, rc, attributes) {
    if (props.RetentionInDays !== prev.RetentionInDays) {
      if (props.RetentionInDays === undefined) await rc.clients.logs.send(new DeleteRetentionPolicyCommand({ logGroupName: name }));
      else await rc.clients.logs.send(new PutRetentionPolicyCommand({ logGroupName: name, retentionInDays: num(props.RetentionInDays) }));
    }
    return { physicalId: name, attributes };
  },

  async delete(name, _props, rc) {
    await ignoreNotFound(rc.clients.logs.send(new DeleteLogGroupCommand({ logGroupName: name })));
  },
};
