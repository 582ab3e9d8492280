/**
 * The CLI tables generated from botocore's service models (models/generate.py), loaded lazily per service.
 */

/**
 * Scalar codes: s string, i integer/long, f float/double, b boolean, t timestamp, B blob, S streaming blob,
 * d document, P an IAM policy document in an output (URL-encoded JSON).
 */
export type ScalarCode = 's' | 'i' | 'f' | 'b' | 't' | 'B' | 'S' | 'd' | 'P';
export type ShapeRef = ScalarCode | number;
/** Input members carry `required` (and a kebab override); output members only name and shape. */
export type MemberEntry = [name: string, shape: ShapeRef, required?: 0 | 1, kebab?: string];
export type ComplexShape = { m: MemberEntry[] } | { l: ShapeRef } | { k: ShapeRef; v: ShapeRef };

export interface Paginator {
  i?: string | string[];
  o?: string | string[];
  l?: string;
  r: string[];
  m?: string;
  n?: string[];
}

export interface Acceptor {
  state: 'success' | 'failure' | 'retry';
  matcher: 'path' | 'pathAll' | 'pathAny' | 'status' | 'error';
  argument?: string;
  expected: unknown;
}
export interface Waiter {
  operation: string;
  delay: number;
  maxAttempts: number;
  acceptors: Acceptor[];
}

export interface ServiceModel {
  v: string;
  id: string;
  proto: string;
  /** kebab operation → [OperationName, input shape, flags (1 = streaming output), output shape, kebab override] */
  o: Record<string, [string, number | null, number, number | null, string?]>;
  s: ComplexShape[];
  p: Record<string, Paginator>;
  w: Record<string, Waiter>;
  r?: Record<string, Record<string, string>>;
}

/** The CLI command names this `aws` knows, in the order `aws help` lists them. */
export const SERVICE_NAMES = ['cloudformation', 'cloudtrail', 'iam', 'lambda', 'logs', 's3', 's3api', 'stepfunctions', 'sts'] as const;

const loaders: Record<string, () => Promise<{ default: unknown }>> = {
  sts: () => import('./models/sts.json'),
  iam: () => import('./models/iam.json'),
  cloudformation: () => import('./models/cloudformation.json'),
  stepfunctions: () => import('./models/stepfunctions.json'),
  lambda: () => import('./models/lambda.json'),
  logs: () => import('./models/logs.json'),
  cloudtrail: () => import('./models/cloudtrail.json'),
  s3api: () => import('./models/s3api.json'),
};

const cache = new Map<string, ServiceModel>();

export async function loadModel(service: string): Promise<ServiceModel> {
  let m = cache.get(service);
  if (!m) {
    m = (await loaders[service]()).default as ServiceModel;
    cache.set(service, m);
  }
  return m;
}

/** botocore's xform_name(name, '-'); the generator stores an override wherever botocore differs. */
export function kebab(name: string): string {
  const special = /[A-Z]{2,}s$/.exec(name);
  if (special) name = `${name.slice(0, -special[0].length)}-${special[0].toLowerCase()}`;
  const s1 = name.replace(/(.)([A-Z][a-z]+)/g, '$1-$2');
  return s1.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
}

export function isStructure(s: ComplexShape): s is { m: MemberEntry[] } {
  return 'm' in s;
}
export function isList(s: ComplexShape): s is { l: ShapeRef } {
  return 'l' in s;
}
