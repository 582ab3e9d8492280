import type { LabOp } from '../../lib/lab-runtime/remote';
/**
 * The terminal's client API on `window.boundaryLab.terminal`, for other components (Run/Check/Solve buttons):
 *   run(text)            types text into the terminal exactly as shown, presses Enter; resolves with the exit status
 *   focus(), open(), close()
 *   onCommandFinished(cb) called with { command, exitCode } after each command line; returns an unsubscribe
 * Calls made before the terminal bundle has loaded open the terminal and wait for it.
 */
export interface CommandFinished {
  command: string;
  exitCode: number;
  /** Whether this page typed the command (false: another tab of the same sandbox). */
  local: boolean;
}

export interface TerminalApi {
  run(text: string): Promise<number>;
  focus(): Promise<void>;
  open(): Promise<void>;
  close(): void;
  onCommandFinished(cb: (e: CommandFinished) => void): () => void;
  /** A lesson component's request of the sandbox (checks' AWS calls, identities, "why denied?"). */
  call(op: LabOp): Promise<unknown>;
  /** Reset the sandbox (the caller has asked the learner). */
  reset(): Promise<void>;
  /** Resolves once the prompt is ready (after open()). */
  readonly ready: Promise<void>;
}

declare global {
  interface Window {
    boundaryLab?: { terminal?: TerminalApi } & Record<string, unknown>;
  }
}

export const COMMAND_FINISHED_EVENT = 'boundary-lab:command-finished';
