/**
 * The page's lab components reach the sandbox (in the terminal's worker) with small messages: `aws` carries one
 * HTTP request to the emulator's gateway and back. remoteTarget wraps that as an emulator-like target, so the page's
 * SDK clients use the emulator's own in-process request handler and sign their requests as usual.
 */
import { rawHeaders } from '../emulator/core/raw-headers';

export type LabOp =
  | { op: 'aws'; method: string; url: string; headers: [string, string][]; body: string }
  | { op: 'identity' }
  | { op: 'explainLast' };

export interface AwsReply {
  status: number;
  headers: [string, string][];
  body: string;
}

export const toBase64 = (bytes: Uint8Array) => {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
};
export const fromBase64 = (b64: string) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));

/** The page side of the `aws` op: an emulator-like target for the SDK's in-process request handler. */
export function remoteTarget(call: (op: LabOp) => Promise<unknown>) {
  return {
    async handle(request: Request): Promise<Response> {
      const body = request.method === 'GET' || request.method === 'HEAD' ? '' : toBase64(new Uint8Array(await request.arrayBuffer()));
      const reply = (await call({ op: 'aws', method: request.method, url: request.url, headers: [...rawHeaders(request)], body })) as AwsReply;
      return new Response(reply.status === 204 || reply.status === 304 ? null : fromBase64(reply.body), { status: reply.status, headers: reply.headers });
    },
  };
}
