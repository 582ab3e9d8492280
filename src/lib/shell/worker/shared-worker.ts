/// <reference lib="webworker" />
/** SharedWorker entry: one sandbox for every page of this origin. */
import { createBrowserHost } from './browser-host';
import type { ClientMessage } from './protocol';

const host = createBrowserHost({ relayLambda: typeof Worker === 'undefined' });

(self as unknown as SharedWorkerGlobalScope).onconnect = (event: MessageEvent) => {
  const port = event.ports[0];
  const receive = host.connect(port);
  port.onmessage = (e: MessageEvent<ClientMessage>) => receive(e.data);
  port.start();
};
