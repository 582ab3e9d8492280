/**
 * The browser's sandbox: the emulator in-process in this worker, state in IndexedDB, the lab templates bundled
 * as text (this worker is the page side's "entry", so it supplies the seed).
 */
import { createEmulator } from '../../emulator/index';
import { IndexedDbPersistence } from '../persistence/indexeddb';
import { sandboxProviders } from '../providers';
import { Sandbox } from '../sandbox';
import { installDomParser } from './dom-parser';
import { SandboxHost } from './host';
import { relayLambdaRuntime, type PagePort } from './lambda-relay';
import { createLabBridge, type LabOp } from './lab-bridge';
import builderIam from '../../../../labs/builder-iam.json?raw';
import app1 from '../../../../labs/builder-application-1.yml?raw';
import app2 from '../../../../labs/builder-application-2.yml?raw';
import app3 from '../../../../labs/builder-application-3.yml?raw';

export const labTemplates: Record<string, string> = {
  'builder-iam.json': builderIam,
  'builder-application-1.yml': app1,
  'builder-application-2.yml': app2,
  'builder-application-3.yml': app3,
};

/** `relayLambda`: in a SharedWorker (no Worker there), Lambda instances are started by a page (lambda-relay.ts). */
export function createBrowserHost(options: { relayLambda?: boolean } = {}): SandboxHost {
  installDomParser();
  let bridge: ((op: LabOp) => Promise<unknown>) | undefined;
  let host: SandboxHost | undefined = undefined;
  const lambdaRuntime = options.relayLambda ? relayLambdaRuntime(() => host?.pagePort() as PagePort | undefined) : undefined;
  host = new SandboxHost(
    async (hooks) => {
      // Stacks still go through their events one by one (describe-stack-events shows them), but at a third of the
      // emulator's default pace, so a lesson's stack is done in about a second, as the lessons say.
      const emulator = createEmulator({ providers: sandboxProviders({ lambdaRuntime }), store: new IndexedDbPersistence('emulator'), pace: 0.3 });
      await emulator.ready;
      const sandbox = await Sandbox.open({ target: { emulator }, labs: labTemplates, store: new IndexedDbPersistence('shell'), hooks });
      bridge = createLabBridge(emulator, () => sandbox);
      return sandbox;
    },
    (op) => bridge!(op),
    async () => {
      await new IndexedDbPersistence('emulator').clear();
      await new IndexedDbPersistence('shell').clear();
    },
  );
  return host;
}
