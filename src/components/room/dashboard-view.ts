/**
 * The dashboard's rendering: learners × steps grid, list view, funnel. Learner names are only ever set as text
 * (textContent), so a name such as `<img src=x onerror=…>` shows as those characters.
 */
import { duration, funnel, passedCount, stuckReason, type StuckRules } from '../../lib/room/insights';
import type { LearnerProgress } from '../../lib/room/protocol';

export interface StepInfo {
  id: string;
  title: string;
  lesson: string;
}

const el = <K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, cls?: string): HTMLElementTagNameMap[K] => {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (cls) e.className = cls;
  return e;
};

export interface ViewState {
  learners: LearnerProgress[];
  steps: StepInfo[];
  rules: StuckRules;
  now: number;
}

export const stepsOfLesson = (steps: StepInfo[]) => (lesson: string) => steps.filter((s) => s.lesson === lesson).map((s) => s.id);

function cell(l: LearnerProgress, s: StepInfo): HTMLTableCellElement {
  const p = l.steps[s.id];
  const td = el('td', undefined, 'grid__cell');
  if (!p) {
    td.textContent = '·';
    td.dataset.state = 'none';
    td.title = `${s.title}: not yet`;
  } else if (p.result === 'pass') {
    td.textContent = '✓';
    td.dataset.state = 'pass';
    td.title = `${s.title}: passed${p.fails ? ` after ${p.fails} failed checks` : ''}`;
  } else {
    td.textContent = `✗${p.fails}`;
    td.dataset.state = 'fail';
    td.title = `${s.title}: ${p.fails} failed checks`;
  }
  return td;
}

export function renderGrid(table: HTMLTableElement, v: ViewState): void {
  const thead = el('thead');
  const head = el('tr');
  head.append(el('th', 'Learner'), el('th', 'Lesson'), el('th', 'Time on it'));
  v.steps.forEach((s, i) => {
    const th = el('th', String(i + 1));
    th.title = s.title;
    th.scope = 'col';
    th.setAttribute('aria-label', `Step ${i + 1}: ${s.title}`);
    head.append(th);
  });
  for (const th of head.querySelectorAll('th')) th.scope = 'col';
  thead.append(head);
  const tbody = el('tbody');
  const lessonSteps = stepsOfLesson(v.steps);
  for (const l of v.learners) {
    const tr = el('tr');
    const stuck = stuckReason(l, v.rules, lessonSteps, v.now);
    if (stuck) tr.dataset.stuck = stuck.text;
    const name = el('th', l.name, 'grid__name');
    name.scope = 'row';
    if (stuck) name.append(el('span', `stuck: ${stuck.text}`, 'grid__stuck'));
    tr.append(name, el('td', l.lesson ?? '—'), el('td', duration(l.lessonSince, v.now)));
    for (const s of v.steps) tr.append(cell(l, s));
    tbody.append(tr);
  }
  table.replaceChildren(thead, tbody);
}

export function renderList(list: HTMLOListElement, v: ViewState): void {
  const lessonSteps = stepsOfLesson(v.steps);
  list.replaceChildren(
    ...v.learners.map((l) => {
      const li = el('li', undefined, 'list__row');
      const stuck = stuckReason(l, v.rules, lessonSteps, v.now);
      if (stuck) li.dataset.stuck = stuck.text;
      li.append(
        el('strong', l.name),
        el('span', `${passedCount(l)}/${v.steps.length} steps`),
        el('span', l.lesson ? `${l.lesson} · ${duration(l.lessonSince, v.now)}` : 'not started'),
        el('span', stuck ? `stuck: ${stuck.text}` : ''),
      );
      return li;
    }),
  );
}

export function renderFunnel(list: HTMLOListElement, v: ViewState): void {
  const total = Math.max(1, v.learners.length);
  list.replaceChildren(
    ...funnel(v.learners, v.steps.map((s) => s.id)).map(({ step, passed }, i) => {
      const li = el('li', undefined, 'funnel__row');
      const info = v.steps.find((s) => s.id === step)!;
      const bar = el('progress');
      bar.max = total;
      bar.value = passed;
      bar.setAttribute('aria-label', `Step ${i + 1}, ${info.title}: ${passed} of ${v.learners.length} passed`);
      li.append(el('span', `${i + 1}. ${info.title}`, 'funnel__label'), bar, el('span', `${passed}/${v.learners.length}`, 'funnel__count'));
      return li;
    }),
  );
}
