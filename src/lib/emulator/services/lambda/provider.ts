/**
 * AWS Lambda (`lambda`, restJson1): functions, their resource policies and tags, and Invoke, which runs
 * Node.js handlers for real in the Lambda runtime (lambda-runtime/) as the function's execution role.
 *
 * `createLambdaProvider({ runtime })` takes the runtime for the platform: createNodeLambdaRuntime() from
 * lambda-runtime/node in Node; in browsers the Web Worker runtime is used when none is given.
 */
import type { Credentials, OperationContext, ServiceProvider } from '../../core/types';
import { createBrowserLambdaRuntime } from '../../lambda-runtime/browser';
import type { LambdaRuntime } from '../../lambda-runtime/types';
import { codeSha256, readZip, toBase64, zipBytes } from './code';
import {
  asAccessDeniedException,
  functionExists,
  functionNotFound,
  invalidParameter,
  invalidRequestContent,
  preconditionFailed,
  resourceNotFound,
  roleCannotBeAssumed,
  statementExists,
  validation,
} from './errors';
import { logTail, runFunction, type InvokeDeps } from './invoke';
import {
  RESERVED_ENVIRONMENT_KEYS,
  RUNTIMES,
  functionArn,
  initialLambdaState,
  lambdaTimestamp,
  newRevisionId,
  parseFunctionName,
  runtimeVersionArn,
  type FunctionRecord,
  type LambdaState,
} from './model';
import { buildStatement } from './policy';

type Ctx = OperationContext<LambdaState>;

export interface LambdaProviderOptions {
  runtime?: LambdaRuntime;
}

const ROLE_PATTERN = /^arn:(aws[a-zA-Z-]*)?:iam::\d{12}:role\/?[a-zA-Z_0-9+=,.@\-_/]+$/;

function authorize(ctx: Ctx, action: string, resource: string, options?: Parameters<Ctx['authorize']>[2]) {
  try {
    ctx.authorize(action, resource, options);
  } catch (e) {
    throw asAccessDeniedException(e);
  }
}

interface Target {
  arn: string;
  fn?: FunctionRecord;
}

/**
 * Resolves FunctionName (name, partial or full ARN, optional qualifier) to its ARN and the stored function.
 * The ARN comes first so IAM can decide before existence is revealed, as in AWS.
 */
function locate(ctx: Ctx, value: string, qualifier?: string): Target {
  const parsed = parseFunctionName(value);
  if (!parsed) {
    throw validation(
      value,
      'functionName',
      'Member must satisfy regular expression pattern: (arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}(-gov)?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_\\.]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?',
    );
  }
  const q = qualifier ?? parsed.qualifier;
  const base = functionArn(parsed.region ?? ctx.region, parsed.account ?? ctx.accountId, parsed.name);
  const arn = q ? `${base}:${q}` : base;
  const fn = ctx.state.functions[parsed.name];
  // AWS difference: versions and aliases are not modelled; only $LATEST (or no qualifier) resolves.
  if (!fn || (q && q !== '$LATEST') || base !== fn.configuration.FunctionArn) return { arn };
  return { arn, fn };
}

function found(target: Target): FunctionRecord {
  if (!target.fn) throw functionNotFound(target.arn);
  return target.fn;
}

/** Locate, authorize `action` on the function's ARN, then require that it exists. */
function resolve(ctx: Ctx, action: string, value: string, qualifier?: string) {
  const target = locate(ctx, value, qualifier);
  authorize(
    ctx,
    action,
    target.arn,
    action === 'lambda:InvokeFunction' && target.fn?.policy
      ? { resourcePolicy: { id: target.arn, document: target.fn.policy } }
      : undefined,
  );
  return { fn: found(target), arn: target.arn };
}

