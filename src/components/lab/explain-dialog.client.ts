/**
 * <lab-explain-dialog>: opens the modal on `boundary-lab:explain` (detail: Explanation). Without a detail it asks the
 * terminal for its last denied call. Focus goes to the dialog's heading and, on close, back where it was.
 */
import type { Explanation } from '../../lib/explain';
import { boundaryLab, EXPLAIN_EVENT, messageOf } from './boundary-lab';
import { explainHeading, renderExplanation } from './explain-view';

class ExplainDialogElement extends HTMLElement {
  connectedCallback() {
    const dialog = this.querySelector('dialog')!;
    const heading = dialog.querySelector<HTMLElement>('h2')!;
    const body = dialog.querySelector<HTMLElement>('[data-body]')!;
    let opener: HTMLElement | null = null;

    const show = (e: Explanation | undefined, error?: string) => {
      heading.textContent = e ? explainHeading(e) : 'Why denied?';
      if (e) body.replaceChildren(renderExplanation(e));
      else {
        const p = document.createElement('p');
        p.textContent = error ?? 'No denied call yet: run a command that AWS refuses, then ask again.';
        body.replaceChildren(p);
      }
      if (!dialog.open) {
        opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
        dialog.showModal();
      }
      heading.focus();
    };

    window.addEventListener(EXPLAIN_EVENT, (event) => {
      const detail = (event as CustomEvent<Explanation | undefined>).detail;
      if (detail) return show(detail);
      const last = boundaryLab()?.explainLast;
      if (!last) return show(undefined, 'The terminal is still loading.');
      last().then(
        (e) => show(e),
        (err) => show(undefined, `No explanation: ${messageOf(err)}`),
      );
    });
    // A click on the backdrop (outside the frame) closes, as Escape does.
    dialog.addEventListener('click', (event) => {
      if (event.target === dialog) dialog.close();
    });
    dialog.addEventListener('close', () => {
      if (opener?.isConnected) opener.focus();
      else boundaryLab()?.terminal?.focus();
      opener = null;
    });
  }
}

if (!customElements.get('lab-explain-dialog')) customElements.define('lab-explain-dialog', ExplainDialogElement);
