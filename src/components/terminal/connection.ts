/**
 * The page's link to the sandbox host: a SharedWorker where the browser has one (every tab shares one sandbox),
 * otherwise a Worker that takes a Web Lock so that only one tab at a time owns the sandbox.
 */
import type { ClientMessage, HostMessage } from '../../lib/shell/worker/protocol';

export interface Connection {
  post(message: ClientMessage): void;
  onMessage(listener: (message: HostMessage) => void): void;
  readonly kind: 'shared' | 'dedicated';
}

export function connect(): Connection {
  if (typeof SharedWorker !== 'undefined') {
    const worker = new SharedWorker(new URL('../../lib/shell/worker/shared-worker.ts', import.meta.url), { type: 'module', name: 'boundary-lab-sandbox' });
    worker.port.start();
    return {
      kind: 'shared',
      post: (m) => worker.port.postMessage(m),
      onMessage: (l) => worker.port.addEventListener('message', (e: MessageEvent<HostMessage>) => l(e.data)),
    };
  }
  const worker = new Worker(new URL('../../lib/shell/worker/dedicated-worker.ts', import.meta.url), { type: 'module', name: 'boundary-lab-sandbox' });
  return {
    kind: 'dedicated',
    post: (m) => worker.postMessage(m),
    onMessage: (l) => worker.addEventListener('message', (e: MessageEvent<HostMessage>) => l(e.data)),
  };
}
