/**
 * Reaching a service: credentials (with role profiles), region, the transport, --debug logging, and service errors
 * turned into the CLI's sentence.
 */
import { createCaller, errorSentence, serviceError, type ServiceCaller } from './clients';
import type { ResolvedConfig } from './config';
import { CliError, EXIT } from './errors';
import type { AwsCommandIO } from './io';
import { isoTimestamp } from './output/normalize';
import { pyRepr } from './validate';

export class OperationError extends CliError {}

/**
 * AWS difference: --debug prints a few of the CLI's log lines (version, arguments, each request and its status),
 * not botocore's full wire log.
 */
export function debugLog(io: AwsCommandIO, logger: string, message: string): void {
  const d = new Date();
  const ts = `${isoTimestamp(d).slice(0, 19).replace('T', ' ')},${String(d.getUTCMilliseconds()).padStart(3, '0')}`;
  io.stderr(`${ts} - MainThread - ${logger} - DEBUG - ${message}\n`);
}

export async function connect(service: string, config: ResolvedConfig, io: AwsCommandIO, debug = false): Promise<ServiceCaller> {
  if (config.assumeRole) config = { ...config, credentials: await assumeRole(config, io) };
  if (!config.credentials) {
    throw new CliError('Unable to locate credentials. You can configure credentials by running "aws configure".', EXIT.config);
  }
  // IAM is a global service: botocore signs for us-east-1 when no region is configured.
  const region = config.region ?? (service === 'iam' ? 'us-east-1' : undefined);
  if (!region) {
    throw new CliError('You must specify a region. You can also configure your region by running "aws configure".', EXIT.config);
  }
  const caller = await createCaller(service, {
    region,
    credentials: config.credentials,
    endpoint: config.endpointUrl ?? io.transport.endpoint,
    requestHandler: io.transport.requestHandler,
  });
  if (!debug) return caller;
  return {
    async call(operation, params, signal) {
      debugLog(io, 'botocore.endpoint', `Making request for OperationModel(name=${operation}) with params: ${pyRepr(params)}`);
      try {
        const r = await caller.call(operation, params, signal);
        debugLog(io, 'botocore.parsers', `Response status: ${(r.$metadata as { httpStatusCode?: number } | undefined)?.httpStatusCode}`);
        return r;
      } catch (e) {
        debugLog(io, 'botocore.parsers', `Response status: ${serviceError(e)?.status ?? 'none'}`);
        throw e;
      }
    },
  };
}

/** A role profile: sts:AssumeRole with the source credentials, as botocore's AssumeRoleProvider does. */
async function assumeRole(config: ResolvedConfig, io: AwsCommandIO): Promise<ResolvedConfig['credentials']> {
  const role = config.assumeRole!;
  const sts = withErrors(
    await createCaller('sts', {
      region: config.region ?? 'us-east-1',
      credentials: role.source,
      endpoint: config.endpointUrl ?? io.transport.endpoint,
      requestHandler: io.transport.requestHandler,
    }),
  );
  const params: Record<string, unknown> = {
    RoleArn: role.roleArn,
    RoleSessionName: role.roleSessionName ?? `botocore-session-${Math.floor(Date.now() / 1000)}`,
  };
  if (role.externalId) params.ExternalId = role.externalId;
  if (role.durationSeconds) params.DurationSeconds = role.durationSeconds;
  // AWS difference: the CLI caches these credentials in ~/.aws/cli/cache; the sandbox asks again for each command.
  const r = await sts.call('AssumeRole', params, io.signal);
  const c = r.Credentials as { AccessKeyId: string; SecretAccessKey: string; SessionToken: string };
  return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken };
}

/** Service errors become the CLI's sentence: `An error occurred (Code) when calling the Op operation: Message`. */
export function withErrors(caller: ServiceCaller): ServiceCaller {
  return {
    async call(operation, params, signal) {
      try {
        return await caller.call(operation, params, signal);
      } catch (e) {
        const info = serviceError(e);
        if (!info || signal?.aborted) throw e;
        const err = new OperationError(errorSentence(info, operation), EXIT.service);
        (err as OperationError & { cause: unknown }).cause = e;
        throw err;
      }
    },
  };
}
