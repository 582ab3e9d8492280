/**
 * Input validation against the model's constraints, with AWS's own message form:
 * "1 validation error detected: Value 'x y' at 'roleName' failed to satisfy constraint: Member must satisfy
 * regular expression pattern: [\w+=,.@-]+". Services speaking awsQuery return it as ValidationError, the JSON
 * ones as ValidationException.
 */
import type { ServiceModel, Shape } from './model';

const patterns = new Map<string, RegExp | null>();

function compile(pattern: string): RegExp | null {
  let re = patterns.get(pattern);
  if (re === undefined) {
    try {
      // AWS matches the whole value (Java's Matcher.matches()).
      re = new RegExp(`^(?:${pattern})$`, 'u');
    } catch {
      // AWS difference: a Java-only regex construct that JavaScript cannot compile is not enforced.
      re = null;
    }
    patterns.set(pattern, re);
  }
  return re;
}

function lowerFirst(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

function show(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return `'${value}'`;
  if (value instanceof Date) return `'${value.toISOString()}'`;
  if (Array.isArray(value)) return `'[${value.map((v) => (typeof v === 'object' ? '{...}' : String(v))).join(', ')}]'`;
  if (typeof value === 'object') return `'{...}'`;
  return `'${String(value)}'`;
}

export function validateInput(model: ServiceModel, shapeName: string, input: Record<string, any>): string[] {
  const errors: string[] = [];
  walk(model, model.shapes[shapeName], input, '', errors);
  return errors;
}

export function validationMessage(errors: string[]): string {
  const n = errors.length;
  return `${n} validation error${n === 1 ? '' : 's'} detected: ${errors.join('; ')}`;
}

function fail(errors: string[], value: unknown, path: string, constraint: string) {
  errors.push(`Value ${show(value)} at '${path}' failed to satisfy constraint: ${constraint}`);
}

function walk(model: ServiceModel, shape: Shape | undefined, value: any, path: string, errors: string[]) {
  if (!shape || value === undefined || value === null) return;
  switch (shape.type) {
    case 'structure': {
      for (const req of shape.required ?? []) {
        if (value[req] === undefined || value[req] === null) {
          fail(errors, null, path ? `${path}.${lowerFirst(req)}` : lowerFirst(req), 'Member must not be null');
        }
      }
      for (const [name, ref] of Object.entries(shape.members ?? {})) {
        if (value[name] === undefined) continue;
        walk(model, model.shapes[ref.shape], value[name], path ? `${path}.${lowerFirst(name)}` : lowerFirst(name), errors);
      }
      return;
    }
    case 'list': {
      if (!Array.isArray(value)) return;
      lengthLimits(shape, value, value.length, path, errors);
      const member = model.shapes[shape.member!.shape];
      value.forEach((item, i) => walk(model, member, item, `${path}.${i + 1}.member`, errors));
      return;
    }
    case 'map': {
      if (typeof value !== 'object') return;
      const keys = Object.keys(value);
      lengthLimits(shape, value, keys.length, path, errors);
      const valueShape = model.shapes[shape.value!.shape];
      for (const k of keys) walk(model, valueShape, value[k], `${path}.${k}.member`, errors);
      return;
    }
    case 'string': {
      if (typeof value !== 'string') return;
      lengthLimits(shape, value, value.length, path, errors);
      if (shape.enum && !shape.enum.includes(value)) {
        fail(errors, value, path, `Member must satisfy enum value set: [${shape.enum.join(', ')}]`);
      } else if (shape.pattern && value.length > 0) {
        const re = compile(shape.pattern);
        if (re && !re.test(value)) {
          fail(errors, value, path, `Member must satisfy regular expression pattern: ${shape.pattern}`);
        }
      }
      return;
    }
    case 'integer':
    case 'long':
    case 'double':
    case 'float': {
      if (typeof value !== 'number') return;
      if (shape.min !== undefined && value < shape.min) {
        fail(errors, value, path, `Member must have value greater than or equal to ${shape.min}`);
      }
      if (shape.max !== undefined && value > shape.max) {
        fail(errors, value, path, `Member must have value less than or equal to ${shape.max}`);
      }
      return;
    }
    case 'blob': {
      if (value instanceof Uint8Array) lengthLimits(shape, value, value.length, path, errors);
      return;
    }
  }
}

function lengthLimits(shape: Shape, value: unknown, length: number, path: string, errors: string[]) {
  if (shape.min !== undefined && length < shape.min) {
    fail(errors, value, path, `Member must have length greater than or equal to ${shape.min}`);
  }
  if (shape.max !== undefined && length > shape.max) {
    fail(errors, value, path, `Member must have length less than or equal to ${shape.max}`);
  }
}
