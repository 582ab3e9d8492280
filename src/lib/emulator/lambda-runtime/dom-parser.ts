/**
 * A minimal DOMParser for Web Workers, which have none: the SDK v3 browser build parses XML responses (S3, IAM,
 * STS, CloudFormation) with `new DOMParser().parseFromString(…)` and walks nodeType / nodeName / attributes /
 * childNodes / textContent. This builds that much of a DOM from fast-xml-parser's ordered output.
 * (Any code that runs SDK clients in a Worker, such as the shell, needs it too.)
 */
import { XMLParser } from 'fast-xml-parser';

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;

interface XNode {
  nodeType: number;
  nodeName: string;
  childNodes: XNode[];
  attributes: { name: string; value: string }[];
  textContent: string;
}

type Ordered = Record<string, unknown> & { ':@'?: Record<string, string> };

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  processEntities: true,
});

function text(value: string): XNode {
  return { nodeType: TEXT_NODE, nodeName: '#text', childNodes: [], attributes: [], textContent: value };
}

function element(item: Ordered): XNode {
  const name = Object.keys(item).find((k) => k !== ':@')!;
  const children = ((item[name] as Ordered[]) ?? []).map(toNode);
  const attributes = Object.entries(item[':@'] ?? {}).map(([n, v]) => ({ name: n, value: String(v) }));
  return {
    nodeType: ELEMENT_NODE,
    nodeName: name,
    childNodes: children,
    attributes,
    textContent: children.map((c) => c.textContent).join(''),
  };
}

function toNode(item: Ordered): XNode {
  return '#text' in item ? text(String(item['#text'])) : element(item);
}

function all(node: XNode, name: string, out: XNode[] = []): XNode[] {
  if (node.nodeName === name) out.push(node);
  for (const c of node.childNodes) all(c, name, out);
  return out;
}

export class WorkerDOMParser {
  parseFromString(source: string, _type: string) {
    let root: XNode;
    try {
      const items = (parser.parse(source) as Ordered[]).filter((i) => !('#text' in i));
      root = element(items[0]);
    } catch {
      root = { nodeType: ELEMENT_NODE, nodeName: 'parsererror', childNodes: [], attributes: [], textContent: '' };
    }
    return { documentElement: root, getElementsByTagName: (name: string) => all(root, name) };
  }
}

/** Install DOMParser and Node's node-type constants where the platform lacks them. */
export function installDomParser(scope: Record<string, unknown> = globalThis as unknown as Record<string, unknown>): void {
  if (typeof scope.DOMParser === 'undefined') scope.DOMParser = WorkerDOMParser;
  if (typeof scope.Node === 'undefined') scope.Node = { ELEMENT_NODE, TEXT_NODE };
}
