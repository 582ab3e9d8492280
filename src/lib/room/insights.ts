/**
 * What the dashboard derives from the room's progress, as pure functions (unit-tested, used in the page): who looks
 * stuck, the per-step funnel, and the orders the instructor can sort by.
 */
import type { LearnerProgress } from './protocol';

export interface StuckRules {
  /** Failed checks on one step, not yet passed, that make a learner look stuck. */
  fails: number;
  /** Minutes on one lesson whose steps are not all passed. */
  minutes: number;
}
export const DEFAULT_STUCK: StuckRules = { fails: 3, minutes: 10 };

export interface StuckReason {
  kind: 'fails' | 'time';
  step?: string;
  text: string;
}

/** Why a learner looks stuck, or undefined. `stepsOfLesson` lists a lesson's step ids in order. */
export function stuckReason(
  l: LearnerProgress,
  rules: StuckRules,
  stepsOfLesson: (lesson: string) => readonly string[],
  now: number,
): StuckReason | undefined {
  for (const [step, s] of Object.entries(l.steps)) {
    if (s.result !== 'pass' && s.fails >= rules.fails) return { kind: 'fails', step, text: `${s.fails} failed checks on ${step}` };
  }
  if (l.lesson && l.lessonSince) {
    const minutes = (now - Date.parse(l.lessonSince)) / 60_000;
    const open = stepsOfLesson(l.lesson).filter((s) => l.steps[s]?.result !== 'pass');
    if (open.length && minutes >= rules.minutes) return { kind: 'time', step: open[0], text: `${Math.floor(minutes)} min on ${l.lesson}` };
  }
  return undefined;
}

/** For each step, how many learners passed it. */
export function funnel(learners: readonly LearnerProgress[], steps: readonly string[]): { step: string; passed: number }[] {
  return steps.map((step) => ({ step, passed: learners.filter((l) => l.steps[step]?.result === 'pass').length }));
}

export const passedCount = (l: LearnerProgress): number => Object.values(l.steps).filter((s) => s.result === 'pass').length;

export type SortKey = 'joined' | 'name' | 'progress' | 'lastSeen' | 'stuck';

export function sortLearners(
  learners: readonly LearnerProgress[],
  key: SortKey,
  isStuck: (l: LearnerProgress) => boolean,
): LearnerProgress[] {
  const list = [...learners];
  switch (key) {
    case 'name':
      return list.sort((a, b) => a.name.localeCompare(b.name));
    case 'progress':
      return list.sort((a, b) => passedCount(b) - passedCount(a) || a.name.localeCompare(b.name));
    case 'lastSeen':
      return list.sort((a, b) => Date.parse(b.lastSeen) - Date.parse(a.lastSeen));
    case 'stuck':
      return list.sort((a, b) => Number(isStuck(b)) - Number(isStuck(a)) || passedCount(a) - passedCount(b));
    default:
      return list;
  }
}

/** "4 min", "1 h 05 min" — time on a lesson, for the grid. */
export function duration(fromIso: string | null, now: number): string {
  if (!fromIso) return '';
  const m = Math.max(0, Math.floor((now - Date.parse(fromIso)) / 60_000));
  return m < 60 ? `${m} min` : `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}
