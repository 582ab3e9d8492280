/**
 * Every authenticated call, allowed or denied, becomes a record with CloudTrail's fields: the next issue's
 * CloudTrail LookupEvents serves them, and checks read them.
 */
import type { CallerIdentity, RecordedEvent } from './types';
import type { ResolvedPrincipal } from './identity';
import { requestId as uuid } from './ids';

const READ_ONLY = /^(Get|List|Describe|Lookup|Simulate|Head|Search|Filter|Test|Validate|Estimate|Detect|Decode)/;

/** CloudTrail's readOnly: the operation only reads. GetSessionToken is read-only for CloudTrail too. */
export function isReadOnly(operation: string): boolean {
  return READ_ONLY.test(operation);
}

const SECRET_KEYS = new Set(['secretAccessKey', 'password', 'newPassword', 'oldPassword']);

function lowerFirst(s: string) {
  return s.charAt(0).toLowerCase() + s.slice(1);
}

/** CloudTrail spells parameters in lower camel case and never shows secrets. */
export function cloudTrailValue(value: unknown, depth = 0): unknown {
  if (value === null || value === undefined || depth > 20) return value;
  if (value instanceof Date) return value.toISOString().replace(/\.\d{3}Z$/, 'Z');
  if (value instanceof Uint8Array) return undefined;
  if (Array.isArray(value)) return value.map((v) => cloudTrailValue(v, depth + 1));
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const name = lowerFirst(k);
      out[name] = SECRET_KEYS.has(name) ? 'HIDDEN_DUE_TO_SECURITY_REASONS' : cloudTrailValue(v, depth + 1);
    }
    return out;
  }
  return value;
}

export function userIdentity(p: ResolvedPrincipal | { caller: CallerIdentity }): Record<string, unknown> {
  const c = p.caller;
  if (c.type === 'AssumedRole') {
    const roleName = c.roleArn!.slice(c.roleArn!.lastIndexOf('/') + 1);
    const session = 'session' in p ? p.session : undefined;
    return {
      type: 'AssumedRole',
      principalId: c.userId,
      arn: c.arn,
      accountId: c.accountId,
      accessKeyId: c.accessKeyId,
      sessionContext: {
        sessionIssuer: { type: 'Role', principalId: c.userId.split(':')[0], arn: c.roleArn, accountId: c.accountId, userName: roleName },
        attributes: { creationDate: (session?.IssuedAt ?? new Date(0)).toISOString().replace(/\.\d{3}Z$/, 'Z'), mfaAuthenticated: 'false' },
        ...(session?.SourceIdentity ? { sourceIdentity: session.SourceIdentity } : {}),
      },
      ...(session?.ServicePrincipal ? { invokedBy: session.ServicePrincipal } : {}),
    };
  }
  if (c.type === 'FederatedUser') {
    const user = 'user' in p ? p.user : undefined;
    const session = 'session' in p ? p.session : undefined;
    return {
      type: 'FederatedUser',
      principalId: c.userId,
      arn: c.arn,
      accountId: c.accountId,
      accessKeyId: c.accessKeyId,
      sessionContext: {
        sessionIssuer: user
          ? { type: 'IAMUser', principalId: user.UserId, arn: `arn:aws:iam::${c.accountId}:user${user.Path}${user.UserName}`, accountId: c.accountId, userName: user.UserName }
          : {},
        attributes: { creationDate: (session?.IssuedAt ?? new Date(0)).toISOString().replace(/\.\d{3}Z$/, 'Z'), mfaAuthenticated: 'false' },
      },
    };
  }
  if (c.type === 'Account') {
    return { type: 'Root', principalId: c.accountId, arn: c.arn, accountId: c.accountId, accessKeyId: c.accessKeyId };
  }
  return {
    type: 'IAMUser',
    principalId: c.userId,
    arn: c.arn,
    accountId: c.accountId,
    accessKeyId: c.accessKeyId,
    userName: c.arn.slice(c.arn.lastIndexOf('/') + 1),
  };
}

export interface CallRecord {
  requestId: string;
  time: Date;
  service: string;
  operation: string;
  region: string;
  userAgent: string;
  principal: ResolvedPrincipal;
  input: Record<string, unknown> | undefined;
  output: Record<string, unknown> | void | undefined;
  error?: { code: string; message: string };
  resources?: { ARN: string; type?: string }[];
}

export function buildEvent(r: CallRecord): RecordedEvent {
  const readOnly = isReadOnly(r.operation);
  return {
    eventVersion: '1.08',
    eventID: uuid(),
    eventTime: r.time,
    eventSource: `${r.service}.amazonaws.com`,
    eventName: r.operation,
    awsRegion: r.region,
    sourceIPAddress: '127.0.0.1',
    userAgent: r.userAgent,
    userIdentity: userIdentity(r.principal),
    requestParameters: r.input && Object.keys(r.input).length > 0 ? (cloudTrailValue(r.input) as Record<string, unknown>) : null,
    responseElements: !readOnly && !r.error && r.output ? (cloudTrailValue(r.output) as Record<string, unknown>) : null,
    ...(r.error ? { errorCode: r.error.code, errorMessage: r.error.message } : {}),
    requestID: r.requestId,
    readOnly,
    ...(r.resources && r.resources.length ? { resources: r.resources.map((x) => ({ ...x, accountId: r.principal.caller.accountId })) } : {}),
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: r.principal.caller.accountId,
    accessKeyId: r.principal.caller.accessKeyId,
  };
}
