/**
 * ARN syntax, checked with the request's shape (after the model's constraints, before authorization): IAM and STS
 * parse every member of their models' `arnType` shape and refuse one that is not an ARN with ValidationError, each
 * in its own words:
 *   IAM  AttachRolePolicy --policy-arn foo…  → "Invalid ARN:  Could not be parsed!"  (two spaces, as IAM writes it)
 *   STS  AssumeRole --role-arn foo…          → "foo… is invalid"
 * Other services' ARN members carry a model pattern, which validate.ts already enforces.
 */
import type { ServiceModel, Shape } from './model';

const ARN_SHAPES: Record<string, { shape: string; message: (value: string) => string }> = {
  iam: { shape: 'arnType', message: () => 'Invalid ARN:  Could not be parsed!' },
  sts: { shape: 'arnType', message: (value) => `${value} is invalid` },
};

/** arn:partition:service:region:account:resource, with region and account possibly empty (as AWS's parser reads it). */
const ARN = /^arn:[^:]+:[^:]+:[^:]*:[^:]*:.+$/s;

export const isArn = (value: string) => ARN.test(value);

/** The first member of the input that names an ARN that does not parse, in the service's message, or undefined. */
export function arnSyntaxError(service: string, model: ServiceModel, shapeName: string, input: unknown): string | undefined {
  const rule = ARN_SHAPES[service];
  if (!rule) return undefined;
  return find(model, shapeName, input, rule.shape, rule.message, 0);
}

function find(model: ServiceModel, name: string, value: any, arnShape: string, message: (v: string) => string, depth: number): string | undefined {
  const shape: Shape | undefined = model.shapes[name];
  if (!shape || value === undefined || value === null || depth > 20) return undefined;
  if (name === arnShape && typeof value === 'string') return isArn(value) ? undefined : message(value);
  if (shape.type === 'structure' && typeof value === 'object') {
    for (const [member, ref] of Object.entries(shape.members ?? {})) {
      const hit = find(model, ref.shape, value[member], arnShape, message, depth + 1);
      if (hit) return hit;
    }
  } else if (shape.type === 'list' && Array.isArray(value)) {
    for (const item of value) {
      const hit = find(model, shape.member!.shape, item, arnShape, message, depth + 1);
      if (hit) return hit;
    }
  }
  return undefined;
}
