/**
 * The page-level contract the lesson components code against: `window.boundaryLab`, set up by the terminal once it
 * loads. Components reach it only through these helpers, so before it exists they degrade (disabled controls saying
 * "Terminal loading…") instead of throwing. Type-only imports keep the SDK and the lab runtime out of this bundle.
 */
import type { LabRuntime } from '../../lib/lab-runtime';
import type { ProgressStore } from '../../lib/lab-runtime/progress';
import type { Explanation } from '../../lib/explain';

export interface LabTerminal {
  /** Types `text` exactly, presses Enter, resolves with the exit status. */
  run(text: string): Promise<number>;
  focus(): unknown;
  /** Opens the panel and loads the terminal (src/components/terminal/api.ts). */
  open?(): Promise<void>;
}

export interface BoundaryLab {
  terminal: LabTerminal;
  /** Ready after READY_EVENT. */
  lab?: LabRuntime;
  progress?: ProgressStore;
  explainLast(): Promise<Explanation | undefined>;
  resetSandbox(): Promise<void> | void;
}

/**
 * window.boundaryLab as these components see it. Read through this function rather than a second `declare global`,
 * which would clash with the terminal's own declaration (src/components/terminal/api.ts).
 */
export const boundaryLab = (): Partial<BoundaryLab> | undefined =>
  (window as unknown as { boundaryLab?: Partial<BoundaryLab> }).boundaryLab;

export const READY_EVENT = 'boundary-lab:ready';
export const EXPLAIN_EVENT = 'boundary-lab:explain';

export const terminal = (): LabTerminal | undefined => boundaryLab()?.terminal;
export const labRuntime = (): LabRuntime | undefined => boundaryLab()?.lab;

const watchers = new Set<() => void>();
let poll: number | undefined;

/**
 * Calls `update` now, when READY_EVENT fires, and once `window.boundaryLab` appears: the terminal may set the global
 * after this script runs and before it announces the lab, so one shared timer looks for it every half second.
 */
export function watchBoundaryLab(update: () => void): void {
  update();
  window.addEventListener(READY_EVENT, update);
  if (boundaryLab()) return;
  watchers.add(update);
  poll ??= window.setInterval(() => {
    if (!boundaryLab()) return;
    window.clearInterval(poll);
    for (const w of watchers) w();
    watchers.clear();
  }, 500);
}

/**
 * The lab runtime, waiting for READY_EVENT when the terminal loads it lazily. Checks read the terminal's identity,
 * so a terminal that has not loaded yet is opened (which loads it).
 */
export function whenLabReady(timeoutMs = 120_000): Promise<LabRuntime> {
  const now = labRuntime();
  if (now) return Promise.resolve(now);
  const t = terminal();
  void Promise.resolve(t?.open ? t.open() : undefined).catch(() => {});
  return new Promise((resolve, reject) => {
    const timer = window.setTimeout(() => {
      window.removeEventListener(READY_EVENT, onReady);
      reject(new Error('The lab did not load. Reload the page and try again.'));
    }, timeoutMs);
    function onReady() {
      const lab = labRuntime();
      if (!lab) return;
      window.clearTimeout(timer);
      window.removeEventListener(READY_EVENT, onReady);
      resolve(lab);
    }
    window.addEventListener(READY_EVENT, onReady);
  });
}

/** A message for the page from anything thrown, without logging to the console. */
export const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));
