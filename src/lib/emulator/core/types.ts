/**
 * The emulator's internal contract between the gateway (protocols, SigV4, authorization, event log)
 * and the service providers. Services never see the wire format: they get the operation's input as a
 * plain object shaped like the AWS service model (member names as in botocore/Smithy, e.g.
 * `{ RoleName, Path, AssumeRolePolicyDocument }`) and return the output the same way. Timestamps are
 * `Date` objects; blobs are `Uint8Array`. The protocol layer turns them into XML/JSON as each protocol does.
 *
 * Rules (see ARCHITECTURE.md):
 * - One way in: a provider that acts on another service (CloudFormation resources, Lambda code, Step
 *   Functions tasks) calls it through the gateway with real credentials (`ctx.sdkConfig(credentials)`),
 *   never through that service's state.
 * - A provider authorizes each request with `ctx.authorize(...)` before it changes anything; a throw
 *   anywhere rolls the service state back (the gateway keeps a copy), so an error loses nothing.
 */
import type { AuthorizationResult, ContextValue } from '../../iam/api';

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

/** The authenticated caller, as the gateway resolved it from the SigV4 access key. */
export interface CallerIdentity {
  /** arn:aws:iam::ACCOUNT:user/NAME | arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION | arn:aws:iam::ACCOUNT:root */
  arn: string;
  accountId: string;
  /** AIDA… for users, `AROA…:session` for role sessions, the account id for root. */
  userId: string;
  type: 'User' | 'AssumedRole' | 'Account' | 'FederatedUser';
  /** For a role session: the role's ARN and the session name. */
  roleArn?: string;
  sessionName?: string;
  /** The access key id the request was signed with. */
  accessKeyId: string;
}

/** An AWS error as the service returns it; the protocol layer writes it in the protocol's error form. */
export class AwsError extends Error {
  constructor(
    /** AWS's error code, e.g. `NoSuchEntity`, `AccessDenied`, `ValidationError`, `ResourceNotFoundException`. */
    public readonly code: string,
    message: string,
    /** HTTP status: 400 by default, 403 for AccessDenied, 404 for not-found codes where AWS uses it. */
    public readonly status = 400,
    /** 'Sender' or 'Receiver' (awsQuery's <Type>). */
    public readonly type: 'Sender' | 'Receiver' = 'Sender',
  ) {
    super(message);
    this.name = code;
  }
}

export interface AuthorizeOptions {
  /** Extra condition keys for this request, e.g. `{ 'iam:PermissionsBoundary': arn }`. */
  context?: Record<string, ContextValue | undefined>;
  /** The resource-based policy that applies (Lambda function policy, bucket policy…), when there is one. */
  resourcePolicy?: { id: string; document: string | object };
  /** The account that owns the resource when it is not the caller's. */
  resourceAccount?: string;
  /** How the engine treats `resourcePolicy`: a role's trust policy ('role trust', for sts:AssumeRole*) or a resource policy. */
  resourcePolicyType?: 'resource-based' | 'role trust';
}

/** One recorded call, allowed or denied, in CloudTrail's record fields. */
export interface RecordedEvent {
  eventVersion: '1.08';
  eventID: string;
  eventTime: Date;
  eventSource: string; // iam.amazonaws.com
  eventName: string; // CreateRole
  awsRegion: string;
  sourceIPAddress: string;
  userAgent: string;
  userIdentity: Record<string, unknown>;
  requestParameters: Record<string, unknown> | null;
  responseElements: Record<string, unknown> | null;
  errorCode?: string;
  errorMessage?: string;
  requestID: string;
  readOnly: boolean;
  /** The resources the call named (ARN + type), for LookupEvents' ResourceName/ResourceType. */
  resources?: { ARN: string; type?: string; accountId?: string }[];
  eventType: 'AwsApiCall';
  managementEvent: boolean;
  recipientAccountId: string;
  /** The access key id used, for LookupEvents' AccessKeyId attribute. */
  accessKeyId?: string;
}

