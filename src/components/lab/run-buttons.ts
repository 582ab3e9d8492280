/**
 * "Run in terminal" on every ```bash block of a lesson: a button beside Expressive Code's copy button that types
 * exactly the shown text (the code lines joined with \n) into the page's terminal. Other languages get none: `sh`
 * blocks are host commands, `text` and `json` are output.
 */
import { messageOf, terminal, watchBoundaryLab } from './boundary-lab';

const LABEL = 'Run in terminal';
const LOADING = 'Terminal loading…';

/** The text of a code block as displayed: one entry per line, without Expressive Code's markup. */
export function codeText(pre: HTMLElement): string {
  const lines = pre.querySelectorAll('.ec-line');
  if (lines.length === 0) return pre.textContent ?? '';
  return [...lines].map((line) => (line.querySelector('.code') ?? line).textContent ?? '').join('\n');
}

function makeButton(text: string): HTMLButtonElement {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'lab-run';
  button.dataset.command = text;
  button.disabled = true;
  button.textContent = LOADING;
  button.addEventListener('click', async () => {
    const t = terminal();
    if (!t) return;
    button.disabled = true;
    button.textContent = 'Running…';
    try {
      const status = await t.run(text);
      button.title = `Last run: exit status ${status}`;
    } catch (e) {
      button.title = `Could not run: ${messageOf(e)}`;
    } finally {
      button.textContent = LABEL;
      button.disabled = false;
    }
  });
  return button;
}

export function addRunButtons(root: ParentNode = document): HTMLButtonElement[] {
  const buttons: HTMLButtonElement[] = [];
  for (const pre of root.querySelectorAll<HTMLElement>('.expressive-code pre[data-language="bash"]')) {
    const frame = pre.closest('figure');
    if (!frame || frame.querySelector(':scope > .lab-run')) continue;
    const button = makeButton(codeText(pre));
    frame.classList.add('has-lab-run');
    // Before the copy button in the DOM, as on screen: the tab order follows what the learner sees.
    frame.insertBefore(button, frame.querySelector(':scope > .copy'));
    buttons.push(button);
  }
  if (buttons.length) {
    watchBoundaryLab(() => {
      const ready = Boolean(terminal());
      for (const b of buttons) {
        if (b.textContent === 'Running…') continue;
        b.disabled = !ready;
        b.textContent = ready ? LABEL : LOADING;
      }
    });
  }
  return buttons;
}
