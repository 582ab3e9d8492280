/**
 * Test-only: a stand-in for the gateway, so the providers in services/{lambda,states,logs,s3,cloudtrail}
 * can be unit-tested before (and independently of) the real one. It builds OperationContexts with a simple
 * allow/deny `authorize`, keeps each service's state, records calls, and offers an SDK request handler that
 * understands just enough of awsJson (logs, states) and Lambda's Invoke (restJson1) to let Lambda write
 * logs and Step Functions invoke Lambda through "the gateway".
 * (It belongs in core/testing.ts; it lives here because helpers may only write to their own folders.)
 */
import { HttpResponse, type HttpRequest } from '@smithy/protocol-http';
import {
  AwsError,
  type CallerIdentity,
  type Credentials,
  type OperationContext,
  type RecordedEvent,
  type ServiceProvider,
} from '../core/types';
import type { AuthorizationResult } from '../../iam/api';

export const ACCOUNT = '123456789012';
export const REGION = 'us-east-1';

export const ADMIN: CallerIdentity = {
  arn: `arn:aws:iam::${ACCOUNT}:user/admin`,
  accountId: ACCOUNT,
  userId: 'AIDAEXAMPLEADMIN',
  type: 'User',
  accessKeyId: 'AKIAADMIN',
};

export interface Authorization {
  caller: string;
  action: string;
  resource: string;
  context?: Record<string, unknown>;
  resourcePolicy?: unknown;
}

/** Returns true to allow. */
export type Policy = (a: Authorization) => boolean;

export class FakeAccount {
  readonly states: Record<string, any> = {};
  readonly providers: Record<string, ServiceProvider<any>> = {};
  readonly authorizations: Authorization[] = [];
  readonly events: RecordedEvent[] = [];
  /** Roles: ARN → service principals their trust policy allows. */
  readonly roles: Record<string, string[]> = {};
  policy: Policy = () => true;
  pace = 0;
  private pending = new Set<Promise<void>>();
  private sessions = new Map<string, CallerIdentity>();
  private counter = 0;

  constructor(providers: ServiceProvider<any>[]) {
    for (const p of providers) {
      this.providers[p.name] = p;
      this.states[p.name] = p.initialState();
    }
    this.sessions.set(ADMIN.accessKeyId, ADMIN);
  }

  addRole(name: string, trusted: string[]): string {
    const arn = `arn:aws:iam::${ACCOUNT}:role/${name}`;
    this.roles[arn] = trusted;
    return arn;
  }

  /** Call an operation as `caller`; like the gateway, a throw rolls the service's state back. */
  async call(service: string, operation: string, input: Record<string, any> = {}, caller: CallerIdentity = ADMIN) {
    const provider = this.providers[service];
    const handler = provider?.operations[operation];
    if (!handler) throw new Error(`fake gateway: no ${service}.${operation}`);
    const before = structuredClone(this.states[service]);
    const ctx = this.context(service, operation, caller);
    try {
      const out = (await handler(input, ctx)) ?? {};
      this.record(ctx, input, undefined);
      return out as Record<string, any>;
    } catch (e) {
      // Like the gateway: the service's state object is replaced, so providers must not hold on to it.
      this.states[service] = before;
      this.record(ctx, input, e);
      throw e;
    }
  }

