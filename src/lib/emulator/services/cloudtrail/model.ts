/**
 * CloudTrail keeps no state of its own here: LookupEvents reads the gateway's record of calls
 * (ctx.internal.events()). This file turns a RecordedEvent into LookupEvents' Event and AWS's record JSON.
 */
import type { RecordedEvent } from '../../core/types';

export type CloudTrailState = Record<string, never>;

export const initialCloudTrailState = (): CloudTrailState => ({});

export const LOOKUP_KEYS = [
  'EventId',
  'EventName',
  'ReadOnly',
  'Username',
  'ResourceType',
  'ResourceName',
  'EventSource',
  'AccessKeyId',
] as const;

/**
 * Calls CloudTrail records as data events, which event history (LookupEvents) never shows: Lambda invocations,
 * S3 object-level calls and CloudWatch Logs' event reads and writes.
 */
const DATA_EVENTS: Record<string, string[]> = {
  'lambda.amazonaws.com': ['Invoke', 'InvokeWithResponseStream'],
  // S3's object-level operations (the AWS S3 User Guide's list of CloudTrail data events).
  's3.amazonaws.com': [
    'AbortMultipartUpload', 'CompleteMultipartUpload', 'CopyObject', 'CreateMultipartUpload', 'DeleteObject', 'DeleteObjects',
    'DeleteObjectTagging', 'GetObject', 'GetObjectAcl', 'GetObjectAttributes', 'GetObjectLegalHold', 'GetObjectRetention',
    'GetObjectTagging', 'GetObjectTorrent', 'HeadObject', 'ListObjects', 'ListObjectsV2', 'ListObjectVersions', 'ListParts',
    'PutObject', 'PutObjectAcl', 'PutObjectLegalHold', 'PutObjectRetention', 'PutObjectTagging', 'RestoreObject',
    'SelectObjectContent', 'UploadPart', 'UploadPartCopy',
  ],
  'logs.amazonaws.com': ['PutLogEvents', 'GetLogEvents', 'FilterLogEvents'],
};

export function isManagementEvent(e: RecordedEvent): boolean {
  return e.managementEvent && !DATA_EVENTS[e.eventSource]?.includes(e.eventName);
}

/** CloudTrail's `Username`: the IAM user's name, the role session's name, or `root`. */
export function username(e: RecordedEvent): string | undefined {
  const id = e.userIdentity as Record<string, any>;
  if (id.userName) return String(id.userName);
  if (id.type === 'Root') return 'root';
  const arn: string = id.arn ?? '';
  if (id.type === 'IAMUser') return arn.split('/').pop();
  if (id.type === 'AssumedRole') return arn.split('/').pop();
  if (id.type === 'AWSService') return id.invokedBy ?? undefined;
  return undefined;
}

export function accessKeyId(e: RecordedEvent): string | undefined {
  return e.accessKeyId ?? ((e.userIdentity as Record<string, any>).accessKeyId as string | undefined);
}

export function matches(e: RecordedEvent, key: string, value: string): boolean {
  switch (key) {
    case 'EventId':
      return e.eventID === value;
    case 'EventName':
      return e.eventName === value;
    case 'ReadOnly':
      return String(e.readOnly) === value;
    case 'Username':
      return username(e) === value;
    case 'ResourceType':
      return (e.resources ?? []).some((r) => r.type === value);
    case 'ResourceName':
      return (e.resources ?? []).some((r) => r.ARN === value || r.ARN.split(/[:/]/).pop() === value);
    case 'EventSource':
      return e.eventSource === value;
    case 'AccessKeyId':
      return accessKeyId(e) === value;
    default:
      return false;
  }
}

/** CloudTrail writes times to the second: 2026-11-29T05:00:00Z. */
const isoSeconds = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** The record as it appears in a trail and in LookupEvents' CloudTrailEvent string. */
export function cloudTrailRecord(e: RecordedEvent): Record<string, unknown> {
  return {
    eventVersion: e.eventVersion,
    userIdentity: e.userIdentity,
    eventTime: isoSeconds(new Date(e.eventTime)),
    eventSource: e.eventSource,
    eventName: e.eventName,
    awsRegion: e.awsRegion,
    sourceIPAddress: e.sourceIPAddress,
    userAgent: e.userAgent,
    ...(e.errorCode ? { errorCode: e.errorCode, errorMessage: e.errorMessage } : {}),
    requestParameters: e.requestParameters,
    responseElements: e.responseElements,
    requestID: e.requestID,
    eventID: e.eventID,
    readOnly: e.readOnly,
    ...(e.resources?.length ? { resources: e.resources } : {}),
    eventType: e.eventType,
    managementEvent: e.managementEvent,
    recipientAccountId: e.recipientAccountId,
    eventCategory: 'Management',
  };
}

export function lookupEvent(e: RecordedEvent) {
  const key = accessKeyId(e);
  const user = username(e);
  return {
    EventId: e.eventID,
    EventName: e.eventName,
    ReadOnly: String(e.readOnly),
    ...(key ? { AccessKeyId: key } : {}),
    EventTime: new Date(e.eventTime),
    EventSource: e.eventSource,
    ...(user ? { Username: user } : {}),
    Resources: (e.resources ?? []).map((r) => ({ ResourceType: r.type, ResourceName: r.ARN })),
    CloudTrailEvent: JSON.stringify(cloudTrailRecord(e)),
  };
}
