/** Lambda state: functions with their configuration, code, resource policy and tags. Plain JSON data. */

export interface PolicyStatement {
  Sid: string;
  Effect: 'Allow';
  Principal: string | Record<string, string>;
  Action: string;
  Resource: string;
  Condition?: Record<string, Record<string, string>>;
}

export interface FunctionRecord {
  /** The configuration as GetFunction returns it (timestamps as AWS's strings). */
  configuration: Record<string, any>;
  /** The deployment package, base64. */
  zip: string;
  policy?: { Version: '2012-10-17'; Id: 'default'; Statement: PolicyStatement[] };
  tags: Record<string, string>;
}

export interface LambdaState {
  functions: Record<string, FunctionRecord>;
}

export const initialLambdaState = (): LambdaState => ({ functions: {} });

export const functionArn = (region: string, account: string, name: string) =>
  `arn:aws:lambda:${region}:${account}:function:${name}`;

/** Runtimes Lambda accepts at creation (botocore's Runtime enum, current and deprecated). */
export const RUNTIMES = [
  'nodejs', 'nodejs4.3', 'nodejs6.10', 'nodejs8.10', 'nodejs10.x', 'nodejs12.x', 'nodejs14.x', 'nodejs16.x',
  'nodejs18.x', 'nodejs20.x', 'nodejs22.x', 'nodejs24.x', 'java8', 'java8.al2', 'java11', 'java17', 'java21', 'java25',
  'python2.7', 'python3.6', 'python3.7', 'python3.8', 'python3.9', 'python3.10', 'python3.11', 'python3.12',
  'python3.13', 'python3.14', 'dotnetcore1.0', 'dotnetcore2.0', 'dotnetcore2.1', 'dotnetcore3.1', 'dotnet6',
  'dotnet8', 'dotnet10', 'nodejs4.3-edge', 'go1.x', 'ruby2.5', 'ruby2.7', 'ruby3.2', 'ruby3.3', 'ruby3.4',
  'provided', 'provided.al2', 'provided.al2023',
];

/** The runtimes the sandbox runs for real. */
export const RUNNABLE_RUNTIMES = ['nodejs18.x', 'nodejs20.x', 'nodejs22.x', 'nodejs24.x'];

/** Lambda's timestamp form: 2026-11-29T05:00:00.000+0000. */
export const lambdaTimestamp = (d: Date) => d.toISOString().replace('Z', '+0000');

export interface ParsedName {
  name: string;
  qualifier?: string;
  account?: string;
  region?: string;
}

/** FunctionName accepts a name, a partial ARN (ACCOUNT:function:NAME) or a full ARN, each with an optional :QUALIFIER. */
export function parseFunctionName(value: string): ParsedName | undefined {
  const m =
    /^(?:arn:aws[\w-]*:lambda:([a-z0-9-]+):(\d{12}):function:|(\d{12}):function:)?([A-Za-z0-9_-]{1,64})(?::(\$LATEST|[A-Za-z0-9_-]+))?$/.exec(
      value ?? '',
    );
  if (!m) return undefined;
  return { region: m[1], account: m[2] ?? m[3], name: m[4], qualifier: m[5] };
}

export function newRevisionId(): string {
  return crypto.randomUUID();
}

export function randomHex(bytes: number): string {
  const b = crypto.getRandomValues(new Uint8Array(bytes));
  return [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
}

/** A stable 64-hex runtime version id per runtime, standing in for AWS's published runtime version ARNs. */
export function runtimeVersionArn(region: string, runtime: string): string {
  let h = 0x811c9dc5;
  let out = '';
  for (let round = 0; out.length < 64; round++) {
    for (const c of `${runtime}:${round}`) h = Math.imul(h ^ c.charCodeAt(0), 0x01000193) >>> 0;
    out += h.toString(16).padStart(8, '0');
  }
  return `arn:aws:lambda:${region}::runtime:${out.slice(0, 64)}`;
}

/** Environment variables the Lambda runtime sets, which a function may not set itself. */
export const RESERVED_ENVIRONMENT_KEYS = [
  '_HANDLER', '_X_AMZN_TRACE_ID', 'AWS_DEFAULT_REGION', 'AWS_REGION', 'AWS_EXECUTION_ENV', 'AWS_LAMBDA_FUNCTION_NAME',
  'AWS_LAMBDA_FUNCTION_MEMORY_SIZE', 'AWS_LAMBDA_FUNCTION_VERSION', 'AWS_LAMBDA_INITIALIZATION_TYPE',
  'AWS_LAMBDA_LOG_GROUP_NAME', 'AWS_LAMBDA_LOG_STREAM_NAME', 'AWS_ACCESS_KEY', 'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_LAMBDA_RUNTIME_API', 'LAMBDA_TASK_ROOT', 'LAMBDA_RUNTIME_DIR',
];
