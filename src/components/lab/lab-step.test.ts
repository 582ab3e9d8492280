import { describe, expect, it } from 'vitest';
import { lab } from '../../../labs/lab';
import { checkKindNames } from '../../../labs/schema';
import { checkLabel } from './check-label';
import { processLabStep, stepIdsByLesson } from './lab-step';

describe('processLabStep', () => {
  it('reads a step from the lab definition', () => {
    const view = processLabStep('assume-builder-role');
    expect(view).toMatchObject({ id: 'assume-builder-role', lesson: 'assume-builder', title: 'Assume the builder role', earlierSteps: 1 });
    expect(view.checks).toEqual(['The terminal is a session of the builder role (builder-test)']);
    expect(view.commandCount).toBe(lab.steps[1].commands.length);
    expect(view.solveNote).toBe(
      `Solve types this step’s ${view.commandCount} commands into the terminal, after the commands of any of the 1 earlier step whose checks do not pass yet, then checks the step.`,
    );
    expect(processLabStep(lab.steps[0].id).solveNote).not.toContain('earlier');
  });

  it('fails with the ids that exist when the id is wrong', () => {
    expect(() => processLabStep('assume-the-builder')).toThrow(/no step with this id in labs\/lab\.ts.*assume-builder-role/);
  });

  it('groups step ids by lesson in lab order', () => {
    const byLesson = stepIdsByLesson();
    expect(byLesson['launch-without-boundary']).toEqual(['launch-application-1', 'delete-failed-application']);
    expect(Object.values(byLesson).flat()).toEqual(lab.steps.map((s) => s.id));
  });
});

describe('checkLabel', () => {
  it('prefers the label the lab gives', () => {
    expect(checkLabel({ kind: 'stackAbsent', stack: 'x', hint: 'h', label: 'Gone' })).toBe('Gone');
  });

  it('words every check of the lab', () => {
    const labels = lab.steps.flatMap((s) => s.checks.map(checkLabel));
    for (const l of labels) expect(l).toMatch(/^[A-Z]/);
    expect(labels).toContain('Stack builder-application is ROLLBACK_IN_PROGRESS or ROLLBACK_COMPLETE');
    expect(labels).toContain('CloudTrail recorded AccessDenied for CreatePolicyVersion by the builder role');
    expect(labels).toContain('Policy /application_policies/sneaky-policy is attached to nothing');
  });

  it('has words for every check kind', () => {
    // The switch is exhaustive for TypeScript; this guards kinds added to the schema later.
    const used = new Set(lab.steps.flatMap((s) => s.checks.map((c) => c.kind)));
    for (const kind of used) expect(checkKindNames).toContain(kind);
  });
});
