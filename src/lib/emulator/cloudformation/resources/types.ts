/** The contract every resource type implements: create, update and delete through the services' SDK clients. */
import type { IAMClient } from '@aws-sdk/client-iam';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { SFNClient } from '@aws-sdk/client-sfn';
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { S3Client } from '@aws-sdk/client-s3';

export interface ServiceClients {
  readonly iam: IAMClient;
  readonly lambda: LambdaClient;
  readonly sfn: SFNClient;
  readonly logs: CloudWatchLogsClient;
  readonly s3: S3Client;
}

export interface ResourceContext {
  clients: ServiceClients;
  stackName: string;
  stackId: string;
  logicalId: string;
  region: string;
  accountId: string;
  partition: string;
  /** Stack-level tags, which CloudFormation propagates to resources that take tags. */
  stackTags: { Key: string; Value: string }[];
  /** A CloudFormation-generated name for this resource (see names.ts). */
  generateName(): string;
}

export interface ResourceResult {
  /** PhysicalResourceId, which is also what Ref returns for the types here. */
  physicalId: string;
  /** Fn::GetAtt values. */
  attributes: Record<string, unknown>;
}

export type Properties = Record<string, any>;

export interface ResourceType {
  type: string;
  /** Properties whose change replaces the resource (a new physical resource, the old one deleted on clean-up). */
  replaceOn: readonly string[];
  create(props: Properties, rc: ResourceContext): Promise<ResourceResult>;
  update(physicalId: string, props: Properties, previous: Properties, rc: ResourceContext, attributes: Record<string, unknown>): Promise<ResourceResult>;
  delete(physicalId: string, props: Properties, rc: ResourceContext): Promise<void>;
}

/** Thrown by a handler for a problem of its own (not a service error): fails the resource with this message. */
export class HandlerError extends Error {
  constructor(message: string, public readonly handlerErrorCode = 'InvalidRequest') {
    super(message);
  }
}

export const asArray = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** Policy documents arrive as objects (or JSON strings); the APIs take JSON strings. */
export const policyJson = (doc: unknown) => (typeof doc === 'string' ? doc : JSON.stringify(doc));

export const num = (v: unknown) => (v === undefined || v === null || v === '' ? undefined : Number(v));

export const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Resource tags plus the stack's, the resource's own winning. */
export function mergedTags(own: unknown, rc: ResourceContext): { Key: string; Value: string }[] | undefined {
  const tags = new Map<string, string>();
  for (const t of rc.stackTags) tags.set(t.Key, t.Value);
  for (const t of asArray(own as { Key: string; Value: unknown }[])) tags.set(String(t.Key), String(t.Value));
  return tags.size ? [...tags].map(([Key, Value]) => ({ Key, Value })) : undefined;
}

/** Deleting something already gone succeeds, as CloudFormation's handlers treat NotFound on delete. */
export async function ignoreNotFound(p: Promise<unknown>): Promise<void> {
  try {
    await p;
  } catch (e) {
    if (isNotFound(e)) return;
    throw e;
  }
}

export const isNotFound = (e: unknown) => /NoSuchEntity|NotFound|NoSuchBucket|StateMachineDoesNotExist/.test((e as { name?: string })?.name ?? '');
