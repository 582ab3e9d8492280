/** The room's progress as CSV (RFC 4180), one row per learner, a column per step of the lab definition. */
import type { ProgressResponse } from '../protocol';

const cell = (v: string | number | null | undefined): string => {
  let s = v === null || v === undefined ? '' : String(v);
  // A name such as "=HYPERLINK(…)" must stay text when the file is opened in a spreadsheet (CSV injection).
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

export function progressCsv(p: ProgressResponse): string {
  const header = ['learnerId', 'name', 'lesson', 'lessonSince', 'lastSeen', 'passed', ...p.steps.flatMap((s) => [s, `${s} fails`])];
  const rows = p.learners.map((l) => [
    l.learnerId,
    l.name,
    l.lesson,
    l.lessonSince,
    l.lastSeen,
    Object.values(l.steps).filter((s) => s.result === 'pass').length,
    ...p.steps.flatMap((s) => [l.steps[s]?.result ?? '', l.steps[s]?.fails ?? 0]),
  ]);
  return [header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}
