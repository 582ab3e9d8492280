/**
 * The one list of what the live server signs, derived from the workshop itself: the lab definition's commands
 * (as the AWS CLI maps them to operations, waiters and `aws s3` commands included), its checks, the check/clean-up
 * code and the lab's templates. A new lesson's commands pass without anyone copying names here; anything the
 * workshop does not do is refused. Pure: the caller (policy/node.ts) reads the files.
 */
import type { Lab } from '../../../../labs/schema';
import { parseTemplate, type Template } from '../../../../labs/templates';
import { awsInvocations, isLiteral, literalPrefix, type AwsInvocation } from './commands';

/** Who signs a call: the learner's own identity, or a session of a workshop role assumed through the server. */
export type Signer = 'base' | 'session';

export interface WorkshopPolicy {
  /** `service:Operation` (SigV4 signing name) → who may sign it. */
  operations: Map<string, Set<Signer>>;
  stacks: Set<string>;
  /** Role names the workshop makes or assumes. */
  roles: Set<string>;
  /** IAM paths the workshop writes under. */
  iamPaths: Set<string>;
  /** Customer managed policies the workshop makes, as `${path}${name}`. */
  policies: Set<string>;
  /** The resource types the lab's templates declare. */
  resourceTypes: Set<string>;
  bucketPrefixes: string[];
  logGroupPrefixes: string[];
  /** Lambda functions and state machines: CloudFormation names them `<stack>-<logicalId>-…` or `<logicalId>-…`. */
  namePrefixes: string[];
}

/** The shell's CLI tables (botocore, via models/generate.py): kebab command → [OperationName, …]; waiters. */
export interface CliTables {
  [service: string]: { o: Record<string, [string, ...unknown[]]>; w: Record<string, { operation: string }> };
}

export interface WorkshopSources {
  lab: Lab;
  cli: CliTables;
  /** Source text of the code that calls AWS from the page: checks, clean-up, the lab runtime. */
  code: string[];
  /** The lab's templates by file name (labs/…). */
  templates: Record<string, string>;
  /** Lessons the live server does not run (labs/lab.ts SANDBOX_ONLY_LESSONS): their operations are not signed. */
  sandboxOnly?: readonly string[];
}

/** CLI service name → SigV4 signing name. */
const SIGNING: Record<string, string> = { stepfunctions: 'states', s3api: 's3', s3: 's3' };

/**
 * What the AWS CLI's high-level `aws s3` commands call. They are written by hand in awscli (customizations/s3),
 * not described by botocore's models, so this table is the one place their operations are named.
 */
export const S3_HIGH_LEVEL: Record<string, string[]> = {
  ls: ['ListBuckets', 'ListObjectsV2'],
  mb: ['CreateBucket'],
  rb: ['DeleteBucket', 'ListObjectsV2', 'DeleteObject', 'DeleteObjects'],
  cp: ['PutObject', 'GetObject', 'HeadObject', 'CopyObject', 'ListObjectsV2', 'CreateMultipartUpload', 'UploadPart', 'UploadPartCopy', 'CompleteMultipartUpload', 'AbortMultipartUpload'],
  mv: ['PutObject', 'GetObject', 'HeadObject', 'CopyObject', 'ListObjectsV2', 'DeleteObject', 'CreateMultipartUpload', 'UploadPart', 'UploadPartCopy', 'CompleteMultipartUpload', 'AbortMultipartUpload'],
  rm: ['DeleteObject', 'DeleteObjects', 'ListObjectsV2'],
  sync: ['ListObjectsV2', 'HeadObject', 'PutObject', 'GetObject', 'CopyObject', 'DeleteObject', 'CreateMultipartUpload', 'UploadPart', 'UploadPartCopy', 'CompleteMultipartUpload', 'AbortMultipartUpload'],
};

/** SDK v3 client package → SigV4 signing name. */
const CLIENT_PACKAGES: Record<string, string> = {
  'client-sts': 'sts', 'client-iam': 'iam', 'client-cloudformation': 'cloudformation', 'client-lambda': 'lambda',
  'client-sfn': 'states', 'client-cloudwatch-logs': 'logs', 'client-cloudtrail': 'cloudtrail', 'client-s3': 's3',
};

