/**
 * Condition operators: String*, Numeric*, Date*, Bool, BinaryEquals, IpAddress/NotIpAddress, Arn*, Null, the
 * `…IfExists` forms and the `ForAllValues:` / `ForAnyValue:` set operators. Keys in one block are AND-ed,
 * values of one key OR-ed (for negated operators: none may match).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
 */
import { compileTemplate, globMatches, resolveLiteral, type RequestContext, type Template } from './variables';
import { splitArn, splitPatternSegments } from './wildcard';
import { ipMatches } from './ip';

type Kind = 'string' | 'numeric' | 'date' | 'bool' | 'binary' | 'ip' | 'arn' | 'null';

interface BaseOperator {
  kind: Kind;
  negated: boolean;
  /** One policy value against one request value: true / false, or undefined when it cannot be compared. */
  test?: (policy: CompiledValue, request: string, ctx: RequestContext) => boolean | undefined;
}

interface CompiledValue {
  raw: string;
  template: Template;
  /** Parsed once for numeric / date operators. */
  number?: number;
  arnSegments?: Template[];
}

const num = (v: string): number | undefined => {
  const t = v.trim();
  if (t === '' || !/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return undefined;
  return Number(t);
};

/** Dates: ISO 8601 (W3C profile) or epoch seconds. */
const date = (v: string): number | undefined => {
  if (/^-?\d+$/.test(v)) return Number(v) * 1000;
  const ms = Date.parse(v);
  return Number.isNaN(ms) ? undefined : ms;
};

const strEq: BaseOperator['test'] = (p, r, ctx) => {
  const v = resolveLiteral(p.template, ctx);
  return v === undefined ? undefined : v === r;
};
const strEqIc: BaseOperator['test'] = (p, r, ctx) => {
  const v = resolveLiteral(p.template, ctx);
  return v === undefined ? undefined : v.toLowerCase() === r.toLowerCase();
};
const strLike: BaseOperator['test'] = (p, r, ctx) => globMatches(p.template, r, ctx);
const numCmp = (f: (a: number, b: number) => boolean): BaseOperator['test'] => (p, r) => {
  const b = num(r);
  return p.number === undefined || b === undefined ? undefined : f(b, p.number);
};
const dateCmp = (f: (a: number, b: number) => boolean): BaseOperator['test'] => (p, r) => {
  const b = date(r);
  return p.number === undefined || b === undefined ? undefined : f(b, p.number);
};
const bool: BaseOperator['test'] = (p, r, ctx) => {
  const v = resolveLiteral(p.template, ctx)?.toLowerCase();
  const rv = r.toLowerCase();
  if ((v !== 'true' && v !== 'false') || (rv !== 'true' && rv !== 'false')) return undefined;
  return v === rv;
};
const arnLike: BaseOperator['test'] = (p, r, ctx) => {
  const parts = splitArn(r);
  if (!p.arnSegments || !parts) return undefined;
  for (let i = 0; i < 6; i++) {
    const m = globMatches(p.arnSegments[i], parts[i], ctx);
    if (m !== true) return m;
  }
  return true;
};

const positive = (kind: Kind, test: BaseOperator['test']): BaseOperator => ({ kind, negated: false, test });
const negative = (kind: Kind, test: BaseOperator['test']): BaseOperator => ({ kind, negated: true, test });

export const OPERATORS: Record<string, BaseOperator> = {
  stringequals: positive('string', strEq),
  stringnotequals: negative('string', strEq),
  stringequalsignorecase: positive('string', strEqIc),
  stringnotequalsignorecase: negative('string', strEqIc),
  stringlike: positive('string', strLike),
  stringnotlike: negative('string', strLike),
  numericequals: positive('numeric', numCmp((a, b) => a === b)),
  numericnotequals: negative('numeric', numCmp((a, b) => a === b)),
  numericlessthan: positive('numeric', numCmp((a, b) => a < b)),
  numericlessthanequals: positive('numeric', numCmp((a, b) => a <= b)),
  numericgreaterthan: positive('numeric', numCmp((a, b) => a > b)),
  numericgreaterthanequals: positive('numeric', numCmp((a, b) => a >= b)),
  dateequals: positive('date', dateCmp((a, b) => a === b)),
  datenotequals: negative('date', dateCmp((a, b) => a === b)),
  datelessthan: positive('date', dateCmp((a, b) => a < b)),
  datelessthanequals: positive('date', dateCmp((a, b) => a <= b)),
  dategreaterthan: positive('date', dateCmp((a, b) => a > b)),
  dategreaterthanequals: positive('date', dateCmp((a, b) => a >= b)),
  bool: positive('bool', bool),
  binaryequals: positive('binary', (p, r) => p.raw === r),
  ipaddress: positive('ip', (p, r) => ipMatches(p.raw, r)),
  notipaddress: negative('ip', (p, r) => ipMatches(p.raw, r)),
  arnequals: positive('arn', arnLike),
  arnlike: positive('arn', arnLike),
  arnnotequals: negative('arn', arnLike),
  arnnotlike: negative('arn', arnLike),
  null: { kind: 'null', negated: false },
};

export interface ParsedOperator {
  base: BaseOperator | undefined;
  baseName: string;
  set: 'ForAllValues' | 'ForAnyValue' | undefined;
  ifExists: boolean;
}

/** `ForAnyValue:StringLikeIfExists` → its parts; `base` undefined for an unknown operator. */
export function parseOperator(operator: string): ParsedOperator {
  let rest = operator;
  let set: ParsedOperator['set'];
  const colon = rest.indexOf(':');
  if (colon !== -1) {
    const q = rest.slice(0, colon).toLowerCase();
    if (q === 'forallvalues') set = 'ForAllValues';
    else if (q === 'foranyvalue') set = 'ForAnyValue';
    else return { base: undefined, baseName: rest, set, ifExists: false };
    rest = rest.slice(colon + 1);
  }
  let ifExists = false;
  let lower = rest.toLowerCase();
  if (lower.endsWith('ifexists') && lower !== 'ifexists') {
    ifExists = true;
    lower = lower.slice(0, -'ifexists'.length);
  }
  const base = OPERATORS[lower];
  // `NullIfExists` and `ForAnyValue:Null` are not operators.
  if (base && base.kind === 'null' && (ifExists || set)) return { base: undefined, baseName: lower, set, ifExists };
  return { base, baseName: lower, set, ifExists };
}

export interface CompiledCondition {
  operator: string;
  key: string;
  keyLower: string;
  values: string[];
  op: ParsedOperator;
  compiled: CompiledValue[];
}

export function compileCondition(operator: string, key: string, values: string[]): CompiledCondition {
  const op = parseOperator(operator);
  const compiled = values.map((raw): CompiledValue => {
    const v: CompiledValue = { raw, template: compileTemplate(raw) };
    if (op.base?.kind === 'numeric') v.number = num(raw);
    else if (op.base?.kind === 'date') v.number = date(raw);
    else if (op.base?.kind === 'arn') {
      const segs = splitPatternSegments(raw);
      if (segs.length >= 6 && segs[0] === 'arn') v.arnSegments = [...segs.slice(0, 5), segs.slice(5).join(':')].map(compileTemplate);
    }
    return v;
  });
  return { operator, key, keyLower: key.toLowerCase(), values, op, compiled };
}

/** One request value against all the policy values of a key. */
function testValue(c: CompiledCondition, request: string, ctx: RequestContext): boolean {
  const base = c.op.base!;
  const test = base.test!;
  if (base.negated) {
    for (const p of c.compiled) if (test(p, request, ctx) !== false) return false;
    return true;
  }
  for (const p of c.compiled) if (test(p, request, ctx) === true) return true;
  return false;
}

/** Evaluates one condition (operator + key + its values) against the request context. */
export function evaluateCondition(c: CompiledCondition, ctx: RequestContext): boolean {
  const { base, set, ifExists } = c.op;
  if (!base) return false;
  const value = ctx.get(c.keyLower);
  if (base.kind === 'null') {
    const want = value === undefined ? 'true' : 'false';
    return c.values.some((v) => v.toLowerCase() === want);
  }
  if (set === 'ForAllValues') {
    if (value === undefined) return true;
    const list = typeof value === 'string' ? [value] : value;
    for (const v of list) if (!testValue(c, v, ctx)) return false;
    return true;
  }
  if (set === 'ForAnyValue') {
    if (value === undefined) return false;
    const list = typeof value === 'string' ? [value] : value;
    for (const v of list) if (testValue(c, v, ctx)) return true;
    return false;
  }
  if (value === undefined) return ifExists || base.negated;
  // AWS difference: AWS does not document a single-valued operator on a multivalued key; like iam-simulate we
  // never match it (a set operator is required).
  if (typeof value !== 'string') return false;
  return testValue(c, value, ctx);
}
