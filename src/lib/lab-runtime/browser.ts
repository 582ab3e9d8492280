/**
 * The lab runtime in the page, loaded when a learner first presses Check, Solve or Clean up (it brings the SDK
 * clients, so it stays out of the page's first load). Sandbox mode reaches the emulator in the terminal's worker;
 * live mode reaches AWS through the live server, exactly as the terminal does.
 */
import { lab } from '../../../labs/lab';
import { inProcessRequestHandler } from '../emulator/sdk';
import { createLiveRequestHandler } from '../live/client';
import { BASE_IDENTITY_KEY_ID, BASE_IDENTITY_SECRET } from '../live/envelope';
import { createLabRuntime, type LabRuntime } from './index';
import type { Credentials, Transport } from './clients';
import { progressStore, PROGRESS_EVENT } from './progress';
import { remoteTarget, type LabOp } from './remote';

export interface BrowserLabOptions {
  mode: 'sandbox' | 'live';
  /** Sends one lab op to the sandbox worker (sandbox mode). */
  call: (op: LabOp) => Promise<unknown>;
  runInTerminal: (text: string) => Promise<number>;
  /** Live mode: the region the live server gave this page (the session is its cookie). */
  live?: { region: string };
}

interface Identity {
  region: string;
  admin: Credentials;
  terminal: Credentials;
  variables: string[];
}

export function browserProgress() {
  return progressStore(localStorage, () => window.dispatchEvent(new CustomEvent(PROGRESS_EVENT)));
}

export function createBrowserLab(o: BrowserLabOptions): LabRuntime {
  const identity = () => o.call({ op: 'identity' }) as Promise<Identity>;
  let transport: Transport;
  if (o.mode === 'live') {
    transport = { requestHandler: createLiveRequestHandler({ origin: location.origin }), region: o.live!.region };
  } else {
    // Any endpoint: the handler never opens a socket; the gateway routes by the SigV4 scope and the path.
    transport = { requestHandler: inProcessRequestHandler(remoteTarget(o.call)), region: 'us-east-1', endpoint: 'http://sandbox.boundary-lab.internal' };
  }
  const base: Credentials = { accessKeyId: BASE_IDENTITY_KEY_ID, secretAccessKey: BASE_IDENTITY_SECRET };
  return createLabRuntime(lab, {
    mode: o.mode,
    transport,
    adminCredentials: async () => (o.mode === 'live' ? base : (await identity()).admin),
    terminalCredentials: async () => (await identity()).terminal,
    terminalVariableNames: async () => (await identity()).variables,
    runInTerminal: o.runInTerminal,
    progress: browserProgress(),
    patienceMs: o.mode === 'live' ? 10 * 60_000 : 5_000,
  });
}
