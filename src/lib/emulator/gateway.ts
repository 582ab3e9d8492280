/**
 * The gateway: one Web-standard handler for every service. It reads the protocol, authenticates the SigV4
 * signature, hands the service provider a plain input and an authorizing context, writes the protocol's
 * response, rolls the service's state back when the handler throws, records the call and persists the state.
 */
import { accessDeniedMessage, authorize as engineAuthorize } from '../iam';
import type { AuthorizationRequest, AuthorizationResult } from '../iam/api';
import { authError } from './auth/errors';
import { parseAmzDate, parseSigV4, verifySignature, type SigV4Request } from './auth/sigv4';
import { buildEvent } from './core/events';
import { authenticate, globalContext, principalPolicies, requestPrincipal, type ResolvedPrincipal } from './core/identity';
import { requestId as newRequestId } from './core/ids';
import {
  AwsError,
  type AuthorizeOptions,
  type Credentials,
  type InternalApi,
  type OperationContext,
  type SdkClientConfig,
  type ServiceProvider,
} from './core/types';
import { protocols } from './protocol';
import { loadModel, type ServiceModel } from './protocol/model';
import { decodeAwsChunked, isAwsChunked } from './protocol/chunked';
import type { Protocol, WireRequest, WireResponse } from './protocol/types';
import { validateInput, validationMessage } from './protocol/validate';
import { arnSyntaxError } from './protocol/arn-syntax';
import {
  coreManagedPoliciesLoaded, loadAwsManagedPolicies, loadCoreManagedPolicies, requestNeedsCatalogue, stateNeedsCatalogue,
} from './order/catalogue';
import { unimplementedAction, unimplementedResource } from './order/unimplemented';
import type { IamState } from './services/iam/model';
import type { StsState } from './services/sts/model';
import { createInternalApi } from './core/internal';
import type { Store } from './state/store';
import { rawHeaders } from './core/raw-headers';
import { changesState, detectService, fallbackProtocol, internalFailure, toResponse, unknownOperation } from './routing';

/** Bodies above this size are refused before they are read. */
export const MAX_BODY_BYTES = 16 * 1024 * 1024;
const SKEW_MS = 15 * 60 * 1000;

/** An HTTP request as a server transport has it. */
export interface RawHttpRequest {
  method: string;
  /** Path and query string as sent on the request line. */
  target: string;
  headers: Headers;
  body: Uint8Array;
}

export interface GatewayOptions {
  accountId: string;
  region: string;
  providers: ServiceProvider<any>[];
  pace: number;
  store: Store;
  now: () => Date;
  /** Check the request time against the clock (off when the emulator runs on an injected clock). */
  checkClockSkew: boolean;
  /** Builds SDK config that sends requests back through this gateway. */
  sdkConfig: (credentials: Credentials, region: string) => SdkClientConfig;
}

export interface CallObservation {
  requestId: string;
  service: string;
  operation: string;
  caller?: string;
  status: number;
  errorCode?: string;
  authorizations: { request: AuthorizationRequest; result: AuthorizationResult }[];
}

const basicDate = (d: Date) => d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');

export class Gateway {
  readonly providers = new Map<string, ServiceProvider<any>>();
  readonly models = new Map<string, ServiceModel>();
  private readonly tasks = new Set<Promise<void>>();
  private listeners: ((c: CallObservation) => void)[] = [];

  readonly internal: InternalApi;

  constructor(private readonly o: GatewayOptions) {
    for (const p of o.providers) this.providers.set(p.name, p);
    this.internal = this.makeInternal();
  }

  /**
   * Every registered service's model. Issue 17: the sandbox no longer loads them at start (eight fetches before the
   * first prompt on a slow network); a signed request loads only its own service's model (modelFor), and only an
   * unsigned request, which names no service, needs them all to be recognised.
   */
  async loadModels() {
    await Promise.all([...this.providers.keys()].map((name) => this.modelFor(name)));
  }

  private async modelFor(name: string): Promise<ServiceModel | undefined> {
    const hit = this.models.get(name);
    if (hit || !this.providers.has(name)) return hit;
    const m = await loadModel(name);
    if (m) this.models.set(name, m);
    return m;
  }

  get iam(): IamState {
    return this.o.store.services.iam as IamState;
  }
  get sts(): StsState {
    return this.o.store.services.sts as StsState;
  }

  onCall(listener: (c: CallObservation) => void): () => void {
    this.listeners.push(listener);
    return () => (this.listeners = this.listeners.filter((l) => l !== listener));
  }

  /** Wait for scheduled work (stack operations, async invokes) to finish, including work it schedules. */
  async settled() {
    while (this.tasks.size > 0) await Promise.allSettled([...this.tasks]);
  }

