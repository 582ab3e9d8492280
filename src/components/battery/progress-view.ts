/** One line per technique while the battery runs, shared by the battery page and the org kit's "Test it". */
import type { BatteryReply } from '../../lib/shell/worker/battery-worker';

type Progress = Extract<BatteryReply, { t: 'progress' }>;

export function showTechniqueProgress(list: HTMLElement, items: Map<string, HTMLLIElement>, m: Progress): void {
  let li = items.get(m.technique);
  if (!li) {
    li = document.createElement('li');
    li.dataset.technique = m.technique;
    items.set(m.technique, li);
    list.append(li);
  }
  li.textContent = `${m.technique}: ${m.phase === 'start' ? 'running…' : m.phase === 'fix' ? 're-running with the fix…' : m.result}`;
  if (m.result) li.dataset.result = m.result;
}
