/** The browser implementation of the Lambda runtime: each instance is a module Web Worker. */
import { createLambdaRuntime, type RuntimeOptions } from './runtime';
import type { LambdaRuntime, WorkerMessage } from './types';

export interface BrowserRuntimeOptions extends RuntimeOptions {
  /** Where the bundled browser-worker.ts is served; by default the bundler's URL for it (Vite). */
  workerUrl?: string | URL;
}

export function createBrowserLambdaRuntime(options: BrowserRuntimeOptions = {}): LambdaRuntime {
  return createLambdaRuntime(() => {
    const worker = options.workerUrl
      ? new Worker(options.workerUrl, { type: 'module', name: 'lambda' })
      : new Worker(new URL('./browser-worker.ts', import.meta.url), { type: 'module', name: 'lambda' });
    return {
      post: (m) => worker.postMessage(m),
      onMessage: (l) => worker.addEventListener('message', (e: MessageEvent<WorkerMessage>) => l(e.data)),
      onExit: (l) => worker.addEventListener('error', (e) => l(e.message)),
      terminate: () => worker.terminate(),
    };
  }, options);
}
