/**
 * AWS CloudTrail (`cloudtrail`, awsJson1_1): LookupEvents over every management call the gateway recorded,
 * allowed or denied, newest first — the event history the lab's checks and learners read.
 */
import type { OperationContext, ServiceProvider } from '../../core/types';
import {
  asAccessDeniedException,
  invalidLookupAttributes,
  invalidMaxResults,
  invalidNextToken,
  invalidTimeRange,
} from './errors';
import { initialCloudTrailState, isManagementEvent, LOOKUP_KEYS, lookupEvent, matches, type CloudTrailState } from './model';

type Ctx = OperationContext<CloudTrailState>;

export const cloudtrailProvider: ServiceProvider<CloudTrailState> = {
  name: 'cloudtrail',
  initialState: initialCloudTrailState,
  operations: {
    LookupEvents(input, ctx: Ctx) {
      try {
        ctx.authorize('cloudtrail:LookupEvents', '*');
      } catch (e) {
        throw asAccessDeniedException(e);
      }
      const attributes: { AttributeKey: string; AttributeValue: string }[] = input.LookupAttributes ?? [];
      if (attributes.length > 1) {
        throw invalidLookupAttributes('You cannot specify more than one lookup attribute.');
      }
      for (const a of attributes) {
        if (!(LOOKUP_KEYS as readonly string[]).includes(a.AttributeKey)) {
          throw invalidLookupAttributes(`Invalid attribute key: ${a.AttributeKey}`);
        }
      }
      const start: Date | undefined = input.StartTime ? new Date(input.StartTime) : undefined;
      const end: Date | undefined = input.EndTime ? new Date(input.EndTime) : undefined;
      if (start && end && start > end) throw invalidTimeRange();
      const max: number = input.MaxResults ?? 50;
      if (max < 1 || max > 50) throw invalidMaxResults();

      // AWS difference: Insights events (EventCategory "insight") are never produced.
      const events = ctx.internal
        .events()
        .filter(isManagementEvent)
        .filter((e) => (!start || new Date(e.eventTime) >= start) && (!end || new Date(e.eventTime) <= end))
        .filter((e) => attributes.every((a) => matches(e, a.AttributeKey, a.AttributeValue)))
        .reverse();

      // The token names the event to resume from, so new events arriving between pages do not shift it.
      let from = 0;
      if (input.NextToken) {
        from = events.findIndex((e) => e.eventID === input.NextToken);
        if (from < 0) throw invalidNextToken();
      }
      const slice = events.slice(from, from + max);
      const next = events[from + max];
      return { Events: slice.map(lookupEvent), ...(next ? { NextToken: next.eventID } : {}) };
    },
  },
};
