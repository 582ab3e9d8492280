/** <lab-cleanup>: runs the lab's clean-up with a live step list, then says whether the account is empty. */
import type { CleanupStep } from '../../lib/cleanup';
import { boundaryLab, messageOf, watchBoundaryLab, whenLabReady } from './boundary-lab';
import { renderResults } from './results-view';

const STATUS_WORDS: Record<CleanupStep['status'], string> = {
  pending: 'Pending',
  running: 'Running',
  done: 'Done',
  skipped: 'Skipped',
  failed: 'Failed',
};

export function renderCleanupSteps(list: HTMLElement, steps: CleanupStep[]): void {
  list.replaceChildren(
    ...steps.map((s) => {
      const li = document.createElement('li');
      li.dataset.status = s.status;
      const status = document.createElement('strong');
      status.textContent = `${STATUS_WORDS[s.status]}:`;
      li.append(status, ` ${s.label}`);
      if (s.detail) {
        const detail = document.createElement('span');
        detail.className = 'lab-cleanup__detail';
        detail.textContent = ` — ${s.detail}`;
        li.append(detail);
      }
      return li;
    }),
  );
}

class CleanupPanelElement extends HTMLElement {
  #busy = false;

  connectedCallback() {
    const q = <T extends Element>(s: string) => this.querySelector<T>(s)!;
    const cleanup = q<HTMLButtonElement>('[data-action="cleanup"]');
    const reset = q<HTMLButtonElement>('[data-action="reset"]');
    const confirm = q<HTMLElement>('.lab-step__confirm');
    const stateText = q<HTMLElement>('[data-state-text]');
    const steps = q<HTMLElement>('[data-steps]');
    const progress = q<HTMLElement>('[data-progress]');
    const list = q<HTMLElement>('[data-list]');
    const results = q<HTMLElement>('[data-results]');

    const refresh = () => {
      const ready = Boolean(boundaryLab());
      cleanup.disabled = reset.disabled = !ready || this.#busy;
      const lab = boundaryLab()?.lab;
      // Only the sandbox can be reset; live mode is the learner's own account.
      reset.hidden = !(lab?.mode === 'sandbox' && typeof boundaryLab()?.resetSandbox === 'function');
      if (!this.#busy) stateText.textContent = ready ? '' : 'Terminal loading…';
    };
    watchBoundaryLab(refresh);

    const closeConfirm = (focusReset: boolean) => {
      confirm.hidden = true;
      reset.setAttribute('aria-expanded', 'false');
      if (focusReset) reset.focus();
    };

    const busy = async (work: () => Promise<void>) => {
      this.#busy = true;
      refresh();
      results.setAttribute('aria-busy', 'true');
      try {
        await work();
      } catch (e) {
        progress.textContent = `Could not finish: ${messageOf(e)}`;
      } finally {
        this.#busy = false;
        results.removeAttribute('aria-busy');
        refresh();
      }
    };

    cleanup.addEventListener('click', () =>
      busy(async () => {
        list.replaceChildren();
        steps.replaceChildren();
        progress.textContent = 'Loading the lab…';
        const lab = await whenLabReady();
        progress.textContent = 'Cleaning up…';
        const out = await lab.cleanUp((s) => renderCleanupSteps(steps, s));
        renderCleanupSteps(steps, out.steps);
        const empty = out.verification.length > 0 && out.verification.every((r) => r.pass);
        progress.textContent = empty
          ? 'Clean-up complete: the account holds none of the workshop’s resources.'
          : 'Clean-up is not complete: the account still holds some of the workshop’s resources (see below).';
        renderResults(list, empty ? [] : out.verification.filter((r) => !r.pass));
      }),
    );

    reset.addEventListener('click', () => {
      const open = confirm.hidden;
      confirm.hidden = !open;
      reset.setAttribute('aria-expanded', String(open));
      if (open) q<HTMLButtonElement>('[data-action="reset-confirm"]').focus();
    });
    confirm.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') closeConfirm(true);
    });
    q<HTMLButtonElement>('[data-action="reset-cancel"]').addEventListener('click', () => closeConfirm(true));
    q<HTMLButtonElement>('[data-action="reset-confirm"]').addEventListener('click', () => {
      closeConfirm(false);
      void busy(async () => {
        list.replaceChildren();
        steps.replaceChildren();
        progress.textContent = 'Resetting the sandbox…';
        progress.focus();
        await boundaryLab()!.resetSandbox!();
        progress.textContent = 'The sandbox is fresh: a new, empty account.';
      });
    });
  }
}

if (!customElements.get('lab-cleanup')) customElements.define('lab-cleanup', CleanupPanelElement);
