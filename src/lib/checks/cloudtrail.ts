/** CloudTrail evidence: calls by a kind of principal, denied or allowed, read with LookupEvents. */
import { LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import type { CheckContext } from './types';
import { poll } from './support';

export interface TrailRecord {
  eventName: string;
  eventSource?: string;
  eventTime: string;
  errorCode?: string;
  errorMessage?: string;
  principalArn?: string;
  requestParameters?: Record<string, unknown> | null;
}

export interface TrailQuery {
  eventName: string;
  eventSource?: string;
  /** e.g. /assumed-role\/builder\// */
  principal?: RegExp;
  /** The error codes that count; [] means "succeeded" is wanted too (the caller filters). */
  errorCodes?: string[];
  /** Request parameters that must be equal (strings compared as strings). */
  requestParameters?: Record<string, string>;
}

export async function lookup(ctx: CheckContext, q: TrailQuery): Promise<TrailRecord[]> {
  const out = await ctx.auditor.cloudtrail.send(
    new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: q.eventName }], MaxResults: 50 }),
  );
  const records: TrailRecord[] = [];
  for (const e of out.Events ?? []) {
    let raw: Record<string, any>;
    try {
      raw = JSON.parse(e.CloudTrailEvent ?? '{}');
    } catch {
      continue;
    }
    records.push({
      eventName: raw.eventName ?? e.EventName,
      eventSource: raw.eventSource ?? e.EventSource,
      eventTime: raw.eventTime ?? String(e.EventTime),
      errorCode: raw.errorCode,
      errorMessage: raw.errorMessage,
      principalArn: raw.userIdentity?.arn,
      requestParameters: raw.requestParameters,
    });
  }
  return records.filter(
    (r) =>
      (!q.eventSource || r.eventSource === q.eventSource) &&
      (!q.principal || q.principal.test(r.principalArn ?? '')) &&
      (!q.errorCodes?.length || q.errorCodes.includes(r.errorCode ?? '')) &&
      Object.entries(q.requestParameters ?? {}).every(([k, v]) => String(r.requestParameters?.[k] ?? '') === v),
  );
}

/** Polls CloudTrail, which in AWS delivers events minutes after the call (the sandbox records them at once). */
export function waitForTrail(ctx: CheckContext, q: TrailQuery): Promise<TrailRecord | undefined> {
  return poll(ctx, `Waiting for CloudTrail to record ${q.eventName}: AWS delivers events a few minutes after the call`, async () => (await lookup(ctx, q))[0]);
}