function checkLimits(input: Record<string, any>) {
  if (input.Timeout !== undefined && (input.Timeout < 1 || input.Timeout > 900)) {
    throw validation(input.Timeout, 'timeout', input.Timeout < 1 ? 'Member must have value greater than or equal to 1' : 'Member must have value less than or equal to 900');
  }
  if (input.MemorySize !== undefined && (input.MemorySize < 128 || input.MemorySize > 10240)) {
    throw validation(input.MemorySize, 'memorySize', input.MemorySize < 128 ? 'Member must have value greater than or equal to 128' : 'Member must have value less than or equal to 10240');
  }
  const reserved = Object.keys(input.Environment?.Variables ?? {}).filter((k) => RESERVED_ENVIRONMENT_KEYS.includes(k));
  if (reserved.length) {
    throw invalidParameter(
      `Lambda was unable to configure your environment variables because the environment variables you have provided contains reserved keys that are currently not supported for modification. Reserved keys used in this request: ${reserved.join(', ')}`,
    );
  }
  if (input.Runtime !== undefined && !RUNTIMES.includes(input.Runtime)) {
    throw invalidParameter(
      `Value ${input.Runtime} at 'runtime' failed to satisfy constraint: Member must satisfy enum value set: [${RUNTIMES.join(', ')}] or be a valid ARN`,
    );
  }
}

/** iam:PassRole for the caller, then the role must exist and trust lambda.amazonaws.com. */
async function passRole(ctx: Ctx, role: string, functionName: string) {
  if (!ROLE_PATTERN.test(role ?? '')) {
    throw validation(role, 'role', 'Member must satisfy regular expression pattern: arn:(aws[a-zA-Z-]*)?:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+');
  }
  authorize(ctx, 'iam:PassRole', role, { context: { 'iam:PassedToService': 'lambda.amazonaws.com' } });
  if (!ctx.internal.getRole(role)) throw roleCannotBeAssumed();
  try {
    await ctx.internal.assumeRoleForService(role, 'lambda.amazonaws.com', functionName);
  } catch {
    throw roleCannotBeAssumed();
  }
}

/** The configuration as the API returns it. */
function configurationOf(fn: FunctionRecord) {
  return structuredClone(fn.configuration);
}

