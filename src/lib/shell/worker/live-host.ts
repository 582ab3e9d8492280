/**
 * The terminal's host in live mode: no emulator. The shell's `aws` sends each request to the live server, which
 * forwards it to AWS; the default profile holds the placeholder key the server re-signs with the learner's own
 * credentials. The session is the live server's HttpOnly cookie, which the worker's same-origin fetches carry.
 * The terminal's saved state is sealed with a key only the running server holds (live/sealed-store.ts), so secrets
 * typed here do not outlive the live session in IndexedDB.
 */
import { IndexedDbPersistence } from '../persistence/indexeddb';
import { Sandbox } from '../sandbox';
import { installDomParser } from './dom-parser';
import { SandboxHost } from './host';
import { labTemplates } from './browser-host';
import type { LabOp } from '../../lab-runtime/remote';
import { terminalCredentialsFrom } from '../../lab-runtime/clients';
import { createLiveRequestHandler } from '../../live/client';
import { BASE_IDENTITY_KEY_ID, BASE_IDENTITY_SECRET } from '../../live/envelope';
import { SealedPersistence } from '../../live/sealed-store';

export { LIVE_WORKER_NAME } from '../../live/envelope';

const base = { accessKeyId: BASE_IDENTITY_KEY_ID, secretAccessKey: BASE_IDENTITY_SECRET };

export function createLiveHost(): SandboxHost {
  installDomParser();
  let sandbox: Sandbox | undefined;
  let region = 'us-east-1';
  return new SandboxHost(
    async (hooks) => {
      const res = await fetch('/__live/status', { method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/json' }, body: '{}' });
      const status = (await res.json()) as { region?: string; storeKey?: string; message?: string };
      if (!res.ok) throw new Error(`the live server refused this page: ${status.message ?? res.status}`);
      region = status.region ?? region;
      sandbox = await Sandbox.open({
        target: { requestHandler: createLiveRequestHandler({ origin: self.location.origin }), credentials: base, region },
        labs: labTemplates,
        store: new SealedPersistence(new IndexedDbPersistence('live-shell'), status.storeKey ?? ''),
        hooks,
      });
      return sandbox;
    },
    async (op) => {
      switch (op.op) {
        case 'identity':
          return { region, admin: base, terminal: terminalCredentialsFrom(sandbox!.session.state, base), variables: Object.keys(sandbox!.session.state.vars) };
        case 'explainLast':
          // AWS difference: in live mode AWS decides, and AWS does not say which policies it evaluated.
          return undefined;
        case 'aws':
          throw new Error('In live mode the page calls AWS through the live server itself.');
      }
    },
  );
}