  async handle(request: Request): Promise<Response> {
    const requestId = newRequestId();
    let wire: WireRequest;
    try {
      wire = await this.read(request);
    } catch (e) {
      const err = e instanceof AwsError ? e : new AwsError('InvalidRequest', 'The request could not be read.', 400);
      return toResponse(protocols.query.serializeError(err, undefined, requestId), request.method);
    }
    const res = await this.dispatch(wire, requestId);
    return toResponse(res, wire.method);
  }

  /**
   * The same as handle() without building Web Request/Response objects: the Node HTTP transport's fast path.
   * `target` is the request line's path and query exactly as sent (no URL normalization, which S3 keys need).
   */
  async handleRaw(raw: RawHttpRequest): Promise<WireResponse> {
    const requestId = newRequestId();
    if (raw.body.length > MAX_BODY_BYTES) {
      return protocols.query.serializeError(new AwsError('RequestEntityTooLarge', 'Request body is too large.', 413), undefined, requestId);
    }
    const q = raw.target.indexOf('?');
    const rawPath = (q < 0 ? raw.target : raw.target.slice(0, q)) || '/';
    let url: URL;
    try {
      url = new URL(`http://${raw.headers.get('host') ?? 'localhost'}${rawPath.startsWith('/') ? rawPath : '/'}`);
    } catch {
      url = new URL('http://localhost/');
    }
    const method = raw.method.toUpperCase();
    const res = await this.dispatch(
      { method, url, rawPath, rawQuery: q < 0 ? '' : raw.target.slice(q + 1), headers: raw.headers, body: raw.body },
      requestId,
    );
    if (method === 'HEAD') res.body = '';
    return res;
  }

