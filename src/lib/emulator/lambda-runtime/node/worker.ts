/**
 * The worker_threads entry of a Lambda instance in Node. Node loads this file itself (type stripping), so it
 * keeps erasable TypeScript and `.ts` extensions on relative imports.
 */
import { parentPort } from 'node:worker_threads';
import { format } from 'node:util';
import type { HostMessage } from '../types.ts';
import { startWorker } from '../worker-core.ts';

if (!parentPort) throw new Error('lambda-runtime/node/worker.ts must run in a worker thread');
const port = parentPort;

startWorker({
  post: (message) => port.postMessage(message),
  onMessage: (listener) => port.on('message', (m: HostMessage) => listener(m)),
  format,
  memoryUsedMB: () => Math.ceil(process.memoryUsage().rss / 1024 / 1024),
});
