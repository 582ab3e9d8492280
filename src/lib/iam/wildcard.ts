/**
 * Action and resource-ARN matching as IAM does it: actions case-insensitive with `*` and `?`; ARNs compared
 * segment by segment (partition, service, region, account, resource), wildcards never crossing a `:` of the
 * first five segments, the resource part case-sensitive.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
 */
import { compileTemplate, globMatches, globRegExp, type RequestContext, type Template } from './variables';

type ActionMatcher = (actionLower: string) => boolean;
const actionMatchers = new Map<string, ActionMatcher>();

function compileAction(pattern: string): ActionMatcher {
  const lower = pattern.toLowerCase();
  if (lower === '*') return () => true;
  const colon = lower.indexOf(':');
  if (colon === -1) return () => false;
  const prefix = lower.slice(0, colon + 1);
  const name = lower.slice(colon + 1);
  if (name.length === 0 || /\s/.test(name)) return () => false;
  if (!/[*?]/.test(name)) return (a) => a === lower;
  const re = globRegExp(name, false);
  return (a) => a.startsWith(prefix) && re.test(a.slice(prefix.length));
}

export function actionMatcher(pattern: string): ActionMatcher {
  let m = actionMatchers.get(pattern);
  if (!m) {
    m = compileAction(pattern);
    if (actionMatchers.size > 20_000) actionMatchers.clear();
    actionMatchers.set(pattern, m);
  }
  return m;
}

/** Whether an Action pattern (`iam:Create*`, `*`) matches an action (`iam:CreateRole`). */
export function matchesAction(pattern: string, action: string): boolean {
  return actionMatcher(pattern)(action.toLowerCase());
}

/** Splits on `:` outside `${…}`. */
export function splitPatternSegments(pattern: string): string[] {
  const parts: string[] = [];
  let start = 0;
  let depth = 0;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '$' && pattern[i + 1] === '{') depth++;
    else if (c === '}' && depth > 0) depth--;
    else if (c === ':' && depth === 0) {
      parts.push(pattern.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(pattern.slice(start));
  return parts;
}

/** A request ARN split into its six parts (the resource part keeps its colons); undefined when not an ARN. */
export function splitArn(arn: string): string[] | undefined {
  const parts: string[] = [];
  let start = 0;
  for (let n = 0; n < 5; n++) {
    const i = arn.indexOf(':', start);
    if (i === -1) return undefined;
    parts.push(arn.slice(start, i));
    start = i + 1;
  }
  parts.push(arn.slice(start));
  return parts[0] === 'arn' ? parts : undefined;
}

export type ShortArnRule = 'expand' | 'resource' | 'scp';

export interface ArnPattern {
  readonly source: string;
  readonly all: boolean;
  /** Fewer than six segments: how a policy type treats it decides (see matchArnPattern). */
  readonly short: boolean;
  readonly anyWildcard: boolean;
  readonly trailingWildcard: boolean;
  readonly segments: readonly Template[];
  readonly hasVariables: boolean;
}

const arnPatterns = new Map<string, ArnPattern>();

export function compileArnPattern(source: string): ArnPattern {
  let p = arnPatterns.get(source);
  if (p) return p;
  const raw = splitPatternSegments(source);
  const short = raw.length < 6;
  const segs = raw.slice(0, 5);
  while (segs.length < 5) segs.push('*');
  segs.push(raw.length > 5 ? raw.slice(5).join(':') : '*');
  const segments = segs.map(compileTemplate);
  p = {
    source,
    all: source === '*',
    short,
    anyWildcard: source.includes('*'),
    trailingWildcard: (raw[raw.length - 1] ?? '').endsWith('*'),
    segments,
    hasVariables: segments.some((s) => s.hasVariables),
  };
  if (arnPatterns.size > 20_000) arnPatterns.clear();
  arnPatterns.set(source, p);
  return p;
}

const EMPTY_CONTEXT: RequestContext = new Map();

/**
 * Matches a compiled pattern against a request resource (its `splitArn` parts, or undefined when not an ARN).
 * Undefined when a policy variable could not be resolved (which never matches).
 */
export function matchArnPattern(
  p: ArnPattern,
  resource: string,
  parts: readonly string[] | undefined,
  ctx: RequestContext,
  shortRule: ShortArnRule = 'expand',
): boolean | undefined {
  if (p.all) return true;
  // Undefined means "cannot be compared": such a pattern matches nothing, not even through NotResource.
  if (p.short) {
    // AWS difference: IAM's handling of ARNs with fewer than six segments is undocumented; we follow
    // iam-simulate: padded with `*` in identity policies, never matching in resource-based policies unless
    // wildcarded, and a padded pattern that does not match is not "outside" a NotResource either.
    if (shortRule === 'resource' && !p.anyWildcard) return false;
    if (shortRule === 'scp' && !p.trailingWildcard) return undefined;
    return resource !== '*' && parts && matchSegments(p, parts, ctx) === true ? true : undefined;
  }
  // A specific pattern never grants an action that has no resource type (request resource `*`).
  if (resource === '*') return false;
  if (!parts) return undefined;
  return matchSegments(p, parts, ctx);
}

function matchSegments(p: ArnPattern, parts: readonly string[], ctx: RequestContext): boolean | undefined {
  for (let i = 0; i < 6; i++) {
    const r = globMatches(p.segments[i], parts[i], ctx, i < 5);
    if (r === false) return false;
    if (r === undefined) {
      // An unresolved variable leaves the match undecided, unless the resource type before it (`role/`,
      // `function:`) already differs: then no value could make it match.
      return i === 5 && !parts[5].startsWith(resourceType(p)) ? false : undefined;
    }
  }
  return true;
}

/** The resource-type prefix of a pattern's resource part, up to its first `/` or `:` (none for S3 objects). */
function resourceType(p: ArnPattern): string {
  const s = p.segments;
  if (s[2].source === 's3' && s[3].source === '' && s[4].source === '') return '';
  const rest = s[5].source;
  const end = rest.search(/[/:]/);
  return end === -1 ? '' : rest.slice(0, end + 1);
}

/** Whether an ARN pattern (`arn:aws:iam::*:role/application_roles/*`) matches an ARN, resolving policy variables from `context`. */
export function matchesArnPattern(pattern: string, arn: string, context?: Record<string, string | string[]>): boolean {
  const ctx: RequestContext = context
    ? new Map(Object.entries(context).map(([k, v]) => [k.toLowerCase(), v]))
    : EMPTY_CONTEXT;
  return matchArnPattern(compileArnPattern(pattern), arn, splitArn(arn), ctx) === true;
}