  context(service: string, operation: string, caller: CallerIdentity = ADMIN): OperationContext<any> {
    const states = this.states;
    return {
      service,
      operation,
      region: REGION,
      accountId: ACCOUNT,
      requestId: crypto.randomUUID(),
      caller,
      get state() {
        return states[service];
      },
      now: () => new Date(),
      authorize: (action, resource, options) => {
        const a: Authorization = {
          caller: caller.arn,
          action,
          resource,
          context: options?.context,
          resourcePolicy: options?.resourcePolicy?.document,
        };
        this.authorizations.push(a);
        if (!this.policy(a)) {
          throw new AwsError(
            'AccessDenied',
            `User: ${caller.arn} is not authorized to perform: ${action} on resource: ${resource} because no identity-based policy allows the ${action} action`,
            403,
          );
        }
        return { decision: 'Allowed', details: [], missingContextValues: [] } satisfies AuthorizationResult;
      },
      sdkConfig: (credentials, region) => ({
        region: region ?? REGION,
        credentials,
        endpoint: 'https://sandbox.test',
        requestHandler: { handle: (req: HttpRequest) => this.handleHttp(req) },
        maxAttempts: 1,
      }),
      internal: {
        assumeRoleForService: async (roleArn, principal, sessionName) => {
          if (!this.roles[roleArn]?.includes(principal)) {
            throw new AwsError(
              'AccessDenied',
              `${principal} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
              403,
            );
          }
          const accessKeyId = `ASIA${String(++this.counter).padStart(16, '0')}`;
          const roleName = roleArn.split('/').pop()!;
          this.sessions.set(accessKeyId, {
            arn: `arn:aws:sts::${ACCOUNT}:assumed-role/${roleName}/${sessionName}`,
            accountId: ACCOUNT,
            userId: `AROAEXAMPLE:${sessionName}`,
            type: 'AssumedRole',
            roleArn,
            sessionName,
            accessKeyId,
          });
          return { accessKeyId, secretAccessKey: 'secret', sessionToken: 'token' } satisfies Credentials;
        },
        getRole: (roleArn) =>
          this.roles[roleArn] ? { arn: roleArn, assumeRolePolicyDocument: '{}' } : undefined,
        schedule: (task, delayMs = 0) => {
          const p: Promise<void> = new Promise<void>((r) => setTimeout(r, delayMs * this.pace))
            .then(task)
            .catch((e) => console.error('scheduled task failed', e))
            .finally(() => this.pending.delete(p));
          this.pending.add(p);
        },
        pace: this.pace,
        events: () => this.events,
        commit: async () => {},
      },
    };
  }

  /** Wait for scheduled work (and work it schedules) to finish. */
  async settle(): Promise<void> {
    while (this.pending.size) await Promise.all([...this.pending]);
  }

  callerFor(accessKeyId: string): CallerIdentity {
    const c = this.sessions.get(accessKeyId);
    if (!c) throw new Error(`fake gateway: unknown access key ${accessKeyId}`);
    return c;
  }

  private record(ctx: OperationContext<any>, input: Record<string, any>, error: unknown) {
    this.events.push({
      eventVersion: '1.08',
      eventID: crypto.randomUUID(),
      eventTime: new Date(),
      eventSource: `${ctx.service}.amazonaws.com`,
      eventName: ctx.operation,
      awsRegion: REGION,
      sourceIPAddress: '127.0.0.1',
      userAgent: 'fake',
      userIdentity: { type: ctx.caller.type, arn: ctx.caller.arn, accessKeyId: ctx.caller.accessKeyId },
      requestParameters: input,
      responseElements: null,
      ...(error instanceof AwsError ? { errorCode: error.code, errorMessage: error.message } : {}),
      requestID: ctx.requestId,
      readOnly: /^(Get|List|Describe|Lookup)/.test(ctx.operation),
      eventType: 'AwsApiCall',
      managementEvent: ctx.operation !== 'Invoke',
      recipientAccountId: ACCOUNT,
      accessKeyId: ctx.caller.accessKeyId,
    });
  }

  /** Minimal wire protocol: awsJson (X-Amz-Target) and Lambda's Invoke. Signature is not checked. */
  private async handleHttp(req: HttpRequest): Promise<{ response: HttpResponse }> {
    const auth = String(req.headers['authorization'] ?? req.headers['Authorization'] ?? '');
    const caller = this.callerFor(/Credential=([^/]+)\//.exec(auth)?.[1] ?? '');
    const body = typeof req.body === 'string' ? req.body : new TextDecoder().decode(req.body ?? new Uint8Array());
    const target = String(req.headers['x-amz-target'] ?? req.headers['X-Amz-Target'] ?? '');
    const invoke = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/.exec(req.path);
    try {
      if (target) {
        const [prefix, op] = target.split('.');
        const service = prefix.startsWith('Logs') ? 'logs' : 'states';
        const out = await this.call(service, op, JSON.parse(body || '{}'), caller);
        return json(200, out);
      }
      if (invoke) {
        const h = (k: string) => req.headers[k] ?? req.headers[k.toLowerCase()];
        const out = await this.call(
          'lambda',
          'Invoke',
          {
            FunctionName: decodeURIComponent(invoke[1]),
            InvocationType: h('X-Amz-Invocation-Type'),
            LogType: h('X-Amz-Log-Type'),
            Qualifier: req.query?.Qualifier,
            Payload: typeof req.body === 'string' ? new TextEncoder().encode(req.body) : req.body,
          },
          caller,
        );
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (out.FunctionError) headers['x-amz-function-error'] = out.FunctionError;
        if (out.LogResult) headers['x-amz-log-result'] = out.LogResult;
        if (out.ExecutedVersion) headers['x-amz-executed-version'] = out.ExecutedVersion;
        return {
          response: new HttpResponse({ statusCode: out.StatusCode, headers, body: out.Payload ?? new Uint8Array() }),
        };
      }
      throw new Error(`fake gateway: unsupported request ${req.method} ${req.path}`);
    } catch (e) {
      if (!(e instanceof AwsError)) throw e;
      const headers = { 'content-type': 'application/json', 'x-amzn-errortype': e.code };
      return {
        response: new HttpResponse({
          statusCode: e.status,
          headers,
          body: new TextEncoder().encode(JSON.stringify({ __type: e.code, message: e.message })),
        }),
      };
    }
  }
}

function json(status: number, out: Record<string, any>) {
  return {
    response: new HttpResponse({
      statusCode: status,
      headers: { 'content-type': 'application/x-amz-json-1.1' },
      body: new TextEncoder().encode(serialize(out)),
    }),
  };
}

/** awsJson writes timestamps as epoch seconds. */
function serialize(out: unknown): string {
  return JSON.stringify(toWire(out));
}

function toWire(v: unknown): unknown {
  if (v instanceof Date) return v.getTime() / 1000;
  if (Array.isArray(v)) return v.map(toWire);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toWire(x)]));
  return v;
}
