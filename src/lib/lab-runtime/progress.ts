/**
 * Progress per step, persisted in the browser and resettable; the sidebar and the step panels read it. A step that
 * passed stays passed (with when): a later step changes the account on purpose, so a recheck of an earlier step may
 * fail without the learner having undone anything. Only "Reset progress" takes a ✓ away.
 */
export type StepState = 'passed' | 'failed';

export const PROGRESS_KEY = 'boundary-lab:progress';
export const PROGRESS_EVENT = 'boundary-lab:progress';

/** What is stored per step; older builds stored the bare state. */
type Stored = StepState | { state: StepState; at?: string };

export interface ProgressStore {
  get(): Record<string, StepState>;
  /** When the step first passed (ISO 8601), if it has. */
  passedAt(stepId: string): string | undefined;
  set(stepId: string, state: StepState, now?: Date): void;
  reset(): void;
}

export function progressStore(storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>, notify: () => void = () => {}): ProgressStore {
  const raw = (): Record<string, Stored> => {
    try {
      const v = JSON.parse(storage.getItem(PROGRESS_KEY) ?? '{}');
      return v && typeof v === 'object' ? v : {};
    } catch {
      return {};
    }
  };
  const stateOf = (s: Stored | undefined): StepState | undefined => (typeof s === 'string' ? s : s?.state);
  return {
    get: () => Object.fromEntries(Object.entries(raw()).map(([k, v]) => [k, stateOf(v)!]).filter(([, v]) => v)),
    passedAt(stepId) {
      const s = raw()[stepId];
      return typeof s === 'object' && s.state === 'passed' ? s.at : undefined;
    },
    set(stepId, state, now = new Date()) {
      const all = raw();
      if (stateOf(all[stepId]) === 'passed') return;
      all[stepId] = state === 'passed' ? { state, at: now.toISOString() } : { state };
      storage.setItem(PROGRESS_KEY, JSON.stringify(all));
      notify();
    },
    reset() {
      storage.removeItem(PROGRESS_KEY);
      notify();
    },
  };
}

/** A lesson is done when every step of it has passed its checks. */
export function lessonDone(lessonSteps: string[], progress: Record<string, StepState>): boolean {
  return lessonSteps.length > 0 && lessonSteps.every((id) => progress[id] === 'passed');
}

/** The last step after `stepId` (in the lab's order) that has passed: the account has moved on past `stepId`. */
export function laterPassedStep(order: string[], stepId: string, progress: Record<string, StepState>): string | undefined {
  const i = order.indexOf(stepId);
  if (i < 0) return undefined;
  return order.slice(i + 1).reverse().find((id) => progress[id] === 'passed');
}
