/** SDK v3 clients, imported lazily one service at a time so the terminal only loads what a command uses. */
import type { Credentials } from './config';

type SdkModule = Record<string, unknown>;
interface SdkClient {
  send(command: unknown, options?: { abortSignal?: AbortSignal }): Promise<Record<string, unknown>>;
  destroy?(): void;
}

const SDK: Record<string, [() => Promise<SdkModule>, string]> = {
  sts: [() => import('@aws-sdk/client-sts'), 'STSClient'],
  iam: [() => import('@aws-sdk/client-iam'), 'IAMClient'],
  cloudformation: [() => import('@aws-sdk/client-cloudformation'), 'CloudFormationClient'],
  stepfunctions: [() => import('@aws-sdk/client-sfn'), 'SFNClient'],
  lambda: [() => import('@aws-sdk/client-lambda'), 'LambdaClient'],
  logs: [() => import('@aws-sdk/client-cloudwatch-logs'), 'CloudWatchLogsClient'],
  cloudtrail: [() => import('@aws-sdk/client-cloudtrail'), 'CloudTrailClient'],
  s3api: [() => import('@aws-sdk/client-s3'), 'S3Client'],
};

export interface ClientOptions {
  region: string;
  credentials: Credentials;
  endpoint?: string;
  requestHandler?: unknown;
}

export interface ServiceCaller {
  call(operation: string, params: Record<string, unknown>, signal?: AbortSignal): Promise<Record<string, unknown>>;
}

export async function createCaller(service: string, opts: ClientOptions): Promise<ServiceCaller> {
  const [load, clientName] = SDK[service];
  const mod = await load();
  const Client = mod[clientName] as new (config: Record<string, unknown>) => SdkClient;
  const config: Record<string, unknown> = { region: opts.region, credentials: opts.credentials };
  if (opts.endpoint) config.endpoint = opts.endpoint;
  if (opts.requestHandler) config.requestHandler = opts.requestHandler;
  // AWS difference: with a custom endpoint botocore may still address buckets virtual-host style; the output is the same.
  if (service === 's3api' && opts.endpoint) config.forcePathStyle = true;
  const client = new Client(config);
  return {
    async call(operation, params, signal) {
      const Command = mod[`${operation}Command`] as new (input: unknown) => unknown;
      return client.send(new Command(params), signal ? { abortSignal: signal } : undefined);
    },
  };
}

export interface ServiceErrorInfo {
  code: string;
  message: string;
  status?: number;
  /** Retries made before giving up (botocore adds "(reached max retries: N)"). */
  retries?: number;
}

/**
 * The error code and message botocore would read from an SDK v3 error, or undefined if it is not a service answer.
 * An answer SDK v3 cannot parse (e.g. an HTML 500 page) becomes botocore's generic error: the status code as the
 * code, with the retries the CLI reports.
 * AWS difference: botocore prints such a body as the message; SDK v3 has consumed it, so the message reads Unknown.
 */
export function serviceError(e: unknown): ServiceErrorInfo | undefined {
  if (!e || typeof e !== 'object') return undefined;
  const err = e as Record<string, unknown> & {
    $metadata?: { httpStatusCode?: number; attempts?: number };
    $response?: { statusCode?: number };
    $responseBodyText?: string;
    Error?: { Code?: string; Message?: string };
  };
  if (err.$fault === undefined) {
    const status = err.$response?.statusCode ?? err.$metadata?.httpStatusCode;
    if (status === undefined || status < 400) return undefined;
    const attempts = err.$metadata?.attempts ?? 1;
    return { code: String(status), message: err.$responseBodyText ?? 'Unknown', status, retries: attempts > 1 ? attempts - 1 : undefined };
  }
  if (!err.$metadata) return undefined;
  const code = (err.Code as string | undefined) ?? err.Error?.Code ?? (err.name as string);
  const message = err.Error?.Message ?? (err.message as string | undefined) ?? (err.Message as string | undefined);
  const attempts = err.$metadata.attempts ?? 1;
  return {
    code,
    message: message === undefined || message === 'UnknownError' ? 'Unknown' : message,
    status: err.$metadata.httpStatusCode,
    retries: attempts > 1 ? attempts - 1 : undefined,
  };
}

/** botocore's ClientError sentence. */
export function errorSentence(info: ServiceErrorInfo, operation: string): string {
  const retries = info.retries ? ` (reached max retries: ${info.retries})` : '';
  return `An error occurred (${info.code}) when calling the ${operation} operation${retries}: ${info.message}`;
}
