import type { LabOp } from '../../lab-runtime/remote';

/** Messages between a page's terminal and the sandbox host (in a SharedWorker, or a Worker as the fallback). */

export type ClientMessage =
  /** `live`: in live mode, the live server's token (the worker cannot read the page's address). */
  | { t: 'hello'; client: string }
  | { t: 'bye'; client: string }
  | { t: 'run'; client: string; id: number; line: string }
  | { t: 'interrupt' }
  | { t: 'complete'; id: number; line: string }
  | { t: 'editor'; id: number; text?: string }
  | { t: 'newTerminal' | 'reset' | 'export'; id: number }
  | { t: 'import'; id: number; text: string }
  /** The lesson components' requests of the sandbox (checks' AWS calls, identities, "why denied?"). */
  | { t: 'lab'; id: number; op: LabOp };

export type HostMessage =
  | { t: 'ready'; prompt: string; scrollback: string; history: string[]; busy: boolean }
  | { t: 'echo'; from: string; text: string; line: string }
  | { t: 'output'; text: string }
  | { t: 'done'; from: string; id: number; line: string; exitCode: number; prompt: string }
  | { t: 'edit'; id: number; to: string; path: string; text: string }
  | { t: 'editClosed'; id: number }
  | { t: 'reply'; id: number; ok: boolean; value?: unknown; error?: string }
  | { t: 'restart'; prompt: string; scrollback: string }
  | { t: 'fatal'; message: string }
  /** Start a Lambda instance Worker and relay it over this port (see lambda-relay.ts). */
  | { t: 'spawnLambda'; port: MessagePort };

/** The one capability the host needs of a connection. */
export interface Port {
  postMessage(message: HostMessage, transfer?: Transferable[]): void;
}
