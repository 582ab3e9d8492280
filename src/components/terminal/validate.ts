/**
 * Validation for the in-page editor: JSON syntax errors, and YAML syntax errors (CloudFormation's short tags such
 * as !Sub and !GetAtt are fine). Pure functions of the text, so they are unit-tested without a DOM.
 */
import { parseDocument } from 'yaml';

export interface Problem {
  from: number;
  to: number;
  message: string;
}

export function languageOf(path: string): 'json' | 'yaml' | 'text' {
  if (/\.json$/i.test(path)) return 'json';
  if (/\.ya?ml$/i.test(path) || /\.template$/i.test(path)) return 'yaml';
  return 'text';
}

export function validateJson(text: string): Problem[] {
  if (!text.trim()) return [];
  try {
    JSON.parse(text);
    return [];
  } catch (e) {
    const message = (e as Error).message;
    const pos = /position (\d+)/.exec(message);
    const lc = /line (\d+) column (\d+)/.exec(message);
    let from = text.length;
    if (pos) from = Number(pos[1]);
    else if (lc) {
      const lines = text.split('\n');
      from = lines.slice(0, Number(lc[1]) - 1).reduce((n, l) => n + l.length + 1, 0) + Number(lc[2]) - 1;
    }
    from = Math.min(Math.max(0, from), text.length);
    return [{ from, to: Math.min(text.length, from + 1), message }];
  }
}

export function validateYaml(text: string): Problem[] {
  const doc = parseDocument(text, { prettyErrors: false });
  return doc.errors.map((e) => ({ from: e.pos[0], to: Math.max(e.pos[1], e.pos[0] + 1), message: e.message }));
}

export function validate(path: string, text: string): Problem[] {
  const lang = languageOf(path);
  return lang === 'json' ? validateJson(text) : lang === 'yaml' ? validateYaml(text) : [];
}
