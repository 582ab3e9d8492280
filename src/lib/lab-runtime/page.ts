/**
 * `window.boundaryLab.lab`, `.progress`, `.explainLast()` and `.resetSandbox()` for the lesson components. Tiny on
 * purpose: the runtime itself (SDK clients, checks) is imported the first time a learner presses a lab button.
 */
import type { LabRuntime } from './index';
import { progressStore, PROGRESS_EVENT } from './progress';
import type { LabOp } from './remote';
import { isLiveMode, takeToken } from '../live/page';

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
  // Read the live token at once, so it leaves the address bar as soon as the page loads.
  const liveToken = live ? takeToken() : undefined;
  if (live) void import('../live/banner').then((m) => m.showLiveBanner(liveToken));
  let runtime: Promise<LabRuntime> | undefined;
  const get = () =>
    (runtime ??= import('./browser').then(async (m) => {
      let liveInfo: { token: string; region: string } | undefined;
      if (live) {
        const token = liveToken;
        if (!token) throw new Error('Open the workshop with the address `npm run live` printed: this page has no live-mode token.');
        const { liveStatus } = await import('../live/page');
        liveInfo = { token, region: (await liveStatus(token)).region };
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
  window.dispatchEvent(new CustomEvent('boundary-lab:ready'));
}
