/** Progress per step, persisted in the browser and resettable; the sidebar and the step panels read it. */
export type StepState = 'passed' | 'failed';

const KEY = 'boundary-lab:progress';
export const PROGRESS_EVENT = 'boundary-lab:progress';

export interface ProgressStore {
  get(): Record<string, StepState>;
  set(stepId: string, state: StepState): void;
  reset(): void;
}

export function progressStore(storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>, notify: () => void = () => {}): ProgressStore {
  const read = (): Record<string, StepState> => {
    try {
      const v = JSON.parse(storage.getItem(KEY) ?? '{}');
      return v && typeof v === 'object' ? v : {};
    } catch {
      return {};
    }
  };
  return {
    get: read,
    set(stepId, state) {
      storage.setItem(KEY, JSON.stringify({ ...read(), [stepId]: state }));
      notify();
    },
    reset() {
      storage.removeItem(KEY);
      notify();
    },
  };
}

/** A lesson is done when every step of it has passed its checks. */
export function lessonDone(lessonSteps: string[], progress: Record<string, StepState>): boolean {
  return lessonSteps.length > 0 && lessonSteps.every((id) => progress[id] === 'passed');
}
