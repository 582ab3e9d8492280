/// <reference lib="webworker" />
/**
 * Worker entry for browsers without SharedWorker. Only one tab may own the sandbox at a time (a Web Lock), so two
 * tabs never fork its state: a second tab waits, says so, and takes over when the first one closes.
 */
import { createBrowserHost } from './browser-host';
import { createLiveHost, LIVE_WORKER_NAME } from './live-host';
import { keepServingOnEscapedErrors } from './last-resort';
import type { ClientMessage, HostMessage } from './protocol';

keepServingOnEscapedErrors();

const scope = self as unknown as DedicatedWorkerGlobalScope;
const queued: ClientMessage[] = [];
let receive: ((m: ClientMessage) => void) | undefined;
scope.onmessage = (e: MessageEvent<ClientMessage>) => (receive ? receive(e.data) : queued.push(e.data));

const start = () => {
  const host = scope.name === LIVE_WORKER_NAME ? createLiveHost() : createBrowserHost();
  receive = host.connect({ postMessage: (m: HostMessage) => scope.postMessage(m) });
  for (const m of queued.splice(0)) receive(m);
};

if (scope.navigator.locks) {
  let waiting = true;
  setTimeout(() => {
    if (waiting) scope.postMessage({ t: 'output', text: 'The sandbox is open in another tab; this terminal starts when that tab closes.\r\n' } satisfies HostMessage);
  }, 500);
  void scope.navigator.locks.request('boundary-lab-sandbox', () => {
    waiting = false;
    start();
    return new Promise<void>(() => {});
  });
} else start();
