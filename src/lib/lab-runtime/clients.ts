/** SDK v3 clients for one identity on the page's transport (the sandbox worker, or the live server). */
import { STSClient } from '@aws-sdk/client-sts';
import { IAMClient } from '@aws-sdk/client-iam';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { SFNClient } from '@aws-sdk/client-sfn';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { S3Client } from '@aws-sdk/client-s3';
import { LambdaClient } from '@aws-sdk/client-lambda';
import type { AwsClients } from '../checks/types';

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface Transport {
  /** An SDK v3 request handler: the sandbox's in-process or worker handler, or the live forwarder's. */
  requestHandler: any;
  /** Set for the sandbox (any URL: the handler never opens a socket); unset in live mode so the SDK resolves AWS's endpoints. */
  endpoint?: string;
  region: string;
}

export function clientsFor(transport: Transport, credentials: Credentials): AwsClients {
  const config = {
    region: transport.region,
    credentials,
    requestHandler: transport.requestHandler,
    endpoint: transport.endpoint,
    maxAttempts: 1,
  };
  return {
    sts: new STSClient(config),
    iam: new IAMClient(config),
    cloudformation: new CloudFormationClient(config),
    sfn: new SFNClient(config),
    logs: new CloudWatchLogsClient(config),
    cloudtrail: new CloudTrailClient(config),
    // Path-style addressing: the sandbox endpoint has no per-bucket host names.
    s3: new S3Client({ ...config, forcePathStyle: transport.endpoint !== undefined }),
    lambda: new LambdaClient(config),
  };
}

/**
 * The credentials the terminal's `aws` would use: exported AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY (with
 * AWS_SESSION_TOKEN), else the default profile, which the sandbox seeds with the administrator.
 */
export function terminalCredentialsFrom(
  state: { vars: Record<string, string>; exported: string[] },
  defaultProfile: Credentials,
): Credentials {
  const get = (k: string) => (state.exported.includes(k) ? state.vars[k] : undefined);
  const id = get('AWS_ACCESS_KEY_ID');
  const secret = get('AWS_SECRET_ACCESS_KEY');
  if (id && secret) return { accessKeyId: id, secretAccessKey: secret, sessionToken: get('AWS_SESSION_TOKEN') || undefined };
  return defaultProfile;
}
