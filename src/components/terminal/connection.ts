/**
 * The page's link to the sandbox host: a SharedWorker where the browser has one (every tab shares one sandbox),
 * otherwise a Worker that takes a Web Lock so that only one tab at a time owns the sandbox.
 */
import type { ClientMessage, HostMessage } from '../../lib/shell/worker/protocol';
import { isLiveMode } from '../../lib/live/page';
import { LIVE_WORKER_NAME } from '../../lib/live/envelope';

export interface Connection {
  post(message: ClientMessage): void;
  onMessage(listener: (message: HostMessage) => void): void;
  readonly kind: 'shared' | 'dedicated';
}

/** Live pages get their own worker (live-host.ts); sandbox pages share the sandbox's. */
function workerName(): string {
  return isLiveMode() ? LIVE_WORKER_NAME : 'boundary-lab-sandbox';
}

export function connect(): Connection {
  if (typeof SharedWorker !== 'undefined') {
    // extendedLifetime (Chrome 148+; others ignore it) keeps the sandbox running across the navigation to the next
    // lesson, so its prompt does not wait for the worker to start again (issue 17).
    const worker = new SharedWorker(new URL('../../lib/shell/worker/shared-worker.ts', import.meta.url), {
      type: 'module',
      name: workerName(),
      extendedLifetime: true,
    } as WorkerOptions);
    worker.port.start();
    return {
      kind: 'shared',
      post: (m) => worker.port.postMessage(m),
      onMessage: (l) => worker.port.addEventListener('message', (e: MessageEvent<HostMessage>) => l(e.data)),
    };
  }
  const worker = new Worker(new URL('../../lib/shell/worker/dedicated-worker.ts', import.meta.url), { type: 'module', name: workerName() });
  return {
    kind: 'dedicated',
    post: (m) => worker.postMessage(m),
    onMessage: (l) => worker.addEventListener('message', (e: MessageEvent<HostMessage>) => l(e.data)),
  };
}
