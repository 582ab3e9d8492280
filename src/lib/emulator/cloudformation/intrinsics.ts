/**
 * Intrinsic functions, pseudo parameters and condition functions, resolved as CloudFormation resolves them, with its
 * error wording. Resolution is lazy: only the taken branch of Fn::If is evaluated, and `Ref AWS::NoValue` removes
 * the property or list item it stands for.
 */
import { templateError, templateFormatError, validationError } from '../services/cloudformation/errors';
import { availabilityZones, pseudoValue, type PseudoParameters } from './pseudo';

export const NO_VALUE: unique symbol = Symbol('AWS::NoValue');

export interface ResolvedResource {
  /** What Ref returns. */
  ref: string;
  attributes: Record<string, unknown>;
}

export interface ResolveContext {
  pseudo: PseudoParameters;
  /** Parameter values: a string, or a list for List<…> and CommaDelimitedList parameters. */
  parameters: Record<string, string | string[]>;
  mappings: Record<string, Record<string, Record<string, unknown>>>;
  /** Evaluated conditions (see evaluateConditions). */
  conditions: Record<string, boolean>;
  /** A resource that exists (created or being created after its dependencies); undefined when it does not. */
  resource(logicalId: string): ResolvedResource | undefined;
  /** The value of an export; undefined when there is none. */
  importValue(name: string): string | undefined;
  /** Where this value sits, for the "in the X block" wording. */
  block?: 'Resources' | 'Outputs' | 'Conditions';
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `{ 'Fn::X': arg }` or `{ Ref: arg }` / `{ Condition: arg }` with exactly one key: the function name and argument. */
export function intrinsicOf(v: unknown): [string, unknown] | undefined {
  if (!isObject(v)) return undefined;
  const keys = Object.keys(v);
  if (keys.length !== 1) return undefined;
  const k = keys[0];
  if (k === 'Ref' || k.startsWith('Fn::') || k === 'Condition') return [k, v[k]];
  return undefined;
}

export function resolveValue(node: unknown, rc: ResolveContext): unknown {
  if (Array.isArray(node)) {
    return node.map((n) => resolveValue(n, rc)).filter((n) => n !== NO_VALUE);
  }
  if (!isObject(node)) return node;
  const fn = intrinsicOf(node);
  // `Condition` is a function only inside condition functions; elsewhere it is an ordinary key.
  if (fn && fn[0] !== 'Condition') return callFunction(fn[0], fn[1], rc);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    const r = resolveValue(v, rc);
    if (r !== NO_VALUE) out[k] = r;
  }
  return out;
}

/** Resolve to a string, as properties and outputs that must be strings are. */
export function resolveString(node: unknown, rc: ResolveContext, what: string): string {
  const v = resolveValue(node, rc);
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  throw templateError(`${what} must resolve to a String value`);
}

function callFunction(name: string, arg: unknown, rc: ResolveContext): unknown {
  switch (name) {
    case 'Ref': return ref(arg, rc);
    case 'Fn::GetAtt': return getAtt(arg, rc);
    case 'Fn::Sub': return sub(arg, rc);
    case 'Fn::Join': return join(arg, rc);
    case 'Fn::Select': return select(arg, rc);
    case 'Fn::Split': return split(arg, rc);
    case 'Fn::If': return fnIf(arg, rc);
    case 'Fn::FindInMap': return findInMap(arg, rc);
    case 'Fn::Base64': return base64(resolveString(arg, rc, 'Fn::Base64'));
    case 'Fn::GetAZs': return getAZs(arg, rc);
    case 'Fn::ImportValue': return importValue(arg, rc);
    case 'Fn::Cidr': return cidr(arg, rc);
    case 'Fn::Equals':
    case 'Fn::And':
    case 'Fn::Or':
    case 'Fn::Not':
      return evaluateConditionFunction(name, arg, rc);
    default:
      throw templateFormatError(`Unrecognized intrinsic function: ${name}`);
  }
}

function unresolved(name: string, rc: ResolveContext): never {
  throw templateFormatError(
    `Unresolved resource dependencies [${name}] in the ${rc.block ?? 'Resources'} block of the template`,
  );
}

