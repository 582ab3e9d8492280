/**
 * Progress marks in Starlight's sidebar: a ✓ after each lesson whose steps have all passed (progressStore in
 * localStorage), kept live on PROGRESS_EVENT and across tabs, and a "Reset progress" button.
 */
import { boundaryLab } from './boundary-lab';
import { PROGRESS_EVENT, lessonDone, progressStore, type ProgressStore } from '../../lib/lab-runtime/progress';

const store = (): ProgressStore =>
  boundaryLab()?.progress ?? progressStore(localStorage, () => window.dispatchEvent(new Event(PROGRESS_EVENT)));

/** The lesson slug a sidebar link points to: the last segment of its path. */
const slugOf = (a: HTMLAnchorElement) => new URL(a.href).pathname.replace(/\/$/, '').split('/').pop() ?? '';

export function markLessons(nav: ParentNode, stepsByLesson: Record<string, string[]>, progress = store().get()): void {
  for (const a of nav.querySelectorAll<HTMLAnchorElement>('a[href]')) {
    const steps = stepsByLesson[slugOf(a)];
    if (!steps) continue;
    const done = lessonDone(steps, progress);
    let mark = a.querySelector<HTMLElement>('.lab-done');
    if (done && !mark) {
      mark = document.createElement('span');
      mark.className = 'lab-done';
      const tick = document.createElement('span');
      tick.setAttribute('aria-hidden', 'true');
      tick.textContent = '✓';
      const words = document.createElement('span');
      words.className = 'sr-only';
      words.textContent = ' (done)';
      mark.append(tick, words);
      a.append(mark);
    } else if (!done && mark) mark.remove();
    a.toggleAttribute('data-lab-done', done);
  }
}

export function setUpSidebarProgress(root: HTMLElement): void {
  const stepsByLesson = JSON.parse(root.dataset.steps ?? '{}') as Record<string, string[]>;
  const nav = root.closest('.sidebar-content') ?? document;
  const status = root.querySelector<HTMLElement>('[data-status]')!;
  const update = () => {
    try {
      markLessons(nav, stepsByLesson);
    } catch {
      // Storage can be unavailable (private mode, blocked cookies): the marks are an extra, not the page.
    }
  };
  update();
  window.addEventListener(PROGRESS_EVENT, update);
  window.addEventListener('storage', (e) => {
    if (e.key === null || e.key === 'boundary-lab:progress') update();
  });
  root.querySelector<HTMLButtonElement>('[data-action="reset-progress"]')!.addEventListener('click', () => {
    try {
      store().reset();
      status.textContent = 'Progress reset.';
    } catch {
      status.textContent = 'Progress could not be reset: this browser blocks storage for the site.';
    }
    update();
  });
}
