/** The Node implementation of the Lambda runtime: each instance is a worker_threads Worker. */
import { Worker } from 'node:worker_threads';
import { createLambdaRuntime, type RuntimeOptions } from '../runtime';
import type { LambdaRuntime, WorkerMessage } from '../types';

export function createNodeLambdaRuntime(options: RuntimeOptions = {}): LambdaRuntime {
  return createLambdaRuntime(() => {
    const worker = new Worker(new URL('./worker.ts', import.meta.url), {
      // The function's code must not keep the host process alive, nor see the host's environment or AWS
      // configuration files (the SDK inside would read a profile's region or endpoint_url from them).
      env: { AWS_CONFIG_FILE: '/nonexistent/boundary-lab/config', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/boundary-lab/credentials' },
      stdout: true,
      stderr: true,
    });
    worker.unref();
    return {
      post: (m) => worker.postMessage(m),
      onMessage: (l) => worker.on('message', (m: WorkerMessage) => l(m)),
      onExit: (l) => {
        worker.on('error', (e: Error) => l(String(e?.message ?? e)));
        worker.on('exit', (code) => l(`exit status ${code}`));
      },
      terminate: () => void worker.terminate(),
    };
  }, options);
}