/** Everything a provider's operation handler may use. */
export interface OperationContext<S = unknown> {
  service: string;
  operation: string;
  region: string;
  accountId: string;
  requestId: string;
  caller: CallerIdentity;
  /**
   * The credentials the caller signed this request with. CloudFormation keeps them to act on the caller's behalf
   * while the stack operation runs (AWS does the same with the caller's forward access session), so IAM decides
   * each resource call as it would for the caller.
   */
  callerCredentials?: Credentials;
  /** This service's own state (mutable plain data, persisted by the gateway after the call). */
  state: S;
  now(): Date;
  /**
   * Authorize `action` on `resource` for the caller through the IAM engine (identity policies, boundary,
   * session policies, SCPs, resource policy). Throws AwsError('AccessDenied', <AWS's sentence>, 403) when denied.
   */
  authorize(action: string, resource: string, options?: AuthorizeOptions): AuthorizationResult;
  /** SDK v3 client configuration that sends requests back through this gateway, signed with `credentials`. */
  sdkConfig(credentials: Credentials, region?: string): SdkClientConfig;
  /** Services' internal hooks into the account that AWS also performs without a caller signature. */
  internal: InternalApi;
}

/** What every SDK v3 client constructor accepts, pointed at the emulator. */
export interface SdkClientConfig {
  region: string;
  credentials: Credentials;
  endpoint?: string;
  requestHandler?: unknown;
  maxAttempts?: number;
}

export interface InternalApi {
  /**
   * A service principal assumes a role, as Lambda and Step Functions do with their execution roles:
   * the role's trust policy must allow `sts:AssumeRole` by `servicePrincipal` (e.g. lambda.amazonaws.com).
   * Throws AwsError('AccessDenied', …) otherwise.
   */
  assumeRoleForService(roleArn: string, servicePrincipal: string, sessionName: string): Promise<Credentials>;
  /** Does this role exist (for PassRole-time validation such as Lambda's "The role defined for the function cannot be assumed by Lambda.")? */
  getRole(roleArn: string):
    | { arn: string; assumeRolePolicyDocument: string; roleName?: string; roleId?: string; maxSessionDuration?: number }
    | undefined;
  /** Does the IAM user with this ARN exist (S3 resolves a bucket policy's principals when it is saved)? */
  userExists?(userArn: string): boolean;
  /**
   * Would IAM allow the holder of `credentials` to call `action` on `resource`? Undefined when allowed, else AWS's
   * AccessDenied sentence. CloudFormation asks it for a resource type the sandbox does not model, before saying so.
   */
  authorizeAs?(credentials: Credentials, action: string, resource: string, region: string): string | undefined;
  /** Run work after the response, at the emulator's pace (CloudFormation stacks, async invokes, executions). */
  schedule(task: () => Promise<void>, delayMs?: number): void;
  /** The pace multiplier: 0 in tests (instant), 1 for a learner (events arrive over a few seconds). */
  pace: number;
  /** The gateway's record of calls, for CloudTrail LookupEvents (newest last). */
  events(): readonly RecordedEvent[];
  /** Invoke another provider's state change hook after an async task mutates state, so it is persisted. */
  commit(): Promise<void>;
}

export type OperationHandler<S = unknown> = (
  input: Record<string, any>,
  ctx: OperationContext<S>,
) => Promise<Record<string, any> | void> | Record<string, any> | void;

export interface ServiceProvider<S = unknown> {
  /** The SigV4 signing name and botocore model name: iam, sts, cloudformation, lambda, states, logs, s3, cloudtrail. */
  name: string;
  /** Fresh state for a new account. Must be JSON-serializable (Dates are revived by the store). */
  initialState(): S;
  operations: Record<string, OperationHandler<S>>;
  /** Called after the emulator loads persisted state, to restart background work (e.g. an in-flight stack). */
  resume?(ctx: Omit<OperationContext<S>, 'caller' | 'operation' | 'requestId'>): void;
}
