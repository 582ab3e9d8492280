/**
 * CloudWatch Logs (`logs`, awsJson1_1): log groups, log streams and events, the part Lambda writes to and
 * the blog reads with `describe-log-streams --order-by LastEventTime --descending` and `get-log-events`.
 */
import type { OperationContext, ServiceProvider } from '../../core/types';
import {
  asAccessDeniedException,
  invalidParameter,
  logGroupExists,
  logGroupNotFound,
  logStreamExists,
  logStreamNotFound,
} from './errors';
import {
  describeGroup,
  describeStream,
  initialLogsState,
  logGroupArn,
  logStreamArn,
  matchesFilterPattern,
  nextSequence,
  type LogGroup,
  type LogsState,
} from './model';

type Ctx = OperationContext<LogsState>;

function authorize(ctx: Ctx, action: string, resource: string): void {
  try {
    ctx.authorize(action, resource);
  } catch (e) {
    throw asAccessDeniedException(e);
  }
}

const groupArn = (ctx: Ctx, name: string) => logGroupArn(ctx.region, ctx.accountId, name);
const streamArn = (ctx: Ctx, group: string, stream: string) =>
  logStreamArn(ctx.region, ctx.accountId, group, stream);

function getGroup(ctx: Ctx, name: string): LogGroup {
  const group = ctx.state.logGroups[name];
  if (!group) throw logGroupNotFound();
  return group;
}

function page<T>(items: T[], nextToken: string | undefined, limit: number | undefined, max: number) {
  const start = nextToken ? Number.parseInt(nextToken, 10) || 0 : 0;
  const size = Math.min(limit ?? max, max);
  const slice = items.slice(start, start + size);
  const next = start + size < items.length ? String(start + size) : undefined;
  return { slice, next };
}

