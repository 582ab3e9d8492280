/** `aws logs tail` (CLI v2 only: awscli/customizations/logs/tail.py): FilterLogEvents, printed as log lines. */
import type { ServiceCaller } from './clients';
import { UnknownOptionsError, UsageError } from './errors';
import { invalidChoice } from './choices';
import { parseTimestamp } from './validate';

export interface TailIO {
  stdout(text: string): void;
  signal?: AbortSignal;
  sleep(ms: number): Promise<void>;
  color: boolean;
  now?: () => number;
}

interface LogEvent {
  logStreamName?: string;
  timestamp?: number;
  message?: string;
  eventId?: string;
}

const GREEN = '\x1b[32m';
const CYAN = '\x1b[36m';
const RESET = '\x1b[0m';
const SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 };

function iso(ms: number, micro: boolean): string {
  const d = new Date(ms);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const base = `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())}T${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
  return micro ? `${base}.${p(d.getUTCMilliseconds(), 3)}000+00:00` : base;
}

function readArgs(argv: string[]) {
  const out = { group: undefined as string | undefined, since: '10m', follow: false, format: 'detailed', filterPattern: undefined as string | undefined, streams: undefined as string[] | undefined, prefix: undefined as string | undefined };
  const unknown: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length || argv[i + 1].startsWith('--')) throw new UsageError(`argument ${a}: expected one argument`);
      return argv[++i];
    };
    if (a === '--follow') out.follow = true;
    else if (a === '--since') out.since = value();
    else if (a === '--format') {
      out.format = value();
      if (!['detailed', 'short', 'json'].includes(out.format)) throw new UsageError(invalidChoice('--format', out.format, ['detailed', 'short', 'json']));
    } else if (a === '--filter-pattern') out.filterPattern = value();
    else if (a === '--log-stream-name-prefix') out.prefix = value();
    else if (a === '--log-stream-names') {
      out.streams = [];
      while (i + 1 < argv.length && !argv[i + 1].startsWith('--')) out.streams.push(argv[++i]);
      if (!out.streams.length) throw new UsageError('argument --log-stream-names: expected at least one argument');
    } else if (!a.startsWith('--') && out.group === undefined) out.group = a;
    else unknown.push(a);
  }
  if (out.group === undefined) throw new UsageError('the following arguments are required: group_name');
  if (unknown.length) throw new UnknownOptionsError(`Unknown options: ${unknown.join(', ')}`);
  return out;
}

export async function runLogsTail(argv: string[], logs: ServiceCaller, io: TailIO): Promise<number> {
  const args = readArgs(argv);
  const now = io.now ?? Date.now;
  const relative = /^(\d+)(s|m|h|d|w)$/.exec(args.since);
  const start = relative ? now() - Number(relative[1]) * SECONDS[relative[2]] * 1000 : parseTimestamp(args.since)?.getTime();
  const params: Record<string, unknown> = { logGroupName: args.group, interleaved: true };
  if (start !== undefined) params.startTime = Math.trunc(start);
  if (args.filterPattern !== undefined) params.filterPattern = args.filterPattern;
  if (args.streams) params.logStreamNames = args.streams;
  if (args.prefix !== undefined) params.logStreamNamePrefix = args.prefix;
  const colour = (t: string, c: string) => (io.color ? `${c}${t}${RESET}` : t);
  const show = (e: LogEvent) => {
    const message = args.format === 'json' ? prettyJson(e.message ?? '') : (e.message ?? '');
    const line =
      args.format === 'short'
        ? `${colour(iso(e.timestamp ?? 0, false), GREEN)} ${message}`
        : `${colour(iso(e.timestamp ?? 0, true), GREEN)} ${colour(e.logStreamName ?? '', CYAN)} ${message}`;
    io.stdout(`${line.trimEnd()}\n`);
  };
  // Follow mode remembers the events already shown at the newest timestamp, as the CLI does.
  let seen = new Map<number, Set<string>>();
  for (;;) {
    let token: string | undefined;
    do {
      const page = await logs.call('FilterLogEvents', token ? { ...params, nextToken: token } : params, io.signal);
      for (const e of (page.events as LogEvent[] | undefined) ?? []) {
        const ts = e.timestamp ?? 0;
        if (args.follow && e.eventId && seen.get(ts)?.has(e.eventId)) continue;
        if (args.follow && e.eventId) seen.set(ts, (seen.get(ts) ?? new Set()).add(e.eventId));
        show(e);
      }
      token = page.nextToken as string | undefined;
    } while (token);
    if (!args.follow) return 0;
    if (seen.size) {
      const newest = Math.max(...seen.keys());
      seen = new Map([[newest, seen.get(newest)!]]);
      params.startTime = newest;
    }
    await io.sleep(5000);
    // Ctrl-C ends `--follow` quietly with status 0, like the CLI's KeyboardInterrupt handling.
    if (io.signal?.aborted) return 0;
  }
}

function prettyJson(message: string): string {
  try {
    return JSON.stringify(JSON.parse(message), null, 4);
  } catch {
    return message;
  }
}
