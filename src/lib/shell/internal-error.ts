/**
 * A fault in the sandbox's own code (not the learner's command, not AWS's answer) is named as ours, with how to
 * report it, and never as a JavaScript stack trace.
 */
export function internalErrorText(e: unknown): string {
  const detail = e instanceof Error ? e.message : String(e);
  return `internal error in the sandbox (${detail}). Please report it with the command you ran; Export, in the terminal's bar, saves the sandbox to attach.`;
}

/** JavaScript's own faults: a bug of ours, whatever the command was. */
export const isInternalFault = (e: unknown) => e instanceof TypeError || e instanceof ReferenceError || e instanceof RangeError;
