/** AWS::Lambda::Function. Ref: the function name. GetAtt: Arn. Code.ZipFile is zipped as index.js / index.py. */
import {
  CreateFunctionCommand, DeleteFunctionCommand, TagResourceCommand, UntagResourceCommand, UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand, type FunctionCode,
} from '@aws-sdk/client-lambda';
import { asArray, HandlerError, ignoreNotFound, num, same, type Properties, type ResourceContext, type ResourceType } from './types';
import { zipInlineCode } from './zip';

function code(props: Properties): FunctionCode {
  const c = (props.Code ?? {}) as Properties;
  if (c.ZipFile !== undefined) return { ZipFile: zipInlineCode(String(c.ZipFile), props.Runtime) };
  if (c.S3Bucket !== undefined) return { S3Bucket: c.S3Bucket, S3Key: c.S3Key, S3ObjectVersion: c.S3ObjectVersion };
  if (c.ImageUri !== undefined) return { ImageUri: c.ImageUri };
  throw new HandlerError('Please provide a source for function code.');
}

function configuration(props: Properties) {
  return {
    Role: props.Role,
    Handler: props.Handler,
    Runtime: props.Runtime,
    Description: props.Description,
    Timeout: num(props.Timeout),
    MemorySize: num(props.MemorySize),
    Environment: props.Environment ? { Variables: props.Environment.Variables ?? {} } : undefined,
    Layers: props.Layers ? asArray<string>(props.Layers) : undefined,
    TracingConfig: props.TracingConfig,
    DeadLetterConfig: props.DeadLetterConfig,
    KMSKeyArn: props.KmsKeyArn,
    EphemeralStorage: props.EphemeralStorage ? { Size: num(props.EphemeralStorage.Size) } : undefined,
    LoggingConfig: props.LoggingConfig,
  };
}

const tagMap = (tags: { Key: string; Value: string }[] | undefined) =>
  tags?.length ? Object.fromEntries(tags.map((t) => [t.Key, t.Value])) : undefined;

function tagsOf(props: Properties, rc: ResourceContext) {
  const tags = new Map<string, string>();
  for (const t of rc.stackTags) tags.set(t.Key, t.Value);
  for (const t of asArray<{ Key: string; Value: unknown }>(props.Tags)) tags.set(t.Key, String(t.Value));
  // AWS difference: CloudFormation also adds aws:cloudformation:{stack-name,stack-id,logical-id} tags, which a caller
  // cannot set through the API; the sandbox leaves them out.
  return tagMap([...tags].map(([Key, Value]) => ({ Key, Value })));
}

export const lambdaFunction: ResourceType = {
  type: 'AWS::Lambda::Function',
  replaceOn: ['FunctionName', 'PackageType'],

  async create(props, rc) {
    const name = props.FunctionName ?? rc.generateName();
    const out = await rc.clients.lambda.send(new CreateFunctionCommand({
      FunctionName: name,
      Code: code(props),
      PackageType: props.PackageType,
      Architectures: props.Architectures,
      Tags: tagsOf(props, rc),
      ...configuration(props),
    }));
    return { physicalId: name, attributes: { Arn: out.FunctionArn } };
  },

  async update(name, props, prev, rc, attributes) {
    const lambda = rc.clients.lambda;
    if (!same(configuration(props), configuration(prev))) {
      await lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: name, ...configuration(props) }));
    }
    if (!same(props.Code, prev.Code) || props.Runtime !== prev.Runtime || !same(props.Architectures, prev.Architectures)) {
      const c = code(props);
      await lambda.send(new UpdateFunctionCodeCommand({ FunctionName: name, ...c, Architectures: props.Architectures }));
    }
    if (!same(props.Tags, prev.Tags)) {
      const arn = String(attributes.Arn);
      const keep = new Set(asArray<{ Key: string }>(props.Tags).map((t) => t.Key));
      const gone = asArray<{ Key: string }>(prev.Tags).map((t) => t.Key).filter((k) => !keep.has(k));
      if (gone.length) await lambda.send(new UntagResourceCommand({ Resource: arn, TagKeys: gone }));
      const tags = tagsOf(props, rc);
      if (tags) await lambda.send(new TagResourceCommand({ Resource: arn, Tags: tags }));
    }
    return { physicalId: name, attributes };
  },

  async delete(name, _props, rc) {
    await ignoreNotFound(rc.clients.lambda.send(new DeleteFunctionCommand({ FunctionName: name })));
  },
};
