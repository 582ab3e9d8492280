/**
 * The terminal's host in live mode: no emulator. The shell's `aws` sends each request to the live server, which
 * forwards it to AWS; the default profile holds the placeholder key the server re-signs with the learner's own
 * credentials. The page's first "hello" carries the live server's token (the worker cannot read the page's URL).
 */
import { IndexedDbPersistence } from '../persistence/indexeddb';
import { Sandbox } from '../sandbox';
import { installDomParser } from './dom-parser';
import { SandboxHost } from './host';
import { labTemplates } from './browser-host';
import type { ClientMessage, Port } from './protocol';
import type { LabOp } from '../../lab-runtime/remote';
import { terminalCredentialsFrom } from '../../lab-runtime/clients';
import { createLiveRequestHandler } from '../../live/client';
import { BASE_IDENTITY_KEY_ID, BASE_IDENTITY_SECRET, TOKEN_HEADER } from '../../live/envelope';

export { LIVE_WORKER_NAME } from '../../live/envelope';

const base = { accessKeyId: BASE_IDENTITY_KEY_ID, secretAccessKey: BASE_IDENTITY_SECRET };

class LiveSandboxHost extends SandboxHost {
  constructor(
    open: ConstructorParameters<typeof SandboxHost>[0],
    lab: (op: LabOp) => Promise<unknown>,
    private readonly onToken: (token: string) => void,
  ) {
    super(open, lab);
  }

  override connect(port: Port): (message: ClientMessage) => void {
    const receive = super.connect(port);
    return (m) => {
      if (m.t === 'hello' && m.live?.token) this.onToken(m.live.token);
      receive(m);
    };
  }
}

export function createLiveHost(): SandboxHost {
  installDomParser();
  let gotToken!: (token: string) => void;
  const token = new Promise<string>((resolve) => (gotToken = resolve));
  let sandbox: Sandbox | undefined;
  let region = 'us-east-1';
  return new LiveSandboxHost(
    async (hooks) => {
      const t = await token;
      const res = await fetch('/__live/status', { method: 'POST', headers: { [TOKEN_HEADER]: t, 'content-type': 'application/json' }, body: '{}' });
      const status = (await res.json()) as { region?: string; message?: string };
      if (!res.ok) throw new Error(`the live server refused this page: ${status.message ?? res.status}`);
      region = status.region ?? region;
      sandbox = await Sandbox.open({
        target: { requestHandler: createLiveRequestHandler({ origin: self.location.origin, token: t }), credentials: base, region },
        labs: labTemplates,
        store: new IndexedDbPersistence('live-shell'),
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
    (t) => gotToken(t),
  );
}