function ref(arg: unknown, rc: ResolveContext): unknown {
  if (typeof arg !== 'string') throw templateError('Every Ref object must have a single String value.');
  if (arg === 'AWS::NoValue') return NO_VALUE;
  const pseudo = pseudoValue(arg, rc.pseudo);
  if (pseudo !== undefined) return Array.isArray(pseudo) ? [...pseudo] : pseudo;
  if (arg in rc.parameters) {
    const v = rc.parameters[arg];
    return Array.isArray(v) ? [...v] : v;
  }
  if (rc.block === 'Conditions') {
    throw templateFormatError(`Unresolved dependencies [${arg}]. Cannot reference resources in the Conditions block of the template`);
  }
  const res = rc.resource(arg);
  if (!res) unresolved(arg, rc);
  return res.ref;
}

/** [logicalId, attribute] from `A.B`, `[A, B]` or `[A, {Ref: P}]`. */
export function getAttTarget(arg: unknown, rc?: ResolveContext): [string, string] {
  if (typeof arg === 'string') {
    const dot = arg.indexOf('.');
    if (dot > 0) return [arg.slice(0, dot), arg.slice(dot + 1)];
  }
  if (Array.isArray(arg) && arg.length === 2 && typeof arg[0] === 'string') {
    const attr = typeof arg[1] === 'string' ? arg[1] : rc ? resolveValue(arg[1], rc) : undefined;
    if (typeof attr === 'string') return [arg[0], attr];
  }
  throw templateError('every Fn::GetAtt object requires two non-empty parameters');
}

function getAtt(arg: unknown, rc: ResolveContext): unknown {
  const [logicalId, attribute] = getAttTarget(arg, rc);
  if (rc.block === 'Conditions') {
    throw templateFormatError(`Unresolved dependencies [${logicalId}]. Cannot reference resources in the Conditions block of the template`);
  }
  const res = rc.resource(logicalId);
  if (!res) {
    if (logicalId in rc.parameters) throw templateError(`instance of Fn::GetAtt references undefined resource ${logicalId}`);
    unresolved(logicalId, rc);
  }
  if (!(attribute in res.attributes)) {
    throw templateError(`resource ${logicalId} does not support attribute type ${attribute} in Fn::GetAtt`);
  }
  const v = res.attributes[attribute];
  return Array.isArray(v) ? [...v] : v;
}

const SUB_VARIABLE = /\$\{([^}]*)\}/g;
const SUB_NAME = /^[A-Za-z0-9_.:]+$/;

/** The `${…}` names in a Fn::Sub string, without `${!Literal}` escapes. */
export function subVariables(template: string): string[] {
  const names: string[] = [];
  for (const m of template.matchAll(SUB_VARIABLE)) {
    const name = m[1].trim();
    if (!name.startsWith('!')) names.push(name);
  }
  return names;
}

function sub(arg: unknown, rc: ResolveContext): string {
  let template: unknown = arg;
  let variables: Record<string, unknown> = {};
  if (Array.isArray(arg)) {
    if (arg.length !== 2 || !isObject(arg[1])) subArgumentsError();
    [template] = arg;
    variables = arg[1] as Record<string, unknown>;
  }
  if (typeof template !== 'string') subArgumentsError();
  return template.replace(SUB_VARIABLE, (_whole, raw: string) => {
    const name = raw.trim();
    if (name.startsWith('!')) return `\${${name.slice(1)}}`;
    if (!SUB_NAME.test(name)) {
      throw templateError('variable names in Fn::Sub syntax must contain only alphanumeric characters, underscores, periods, and colons');
    }
    if (name in variables) return stringOf(resolveValue(variables[name], rc), 'Fn::Sub');
    const dot = name.indexOf('.');
    if (dot > 0 && !name.startsWith('AWS::')) return stringOf(getAtt([name.slice(0, dot), name.slice(dot + 1)], rc), 'Fn::Sub');
    return stringOf(ref(name, rc), 'Fn::Sub');
  });
}

function subArgumentsError(): never {
  throw templateError(
    "One or more Fn::Sub intrinsic functions don't specify expected arguments. Specify a string as first argument, and an optional second argument to specify a mapping of values to replace in the string",
  );
}

function stringOf(v: unknown, fn: string): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v === NO_VALUE) return '';
  throw templateError(`every value in ${fn} must resolve to a String`);
}

