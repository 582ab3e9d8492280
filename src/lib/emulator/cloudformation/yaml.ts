/**
 * YAML templates: CloudFormation's short-form tags (`!Ref X`, `!GetAtt A.B`, `!Sub [...]`) become the long form
 * (`{ Ref: X }`, `{ 'Fn::GetAtt': 'A.B' }`, `{ 'Fn::Sub': [...] }`) so the rest of the engine sees one shape, as
 * it does for JSON. YAML 1.2 core schema: `2012-10-17` stays a string, as CloudFormation reads it.
 */
import { parseDocument, isAlias, isMap, isScalar, isSeq, type Node } from 'yaml';
import { templateError, templateFormatError } from '../services/cloudformation/errors';

const SHORT_FORMS: Record<string, string> = {
  '!Ref': 'Ref',
  '!Condition': 'Condition',
  '!GetAtt': 'Fn::GetAtt',
  '!Sub': 'Fn::Sub',
  '!Join': 'Fn::Join',
  '!Select': 'Fn::Select',
  '!Split': 'Fn::Split',
  '!If': 'Fn::If',
  '!Equals': 'Fn::Equals',
  '!And': 'Fn::And',
  '!Or': 'Fn::Or',
  '!Not': 'Fn::Not',
  '!FindInMap': 'Fn::FindInMap',
  '!Base64': 'Fn::Base64',
  '!GetAZs': 'Fn::GetAZs',
  '!ImportValue': 'Fn::ImportValue',
  '!Cidr': 'Fn::Cidr',
  '!Length': 'Fn::Length',
  '!ToJsonString': 'Fn::ToJsonString',
  '!Transform': 'Fn::Transform',
};

class YamlShapeError extends Error {
  constructor(public readonly offset: number, public readonly tag: string) {
    super('YAML not well-formed');
  }
}

export function parseYamlTemplate(body: string): unknown {
  const doc = parseDocument(body, { version: '1.2', schema: 'core', uniqueKeys: true, prettyErrors: false });
  const err = doc.errors[0];
  if (err) throw notWellFormed(body, err.pos[0]);
  if (!doc.contents) return null;
  try {
    return toValue(doc.contents as Node);
  } catch (e) {
    // Point at the tag itself, as CloudFormation does, not at the value after it.
    if (e instanceof YamlShapeError) throw notWellFormed(body, Math.max(0, body.lastIndexOf(e.tag, e.offset)));
    throw e;
  }
}

function notWellFormed(body: string, offset: number) {
  const before = body.slice(0, Math.max(0, offset));
  const line = before.split('\n').length;
  const column = offset - (before.lastIndexOf('\n') + 1) + 1;
  return templateFormatError(`YAML not well-formed. (line ${line}, column ${column})`);
}

function toValue(node: Node): unknown {
  if (isAlias(node)) throw templateError('YAML aliases are not allowed in CloudFormation templates');
  let value: unknown;
  if (isMap(node)) {
    const out: Record<string, unknown> = {};
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      out[key] = pair.value == null ? null : toValue(pair.value as Node);
    }
    value = out;
  } else if (isSeq(node)) {
    value = node.items.map((item) => (item == null ? null : toValue(item as Node)));
  } else if (isScalar(node)) {
    value = node.value;
  }
  const tag = (node as { tag?: string }).tag;
  if (!tag || tag.startsWith('tag:yaml.org,2002:')) return value;
  const fn = SHORT_FORMS[tag];
  if (!fn) throw new YamlShapeError(node.range?.[0] ?? 0, tag);
  if (fn === 'Fn::GetAtt' && typeof value === 'string') {
    // `!GetAtt A.B` is the long form's `[A, B]` (the attribute may itself contain dots).
    const dot = value.indexOf('.');
    return { [fn]: dot < 0 ? value : [value.slice(0, dot), value.slice(dot + 1)] };
  }
  return { [fn]: value };
}
