/**
 * The sandbox AWS account: `createEmulator()` returns a Web-standard handler that serves IAM, STS and whichever
 * other service providers it is given, over any transport — in-process through an SDK v3 request handler
 * (`inProcessRequestHandler`), HTTP on 127.0.0.1 (bin/sandbox.ts), or later the live forwarder.
 */
import { Gateway, type CallObservation, type RawHttpRequest } from './gateway';
import type { WireResponse } from './protocol/types';
import type { Credentials, RecordedEvent, SdkClientConfig, ServiceProvider } from './core/types';
import { coreProviders } from './services';
import { adminAccessKey, bootstrapAccount, type IamState } from './services/iam/model';
import { NoPersistence, type PersistenceAdapter } from './state/persistence';
import { Store } from './state/store';
import { inProcessRequestHandler } from './sdk';

export interface EmulatorOptions {
  /** The 12-digit account id (default 123456789012). */
  accountId?: string;
  /** The default region (default us-east-1). */
  region?: string;
  /** Service providers besides IAM and STS, which are always there. A provider with the same name replaces the built-in. */
  providers?: ServiceProvider<any>[];
  /** Pace of asynchronous work: 0 runs it at once (tests), 1 at a learner's pace. Default 1. */
  pace?: number;
  /** Where state persists (default: in memory only). */
  store?: PersistenceAdapter;
  /** The clock (default: the system clock). Injecting one turns off the SigV4 clock-skew check. */
  now?: () => Date;
}

export interface Emulator {
  readonly accountId: string;
  readonly region: string;
  /** Resolves once persisted state is loaded (handle() waits for it too). */
  readonly ready: Promise<void>;
  /** The learner's starting credentials: the `admin` user's access key. Read after `ready`. */
  readonly adminCredentials: Credentials;
  handle(request: Request): Promise<Response>;
  /** handle() for server transports that already hold the raw request (no Web Request/Response objects). */
  handleRaw(request: RawHttpRequest): Promise<WireResponse>;
  /** SDK v3 client configuration that reaches this emulator in-process (default: the admin's credentials). */
  sdkConfig(credentials?: Credentials, region?: string): InProcessSdkConfig;
  /** The whole sandbox (every service's state and the event log) as one JSON text. */
  export(): string;
  /** Replace the sandbox with an export; the account id of the export must match. */
  import(snapshot: string): Promise<void>;
  /** Back to a fresh account (new admin credentials). */
  reset(): Promise<void>;
  /** The event log, oldest first. */
  events(): readonly RecordedEvent[];
  /** Wait for scheduled asynchronous work to finish. */
  settled(): Promise<void>;
  /** Save now (reads' events are otherwise saved a few seconds later); call before a transport shuts down. */
  flush(): Promise<void>;
  /** Observe each call (with the IAM engine's decisions), e.g. for the page's explanations. */
  onCall(listener: (call: CallObservation) => void): () => void;
}

/** `SdkClientConfig` with the in-process handler's own type, so SDK v3 client constructors accept it as is. */
export type InProcessSdkConfig = Omit<SdkClientConfig, 'requestHandler'> & { requestHandler: ReturnType<typeof inProcessRequestHandler> };

export const DEFAULT_ACCOUNT_ID = '123456789012';
export const DEFAULT_REGION = 'us-east-1';

export function createEmulator(options: EmulatorOptions = {}): Emulator {
  const accountId = options.accountId ?? DEFAULT_ACCOUNT_ID;
  if (!/^\d{12}$/.test(accountId)) throw new Error(`accountId must be 12 digits, got "${accountId}"`);
  const region = options.region ?? DEFAULT_REGION;
  const now = options.now ?? (() => new Date());
  const adapter = options.store ?? new NoPersistence();
  const store = new Store(adapter, accountId, region);
  const byName = new Map<string, ServiceProvider<any>>();
  for (const p of [...coreProviders, ...(options.providers ?? [])]) byName.set(p.name, p);
  const providers = [...byName.values()];

  let emulator: Emulator;
  const gateway = new Gateway({
    accountId,
    region,
    providers,
    pace: options.pace ?? 1,
    store,
    now,
    checkClockSkew: options.now === undefined,
    sdkConfig: (credentials, r) => ({ region: r, credentials, requestHandler: inProcessRequestHandler(emulator), maxAttempts: 1 }),
  });

  function freshAccount() {
    store.services = {};
    store.events = [];
    for (const p of providers) store.services[p.name] = p.initialState();
    bootstrapAccount(store.services.iam as IamState, accountId, now());
  }

  function resume() {
    for (const p of providers) p.resume?.(gateway.baseContext(p.name, region) as any);
  }

  async function start() {
    const snap = await store.load();
    if (snap) {
      if (snap.accountId !== accountId) throw new Error(`The saved sandbox is for account ${snap.accountId}, not ${accountId}.`);
      store.services = snap.services;
      store.events = snap.events;
      for (const p of providers) if (!(p.name in store.services)) store.services[p.name] = p.initialState();
      resume();
    } else {
      freshAccount();
      await store.commit(now);
    }
  }

  const ready = start();

  emulator = {
    accountId,
    region,
    ready,
    get adminCredentials(): Credentials {
      const key = adminAccessKey(store.services.iam as IamState);
      if (!key) throw new Error('The sandbox has no active access key for the admin user.');
      return { accessKeyId: key.AccessKeyId, secretAccessKey: key.SecretAccessKey };
    },
    async handle(request: Request) {
      await ready;
      return gateway.handle(request);
    },
    async handleRaw(request: RawHttpRequest) {
      await ready;
      return gateway.handleRaw(request);
    },
    sdkConfig(credentials, r) {
      return { region: r ?? region, credentials: credentials ?? emulator.adminCredentials, requestHandler: inProcessRequestHandler(emulator), maxAttempts: 1 };
    },
    export() {
      return store.serialize(now(), 2);
    },
    async import(text: string) {
      await ready;
      const snap = Store.parse(text);
      if (snap.accountId !== accountId) throw new Error(`The export is for account ${snap.accountId}, not ${accountId}.`);
      await gateway.settled();
      store.services = snap.services;
      store.events = snap.events;
      for (const p of providers) if (!(p.name in store.services)) store.services[p.name] = p.initialState();
      resume();
      await store.commit(now);
    },
    async reset() {
      await ready;
      await gateway.settled();
      freshAccount();
      await store.commit(now);
    },
    events: () => store.events,
    settled: () => gateway.settled(),
    flush: async () => {
      await ready;
      await store.commit(now);
    },
    onCall: (listener) => gateway.onCall(listener),
  };
  return emulator;
}

export { inProcessRequestHandler } from './sdk';
export { MemoryPersistence, NoPersistence, type PersistenceAdapter } from './state/persistence';
export { AwsError } from './core/types';
export type { CallObservation, RawHttpRequest } from './gateway';
export type { WireResponse } from './protocol/types';
export type * from './core/types';