function join(arg: unknown, rc: ResolveContext): string {
  const bad = () =>
    templateError(
      'every Fn::Join object requires two parameters, (1) a string delimiter and (2) a list of strings to be joined or a function that returns a list of strings (such as Fn::GetAZs) to be joined.',
    );
  if (!Array.isArray(arg) || arg.length !== 2) throw bad();
  const delimiter = resolveValue(arg[0], rc);
  const list = resolveValue(arg[1], rc);
  if (typeof delimiter !== 'string' || !Array.isArray(list)) throw bad();
  return list.map((v) => stringOf(v, 'Fn::Join')).join(delimiter);
}

function select(arg: unknown, rc: ResolveContext): unknown {
  if (!Array.isArray(arg) || arg.length !== 2) {
    throw templateError('Fn::Select requires a list argument with two elements: an integer index and a list');
  }
  const index = Number(resolveValue(arg[0], rc));
  const list = resolveValue(arg[1], rc);
  if (!Array.isArray(list)) throw templateError('Fn::Select requires a list argument with two elements: an integer index and a list');
  if (!Number.isInteger(index) || index < 0 || index >= list.length) {
    throw templateError(`Fn::Select cannot select nonexistent value at index ${String(resolveValue(arg[0], rc))}`);
  }
  return list[index];
}

function split(arg: unknown, rc: ResolveContext): string[] {
  const bad = () =>
    templateError(
      'every Fn::Split object requires two parameters, (1) a string delimiter and (2) a string to be split or a function that returns a string to be split.',
    );
  if (!Array.isArray(arg) || arg.length !== 2) throw bad();
  const delimiter = resolveValue(arg[0], rc);
  const source = resolveValue(arg[1], rc);
  if (typeof delimiter !== 'string' || typeof source !== 'string') throw bad();
  return source.split(delimiter);
}

function fnIf(arg: unknown, rc: ResolveContext): unknown {
  if (!Array.isArray(arg) || arg.length !== 3 || typeof arg[0] !== 'string') {
    throw templateError('Fn::If requires a list argument with three elements: a condition name, a value if true and a value if false');
  }
  return resolveValue(conditionValue(arg[0], rc) ? arg[1] : arg[2], rc);
}

function conditionValue(name: string, rc: ResolveContext): boolean {
  if (!(name in rc.conditions)) {
    throw templateFormatError(`Unresolved condition dependencies [${name}] in the ${rc.block ?? 'Resources'} block of the template`);
  }
  return rc.conditions[name];
}

function findInMap(arg: unknown, rc: ResolveContext): unknown {
  if (!Array.isArray(arg) || arg.length < 3) {
    throw templateError('every Fn::FindInMap object requires three parameters, the map name, map key and the attribute for return value');
  }
  const [map, top, second] = arg.slice(0, 3).map((a) => resolveValue(a, rc));
  const value = rc.mappings[String(map)]?.[String(top)]?.[String(second)];
  if (value === undefined) {
    const fallback = isObject(arg[3]) ? arg[3].DefaultValue : undefined;
    if (fallback !== undefined) return resolveValue(fallback, rc);
    throw templateError(`Unable to get mapping for ${String(map)}::${String(top)}::${String(second)}`);
  }
  return Array.isArray(value) ? [...value] : value;
}

/** Base64 of the UTF-8 bytes, without Node's Buffer (this runs in browsers too). */
export function base64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

function getAZs(arg: unknown, rc: ResolveContext): string[] {
  const region = resolveValue(arg, rc);
  if (typeof region !== 'string') throw templateError('Fn::GetAZs requires a String region name');
  return availabilityZones(region === '' ? rc.pseudo.region : region);
}

function importValue(arg: unknown, rc: ResolveContext): string {
  const name = resolveValue(arg, rc);
  if (typeof name !== 'string') throw templateError('Fn::ImportValue requires a String export name');
  const value = rc.importValue(name);
  if (value === undefined) throw validationError(`No export named ${name} found.`);
  return value;
}

