/** Renders check results (pass/fail, what was found, the evidence, the hint) as DOM, with text only: no innerHTML. */
import type { CheckResult } from '../../lib/checks/types';

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** A hint's `command` spans as <code>, the rest as text (the lab writes commands and names in backticks). */
export function withCode(text: string): (string | HTMLElement)[] {
  return text.split(/`([^`]+)`/).map((part, i) => (i % 2 ? el('code', undefined, part) : part)).filter((p) => p !== '');
}

export function renderResult(result: CheckResult & { label?: string }, label = result.label ?? ''): HTMLLIElement {
  const li = el('li', 'lab-result');
  li.dataset.pass = String(result.pass);
  const head = el('p', 'lab-result__head');
  head.append(el('span', 'lab-result__mark', result.pass ? '✓' : '✗'), el('strong', undefined, result.pass ? 'Passed' : 'Failed'), ` ${label}`);
  head.firstElementChild!.setAttribute('aria-hidden', 'true');
  li.append(head);
  if (result.summary) li.append(el('p', 'lab-result__summary', result.summary));
  if (result.evidence.length) {
    const dl = el('dl', 'lab-result__evidence');
    for (const e of result.evidence) dl.append(el('dt', undefined, e.label), el('dd', undefined, e.value));
    li.append(dl);
  }
  if (!result.pass && result.hint) {
    const hint = el('p', 'lab-result__hint');
    hint.append(el('strong', undefined, 'Hint: '), ...withCode(result.hint));
    li.append(hint);
  }
  return li;
}

export function renderResults(list: HTMLElement, results: (CheckResult & { label?: string })[], labels: string[] = []): void {
  list.replaceChildren(...results.map((r, i) => renderResult(r, labels[i] ?? r.label)));
}

/** "3 of 4 checks passed." */
export function resultsSummary(results: { pass: boolean }[]): string {
  const passed = results.filter((r) => r.pass).length;
  const n = results.length;
  if (n === 1) return passed ? 'The check passed.' : 'The check did not pass.';
  return passed === n ? `All ${n} checks passed.` : `${passed} of ${n} checks passed.`;
}
