/**
 * <lab-step>: wires the Check and Solve buttons of a step panel to the page's lab (window.boundaryLab.lab). The
 * buttons stay disabled, saying "Terminal loading…", until the terminal has set window.boundaryLab.
 */
import { PROGRESS_EVENT, PROGRESS_KEY, laterPassedStep, progressStore } from '../../lib/lab-runtime/progress';
import { boundaryLab, messageOf, watchBoundaryLab, whenLabReady } from './boundary-lab';
import { renderResults, resultsSummary } from './results-view';
import { CHECK_RESULT_EVENT } from '../../lib/room/events';

class LabStepElement extends HTMLElement {
  #busy = false;
  #ready = false;

  connectedCallback() {
    const id = this.dataset.stepId!;
    const q = <T extends Element>(s: string) => this.querySelector<T>(s)!;
    const check = q<HTMLButtonElement>('[data-action="check"]');
    const solve = q<HTMLButtonElement>('[data-action="solve"]');
    const confirm = q<HTMLElement>('.lab-step__confirm');
    const stateText = q<HTMLElement>('[data-state-text]');
    const progress = q<HTMLElement>('[data-progress]');
    const list = q<HTMLElement>('[data-list]');
    const results = q<HTMLElement>('[data-results]');
    progress.tabIndex = -1;
    const labels = [...this.querySelectorAll('.lab-step__checks > li')].map((li) => li.textContent ?? '');

    const later = JSON.parse(this.dataset.laterSteps ?? '[]') as { id: string; title: string }[];
    const store = () => boundaryLab()?.progress ?? progressStore(localStorage);
    const passedBefore = () => store().get()[id] === 'passed';
    const passedWhen = () => {
      const at = store().passedAt(id);
      return at ? ` (${new Date(at).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })})` : '';
    };
    const refresh = () => {
      this.#ready = Boolean(boundaryLab());
      check.disabled = solve.disabled = !this.#ready || this.#busy;
      this.toggleAttribute('data-passed', passedBefore());
      if (this.#busy) return;
      stateText.textContent = !this.#ready ? 'Terminal loading…' : passedBefore() ? `Passed ✓${passedWhen()}` : '';
    };
    watchBoundaryLab(refresh);
    window.addEventListener(PROGRESS_EVENT, refresh);
    // A ✓ earned in another tab of the workshop.
    window.addEventListener('storage', (e) => {
      if (e.key === null || e.key === PROGRESS_KEY) refresh();
    });

    /**
     * A recheck of a step that passed, after a later step has passed too: the later step changed the account on
     * purpose (deleted the stack, unset the builder's keys…), so the hints would send the learner to redo work.
     */
    const movedOn = <R extends { pass: boolean; hint?: string }>(results: R[], wasPassed: boolean, when: string) => {
      if (!wasPassed || results.every((r) => r.pass)) return undefined;
      const laterId = laterPassedStep([id, ...later.map((s) => s.id)], id, store().get());
      if (!laterId) return undefined;
      const title = later.find((s) => s.id === laterId)!.title;
      return {
        results: results.map((r) => (r.pass ? r : { ...r, hint: undefined })),
        note: `This step passed earlier${when}. A later step, “${title}”, has changed the account since, so this check no longer finds what it found then. That is expected: there is nothing to redo.`,
      };
    };

    const closeConfirm = (focusSolve: boolean) => {
      confirm.hidden = true;
      solve.setAttribute('aria-expanded', 'false');
      if (focusSolve) solve.focus();
    };

    const run = async (work: (say: (m: string, fraction?: number) => void) => Promise<{ results: Parameters<typeof renderResults>[1]; note?: string }>) => {
      this.#busy = true;
      refresh();
      results.setAttribute('aria-busy', 'true');
      list.replaceChildren();
      // While a check waits for AWS (minutes in live mode), a progress bar shows how much of its patience is used.
      const say = (m: string, fraction?: number) => {
        progress.textContent = m;
        if (fraction !== undefined) {
          const bar = document.createElement('progress');
          bar.max = 1;
          bar.value = Math.min(1, Math.max(0, fraction));
          bar.className = 'lab-step__bar';
          bar.setAttribute('aria-label', 'Time waited for AWS');
          progress.append(' ', bar);
        }
      };
      stateText.textContent = 'Working…';
      try {
        const out = await work(say);
        renderResults(list, out.results, labels);
        say([out.note, resultsSummary(out.results)].filter(Boolean).join(' '));
      } catch (e) {
        say(`Could not finish: ${messageOf(e)}`);
      } finally {
        this.#busy = false;
        results.removeAttribute('aria-busy');
        refresh();
      }
    };

    check.addEventListener('click', () =>
      run(async (say) => {
        say('Loading the lab…');
        const lab = await whenLabReady();
        say('Checking…');
        const wasPassed = passedBefore();
        const when = passedWhen();
        const results = await lab.checkStep(id, { onProgress: say });
        // A workshop room (src/components/room) reports the outcome of every Check the learner runs.
        window.dispatchEvent(new CustomEvent(CHECK_RESULT_EVENT, { detail: { step: id, result: results.every((r) => r.pass) ? 'pass' : 'fail' } }));
        return movedOn(results, wasPassed, when) ?? { results };
      }),
    );

    solve.addEventListener('click', () => {
      const open = confirm.hidden;
      confirm.hidden = !open;
      solve.setAttribute('aria-expanded', String(open));
      if (open) confirm.querySelector<HTMLButtonElement>('[data-action="solve-confirm"]')!.focus();
    });
    confirm.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') closeConfirm(true);
    });
    q<HTMLButtonElement>('[data-action="solve-cancel"]').addEventListener('click', () => closeConfirm(true));
    q<HTMLButtonElement>('[data-action="solve-confirm"]').addEventListener('click', () => {
      closeConfirm(false);
      const done = run(async (say) => {
        say('Loading the lab…');
        const lab = await whenLabReady();
        const out = await lab.solve(id, say);
        return { results: out.results, note: out.ok ? 'Solved.' : 'Solve stopped: a check did not pass.' };
      });
      // The buttons are disabled while Solve runs: keep focus on the progress text rather than losing it.
      progress.focus();
      void done;
    });
  }
}

if (!customElements.get('lab-step')) customElements.define('lab-step', LabStepElement);
