/**
 * What the page's lab components need of the sandbox that lives in this worker: AWS calls for the checks (sent to
 * the emulator's gateway like any other call, signed by the page's SDK clients), the credentials of the
 * administrator and of the terminal's current identity, and the explanation of the terminal's last denied call.
 */
import type { Emulator } from '../../emulator/index';
import type { CallObservation } from '../../emulator/gateway';
import type { Sandbox } from '../sandbox';
import { attachRawHeaders } from '../../emulator/core/raw-headers';
import { terminalCredentialsFrom } from '../../lab-runtime/clients';
import { accessDeniedMessage } from '../../iam/index';
import { explain, type Explanation } from '../../explain/index';

import { fromBase64, toBase64, type AwsReply, type LabOp } from '../../lab-runtime/remote';

export type { LabOp };


export function createLabBridge(emulator: Emulator, sandbox: () => Sandbox) {
  let lastDenied: CallObservation | undefined;
  // Only the terminal's own calls count as "the last denied call": not the checks' (their auditor session).
  emulator.onCall((c) => {
    if (c.authorizations.some((a) => a.result.decision !== 'Allowed') && !/boundary-lab-checks$/.test(c.caller ?? '')) lastDenied = c;
  });

  return async function handle(op: LabOp): Promise<unknown> {
    switch (op.op) {
      case 'aws': {
        // The headers the page's SDK signed, Host and Content-Length included, which a browser Request drops.
        const headers = new Headers(op.headers);
        const request = new Request(op.url, { method: op.method, headers, body: op.method === 'GET' || op.method === 'HEAD' ? undefined : fromBase64(op.body) });
        const res = await emulator.handle(attachRawHeaders(request, headers));
        const reply: AwsReply = { status: res.status, headers: [...res.headers], body: toBase64(new Uint8Array(await res.arrayBuffer())) };
        return reply;
      }
      case 'identity':
        await emulator.ready;
        return {
          region: emulator.region,
          admin: emulator.adminCredentials,
          terminal: terminalCredentialsFrom(sandbox().session.state, emulator.adminCredentials),
          variables: Object.keys(sandbox().session.state.vars),
        };
      case 'explainLast': {
        const denied = lastDenied?.authorizations.find((a) => a.result.decision !== 'Allowed');
        if (!denied) return undefined;
        const e: Explanation = explain(denied.request, denied.result, accessDeniedMessage(denied.request, denied.result));
        return e;
      }
    }
  };
}
