/**
 * AWS::StepFunctions::StateMachine. Ref: the state machine ARN. GetAtt: Arn, Name, StateMachineRevisionId.
 * Definition (an object) or DefinitionString, with DefinitionSubstitutions' `${Key}` replaced.
 */
import { CreateStateMachineCommand, DeleteStateMachineCommand, UpdateStateMachineCommand } from '@aws-sdk/client-sfn';
import { asArray, HandlerError, ignoreNotFound, same, type Properties, type ResourceContext, type ResourceType } from './types';

export function definitionOf(props: Properties): string {
  let text: string;
  if (props.Definition !== undefined) text = JSON.stringify(props.Definition);
  else if (props.DefinitionString !== undefined) text = String(props.DefinitionString);
  else throw new HandlerError('Properties validation failed for resource: one of Definition, DefinitionS3Location or DefinitionString is required');
  const subs = (props.DefinitionSubstitutions ?? {}) as Record<string, unknown>;
  return text.replace(/\$\{([^}]+)\}/g, (whole, key: string) => (key in subs ? String(subs[key]) : whole));
}

const tags = (props: Properties, rc: ResourceContext) => {
  const all = new Map<string, string>();
  for (const t of rc.stackTags) all.set(t.Key, t.Value);
  for (const t of asArray<{ Key: string; Value: unknown }>(props.Tags)) all.set(t.Key, String(t.Value));
  return all.size ? [...all].map(([key, value]) => ({ key, value })) : undefined;
};

const lower = (o: Properties | undefined): any =>
  o === undefined ? undefined : Array.isArray(o) ? o.map(lower) : typeof o === 'object' && o !== null
    ? Object.fromEntries(Object.entries(o).map(([k, v]) => [k[0].toLowerCase() + k.slice(1), lower(v)])) : o;

export const sfnStateMachine: ResourceType = {
  type: 'AWS::StepFunctions::StateMachine',
  replaceOn: ['StateMachineName', 'StateMachineType'],

  async create(props, rc) {
    const name = props.StateMachineName ?? rc.generateName();
    const out = await rc.clients.sfn.send(new CreateStateMachineCommand({
      name,
      definition: definitionOf(props),
      roleArn: props.RoleArn,
      type: props.StateMachineType,
      loggingConfiguration: lower(props.LoggingConfiguration),
      tracingConfiguration: lower(props.TracingConfiguration),
      tags: tags(props, rc),
    }));
    const arn = out.stateMachineArn!;
    return { physicalId: arn, attributes: { Arn: arn, Name: name, StateMachineRevisionId: out.stateMachineVersionArn ?? arn } };
  },

  async update(arn, props, prev, rc, attributes) {
    if (definitionOf(props) !== definitionOf(prev) || props.RoleArn !== prev.RoleArn || !same(props.LoggingConfiguration, prev.LoggingConfiguration)) {
      await rc.clients.sfn.send(new UpdateStateMachineCommand({
        stateMachineArn: arn,
        definition: definitionOf(props),
        roleArn: props.RoleArn,
        loggingConfiguration: lower(props.LoggingConfiguration),
        tracingConfiguration: lower(props.TracingConfiguration),
      }));
    }
    return { physicalId: arn, attributes };
  },

  async delete(arn, _props, rc) {
    await ignoreNotFound(rc.clients.sfn.send(new DeleteStateMachineCommand({ stateMachineArn: arn })));
  },
};
