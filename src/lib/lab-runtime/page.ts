/**
 * `window.boundaryLab.lab`, `.progress`, `.explainLast()` and `.resetSandbox()` for the lesson components. Tiny on
 * purpose: the runtime itself (SDK clients, checks) is imported the first time a learner presses a lab button.
 */
import type { LabRuntime } from './index';
import { progressStore, PROGRESS_EVENT } from './progress';
import type { LabOp } from './remote';
import { isLiveMode } from '../live/page';

interface TerminalWithLab {
  run(text: string): Promise<number>;
  open(): Promise<void>;
  call(op: LabOp): Promise<unknown>;
  reset(): Promise<void>;
}

export function installLabApi() {
  const w = window as unknown as { boundaryLab?: Record<string, any> };
  const bl = (w.boundaryLab ??= {});
  const terminal = () => bl.terminal as TerminalWithLab;
  const live = isLiveMode();
  if (live) void import('../live/banner').then((m) => m.showLiveBanner());
  let runtime: Promise<LabRuntime> | undefined;
  const get = () =>
    (runtime ??= import('./browser').then(async (m) => {
      let liveInfo: { region: string } | undefined;
      if (live) {
        const { liveStatus } = await import('../live/page');
        liveInfo = { region: (await liveStatus()).region };
      }
      return m.createBrowserLab({
        mode: live ? 'live' : 'sandbox',
        call: (op) => terminal().call(op),
        runInTerminal: (text) => terminal().run(text),
        live: liveInfo,
      });
    }));
  const lab = {
    get mode() {
      return live ? 'live' : 'sandbox';
    },
    checkStep: (...a: Parameters<LabRuntime['checkStep']>) => get().then((r) => r.checkStep(...a)),
    solve: (...a: Parameters<LabRuntime['solve']>) => get().then((r) => r.solve(...a)),
    cleanUp: (...a: Parameters<LabRuntime['cleanUp']>) => get().then((r) => r.cleanUp(...a)),
  };
  bl.lab = lab;
  bl.progress = progressStore(localStorage, () => window.dispatchEvent(new CustomEvent(PROGRESS_EVENT)));
  bl.explainLast = () => terminal().call({ op: 'explainLast' });
  bl.resetSandbox = () => terminal().reset();
  if (!live) offerWhyDenied(() => bl.explainLast());
  window.dispatchEvent(new CustomEvent('boundary-lab:ready'));
}

/**
 * After a command that failed, asks the sandbox whether the terminal's last call was denied; when a new denial is
 * there, a "Why denied?" button appears in the terminal's bar and opens the explanation (the ExplainDialog listens
 * for `boundary-lab:explain`).
 */
function offerWhyDenied(explainLast: () => Promise<unknown>) {
  let shown = '';
  window.addEventListener('boundary-lab:command-finished', async (e) => {
    if ((e as CustomEvent<{ exitCode: number }>).detail?.exitCode === 0) return;
    const explanation = (await explainLast().catch(() => undefined)) as { sentence?: string } | undefined;
    const key = explanation ? JSON.stringify(explanation) : '';
    if (!explanation || key === shown) return;
    shown = key;
    const bar = document.querySelector('[data-boundary-lab-terminal] .bl-terminal-actions');
    if (!bar) return;
    let button = bar.querySelector<HTMLButtonElement>('[data-action="why-denied"]');
    if (!button) {
      button = document.createElement('button');
      button.type = 'button';
      button.dataset.action = 'why-denied';
      button.textContent = 'Why denied?';
      bar.prepend(button);
    }
    button.title = explanation.sentence ?? '';
    button.onclick = () => window.dispatchEvent(new CustomEvent('boundary-lab:explain', { detail: explanation }));
  });
}
