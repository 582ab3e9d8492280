/// <reference lib="webworker" />
/** SharedWorker entry: one sandbox for every page of this origin. */
import { createBrowserHost } from './browser-host';
import { createLiveHost, LIVE_WORKER_NAME } from './live-host';
import { keepServingOnEscapedErrors } from './last-resort';
import type { ClientMessage } from './protocol';

keepServingOnEscapedErrors();

// A live-mode page opens the worker under another name (see live-host.ts), so the two never share a sandbox.
const host = self.name === LIVE_WORKER_NAME ? createLiveHost() : createBrowserHost({ relayLambda: typeof Worker === 'undefined' });

(self as unknown as SharedWorkerGlobalScope).onconnect = (event: MessageEvent) => {
  const port = event.ports[0];
  const receive = host.connect(port);
  port.onmessage = (e: MessageEvent<ClientMessage>) => receive(e.data);
  port.start();
};