export const logsProvider: ServiceProvider<LogsState> = {
  name: 'logs',
  initialState: initialLogsState,
  operations: {
    CreateLogGroup(input, ctx) {
      const name: string = input.logGroupName;
      authorize(ctx, 'logs:CreateLogGroup', groupArn(ctx, name));
      if (!/^[\w\-/.#]{1,512}$/.test(name ?? '')) {
        throw invalidParameter(
          `1 validation error detected: Value '${name}' at 'logGroupName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_/#A-Za-z0-9]+`,
        );
      }
      if (ctx.state.logGroups[name]) throw logGroupExists();
      ctx.state.logGroups[name] = {
        logGroupName: name,
        creationTime: ctx.now().getTime(),
        arn: `${groupArn(ctx, name)}:*`,
        logGroupArn: groupArn(ctx, name),
        tags: { ...(input.tags ?? {}) },
        streams: {},
      };
    },

    DeleteLogGroup(input, ctx) {
      authorize(ctx, 'logs:DeleteLogGroup', groupArn(ctx, input.logGroupName));
      getGroup(ctx, input.logGroupName);
      delete ctx.state.logGroups[input.logGroupName];
    },

    DescribeLogGroups(input, ctx) {
      authorize(ctx, 'logs:DescribeLogGroups', groupArn(ctx, '*'));
      const prefix: string = input.logGroupNamePrefix ?? '';
      const groups = Object.values(ctx.state.logGroups)
        .filter((g) => g.logGroupName.startsWith(prefix))
        .sort((a, b) => (a.logGroupName < b.logGroupName ? -1 : 1));
      const { slice, next } = page(groups, input.nextToken, input.limit, 50);
      return { logGroups: slice.map(describeGroup), ...(next ? { nextToken: next } : {}) };
    },

    PutRetentionPolicy(input, ctx) {
      authorize(ctx, 'logs:PutRetentionPolicy', groupArn(ctx, input.logGroupName));
      getGroup(ctx, input.logGroupName).retentionInDays = input.retentionInDays;
    },

    DeleteRetentionPolicy(input, ctx) {
      authorize(ctx, 'logs:DeleteRetentionPolicy', groupArn(ctx, input.logGroupName));
      delete getGroup(ctx, input.logGroupName).retentionInDays;
    },

    CreateLogStream(input, ctx) {
      const { logGroupName, logStreamName } = input as { logGroupName: string; logStreamName: string };
      authorize(ctx, 'logs:CreateLogStream', streamArn(ctx, logGroupName, logStreamName));
      const group = getGroup(ctx, logGroupName);
      if (/[:*]/.test(logStreamName)) {
        throw invalidParameter(
          `1 validation error detected: Value '${logStreamName}' at 'logStreamName' failed to satisfy constraint: Member must satisfy regular expression pattern: [^:*]*`,
        );
      }
      if (group.streams[logStreamName]) throw logStreamExists();
      group.streams[logStreamName] = {
        logStreamName,
        creationTime: ctx.now().getTime(),
        uploadSequenceToken: nextSequence(ctx.state),
        arn: streamArn(ctx, logGroupName, logStreamName),
        events: [],
      };
    },

    DeleteLogStream(input, ctx) {
      authorize(ctx, 'logs:DeleteLogStream', streamArn(ctx, input.logGroupName, input.logStreamName));
      const group = getGroup(ctx, input.logGroupName);
      if (!group.streams[input.logStreamName]) throw logStreamNotFound();
      delete group.streams[input.logStreamName];
    },

    DescribeLogStreams(input, ctx) {
      authorize(ctx, 'logs:DescribeLogStreams', groupArn(ctx, input.logGroupName));
      const group = getGroup(ctx, input.logGroupName);
      const orderBy: string = input.orderBy ?? 'LogStreamName';
      const prefix: string | undefined = input.logStreamNamePrefix;
      if (prefix && orderBy === 'LastEventTime') {
        throw invalidParameter('Cannot order by LastEventTime with a logStreamNamePrefix.');
      }
      const streams = Object.values(group.streams).filter((s) => !prefix || s.logStreamName.startsWith(prefix));
      streams.sort((a, b) =>
        orderBy === 'LastEventTime'
          ? (a.lastEventTimestamp ?? 0) - (b.lastEventTimestamp ?? 0) || a.creationTime - b.creationTime
          : a.logStreamName < b.logStreamName
            ? -1
            : 1,
      );
      if (input.descending) streams.reverse();
      const { slice, next } = page(streams, input.nextToken, input.limit, 50);
      return { logStreams: slice.map(describeStream), ...(next ? { nextToken: next } : {}) };
    },

    PutLogEvents(input, ctx) {
      const { logGroupName, logStreamName } = input as { logGroupName: string; logStreamName: string };
      authorize(ctx, 'logs:PutLogEvents', streamArn(ctx, logGroupName, logStreamName));
      const stream = getGroup(ctx, logGroupName).streams[logStreamName];
      if (!stream) throw logStreamNotFound();
      const events: { timestamp: number; message: string }[] = input.logEvents ?? [];
      if (events.length === 0) {
        throw invalidParameter(
          "1 validation error detected: Value '[]' at 'logEvents' failed to satisfy constraint: Member must have length greater than or equal to 1",
        );
      }
      for (let i = 1; i < events.length; i++) {
        if (events[i].timestamp < events[i - 1].timestamp) {
          throw invalidParameter('Log events in a single PutLogEvents request must be in chronological order.');
        }
      }
      const ingestionTime = ctx.now().getTime();
      for (const e of events) {
        stream.events.push({
          timestamp: e.timestamp,
          message: e.message,
          ingestionTime,
          eventId: nextSequence(ctx.state),
        });
      }
      stream.events.sort((a, b) => a.timestamp - b.timestamp);
      stream.firstEventTimestamp = stream.events[0].timestamp;
      stream.lastEventTimestamp = stream.events[stream.events.length - 1].timestamp;
      stream.lastIngestionTime = ingestionTime;
      stream.uploadSequenceToken = nextSequence(ctx.state);
      return { nextSequenceToken: stream.uploadSequenceToken };
    },

    GetLogEvents(input, ctx) {
      const { logGroupName, logStreamName } = input as { logGroupName: string; logStreamName: string };
      authorize(ctx, 'logs:GetLogEvents', streamArn(ctx, logGroupName, logStreamName));
      const stream = getGroup(ctx, logGroupName).streams[logStreamName];
      if (!stream) throw logStreamNotFound();
      const inRange = stream.events.filter(
        (e) =>
          (input.startTime === undefined || e.timestamp >= input.startTime) &&
          (input.endTime === undefined || e.timestamp < input.endTime),
      );
      const limit = Math.min(input.limit ?? 10000, 10000);
      // Tokens carry an index into the filtered events: f/<first not yet returned>, b/<first returned>.
      const token: string | undefined = input.nextToken;
      let from: number;
      let to: number;
      if (token?.startsWith('f/')) {
        from = Number(token.slice(2));
        to = Math.min(inRange.length, from + limit);
      } else if (token?.startsWith('b/')) {
        to = Number(token.slice(2));
        from = Math.max(0, to - limit);
      } else if (input.startFromHead) {
        from = 0;
        to = Math.min(inRange.length, limit);
      } else {
        to = inRange.length;
        from = Math.max(0, to - limit);
      }
      const pad = (n: number) => String(n).padStart(56, '0');
      return {
        events: inRange.slice(from, to).map(({ timestamp, message, ingestionTime }) => ({ timestamp, message, ingestionTime })),
        nextForwardToken: `f/${pad(to)}`,
        nextBackwardToken: `b/${pad(from)}`,
      };
    },

    FilterLogEvents(input, ctx) {
      authorize(ctx, 'logs:FilterLogEvents', groupArn(ctx, input.logGroupName));
      const group = getGroup(ctx, input.logGroupName);
      const names: string[] | undefined = input.logStreamNames;
      const prefix: string | undefined = input.logStreamNamePrefix;
      if (names && prefix) {
        throw invalidParameter('logStreamNames and logStreamNamePrefix are mutually exclusive');
      }
      const streams = Object.values(group.streams).filter(
        (s) => (!names || names.includes(s.logStreamName)) && (!prefix || s.logStreamName.startsWith(prefix)),
      );
      const events = streams
        .flatMap((s) => s.events.map((e) => ({ logStreamName: s.logStreamName, ...e })))
        .filter(
          (e) =>
            (input.startTime === undefined || e.timestamp >= input.startTime) &&
            (input.endTime === undefined || e.timestamp <= input.endTime) &&
            matchesFilterPattern(input.filterPattern, e.message),
        )
        .sort((a, b) => a.timestamp - b.timestamp || (a.eventId < b.eventId ? -1 : 1));
      const { slice, next } = page(events, input.nextToken, input.limit, 10000);
      return {
        events: slice,
        // AWS: "searchedLogStreams … is deprecated" and returns an empty list.
        searchedLogStreams: [],
        ...(next ? { nextToken: next } : {}),
      };
    },

    TagLogGroup(input, ctx) {
      authorize(ctx, 'logs:TagLogGroup', groupArn(ctx, input.logGroupName));
      Object.assign(getGroup(ctx, input.logGroupName).tags, input.tags ?? {});
    },

    ListTagsLogGroup(input, ctx) {
      authorize(ctx, 'logs:ListTagsLogGroup', groupArn(ctx, input.logGroupName));
      return { tags: { ...getGroup(ctx, input.logGroupName).tags } };
    },

    TagResource(input, ctx) {
      authorize(ctx, 'logs:TagResource', input.resourceArn);
      Object.assign(groupByArn(ctx, input.resourceArn).tags, input.tags ?? {});
    },

    UntagResource(input, ctx) {
      authorize(ctx, 'logs:UntagResource', input.resourceArn);
      const group = groupByArn(ctx, input.resourceArn);
      for (const k of input.tagKeys ?? []) delete group.tags[k];
    },

    ListTagsForResource(input, ctx) {
      authorize(ctx, 'logs:ListTagsForResource', input.resourceArn);
      return { tags: { ...groupByArn(ctx, input.resourceArn).tags } };
    },
  },
};

function groupByArn(ctx: Ctx, arn: string): LogGroup {
  const name = /:log-group:([^:]+)(?::\*)?$/.exec(arn ?? '')?.[1];
  return getGroup(ctx, name ?? '');
}