/** Fn::Cidr [ipBlock, count, cidrBits]: `count` consecutive IPv4 blocks of 2^cidrBits addresses. */
function cidr(arg: unknown, rc: ResolveContext): string[] {
  if (!Array.isArray(arg) || arg.length !== 3) throw templateError('Fn::Cidr requires a list argument with three elements: an IP block, a count and the CIDR bits');
  const [block, count, bits] = arg.map((a) => resolveValue(a, rc));
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(String(block));
  // AWS difference: IPv6 blocks are not supported by the sandbox's Fn::Cidr.
  if (!m) throw templateError(`Fn::Cidr: invalid IP block ${String(block)}`);
  const n = Number(count);
  const b = Number(bits);
  const base = m.slice(1, 5).reduce((acc, o) => acc * 256 + Number(o), 0);
  const blockSize = 2 ** (32 - Number(m[5]));
  const size = 2 ** b;
  if (!Number.isInteger(n) || !Number.isInteger(b) || n < 1 || b < 0 || b > 32 - Number(m[5]) || n * size > blockSize) {
    throw templateError(`Fn::Cidr cannot fit ${String(count)} subnets of ${String(bits)} bits into ${String(block)}`);
  }
  const start = base - (base % blockSize);
  return Array.from({ length: n }, (_, i) => {
    const ip = start + i * size;
    return `${[24, 16, 8, 0].map((shift) => Math.floor(ip / 2 ** shift) % 256).join('.')}/${32 - b}`;
  });
}

// ---- Conditions ----

function evaluateConditionFunction(name: string, arg: unknown, rc: ResolveContext): boolean {
  switch (name) {
    case 'Fn::Equals': {
      if (!Array.isArray(arg) || arg.length !== 2) throw templateError('Fn::Equals requires a list argument with two elements');
      const [a, b] = arg.map((x) => resolveValue(x, rc));
      return JSON.stringify(scalar(a)) === JSON.stringify(scalar(b));
    }
    case 'Fn::Not': {
      if (!Array.isArray(arg) || arg.length !== 1) throw templateError('Fn::Not requires a list argument with one function token');
      return !conditionOperand(arg[0], rc);
    }
    case 'Fn::And':
    case 'Fn::Or': {
      if (!Array.isArray(arg) || arg.length < 2 || arg.length > 10) {
        throw templateError(`${name} requires a list argument with between 2 and 10 function tokens`);
      }
      const values = arg.map((x) => conditionOperand(x, rc));
      return name === 'Fn::And' ? values.every(Boolean) : values.some(Boolean);
    }
    default:
      throw templateFormatError(`Unrecognized intrinsic function: ${name}`);
  }
}

/** Numbers and booleans compare as the strings CloudFormation sees. */
const scalar = (v: unknown) => (typeof v === 'number' || typeof v === 'boolean' ? String(v) : v);

function conditionOperand(node: unknown, rc: ResolveContext): boolean {
  const fn = intrinsicOf(node);
  if (fn?.[0] === 'Condition') {
    if (typeof fn[1] !== 'string') throw templateError('Condition must be a String');
    return conditionValue(fn[1], rc);
  }
  const v = resolveValue(node, rc);
  if (typeof v === 'boolean') return v;
  if (v === 'true' || v === 'false') return v === 'true';
  throw templateError('condition functions must resolve to a boolean value');
}

/**
 * Evaluate the Conditions section (a condition may use another through `Condition`). Throws on unknown names,
 * references to resources and cycles.
 */
export function evaluateConditions(
  conditions: Record<string, unknown> | undefined,
  base: Omit<ResolveContext, 'conditions' | 'resource' | 'block'>,
): Record<string, boolean> {
  const decls = conditions ?? {};
  const done: Record<string, boolean> = {};
  const visiting = new Set<string>();
  const rc: ResolveContext = {
    ...base,
    block: 'Conditions',
    resource: () => undefined,
    conditions: new Proxy(done, {
      has: (_t, name) => typeof name === 'string' && name in decls,
      get: (_t, name) => (typeof name === 'string' ? evaluate(name) : undefined),
    }),
  };
  function evaluate(name: string): boolean {
    if (name in done) return done[name];
    if (visiting.has(name)) throw templateFormatError(`Circular dependency between conditions: [${[...visiting].join(', ')}]`);
    visiting.add(name);
    const v = conditionOperand(decls[name], rc);
    visiting.delete(name);
    done[name] = v;
    return v;
  }
  for (const name of Object.keys(decls)) evaluate(name);
  return { ...done };
}
