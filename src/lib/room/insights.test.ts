import { describe, expect, it } from 'vitest';
import { DEFAULT_STUCK, duration, funnel, sortLearners, stuckReason } from './insights';
import type { LearnerProgress } from './protocol';

const t0 = Date.parse('2026-12-03T10:00:00Z');
const learner = (name: string, steps: LearnerProgress['steps'], lesson: string | null = null, since = t0): LearnerProgress => ({
  learnerId: name,
  name,
  lesson,
  lessonSince: lesson ? new Date(since).toISOString() : null,
  steps,
  lastSeen: new Date(since).toISOString(),
});
const stepsOf = (lesson: string) => (lesson === 'l1' ? ['a', 'b'] : []);

describe('room insights', () => {
  it('flags three failed checks on a step not yet passed, and not once it passed', () => {
    const failing = learner('x', { a: { result: 'fail', at: '', fails: 3 } });
    expect(stuckReason(failing, DEFAULT_STUCK, stepsOf, t0)).toMatchObject({ kind: 'fails', step: 'a' });
    const passed = learner('y', { a: { result: 'pass', at: '', fails: 3 } });
    expect(stuckReason(passed, DEFAULT_STUCK, stepsOf, t0)).toBeUndefined();
    expect(stuckReason(failing, { ...DEFAULT_STUCK, fails: 4 }, stepsOf, t0)).toBeUndefined();
  });

  it('flags ten minutes on a lesson with open steps, with adjustable minutes', () => {
    const l = learner('x', { a: { result: 'pass', at: '', fails: 0 } }, 'l1', t0);
    expect(stuckReason(l, DEFAULT_STUCK, stepsOf, t0 + 9 * 60_000)).toBeUndefined();
    expect(stuckReason(l, DEFAULT_STUCK, stepsOf, t0 + 10 * 60_000)).toMatchObject({ kind: 'time', step: 'b' });
    expect(stuckReason(l, { fails: 3, minutes: 20 }, stepsOf, t0 + 10 * 60_000)).toBeUndefined();
    const done = learner('y', { a: { result: 'pass', at: '', fails: 0 }, b: { result: 'pass', at: '', fails: 0 } }, 'l1', t0);
    expect(stuckReason(done, DEFAULT_STUCK, stepsOf, t0 + 60 * 60_000)).toBeUndefined();
  });

  it('counts the funnel and sorts', () => {
    const ls = [learner('b', { a: { result: 'pass', at: '', fails: 0 } }), learner('a', {}), learner('c', { a: { result: 'pass', at: '', fails: 0 }, b: { result: 'pass', at: '', fails: 1 } })];
    expect(funnel(ls, ['a', 'b'])).toEqual([{ step: 'a', passed: 2 }, { step: 'b', passed: 1 }]);
    expect(sortLearners(ls, 'name', () => false).map((l) => l.name)).toEqual(['a', 'b', 'c']);
    expect(sortLearners(ls, 'progress', () => false).map((l) => l.name)).toEqual(['c', 'b', 'a']);
    expect(sortLearners(ls, 'stuck', (l) => l.name === 'b').map((l) => l.name)[0]).toBe('b');
    expect(duration(new Date(t0).toISOString(), t0 + 65 * 60_000)).toBe('1 h 05 min');
  });
});
