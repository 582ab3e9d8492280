/**
 * The page's half of the Lambda relay (src/lib/shell/worker/lambda-relay.ts): start the Lambda instance Worker the
 * shared sandbox asked for, and pass messages between it and the port.
 */
import type { RelayControl } from '../../lib/shell/worker/lambda-relay';

export function spawnLambdaWorker(port: MessagePort): void {
  const worker = new Worker(new URL('../../lib/emulator/lambda-runtime/browser-worker.ts', import.meta.url), { type: 'module', name: 'lambda' });
  port.onmessage = (e: MessageEvent<unknown>) => {
    const data = e.data as RelayControl | undefined;
    if (data && typeof data === 'object' && 'relay' in data && data.relay === 'terminate') {
      worker.terminate();
      port.close();
    } else worker.postMessage(e.data);
  };
  worker.onmessage = (e) => port.postMessage(e.data);
  worker.onerror = (e) => port.postMessage({ relay: 'exit', reason: e.message || 'The Lambda instance stopped.' } satisfies RelayControl);
  window.addEventListener('pagehide', () => port.postMessage({ relay: 'exit', reason: 'The page running the Lambda instance closed.' } satisfies RelayControl), { once: true });
}
