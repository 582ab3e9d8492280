/** The Web Worker entry of a Lambda instance in the browser (bundled by Vite with the SDK module map). */
import type { HostMessage, WorkerMessage } from './types';
import { installDomParser } from './dom-parser';
import { format } from './format';
import { startWorker } from './worker-core';

// Workers have no DOMParser, which the SDK's browser build needs for XML (S3, IAM, STS).
installDomParser();

const scope = globalThis as unknown as {
  postMessage(m: WorkerMessage): void;
  addEventListener(type: 'message', l: (e: MessageEvent<HostMessage>) => void): void;
};

startWorker({
  post: (message) => scope.postMessage(message),
  onMessage: (listener) => scope.addEventListener('message', (e) => listener(e.data)),
  format,
  // AWS difference: browsers do not expose a worker's memory; REPORT shows the function's baseline.
  memoryUsedMB: () => undefined,
});
