/** CloudTrail evidence: a denied (or allowed) call by a given kind of principal, read with LookupEvents. */
import { LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import type { CheckContext } from './types';
import { poll } from './support';

export interface TrailRecord {
  eventName: string;
  eventTime: string;
  errorCode?: string;
  errorMessage?: string;
  principalArn?: string;
  accessKeyId?: string;
  requestParameters?: Record<string, unknown> | null;
}

export interface TrailQuery {
  eventName: string;
  /** e.g. /assumed-role\/builder\// */
  principal?: RegExp;
  denied?: boolean;
  /** A predicate on the request parameters (e.g. the policy ARN). */
  where?: (r: TrailRecord) => boolean;
}

export async function lookup(ctx: CheckContext, q: TrailQuery): Promise<TrailRecord[]> {
  const out = await ctx.auditor.cloudtrail.send(
    new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: q.eventName }], MaxResults: 50 }),
  );
  const records: TrailRecord[] = [];
  for (const e of out.Events ?? []) {
    let raw: Record<string, any> = {};
    try {
      raw = JSON.parse(e.CloudTrailEvent ?? '{}');
    } catch {
      continue;
    }
    records.push({
      eventName: raw.eventName ?? e.EventName,
      eventTime: raw.eventTime ?? String(e.EventTime),
      errorCode: raw.errorCode,
      errorMessage: raw.errorMessage,
      principalArn: raw.userIdentity?.arn,
      accessKeyId: raw.userIdentity?.accessKeyId,
      requestParameters: raw.requestParameters,
    });
  }
  return records.filter(
    (r) =>
      (!q.principal || q.principal.test(r.principalArn ?? '')) &&
      (q.denied === undefined || q.denied === (r.errorCode === 'AccessDenied' || r.errorCode === 'AccessDeniedException')) &&
      (!q.where || q.where(r)),
  );
}

/** Polls CloudTrail, which in AWS delivers events about five minutes after the call (the sandbox: at once). */
export function waitForTrail(ctx: CheckContext, q: TrailQuery): Promise<TrailRecord | undefined> {
  return poll(ctx, `Waiting for CloudTrail to record ${q.eventName}: AWS delivers events a few minutes after the call`, async () => {
    const found = await lookup(ctx, q);
    return found[0];
  });
}
