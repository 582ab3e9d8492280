/** CloudWatch Logs state: log groups holding log streams holding events. Plain JSON data. */

export interface LogEvent {
  timestamp: number;
  message: string;
  ingestionTime: number;
  /** AWS's event ids are 56-digit strings; ours count up per account. */
  eventId: string;
}

export interface LogStream {
  logStreamName: string;
  creationTime: number;
  firstEventTimestamp?: number;
  lastEventTimestamp?: number;
  lastIngestionTime?: number;
  uploadSequenceToken: string;
  arn: string;
  events: LogEvent[];
}

export interface LogGroup {
  logGroupName: string;
  creationTime: number;
  retentionInDays?: number;
  arn: string;
  logGroupArn: string;
  tags: Record<string, string>;
  streams: Record<string, LogStream>;
}

export interface LogsState {
  logGroups: Record<string, LogGroup>;
  /** Counter behind event ids and sequence tokens. */
  sequence: number;
}

export const initialLogsState = (): LogsState => ({ logGroups: {}, sequence: 0 });

export const logGroupArn = (region: string, account: string, name: string) =>
  `arn:aws:logs:${region}:${account}:log-group:${name}`;

export const logStreamArn = (region: string, account: string, group: string, stream: string) =>
  `arn:aws:logs:${region}:${account}:log-group:${group}:log-stream:${stream}`;

export function nextSequence(state: LogsState): string {
  state.sequence += 1;
  return String(state.sequence).padStart(56, '0');
}

export function describeGroup(g: LogGroup) {
  const storedBytes = Object.values(g.streams).reduce((n, s) => n + streamBytes(s), 0);
  return {
    logGroupName: g.logGroupName,
    creationTime: g.creationTime,
    ...(g.retentionInDays ? { retentionInDays: g.retentionInDays } : {}),
    metricFilterCount: 0,
    arn: g.arn,
    storedBytes,
    logGroupClass: 'STANDARD',
    logGroupArn: g.logGroupArn,
  };
}

export function describeStream(s: LogStream) {
  return {
    logStreamName: s.logStreamName,
    creationTime: s.creationTime,
    ...(s.firstEventTimestamp !== undefined
      ? {
          firstEventTimestamp: s.firstEventTimestamp,
          lastEventTimestamp: s.lastEventTimestamp,
          lastIngestionTime: s.lastIngestionTime,
        }
      : {}),
    uploadSequenceToken: s.uploadSequenceToken,
    arn: s.arn,
    // AWS: "storedBytes … is no longer updated" and reports 0.
    storedBytes: 0,
  };
}

function streamBytes(s: LogStream): number {
  return s.events.reduce((n, e) => n + e.message.length + 26, 0);
}

/**
 * CloudWatch Logs filter pattern for unstructured events: terms must all appear (case-sensitive),
 * "quoted phrases" match exactly, `-term` excludes, `?a ?b` matches any.
 * AWS difference: JSON (`{ $.x = 1 }`) and space-delimited (`[a, b]`) patterns match every event here.
 */
export function matchesFilterPattern(pattern: string | undefined, message: string): boolean {
  const p = (pattern ?? '').trim();
  if (!p || p.startsWith('{') || p.startsWith('[')) return true;
  const terms = [...p.matchAll(/"((?:[^"\\]|\\.)*)"|(\S+)/g)].map((m) => m[1] ?? m[2]);
  const optional = terms.filter((t) => t.startsWith('?')).map((t) => t.slice(1).replace(/^"|"$/g, ''));
  if (optional.length) return optional.some((t) => message.includes(t));
  return terms.every((t) => (t.startsWith('-') && t.length > 1 ? !message.includes(t.slice(1)) : message.includes(t)));
}