const waiterKebab = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();

/** The operations one CLI invocation makes; unknown commands are an error, so a typo in a lesson fails the test. */
export function operationsOf(inv: AwsInvocation, cli: CliTables): { service: string; operations: string[] } {
  const service = SIGNING[inv.service] ?? inv.service;
  if (inv.service === 's3') {
    const ops = S3_HIGH_LEVEL[inv.command];
    if (!ops) throw new Error(`aws s3 ${inv.command}: not an aws s3 command the live allowlist knows`);
    return { service, operations: ops };
  }
  const table = cli[inv.service];
  if (!table) throw new Error(`aws ${inv.service}: not a service of the workshop`);
  if (inv.command === 'wait') {
    const waiter = Object.entries(table.w).find(([name]) => waiterKebab(name) === inv.subcommand);
    if (!waiter) throw new Error(`aws ${inv.service} wait ${inv.subcommand}: no such waiter`);
    return { service, operations: [waiter[1].operation] };
  }
  const op = table.o[inv.command];
  if (!op) throw new Error(`aws ${inv.service} ${inv.command}: no such command`);
  return { service, operations: [op[0]] };
}

/** `arn:aws:iam::123:policy/path/name` (variables allowed in the account) → { path, name }. */
export function policyPathName(arn: string): { path: string; name: string } | undefined {
  const m = /:policy(\/(?:[^$]*\/)?)([^/$]+)$/.exec(arn);
  return m ? { path: m[1], name: m[2] } : undefined;
}

