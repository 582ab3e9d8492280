/**
 * Build-time data for <LabStep id="…" />: the step from the lab definition, its checks in words, and what Solve
 * would type. A wrong id fails the build with the list of ids that exist.
 */
import { lab } from '../../../labs/lab';
import { checkLabel } from './check-label';

export interface LabStepView {
  id: string;
  title: string;
  lesson: string;
  checks: string[];
  commandCount: number;
  /** Steps before this one, whose commands Solve types first when their checks do not pass yet. */
  earlierSteps: number;
  /** What Solve will do, for its confirmation. */
  solveNote: string;
  /** The steps after this one, in order: when one of them has passed, the account has moved on past this step. */
  laterSteps: { id: string; title: string }[];
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function processLabStep(id: unknown, steps = lab.steps): LabStepView {
  const index = steps.findIndex((s) => s.id === id);
  if (index < 0) {
    throw new Error(
      `<LabStep id=${JSON.stringify(id)} />: there is no step with this id in labs/lab.ts. The step ids are: ${steps.map((s) => s.id).join(', ')}.`,
    );
  }
  const step = steps[index];
  return {
    id: step.id,
    title: step.title,
    lesson: step.lesson,
    checks: step.checks.map(checkLabel),
    commandCount: step.commands.length,
    earlierSteps: index,
    solveNote: `Solve types this step’s ${plural(step.commands.length, 'command')} into the terminal${
      index > 0 ? `, after the commands of any of the ${plural(index, 'earlier step')} whose checks do not pass yet` : ''
    }, then checks the step.`,
    laterSteps: steps.slice(index + 1).map((s) => ({ id: s.id, title: s.title })),
  };
}

/** Step ids per lesson slug, for the sidebar's progress marks. */
export function stepIdsByLesson(steps = lab.steps): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const s of steps) (out[s.lesson] ??= []).push(s.id);
  return out;
}
