/** The report as text for a terminal: one line per technique, then the detail of each escalation and its fix. */
import type { Report } from './types';

const MARK = { held: 'held', escalated: 'ESCALATED', 'not-applicable': 'n/a' } as const;

export function toText(r: Report): string {
  const out: string[] = [];
  out.push(`Boundary Lab escalation battery ${r.tool.version}: ${r.model.source}`);
  out.push(`builder role ${r.model.builderRole}${r.model.boundary ? `, boundary ${r.model.boundary}` : ', no boundary required'}`);
  out.push('');
  const width = Math.max(...r.techniques.map((t) => t.id.length));
  for (const t of r.techniques) out.push(`${MARK[t.result].padEnd(9)} ${t.id.padEnd(width)}  ${t.explanation.split('\n')[0]}`);
  for (const t of r.techniques.filter((x) => x.result === 'escalated')) {
    out.push('', `== ${t.id}: ${t.title}`);
    for (const s of t.steps) out.push(`   ${s.outcome.padEnd(7)} ${s.inner ? '(inside) ' : ''}${s.call} ${s.target} as ${s.principal}${s.canary ? `  <- proof: ${s.canary}` : ''}`);
    if (t.fix) {
      out.push(`   fix: add to the ${t.fix.policy} policy (${t.fix.policyName}); re-run with the fix: ${t.fix.rerun}`);
      out.push(...t.fix.diff.split('\n').filter((l) => !l.startsWith('=====')).map((l) => `   ${l}`));
    }
  }
  const s = r.summary;
  out.push('', `${s.total} techniques: ${s.held} held, ${s.escalated} escalated, ${s.notApplicable} not applicable (${(s.ms / 1000).toFixed(1)} s)`);
  return `${out.join('\n')}\n`;
}