export function createLambdaProvider(options: LambdaProviderOptions = {}): ServiceProvider<LambdaState> {
  let runtime = options.runtime;
  const deps: InvokeDeps = {
    runtime: () => (runtime ??= typeof Worker === 'function' ? createBrowserLambdaRuntime() : undefined),
    instanceCredentials: new Map<string, Credentials>(),
    streamsWritten: new Set<string>(),
  };
  const resetInstances = (arn: string) => deps.runtime()?.reset(`${arn}#`);

  return {
    name: 'lambda',
    initialState: initialLambdaState,
    operations: {
      async CreateFunction(input, ctx) {
        const name: string = input.FunctionName;
        const parsed = parseFunctionName(name);
        if (!parsed) locate(ctx, name);
        const arn = functionArn(ctx.region, ctx.accountId, parsed!.name);
        authorize(ctx, 'lambda:CreateFunction', arn);
        checkLimits(input);
        await passRole(ctx, input.Role, parsed!.name);
        if (ctx.state.functions[parsed!.name]) throw functionExists(parsed!.name);
        if ((input.PackageType ?? 'Zip') !== 'Zip') {
          // AWS difference: container images are not supported by the sandbox.
          throw invalidParameter('The Boundary Lab sandbox supports Zip packages only.');
        }
        if (!input.Runtime) throw invalidParameter('Runtime and Handler are mandatory parameters for functions created with deployment packages.');
        if (!input.Handler) throw invalidParameter('Runtime and Handler are mandatory parameters for functions created with deployment packages.');
        const zip = zipBytes(input.Code?.ZipFile);
        if (!zip) {
          // AWS difference: code from S3 (S3Bucket/S3Key) is not supported by the sandbox.
          throw invalidParameter('The Boundary Lab sandbox accepts code as Code.ZipFile only.');
        }
        readZip(zip);
        const now = ctx.now();
        const configuration: Record<string, any> = {
          FunctionName: parsed!.name,
          FunctionArn: arn,
          Runtime: input.Runtime,
          Role: input.Role,
          Handler: input.Handler,
          CodeSize: zip.length,
          Description: input.Description ?? '',
          Timeout: input.Timeout ?? 3,
          MemorySize: input.MemorySize ?? 128,
          LastModified: lambdaTimestamp(now),
          CodeSha256: await codeSha256(zip),
          Version: '$LATEST',
          ...(input.Environment?.Variables ? { Environment: { Variables: { ...input.Environment.Variables } } } : {}),
          TracingConfig: { Mode: input.TracingConfig?.Mode ?? 'PassThrough' },
          RevisionId: newRevisionId(),
          State: 'Active',
          LastUpdateStatus: 'Successful',
          PackageType: 'Zip',
          Architectures: input.Architectures ?? ['x86_64'],
          EphemeralStorage: { Size: input.EphemeralStorage?.Size ?? 512 },
          SnapStart: { ApplyOn: 'None', OptimizationStatus: 'Off' },
          RuntimeVersionConfig: { RuntimeVersionArn: runtimeVersionArn(ctx.region, input.Runtime) },
          LoggingConfig: { LogFormat: 'Text', LogGroup: input.LoggingConfig?.LogGroup ?? `/aws/lambda/${parsed!.name}` },
        };
        ctx.state.functions[parsed!.name] = { configuration, zip: toBase64(zip), tags: { ...(input.Tags ?? {}) } };
        // CreateFunction answers while the function is still being created; GetFunction soon shows Active.
        const { LastUpdateStatus: _omit, ...created } = configurationOf(ctx.state.functions[parsed!.name]);
        return { ...created, State: 'Pending', StateReason: 'The function is being created.', StateReasonCode: 'Creating' };
      },

      GetFunction(input, ctx) {
        const { fn, arn } = resolve(ctx, 'lambda:GetFunction', input.FunctionName, input.Qualifier);
        return {
          Configuration: configurationOf(fn),
          Code: {
            RepositoryType: 'S3',
            // AWS difference: a presigned S3 URL in AWS; the sandbox has no download endpoint.
            Location: `https://awslambda-${ctx.region}-tasks.s3.${ctx.region}.amazonaws.com/snapshots/${ctx.accountId}/${fn.configuration.FunctionName}`,
          },
          ...(Object.keys(fn.tags).length ? { Tags: { ...fn.tags } } : {}),
        };
      },

      GetFunctionConfiguration(input, ctx) {
        const { fn, arn } = resolve(ctx, 'lambda:GetFunctionConfiguration', input.FunctionName, input.Qualifier);
        return configurationOf(fn);
      },

      ListFunctions(input, ctx) {
        authorize(ctx, 'lambda:ListFunctions', '*');
        const all = Object.values(ctx.state.functions).sort((a, b) =>
          a.configuration.FunctionName < b.configuration.FunctionName ? -1 : 1,
        );
        const start = input.Marker ? Number(input.Marker) || 0 : 0;
        const max = Math.min(input.MaxItems ?? 50, 50);
        const slice = all.slice(start, start + max);
        return {
          Functions: slice.map(configurationOf),
          ...(start + max < all.length ? { NextMarker: String(start + max) } : {}),
        };
      },

      DeleteFunction(input, ctx) {
        const { fn, arn } = resolve(ctx, 'lambda:DeleteFunction', input.FunctionName, input.Qualifier);
        delete ctx.state.functions[fn.configuration.FunctionName];
        resetInstances(fn.configuration.FunctionArn);
      },

      async UpdateFunctionCode(input, ctx) {
        const { fn, arn } = resolve(ctx, 'lambda:UpdateFunctionCode', input.FunctionName);
        if (input.RevisionId && input.RevisionId !== fn.configuration.RevisionId) throw preconditionFailed();
        const zip = zipBytes(input.ZipFile);
        if (!zip) throw invalidParameter('The Boundary Lab sandbox accepts code as ZipFile only.');
        readZip(zip);
        resetInstances(fn.configuration.FunctionArn);
        Object.assign(fn.configuration, {
          CodeSize: zip.length,
          CodeSha256: await codeSha256(zip),
          LastModified: lambdaTimestamp(ctx.now()),
          RevisionId: newRevisionId(),
        });
        fn.zip = toBase64(zip);
        return configurationOf(fn);
      },

      async UpdateFunctionConfiguration(input, ctx) {
        const { fn, arn } = resolve(ctx, 'lambda:UpdateFunctionConfiguration', input.FunctionName);
        if (input.RevisionId && input.RevisionId !== fn.configuration.RevisionId) throw preconditionFailed();
        checkLimits(input);
        if (input.Role !== undefined && input.Role !== fn.configuration.Role) {
          await passRole(ctx, input.Role, fn.configuration.FunctionName);
        }
        const c = fn.configuration;
        for (const k of ['Role', 'Handler', 'Description', 'Timeout', 'MemorySize', 'Runtime'] as const) {
          if (input[k] !== undefined) c[k] = input[k];
        }
        if (input.Runtime !== undefined) c.RuntimeVersionConfig = { RuntimeVersionArn: runtimeVersionArn(ctx.region, input.Runtime) };
        if (input.Environment !== undefined) {
          if (input.Environment.Variables && Object.keys(input.Environment.Variables).length) {
            c.Environment = { Variables: { ...input.Environment.Variables } };
          } else delete c.Environment;
        }
        if (input.LoggingConfig?.LogGroup) c.LoggingConfig = { ...c.LoggingConfig, LogGroup: input.LoggingConfig.LogGroup };
        c.LastModified = lambdaTimestamp(ctx.now());
        c.RevisionId = newRevisionId();
        resetInstances(c.FunctionArn);
        return configurationOf(fn);
      },

      async Invoke(input, ctx) {
        const { fn, arn } = resolve(ctx, 'lambda:InvokeFunction', input.FunctionName, input.Qualifier);
        const bytes: Uint8Array | undefined = typeof input.Payload === 'string' ? new TextEncoder().encode(input.Payload) : input.Payload;
        const text = bytes && bytes.length ? new TextDecoder().decode(bytes) : '{}';
        try {
          JSON.parse(text);
        } catch (e) {
          throw invalidRequestContent(`Could not parse payload into json: ${(e as Error).message}`);
        }
        const type: string = input.InvocationType ?? 'RequestResponse';
        if (type === 'DryRun') return { StatusCode: 204 };
        if (type === 'Event') {
          // AWS difference: an async invocation that fails is not retried and has no destinations.
          ctx.internal.schedule(async () => {
            await runFunction(ctx, fn, text, crypto.randomUUID(), deps);
          });
          return { StatusCode: 202 };
        }
        const outcome = await runFunction(ctx, fn, text, ctx.requestId, deps);
        return {
          StatusCode: 200,
          ...(outcome.functionError ? { FunctionError: 'Unhandled' } : {}),
          ...(input.LogType === 'Tail' ? { LogResult: logTail(outcome.log) } : {}),
          ExecutedVersion: '$LATEST',
          Payload: new TextEncoder().encode(outcome.payload),
        };
      },

      AddPermission(input, ctx) {
        const { fn, arn } = resolve(ctx, 'lambda:AddPermission', input.FunctionName, input.Qualifier);
        if (input.RevisionId && input.RevisionId !== fn.configuration.RevisionId) throw preconditionFailed();
        fn.policy ??= { Version: '2012-10-17', Id: 'default', Statement: [] };
        if (fn.policy.Statement.some((s) => s.Sid === input.StatementId)) throw statementExists();
        const statement = buildStatement(input, arn);
        fn.policy.Statement.push(statement);
        fn.configuration.RevisionId = newRevisionId();
        return { Statement: JSON.stringify(statement) };
      },

      RemovePermission(input, ctx) {
        const { fn, arn } = resolve(ctx, 'lambda:RemovePermission', input.FunctionName, input.Qualifier);
        if (input.RevisionId && input.RevisionId !== fn.configuration.RevisionId) throw preconditionFailed();
        const index = fn.policy?.Statement.findIndex((s) => s.Sid === input.StatementId) ?? -1;
        if (index < 0) throw resourceNotFound(`Statement ${input.StatementId} is not found in resource policy.`);
        fn.policy!.Statement.splice(index, 1);
        if (fn.policy!.Statement.length === 0) delete fn.policy;
        fn.configuration.RevisionId = newRevisionId();
      },

      GetPolicy(input, ctx) {
        const { fn, arn } = resolve(ctx, 'lambda:GetPolicy', input.FunctionName, input.Qualifier);
        if (!fn.policy) throw resourceNotFound();
        return { Policy: JSON.stringify(fn.policy), RevisionId: fn.configuration.RevisionId };
      },

      TagResource(input, ctx) {
        const { fn } = resolve(ctx, 'lambda:TagResource', input.Resource);
        Object.assign(fn.tags, input.Tags ?? {});
      },

      UntagResource(input, ctx) {
        const { fn } = resolve(ctx, 'lambda:UntagResource', input.Resource);
        for (const k of input.TagKeys ?? []) delete fn.tags[k];
      },

      ListTags(input, ctx) {
        const { fn } = resolve(ctx, 'lambda:ListTags', input.Resource);
        return { Tags: { ...fn.tags } };
      },
    },
  };
}

/** The default provider: the Web Worker runtime in browsers; in Node, use createLambdaProvider({ runtime }). */
export const lambdaProvider = createLambdaProvider();
