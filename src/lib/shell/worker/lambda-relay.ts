/**
 * Chromium's SharedWorker cannot start Workers, and Lambda instances are Workers. So the shared sandbox asks a
 * page to start each instance and relays its messages over a MessagePort: the emulator's runtime sees an ordinary
 * WorkerPort. If that page goes away, the instance dies as a crashed sandbox would (onExit).
 */
import { createLambdaRuntime } from '../../emulator/lambda-runtime/runtime';
import type { HostMessage as LambdaHostMessage, LambdaRuntime, WorkerMessage, WorkerPort } from '../../emulator/lambda-runtime/types';

/** Control messages on the relay port, beside the runtime's own. */
export type RelayControl = { relay: 'terminate' } | { relay: 'exit'; reason: string };

export interface PagePort {
  postMessage(message: unknown, transfer: Transferable[]): void;
}

export function relayLambdaRuntime(page: () => PagePort | undefined): LambdaRuntime {
  return createLambdaRuntime((): WorkerPort => {
    const channel = new MessageChannel();
    const port = channel.port1;
    const exits: ((reason: string) => void)[] = [];
    const target = page();
    if (target) target.postMessage({ t: 'spawnLambda', port: channel.port2 }, [channel.port2]);
    else queueMicrotask(() => exits.forEach((l) => l('No page is open to run the Lambda function.')));
    port.start();
    return {
      post: (m: LambdaHostMessage) => port.postMessage(m),
      onMessage: (listener) =>
        port.addEventListener('message', (e: MessageEvent<WorkerMessage | RelayControl>) => {
          if (!('relay' in e.data)) listener(e.data);
        }),
      onExit: (listener) => {
        exits.push(listener);
        port.addEventListener('message', (e: MessageEvent<WorkerMessage | RelayControl>) => {
          if ('relay' in e.data && e.data.relay === 'exit') listener(e.data.reason);
        });
      },
      terminate: () => {
        port.postMessage({ relay: 'terminate' } satisfies RelayControl);
        port.close();
      },
    };
  });
}