  private async read(request: Request): Promise<WireRequest> {
    const headers = rawHeaders(request);
    const length = Number(headers.get('content-length') ?? '0');
    if (length > MAX_BODY_BYTES) throw new AwsError('RequestEntityTooLarge', 'Request body is too large.', 413);
    const body = new Uint8Array(await request.arrayBuffer());
    if (body.length > MAX_BODY_BYTES) throw new AwsError('RequestEntityTooLarge', 'Request body is too large.', 413);
    const url = new URL(request.url);
    const q = request.url.indexOf('?');
    const afterHost = request.url.replace(/^[a-z]+:\/\/[^/]*/i, '');
    const rawPath = afterHost.split('?')[0] || '/';
    return {
      method: request.method.toUpperCase(),
      url,
      rawPath,
      rawQuery: q < 0 ? '' : request.url.slice(q + 1).replace(/#.*$/, ''),
      headers,
      body,
    };
  }

  private async dispatch(req: WireRequest, requestId: string): Promise<WireResponse> {
    const parsed = parseSigV4(req);
    const sig = parsed.kind === 'ok' ? parsed.sig : undefined;
    if (!sig) await this.loadModels();
    const detected = detectService(this.models, req, sig);
    const provider = detected ? this.providers.get(detected) : undefined;
    const model = detected ? await this.modelFor(detected) : undefined;
    if (!detected || !provider || !model) {
      const p = fallbackProtocol(req);
      // AWS difference: AWS would not route this request to the sandbox's endpoint at all.
      const err = new AwsError('UnrecognizedService', `The service ${detected ?? '(unknown)'} is not available in the Boundary Lab sandbox.`, 400);
      return p.serializeError(err, undefined, requestId);
    }
    const service: string = detected;
    const protocol = protocols[model.metadata.protocol];
    const now = this.o.now();
    let principal: ResolvedPrincipal | undefined;
    let operation: string | undefined;
    let input: Record<string, any> | undefined;
    const observation: CallObservation = { requestId, service, operation: '', status: 0, authorizations: [] };
    const resources: { ARN: string; type?: string }[] = [];
    let output: Record<string, any> | void = undefined;
    let response: WireResponse;
    try {
      if (parsed.kind === 'none') throw authError('missing', model.metadata.protocol);
      if (parsed.kind === 'incomplete') throw authError('incomplete', model.metadata.protocol, parsed.message);
      principal = await this.authenticate(req, sig!, model, now);
      observation.caller = principal.caller.arn;
      const resolved = protocol.resolve(req, model);
      if (!resolved) throw unknownOperation(protocol, req, model);
      operation = resolved.operation.name;
      observation.operation = operation;
      const handler = provider.operations[operation];
      if (isAwsChunked(req.headers)) {
        const decoded = decodeAwsChunked(req.body);
        if (!decoded) throw new AwsError('IncompleteBody', 'The request body terminated unexpectedly', 400);
        req = { ...req, body: decoded };
      }
      input = protocol.parse(req, model, resolved);
      // AWS answers in this order: the request's shape (the model's constraints, then ARN syntax), then
      // authorization (inside the handler, or below for an operation the sandbox lacks), then lookups.
      if (protocol.name !== 'rest-xml' && resolved.operation.input) {
        const errors = validateInput(model, resolved.operation.input.shape, input);
        if (errors.length) throw new AwsError(protocol.validationCode, validationMessage(errors), 400);
        const arnError = arnSyntaxError(service, model, resolved.operation.input.shape, input);
        if (arnError) throw new AwsError(protocol.validationCode, arnError, 400);
      }
      const call = { service, operation, region: sig!.region || this.o.region, requestId, principal, protocol, observation, resources, now };
      await this.ensureCatalogue(service, operation, input);
      if (!handler) {
        this.authorizeCall(call, unimplementedAction(service, model, operation), unimplementedResource(service, this.o.accountId, input, this.iam));
        // AWS difference: AWS implements every operation in its model; the sandbox only those the labs need.
        throw new AwsError(
          protocol.name === 'query' ? 'InvalidAction' : 'UnknownOperationException',
          `The Boundary Lab sandbox does not implement ${model.metadata.serviceId} ${operation}.`,
          400,
        );
      }
      output = await this.invoke(provider, handler, input, call);
      response = protocol.serialize(output, model, resolved.operation, requestId);
    } catch (e) {
      const err = e instanceof AwsError ? e : internalFailure(e);
      response = protocol.serializeError(err, model, requestId);
      observation.errorCode = err.code;
      if (principal && operation) {
        this.record({ service, operation, principal, input, output: undefined, requestId, now, req, sig: sig!, resources, error: err });
        this.o.store.commitSoon(this.o.now);
      }
      observation.status = response.status;
      this.emit(observation);
      return response;
    }
    this.record({ service, operation: operation!, principal: principal!, input, output, requestId, now, req, sig: sig!, resources });
    // A call that changed state is saved before it is answered, so an acknowledged change survives a crash.
    // Reads only add to the event log, which is saved a moment later with the next write or on its own.
    if (changesState(operation!)) await this.o.store.commit(this.o.now);
    else this.o.store.commitSoon(this.o.now);
    observation.status = response.status;
    this.emit(observation);
    return response;
  }

  /** Loads every AWS managed policy before a call that needs one the main bundle does not carry (see order/catalogue.ts). */
  private async ensureCatalogue(service: string, operation: string, input: Record<string, any>) {
    if (!coreManagedPoliciesLoaded()) await loadCoreManagedPolicies();
    // The state is looked at on every call until the catalogue is loaded (a few entities; an imported or reset
    // sandbox may hold policies the last look did not see); once loaded, both checks answer at once.
    if (
      requestNeedsCatalogue(service, operation, input) ||
      stateNeedsCatalogue(this.o.store.services.iam as IamState | undefined, this.o.store.services.sts as StsState | undefined)
    ) {
      await loadAwsManagedPolicies();
    }
  }

  private emit(c: CallObservation) {
    for (const l of this.listeners) {
      try {
        l(c);
      } catch (e) {
        console.error('[sandbox] onCall listener failed:', e);
      }
    }
  }

  private record(r: {
    service: string; operation: string; principal: ResolvedPrincipal; input: Record<string, any> | undefined;
    output: Record<string, any> | void; requestId: string; now: Date; req: WireRequest; sig: SigV4Request;
    resources: { ARN: string; type?: string }[]; error?: AwsError;
  }) {
    this.o.store.record(
      buildEvent({
        requestId: r.requestId,
        time: r.now,
        service: r.service,
        operation: r.operation,
        region: r.sig.region || this.o.region,
        userAgent: r.req.headers.get('user-agent') ?? '',
        principal: r.principal,
        input: r.input,
        output: r.output,
        resources: r.resources,
        ...(r.error ? { error: { code: r.error.code, message: r.error.message } } : {}),
      }),
    );
  }

  private async authenticate(req: WireRequest, sig: SigV4Request, model: ServiceModel, now: Date): Promise<ResolvedPrincipal> {
    const proto = model.metadata.protocol;
    const auth = authenticate(this.iam, this.sts, this.o.accountId, sig.accessKeyId, sig.sessionToken, now);
    if (!auth.ok) throw authError(auth.failure, proto);
    const signedAt = parseAmzDate(sig.amzDate);
    if (!signedAt || !sig.amzDate.startsWith(sig.scopeDate)) throw authError('signature', proto);
    if (sig.presigned) {
      if (sig.expires !== undefined && signedAt.getTime() + sig.expires * 1000 < Date.now()) throw authError('presignExpired', proto);
    } else if (this.o.checkClockSkew) {
      const real = new Date();
      if (signedAt.getTime() < real.getTime() - SKEW_MS) {
        throw authError('skew', proto, `Signature expired: ${sig.amzDate} is now earlier than ${basicDate(new Date(real.getTime() - SKEW_MS))} (${basicDate(real)} - 15 min.)`);
      }
      if (signedAt.getTime() > real.getTime() + SKEW_MS) {
        throw authError('skew', proto, `Signature not yet current: ${sig.amzDate} is still later than ${basicDate(new Date(real.getTime() + SKEW_MS))} (${basicDate(real)} + 15 min.)`);
      }
    }
    if (!(await verifySignature(req, sig, auth.principal.secret))) throw authError('signature', proto);
    // A user's GetSessionToken credentials cannot call IAM without MFA (the sandbox has no MFA devices), and a
    // federated user's (GetFederationToken) cannot call IAM at all.
    const kind = auth.principal.session?.kind;
    if ((kind === 'SessionToken' || kind === 'FederationToken') && sig.service === 'iam') throw authError('invalidKey', proto);
    return auth.principal;
  }

  private async invoke(
    provider: ServiceProvider<any>,
    handler: ServiceProvider<any>['operations'][string],
    input: Record<string, any>,
    c: {
      service: string; operation: string; region: string; requestId: string; principal: ResolvedPrincipal; protocol: Protocol;
      observation: CallObservation; resources: { ARN: string; type?: string }[]; now: Date;
    },
  ): Promise<Record<string, any> | void> {
    const store = this.o.store;
    if (!(c.service in store.services)) store.services[c.service] = provider.initialState();
    const readOnly = !changesState(c.operation);
    const backup = readOnly ? undefined : structuredClone(store.services[c.service]);
    const ctx: OperationContext<any> = {
      ...this.baseContext(c.service, c.region),
      operation: c.operation,
      requestId: c.requestId,
      caller: c.principal.caller,
      // The credentials the request was signed with: CloudFormation acts later with them, as AWS's does.
      callerCredentials: {
        accessKeyId: c.principal.caller.accessKeyId,
        secretAccessKey: c.principal.secret,
        sessionToken: c.principal.session?.SessionToken,
      },
      now: () => c.now,
      authorize: (action, resource, options) => this.authorizeCall(c, action, resource, options),
    };
    try {
      return await handler(input, ctx);
    } catch (e) {
      if (backup !== undefined) store.services[c.service] = backup;
      throw e;
    }
  }

  private authorizeCall(
    c: { region: string; principal: ResolvedPrincipal; protocol: Protocol; observation: CallObservation; resources: { ARN: string; type?: string }[]; now: Date },
    action: string,
    resource: string,
    options: AuthorizeOptions = {},
  ): AuthorizationResult {
    // A handler that authorizes on a member the caller left out (an optional ARN) asks about every resource.
    if (typeof resource !== 'string' || resource === '') resource = '*';
    const request: AuthorizationRequest = {
      principal: requestPrincipal(c.principal.caller),
      action,
      resource,
      ...(options.resourceAccount ? { resourceAccount: options.resourceAccount } : {}),
      context: { ...globalContext(c.principal, c.region, c.now), ...options.context },
      ...principalPolicies(this.iam, c.principal),
      ...(options.resourcePolicy
        ? { resourcePolicy: options.resourcePolicy, resourcePolicyType: options.resourcePolicyType ?? 'resource-based' }
        : {}),
    };
    const result = engineAuthorize(request);
    c.observation.authorizations.push({ request, result });
    if (resource !== '*' && !c.resources.some((r) => r.ARN === resource)) c.resources.push({ ARN: resource });
    if (result.decision !== 'Allowed') {
      const code = c.protocol.name === 'json' || c.protocol.name === 'rest-json' ? 'AccessDeniedException' : 'AccessDenied';
      // S3 writes the resource of its AccessDenied sentence in double quotes (on resource: "arn:aws:s3:::bucket").
      const message = accessDeniedMessage(request, result);
      throw new AwsError(code, action.toLowerCase().startsWith('s3:') ? message.replace(` on resource: ${resource}`, ` on resource: "${resource}"`) : message, 403);
    }
    return result;
  }

  /** What every context shares, with or without a caller (resume hooks get this). */
  baseContext(service: string, region: string): Omit<OperationContext<any>, 'caller' | 'operation' | 'requestId' | 'authorize' | 'now'> & { now(): Date } {
    const store = this.o.store;
    const provider = this.providers.get(service);
    if (provider && !(service in store.services)) store.services[service] = provider.initialState();
    return {
      service,
      region,
      accountId: this.o.accountId,
      get state() {
        return store.services[service];
      },
      now: this.o.now,
      sdkConfig: (credentials: Credentials, r?: string) => this.o.sdkConfig(credentials, r ?? region),
      internal: this.internal,
    } as any;
  }

  private makeInternal(): InternalApi {
    return createInternalApi({
      accountId: this.o.accountId,
      pace: this.o.pace,
      now: this.o.now,
      store: this.o.store,
      iam: () => this.iam,
      sts: () => this.sts,
      tasks: this.tasks,
    });
  }
}
