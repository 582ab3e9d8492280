/**
 * Where in the configuration's text each of the kit's errors belongs, so the editor can mark the field itself.
 * The kit (src/lib/kit) reports one message with a line per problem, each starting with the field's dotted path
 * ("applicationRoles.path: …", "services.3: …", "builderRole: unknown field \"x\""); this finds that field in the
 * JSON with jsonc-parser's tree (offsets for every node, which JSON.parse does not give). Pure, so it is unit-tested.
 */
import { parseTree, type Node } from 'jsonc-parser';
import { validateJson } from '../terminal/validate';
import { OrgConfig } from '../../lib/kit/config';

const TOP_LEVEL = new Set(Object.keys(OrgConfig.shape));

export interface KitProblem {
  /** The field's dotted path as the kit names it, or undefined when the problem is the whole configuration's. */
  field?: string;
  message: string;
  from: number;
  to: number;
}

/** The kit's message as one problem per line ("… is not a valid configuration:\n  - a: …\n  - b: …"). */
export function problemLines(message: string): string[] {
  const items = message.split('\n  - ');
  return items.length > 1 ? items.slice(1).map((l) => l.trim()) : [message.trim()];
}

function propertyOf(node: Node, key: string): Node | undefined {
  return node.type === 'object' ? node.children?.find((p) => p.children?.[0]?.value === key) : undefined;
}

/**
 * Walks the dotted path as far as it goes. Keys may hold dots themselves (a tag key such as "team.name"), so at an
 * object the longest key made of the next segments wins.
 */
function walk(root: Node, segments: string[]): { node: Node; property?: Node; rest: string[] } {
  let node = root;
  let property: Node | undefined;
  let i = 0;
  while (i < segments.length) {
    let found = false;
    if (node.type === 'object') {
      for (let j = segments.length; j > i; j--) {
        const p = propertyOf(node, segments.slice(i, j).join('.'));
        if (p?.children?.[1]) {
          property = p;
          node = p.children[1];
          i = j;
          found = true;
          break;
        }
      }
    } else if (node.type === 'array' && /^\d+$/.test(segments[i]) && node.children?.[Number(segments[i])]) {
      node = node.children[Number(segments[i])];
      property = undefined;
      i += 1;
      found = true;
    }
    if (!found) break;
  }
  return { node, property, rest: segments.slice(i) };
}

/** The span a problem is marked on: the value of the field; for a missing field, its parent's key; for an unknown field, its key. */
function span(root: Node, field: string | undefined, line: string): { from: number; to: number } {
  const { node, property, rest } = walk(root, field ? field.split('.') : []);
  const whole = { from: node.offset, to: node.offset + node.length };
  const unknown = /unknown fields? ((?:"[^"]*"(?:, )?)+)/.exec(line);
  if (unknown && rest.length === 0) {
    const first = /"([^"]*)"/.exec(unknown[1])![1];
    const key = propertyOf(node, first)?.children?.[0];
    if (key) return { from: key.offset, to: key.offset + key.length };
  }
  if (rest.length === 0) return whole;
  // The field is missing (or the path stops early): mark the key of the object that should hold it.
  const key = property?.children?.[0];
  return key ? { from: key.offset, to: key.offset + key.length } : { from: whole.from, to: Math.min(whole.to, whole.from + 1) };
}

/** Every problem of a configuration the kit refused, each with the place in `text` it belongs to. */
export function locateProblems(text: string, kitMessage: string): KitProblem[] {
  const syntax = validateJson(text);
  if (syntax.length) return syntax.map((p) => ({ ...p, message: `not valid JSON: ${p.message}` }));
  const root = parseTree(text);
  return problemLines(kitMessage).map((line) => {
    const colon = line.indexOf(': ');
    const candidate = colon > 0 ? line.slice(0, colon) : '';
    // A prefix is a field only when it starts with one of the configuration's fields; otherwise the line is a sentence.
    const field = TOP_LEVEL.has(candidate.split('.')[0]) ? candidate : undefined;
    if (!root) return { field, message: line, from: 0, to: Math.min(1, text.length) };
    return { field, message: line, ...span(root, field, line) };
  });
}
