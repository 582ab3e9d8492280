/**
 * Checks confirm a learner's progress by calling AWS APIs only (through SDK v3), so the same code runs against the
 * sandbox and against real AWS. Each check is read-only, idempotent and time-bounded, and returns its evidence.
 */
import type { STSClient } from '@aws-sdk/client-sts';
import type { IAMClient } from '@aws-sdk/client-iam';
import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import type { SFNClient } from '@aws-sdk/client-sfn';
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import type { S3Client } from '@aws-sdk/client-s3';
import type { LambdaClient } from '@aws-sdk/client-lambda';

/** Clients for one identity. Only `send` is used, so tests can hand in objects with a `send` of their own. */
export interface AwsClients {
  sts: Pick<STSClient, 'send'>;
  iam: Pick<IAMClient, 'send'>;
  cloudformation: Pick<CloudFormationClient, 'send'>;
  sfn: Pick<SFNClient, 'send'>;
  logs: Pick<CloudWatchLogsClient, 'send'>;
  cloudtrail: Pick<CloudTrailClient, 'send'>;
  s3: Pick<S3Client, 'send'>;
  lambda: Pick<LambdaClient, 'send'>;
}

export interface Evidence {
  label: string;
  value: string;
}

export interface CheckResult {
  pass: boolean;
  /** One sentence: what was found. */
  summary: string;
  evidence: Evidence[];
  /** What to do next, when the check fails. */
  hint?: string;
}

export interface CheckContext {
  /** The read-only auditor (sandbox: a role with ReadOnlyAccess and cloudtrail:LookupEvents; live: the base identity). */
  auditor: AwsClients;
  /** The terminal's current identity (whatever the shell has exported), for "who am I" checks. */
  terminal: Pick<AwsClients, 'sts'>;
  /** Progress for slow checks (CloudTrail can take minutes in AWS). */
  progress?: (message: string, fraction?: number) => void;
  signal?: AbortSignal;
  /** How long polling checks may wait, in ms (sandbox: a few seconds; live: minutes for CloudTrail). */
  patienceMs?: number;
  /** Poll interval, in ms. */
  pollMs?: number;
}

export type Check<P> = (params: P, ctx: CheckContext) => Promise<CheckResult>;
