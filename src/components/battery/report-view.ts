/** The battery's report drawn with text nodes only (every value comes from the pasted model or the sandbox). */
import type { Report, Step, TechniqueReport } from '../../lib/battery/types';

const EXPLAIN_EVENT = 'boundary-lab:explain';
const LABEL = { held: 'Held', escalated: 'Escalated', 'not-applicable': 'Not applicable' } as const;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, attrs: Record<string, string> = {}) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  return node;
}

function step(s: Step): HTMLLIElement {
  const li = el('li');
  li.append(el('strong', s.outcome), ` ${s.inner ? '(inside the sandbox) ' : ''}${s.call} — ${s.target} — as ${s.principal}`);
  if (s.canary) li.append(el('em', ` proof: ${s.canary}`));
  if (s.why) {
    const why = s.why;
    const b = el('button', 'Why denied?', { type: 'button', class: 'lab-button lab-button--small' });
    b.addEventListener('click', () => window.dispatchEvent(new CustomEvent(EXPLAIN_EVENT, { detail: why })));
    li.append(' ', b);
  } else if (s.error) li.append(el('div', `${s.error.code}: ${s.error.message}`));
  return li;
}

export function techniqueView(t: TechniqueReport): HTMLDetailsElement {
  const d = el('details', undefined, { 'data-technique': t.id, 'data-result': t.result });
  if (t.result === 'escalated') d.open = true;
  const summary = el('summary');
  summary.append(el('span', LABEL[t.result], { class: 'battery__result', 'data-result': t.result }), ` ${t.id}: ${t.title}`);
  d.append(summary, el('p', t.explanation));
  d.append(el('p', `Calls: ${t.calls.join(' → ')}. Gains: ${t.gains} Stopped by: ${t.stoppedBy}.`));
  if (t.steps.length) {
    const ol = el('ol', undefined, { class: 'battery__steps' });
    for (const s of t.steps) ol.append(step(s));
    d.append(ol);
  }
  if (t.fix) {
    d.append(el('p', `Fix: add this statement to the ${t.fix.policy} policy (${t.fix.policyName}). Re-run with the fix: ${t.fix.rerun}.`, { 'data-fix': t.fix.rerun }));
    d.append(el('pre', t.fix.diff));
  }
  const sources = el('p', 'Sources: ');
  t.sources.forEach((s, i) => {
    if (i) sources.append(', ');
    sources.append(el('a', s.name, { href: s.ref, rel: 'noopener' }));
  });
  d.append(sources);
  return d;
}

export function summaryText(r: Report): string {
  const s = r.summary;
  return `${s.total} techniques against ${r.model.builderRole}: ${s.escalated} escalated, ${s.held} held, ${s.notApplicable} not applicable (${(s.ms / 1000).toFixed(1)} s).`;
}
