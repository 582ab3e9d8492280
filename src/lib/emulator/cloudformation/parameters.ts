/** Stack parameters: defaults, types, constraints (AllowedValues, AllowedPattern, lengths, ranges) and NoEcho. */
import { validationError } from '../services/cloudformation/errors';
import { isListParameterType, type ParameterDeclaration, type Template } from './template';

export interface ParameterInput {
  ParameterKey?: string;
  ParameterValue?: string;
  UsePreviousValue?: boolean;
}

export interface ResolvedParameters {
  /** In template order, as DescribeStacks lists them (values as given, not masked). */
  list: { ParameterKey: string; ParameterValue: string }[];
  /** For Ref: strings, or lists for list types. */
  values: Record<string, string | string[]>;
}

const text = (v: unknown) => (typeof v === 'string' ? v : Array.isArray(v) ? v.map(String).join(',') : String(v));

export const isNoEcho = (d: ParameterDeclaration | undefined) => d?.NoEcho === true || String(d?.NoEcho).toLowerCase() === 'true';

/**
 * Resolve the given parameters against the template's declarations. `previous` holds the stack's current values,
 * for UsePreviousValue on update.
 */
export function resolveParameters(
  template: Template,
  given: ParameterInput[] = [],
  previous: Record<string, string> = {},
): ResolvedParameters {
  const decls = template.Parameters ?? {};
  const extra = given.map((p) => p.ParameterKey ?? '').filter((k) => !(k in decls));
  if (extra.length) throw validationError(`Parameters: [${extra.join(', ')}] do not exist in the template`);
  const byKey = new Map(given.map((p) => [p.ParameterKey!, p]));
  const list: ResolvedParameters['list'] = [];
  const missing: string[] = [];
  for (const [key, decl] of Object.entries(decls)) {
    const input = byKey.get(key);
    let value: string | undefined;
    if (input?.UsePreviousValue) {
      value = previous[key];
      if (value === undefined) throw validationError(`Invalid input for parameter key ${key}. Cannot specify usePreviousValue as true for a parameter key not in the previous template`);
    } else if (input?.ParameterValue !== undefined) value = input.ParameterValue;
    else if (decl.Default !== undefined) value = text(decl.Default);
    if (value === undefined) {
      missing.push(key);
      continue;
    }
    checkConstraints(key, decl, value);
    list.push({ ParameterKey: key, ParameterValue: value });
  }
  if (missing.length) throw validationError(`Parameters: [${missing.join(', ')}] must have values`);
  const values: Record<string, string | string[]> = {};
  for (const { ParameterKey, ParameterValue } of list) {
    values[ParameterKey] = isListParameterType(decls[ParameterKey].Type)
      ? ParameterValue === '' ? [] : ParameterValue.split(',').map((s) => s.trim())
      : ParameterValue;
  }
  return { list, values };
}

function checkConstraints(key: string, d: ParameterDeclaration, value: string): void {
  const fail = (why: string) => {
    throw validationError(
      d.ConstraintDescription ? `Parameter '${key}' failed to satisfy constraint: ${d.ConstraintDescription}` : why,
    );
  };
  const items = isListParameterType(d.Type) ? value.split(',').map((s) => s.trim()) : [value];
  for (const item of items) {
    if (d.Type === 'Number' || d.Type === 'List<Number>') {
      if (item.trim() === '' || Number.isNaN(Number(item))) fail(`Parameter '${key}' must be a number`);
      const n = Number(item);
      if (d.MinValue !== undefined && n < Number(d.MinValue)) fail(`Parameter '${key}' must be a number not less than ${d.MinValue}`);
      if (d.MaxValue !== undefined && n > Number(d.MaxValue)) fail(`Parameter '${key}' must be a number not greater than ${d.MaxValue}`);
    }
    if (d.AllowedValues && !d.AllowedValues.map(text).includes(item)) fail(`Parameter '${key}' must be one of AllowedValues`);
  }
  if (d.Type === 'String') {
    if (d.AllowedPattern !== undefined && !new RegExp(`^(?:${d.AllowedPattern})$`).test(value)) {
      fail(`Parameter '${key}' must match pattern ${d.AllowedPattern}`);
    }
    if (d.MinLength !== undefined && value.length < Number(d.MinLength)) {
      fail(`Parameter '${key}' must contain at least ${d.MinLength} characters`);
    }
    if (d.MaxLength !== undefined && value.length > Number(d.MaxLength)) {
      fail(`Parameter '${key}' must contain at most ${d.MaxLength} characters`);
    }
  }
}

/** DescribeStacks shows NoEcho parameters as `****`. */
export function describedParameters(template: Template, list: ResolvedParameters['list']) {
  return list.map((p) => ({
    ParameterKey: p.ParameterKey,
    ParameterValue: isNoEcho(template.Parameters?.[p.ParameterKey]) ? '****' : p.ParameterValue,
  }));
}
