/**
 * The policy grammar: a JSON document normalised into statements (single values become lists), then compiled
 * once per document (cached by string, or by object identity) with its wildcards turned into matchers.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
 */
import { compileCondition, type CompiledCondition } from './conditions';
import { actionMatcher, compileArnPattern, type ArnPattern } from './wildcard';

export interface PrincipalSpec {
  /** `"*"` or `{"AWS": "*"}`. */
  wildcard: boolean;
  aws: string[];
  service: string[];
  federated: string[];
  canonicalUser: string[];
}

export interface Statement {
  index: number;
  sid?: string;
  effect: 'Allow' | 'Deny';
  action?: string[];
  notAction?: string[];
  resource?: string[];
  notResource?: string[];
  principal?: PrincipalSpec;
  notPrincipal?: PrincipalSpec;
  /** operator → key → values, as written. */
  condition: { operator: string; key: string; values: string[] }[];
}

export interface Policy {
  version?: string;
  id?: string;
  statements: Statement[];
}

export class PolicySyntaxError extends Error {}

const list = (v: unknown): string[] | undefined =>
  v === undefined ? undefined : (Array.isArray(v) ? v : [v]).map((x) => (typeof x === 'string' ? x : JSON.stringify(x)));

function principalSpec(v: unknown): PrincipalSpec | undefined {
  if (v === undefined) return undefined;
  const spec: PrincipalSpec = { wildcard: false, aws: [], service: [], federated: [], canonicalUser: [] };
  if (v === '*') {
    spec.wildcard = true;
    return spec;
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return spec;
  for (const [k, val] of Object.entries(v)) {
    const values = list(val) ?? [];
    if (k === 'AWS') {
      for (const a of values) (a === '*' ? (spec.wildcard = true) : spec.aws.push(a));
    } else if (k === 'Service') spec.service.push(...values);
    else if (k === 'Federated') spec.federated.push(...values);
    else if (k === 'CanonicalUser') spec.canonicalUser.push(...values);
  }
  return spec;
}

function conditionBlock(v: unknown): Statement['condition'] {
  if (typeof v !== 'object' || v === null) return [];
  const out: Statement['condition'] = [];
  for (const [operator, keys] of Object.entries(v)) {
    if (typeof keys !== 'object' || keys === null) continue;
    for (const [key, values] of Object.entries(keys)) {
      out.push({ operator, key, values: (Array.isArray(values) ? values : [values]).map((x) => String(x)) });
    }
  }
  return out;
}

/** Parses and normalises a policy document. Throws PolicySyntaxError when the text is not a JSON object. */
export function parsePolicy(document: string | object): Policy {
  let doc: unknown = document;
  if (typeof document === 'string') {
    try {
      doc = JSON.parse(document);
    } catch {
      throw new PolicySyntaxError('This policy contains invalid Json');
    }
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new PolicySyntaxError('Syntax errors in policy.');
  const d = doc as Record<string, unknown>;
  const raw = d.Statement === undefined ? [] : Array.isArray(d.Statement) ? d.Statement : [d.Statement];
  const statements = raw.map((s: unknown, index: number): Statement => {
    const st = (typeof s === 'object' && s !== null ? s : {}) as Record<string, unknown>;
    return {
      index,
      sid: typeof st.Sid === 'string' ? st.Sid : undefined,
      effect: st.Effect === 'Deny' ? 'Deny' : 'Allow',
      action: list(st.Action),
      notAction: list(st.NotAction),
      resource: list(st.Resource),
      notResource: list(st.NotResource),
      principal: principalSpec(st.Principal),
      notPrincipal: principalSpec(st.NotPrincipal),
      condition: conditionBlock(st.Condition),
    };
  });
  return {
    version: typeof d.Version === 'string' ? d.Version : undefined,
    id: typeof d.Id === 'string' ? d.Id : undefined,
    statements,
  };
}

export interface CompiledStatement {
  statement: Statement;
  /** Action / NotAction patterns and their matchers. */
  actions: { pattern: string; test: (actionLower: string) => boolean }[];
  notAction: boolean;
  /** Undefined when the statement has neither Resource nor NotResource (trust policies). */
  resources?: ArnPattern[];
  notResource: boolean;
  conditions: CompiledCondition[];
  /** Which action pattern matched, per lower-cased action (undefined entry: none). */
  actionCache: Map<string, string | null>;
}

export interface CompiledPolicy {
  policy: Policy;
  statements: CompiledStatement[];
}

function compile(policy: Policy): CompiledPolicy {
  return {
    policy,
    statements: policy.statements.map((s) => {
      const actionPatterns = s.action ?? s.notAction ?? [];
      const resourcePatterns = s.resource ?? s.notResource;
      return {
        statement: s,
        actions: actionPatterns.map((pattern) => ({ pattern, test: actionMatcher(pattern) })),
        notAction: s.action === undefined && s.notAction !== undefined,
        resources: resourcePatterns?.map(compileArnPattern),
        notResource: s.resource === undefined && s.notResource !== undefined,
        conditions: s.condition.map((c) => compileCondition(c.operator, c.key, c.values)),
        actionCache: new Map(),
      };
    }),
  };
}

const byText = new Map<string, CompiledPolicy>();
const byObject = new WeakMap<object, CompiledPolicy>();

/** The compiled form of a policy document, from cache when this document was seen before. */
export function compilePolicy(document: string | object): CompiledPolicy {
  if (typeof document === 'string') {
    let c = byText.get(document);
    if (!c) {
      c = compile(parsePolicy(document));
      if (byText.size > 5_000) byText.clear();
      byText.set(document, c);
    }
    return c;
  }
  let c = byObject.get(document);
  if (!c) {
    c = compile(parsePolicy(document));
    byObject.set(document, c);
  }
  return c;
}

/** The Action / NotAction pattern that makes the statement apply to `actionLower`, or undefined. */
export function statementActionMatch(s: CompiledStatement, actionLower: string): string | undefined {
  let hit = s.actionCache.get(actionLower);
  if (hit === undefined) {
    let found: string | undefined;
    for (const a of s.actions) {
      if (a.test(actionLower)) {
        found = a.pattern;
        break;
      }
    }
    if (s.notAction) hit = found !== undefined ? null : `NotAction ${s.actions.map((a) => a.pattern).join(', ')}`;
    else hit = found ?? null;
    if (s.actionCache.size > 2_000) s.actionCache.clear();
    s.actionCache.set(actionLower, hit);
  }
  return hit ?? undefined;
}
