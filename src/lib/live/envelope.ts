/**
 * The message the browser sends to the live server for one AWS call, and the answer. Isomorphic: the browser's
 * request handler (client.ts) writes it, the Node server (forwarder.ts) reads it.
 */
export interface ForwardRequest {
  method: string;
  /** The AWS endpoint the SDK resolved, e.g. https://iam.amazonaws.com/ — checked against the allowlist. */
  url: string;
  headers: Record<string, string>;
  /** base64 */
  body: string;
}

export interface ForwardResponse {
  status: number;
  headers: Record<string, string>;
  /** base64 */
  body: string;
}

/**
 * The access key id the browser signs with when it has no credentials of its own (the shell's default profile in
 * live mode): the server replaces that signature with one from the learner's own credential chain. It is not a
 * secret; the real credentials never reach the browser.
 */
export const BASE_IDENTITY_KEY_ID = 'BOUNDARYLABBASEKEY00';
export const BASE_IDENTITY_SECRET = 'signed-by-the-boundary-lab-live-server';

export const FORWARD_PATH = '/__live/aws';
/** Where the one-time link points: `/__live/enter?token=…` trades the token for the session cookie. */
export const ENTER_PATH = '/__live/enter';

/** The terminal worker's name in live mode: live and sandbox pages never share a worker (nor a sandbox). */
export const LIVE_WORKER_NAME = 'boundary-lab-live';
