/**
 * Policy variables (`${aws:username}`, `${aws:PrincipalTag/team, 'default'}`) and the special characters
 * `${*}`, `${?}`, `${$}`, compiled once per policy string and resolved against a request context.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
 */

/** The request context as the engine reads it: lower-cased key names, values as strings or string lists. */
export type RequestContext = ReadonlyMap<string, string | string[]>;

const STAR = 0;
const QMARK = 1;
interface VariableToken { key: string; name: string; fallback?: string }
type Token = string | typeof STAR | typeof QMARK | VariableToken;

export interface Template {
  readonly source: string;
  readonly tokens: readonly Token[];
  readonly hasVariables: boolean;
  readonly hasWildcards: boolean;
  /** Variables named, as written (for explanations and missing-key reports). */
  readonly variables: readonly string[];
}

const templates = new Map<string, Template>();

export function compileTemplate(source: string): Template {
  const cached = templates.get(source);
  if (cached) return cached;
  const tokens: Token[] = [];
  const variables: string[] = [];
  let literal = '';
  let hasWildcards = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '*' || c === '?') {
      if (literal) tokens.push(literal);
      literal = '';
      tokens.push(c === '*' ? STAR : QMARK);
      hasWildcards = true;
      continue;
    }
    if (c === '$' && source[i + 1] === '{') {
      const end = source.indexOf('}', i + 2);
      if (end !== -1) {
        const inner = source.slice(i + 2, end);
        i = end;
        if (inner === '*' || inner === '?' || inner === '$') {
          literal += inner;
          continue;
        }
        if (literal) tokens.push(literal);
        literal = '';
        const comma = inner.indexOf(',');
        const name = (comma === -1 ? inner : inner.slice(0, comma)).trim();
        let fallback: string | undefined;
        if (comma !== -1) {
          const rest = inner.slice(comma + 1).trim();
          if (rest.length >= 2 && rest.startsWith("'") && rest.endsWith("'")) fallback = rest.slice(1, -1);
        }
        tokens.push({ key: name.toLowerCase(), name, fallback });
        variables.push(name);
        continue;
      }
    }
    literal += c;
  }
  if (literal) tokens.push(literal);
  const template: Template = { source, tokens, hasVariables: variables.length > 0, hasWildcards, variables };
  if (templates.size > 20_000) templates.clear();
  templates.set(source, template);
  return template;
}

/** A variable's value: a single string, or undefined when the key is missing or multivalued (and no default). */
function variableValue(token: VariableToken, ctx: RequestContext): string | undefined {
  const value = ctx.get(token.key);
  if (typeof value === 'string') return value;
  return token.fallback;
}

/**
 * Resolves variables with `*` and `?` kept literal (StringEquals and friends). Undefined when a variable has no
 * value and no default: AWS then treats the comparison as not matching.
 */
export function resolveLiteral(t: Template, ctx: RequestContext): string | undefined {
  if (!t.hasVariables && !t.hasWildcards) return t.tokens.length === 1 ? (t.tokens[0] as string) : t.tokens.join('');
  let out = '';
  for (const token of t.tokens) {
    if (typeof token === 'string') out += token;
    else if (token === STAR) out += '*';
    else if (token === QMARK) out += '?';
    else {
      const value = variableValue(token, ctx);
      if (value === undefined) return undefined;
      out += value;
    }
  }
  return out;
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** Regular-expression source for the template, `*` → any run, `?` → one character. Undefined as for resolveLiteral. */
export function globSource(t: Template, ctx: RequestContext | undefined): string | undefined {
  let out = '';
  for (const token of t.tokens) {
    if (typeof token === 'string') out += escapeRe(token);
    else if (token === STAR) out += '[\\s\\S]*';
    else if (token === QMARK) out += '[\\s\\S]';
    else {
      const value = ctx ? variableValue(token, ctx) : undefined;
      if (value === undefined) return undefined;
      out += escapeRe(value);
    }
  }
  return out;
}

const regexps = new Map<string, RegExp>();

/** A cached anchored RegExp for a glob without variables. */
export function globRegExp(pattern: string, ignoreCase: boolean): RegExp {
  const cacheKey = (ignoreCase ? 'i' : 's') + pattern;
  let re = regexps.get(cacheKey);
  if (!re) {
    re = new RegExp('^' + globSource(compileTemplate(pattern), undefined) + '$', ignoreCase ? 'i' : '');
    if (regexps.size > 20_000) regexps.clear();
    regexps.set(cacheKey, re);
  }
  return re;
}

/** Per-template compiled matchers, made on first use. */
interface Compiled { literal?: string; literalLower?: string; re?: RegExp; reI?: RegExp }
const compiledTemplates = new WeakMap<Template, Compiled>();

/** Matches `value` against a template in glob mode, resolving variables. */
export function globMatches(t: Template, value: string, ctx: RequestContext, ignoreCase = false): boolean | undefined {
  if (!t.hasVariables) {
    let c = compiledTemplates.get(t);
    if (!c) compiledTemplates.set(t, (c = {}));
    if (!t.hasWildcards) {
      const literal = (c.literal ??= resolveLiteral(t, ctx) as string);
      if (literal === value) return true;
      return ignoreCase ? (c.literalLower ??= literal.toLowerCase()) === value.toLowerCase() : false;
    }
    const re = ignoreCase ? (c.reI ??= globRegExp(t.source, true)) : (c.re ??= globRegExp(t.source, false));
    return re.test(value);
  }
  const source = globSource(t, ctx);
  if (source === undefined) return undefined;
  return new RegExp('^' + source + '$', ignoreCase ? 'i' : '').test(value);
}
