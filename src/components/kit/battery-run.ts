/**
 * "Test it": the escalation battery on the kit's template, in the battery's own Worker (the one the "Test your own
 * builder model" page starts, src/lib/shell/worker/battery-worker.ts), with progress per technique and the same
 * report drawn by that page's report-view. Nothing leaves the browser.
 */
import { showTechniqueProgress } from '../battery/progress-view';
import type { BatteryReply, BatteryRequest } from '../../lib/shell/worker/battery-worker';
import { summaryText, techniqueView } from '../battery/report-view';

export interface BatteryUi {
  button: HTMLButtonElement;
  status: HTMLElement;
  progress: HTMLOListElement;
  report: HTMLElement;
}

let worker: Worker | undefined;
let runs = 0;

export function testTemplate(template: string, ui: BatteryUi): void {
  worker ??= new Worker(new URL('../../lib/shell/worker/battery-worker.ts', import.meta.url), { type: 'module', name: 'battery' });
  const id = ++runs;
  ui.button.disabled = true;
  ui.status.textContent = 'Building a fresh sandbox account and deploying the kit’s template…';
  ui.progress.replaceChildren();
  ui.progress.hidden = false;
  ui.report.hidden = true;
  const items = new Map<string, HTMLLIElement>();
  worker.onmessage = (e: MessageEvent<BatteryReply>) => {
    const m = e.data;
    if (m.id !== id) return;
    if (m.t === 'progress') {
      showTechniqueProgress(ui.progress, items, m);
      ui.status.textContent = `Technique ${m.index + 1} of ${m.total}: ${m.technique}`;
      return;
    }
    ui.button.disabled = false;
    if (m.t === 'error') {
      ui.status.textContent = `The battery stopped: ${m.message}`;
      return;
    }
    const escalated = m.report.summary.escalated;
    ui.status.textContent = escalated ? `${escalated} technique${escalated > 1 ? 's' : ''} escalated.` : 'Every technique held or was not applicable.';
    ui.report.querySelector('[data-summary]')!.textContent = summaryText(m.report);
    const order = { escalated: 0, held: 1, 'not-applicable': 2 } as const;
    ui.report.querySelector('[data-techniques]')!.replaceChildren(...[...m.report.techniques].sort((a, b) => order[a.result] - order[b.result]).map(techniqueView));
    ui.report.hidden = false;
    ui.report.querySelector<HTMLElement>('h3')!.focus();
  };
  worker.postMessage({ t: 'run', id, input: { template, templateName: 'builder-iam.json' } } satisfies BatteryRequest);
}