export function derivePolicy(src: WorkshopSources): WorkshopPolicy {
  const p: WorkshopPolicy = {
    operations: new Map(), stacks: new Set(), roles: new Set(), iamPaths: new Set(), policies: new Set(),
    resourceTypes: new Set(), bucketPrefixes: [], logGroupPrefixes: [], namePrefixes: [],
  };
  const allow = (service: string, op: string, signer: Signer) => {
    const key = `${service}:${op}`;
    p.operations.set(key, new Set([...(p.operations.get(key) ?? []), signer]));
  };
  const addPolicy = (path: string, name: string) => {
    p.policies.add(`${path}${name}`);
    p.iamPaths.add(path);
  };
  const templates = new Map<string, Template>();
  for (const [file, text] of Object.entries(src.templates)) templates.set(file, parseTemplate(text));

  for (const step of src.lab.steps) {
    if (src.sandboxOnly?.includes(step.lesson)) continue;
    // The step's identity is who the terminal is when it starts; `assume-role` inside a step switches to a session.
    let signer: Signer = step.identity === 'builder' ? 'session' : 'base';
    for (const command of step.commands) {
      for (const inv of awsInvocations(command.run)) {
        const { service, operations } = operationsOf(inv, src.cli);
        for (const op of operations) allow(service, op, signer);
        scopeFromInvocation(inv, p);
      }
      if (/export AWS_SESSION_TOKEN=/.test(command.run)) signer = 'session';
      if (/unset[^\n;]*AWS_SESSION_TOKEN/.test(command.run)) signer = 'base';
      for (const m of command.run.matchAll(/file:\/\/labs\/([^\s'"]+)/g)) {
        const t = templates.get(m[1]);
        if (t) scopeFromTemplate(t, p);
      }
    }
    for (const check of step.checks) scopeFromCheck(check as Record<string, unknown>, p, addPolicy);
  }

  for (const text of src.code) {
    for (const imp of text.matchAll(/import\s*\{([^}]*)\}\s*from\s*'@aws-sdk\/(client-[a-z0-9-]+)'/g)) {
      const service = CLIENT_PACKAGES[imp[2]];
      if (!service) continue;
      for (const name of imp[1].split(',').map((s) => s.trim().replace(/^type\s+/, ''))) {
        const op = /^(?:paginate([A-Z]\w+)|([A-Z]\w+)Command)$/.exec(name);
        if (!op) continue;
        const operation = op[1] ?? op[2];
        allow(service, operation, 'base');
        // The checks read "who is the terminal" with the terminal's own credentials, which may be a role session.
        if (new RegExp(`terminal[^\\n]*new ${operation}Command`).test(text)) allow(service, operation, 'session');
      }
    }
  }

  for (const stack of p.stacks) {
    p.bucketPrefixes.push(`${stack}-`);
    p.logGroupPrefixes.push(`/aws/lambda/${stack}-`);
    p.namePrefixes.push(`${stack}-`);
  }
  p.bucketPrefixes = [...new Set(p.bucketPrefixes)].filter((b) => b.length >= 3);
  p.logGroupPrefixes = [...new Set(p.logGroupPrefixes)];
  p.namePrefixes = [...new Set(p.namePrefixes)];
  return p;
}

function scopeFromInvocation(inv: AwsInvocation, p: WorkshopPolicy) {
  const all = (name: string) => inv.options.get(name) ?? [];
  for (const v of all('--stack-name')) if (isLiteral(v)) p.stacks.add(v);
  for (const v of all('--role-name')) if (isLiteral(v)) p.roles.add(v);
  for (const v of all('--path')) if (isLiteral(v)) p.iamPaths.add(v);
  for (const v of [...all('--policy-arn'), ...all('--permissions-boundary')]) {
    const ref = policyPathName(v);
    if (ref) {
      p.policies.add(`${ref.path}${ref.name}`);
      p.iamPaths.add(ref.path);
    }
  }
  const name = all('--policy-name')[0];
  const path = all('--path')[0] ?? '/';
  if (name && isLiteral(name) && isLiteral(path) && /create-policy$/.test(inv.command)) p.policies.add(`${path}${name}`);
  for (const v of all('--bucket')) p.bucketPrefixes.push(literalPrefix(v));
  for (const v of [...inv.positional, ...[...inv.options.values()].flat()]) {
    const m = /^s3:\/\/([^/]*)/.exec(v);
    if (m) p.bucketPrefixes.push(literalPrefix(m[1]));
  }
  // A log group named only up to a variable (/aws/lambda/$fn) names no prefix of the workshop's own.
  for (const v of [...all('--log-group-name'), ...all('--log-group-name-prefix')]) {
    if (isLiteral(v) && !v.endsWith('/')) p.logGroupPrefixes.push(v);
  }
}

function scopeFromCheck(check: Record<string, unknown>, p: WorkshopPolicy, addPolicy: (path: string, name: string) => void) {
  if (typeof check.stack === 'string') p.stacks.add(check.stack);
  for (const key of ['role', 'roleName']) if (typeof check[key] === 'string') p.roles.add(check[key] as string);
  if (typeof check.policyName === 'string' && typeof check.path === 'string') addPolicy(check.path, check.policyName);
  else if (typeof check.path === 'string') p.iamPaths.add(check.path);
  const refs = [check.permissionsBoundary, ...((check.attachedPolicies as unknown[]) ?? [])] as { policyName?: string; path?: string }[];
  for (const ref of refs) if (ref?.policyName && ref.path) addPolicy(ref.path, ref.policyName);
  if (typeof check.prefix === 'string') p.logGroupPrefixes.push(check.prefix);
  if (typeof check.bucket === 'string') p.bucketPrefixes.push(literalPrefix(check.bucket));
  const params = (check.requestParameters ?? {}) as Record<string, string>;
  if (params.roleName) p.roles.add(params.roleName);
  const ref = params.policyArn ? policyPathName(params.policyArn) : undefined;
  if (ref) addPolicy(ref.path, ref.name);
}

function scopeFromTemplate(t: Template, p: WorkshopPolicy) {
  for (const [logicalId, r] of Object.entries(t.Resources)) {
    p.resourceTypes.add(r.Type);
    const props = r.Properties ?? {};
    if (r.Type === 'AWS::IAM::Role') {
      if (typeof props.RoleName === 'string') p.roles.add(props.RoleName);
      if (typeof props.Path === 'string') p.iamPaths.add(props.Path);
    }
    if (r.Type === 'AWS::IAM::ManagedPolicy' && typeof props.ManagedPolicyName === 'string') {
      const path = typeof props.Path === 'string' ? props.Path : '/';
      p.policies.add(`${path}${props.ManagedPolicyName}`);
      p.iamPaths.add(path);
    }
    if (r.Type === 'AWS::StepFunctions::StateMachine') p.namePrefixes.push(`${logicalId}-`);
  }
}
