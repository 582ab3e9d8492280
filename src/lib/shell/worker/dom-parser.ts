/**
 * Workers have no DOMParser, but the AWS SDK's browser build parses XML responses (IAM, STS, CloudFormation, S3)
 * with one. This installs a minimal DOMParser on the worker's global scope, built on fast-xml-parser, with just the
 * part of the DOM that @aws-sdk/xml-builder's browser parser reads: nodeType, nodeName, textContent, attributes,
 * childNodes, documentElement and getElementsByTagName('parsererror').
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;

class MiniNode {
  constructor(
    readonly nodeType: number,
    readonly nodeName: string,
    readonly childNodes: MiniNode[] = [],
    readonly attributes: { name: string; value: string }[] = [],
    private readonly text = '',
  ) {}

  get textContent(): string {
    return this.nodeType === TEXT_NODE ? this.text : this.childNodes.map((c) => c.textContent).join('');
  }
}

type Ordered = Record<string, unknown> & { ':@'?: Record<string, string> };

function build(items: Ordered[]): MiniNode[] {
  const out: MiniNode[] = [];
  for (const item of items) {
    const name = Object.keys(item).find((k) => k !== ':@')!;
    if (name === '#text') out.push(new MiniNode(TEXT_NODE, '#text', [], [], String(item[name])));
    else if (name === '?xml') continue;
    else {
      const attrs = Object.entries(item[':@'] ?? {}).map(([k, v]) => ({ name: k.replace(/^@_/, ''), value: String(v) }));
      out.push(new MiniNode(ELEMENT_NODE, name, build(item[name] as Ordered[]), attrs));
    }
  }
  return out;
}

class MiniDocument {
  constructor(
    readonly documentElement: MiniNode,
    private readonly error: boolean,
  ) {}

  getElementsByTagName(name: string): MiniNode[] {
    return name === 'parsererror' && this.error ? [new MiniNode(ELEMENT_NODE, 'parsererror')] : [];
  }
}

export class WorkerDOMParser {
  parseFromString(text: string): MiniDocument {
    const valid = XMLValidator.validate(text);
    if (valid !== true) return new MiniDocument(new MiniNode(ELEMENT_NODE, 'parsererror'), true);
    const parser = new XMLParser({ preserveOrder: true, ignoreAttributes: false, attributeNamePrefix: '', trimValues: false, parseTagValue: false, parseAttributeValue: false, processEntities: true, htmlEntities: true });
    const nodes = build(parser.parse(text) as Ordered[]).filter((n) => n.nodeType === ELEMENT_NODE);
    return new MiniDocument(nodes[0] ?? new MiniNode(ELEMENT_NODE, 'parsererror'), nodes.length === 0);
  }
}

export function installDomParser(scope: Record<string, unknown> = globalThis as unknown as Record<string, unknown>): void {
  if (typeof scope.DOMParser === 'undefined') scope.DOMParser = WorkerDOMParser;
  if (typeof scope.Node === 'undefined') scope.Node = { ELEMENT_NODE, TEXT_NODE };
}
