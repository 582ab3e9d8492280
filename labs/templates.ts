/**
 * The lab's CloudFormation templates: their file names and a parser for their text. Reads no files, so the site,
 * the emulator and the tests can all use it; the site imports the text itself (for example with Vite's `?raw`).
 */
import { Pair, parse, Scalar, YAMLMap, type Node, type ScalarTag, type CollectionTag } from 'yaml';

/** Every template in labs/, in the order the workshop uses them. */
export const templateFiles = [
  'builder-iam.json',
  'builder-application-1.yml',
  'builder-application-2.yml',
  'builder-application-3.yml',
] as const;

export type TemplateFile = (typeof templateFiles)[number];

/** Where the learner's shell finds the templates: its home holds labs/, and the learner works in ~. */
export const templateDirectory = 'labs';

export interface TemplateResource {
  Type: string;
  Properties?: Record<string, unknown>;
  DependsOn?: string | string[];
  Condition?: string;
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
  Metadata?: Record<string, unknown>;
}

export interface Template {
  AWSTemplateFormatVersion?: string;
  Description?: string;
  Metadata?: Record<string, unknown>;
  Parameters?: Record<string, Record<string, unknown>>;
  Mappings?: Record<string, unknown>;
  Conditions?: Record<string, unknown>;
  Resources: Record<string, TemplateResource>;
  Outputs?: Record<string, { Description?: string; Value: unknown; Export?: { Name: unknown } }>;
}

/** Short-form intrinsic functions (`!Sub`, `!If` …) and the long-form key each one stands for. */
const functionTags = [
  'And', 'Base64', 'Cidr', 'Equals', 'FindInMap', 'GetAZs', 'If', 'ImportValue', 'Join', 'Length', 'Not', 'Or',
  'Select', 'Split', 'Sub', 'ToJsonString', 'Transform',
];

function longForm(key: string) {
  return (node: Node) => {
    const map = new YAMLMap();
    map.items.push(new Pair(new Scalar(key), node));
    return map;
  };
}

/** `!GetAtt Resource.Attribute` splits at the first dot only: attribute names may contain dots (Endpoint.Address). */
function getAttScalar(value: string) {
  const dot = value.indexOf('.');
  return { 'Fn::GetAtt': dot < 0 ? [value] : [value.slice(0, dot), value.slice(dot + 1)] };
}

const customTags: (ScalarTag | CollectionTag)[] = [
  { tag: '!Ref', resolve: (value: string) => ({ Ref: value }) },
  { tag: '!Condition', resolve: (value: string) => ({ Condition: value }) },
  { tag: '!GetAtt', resolve: getAttScalar },
  { tag: '!GetAtt', collection: 'seq', resolve: longForm('Fn::GetAtt') } as CollectionTag,
  ...functionTags.flatMap((name): (ScalarTag | CollectionTag)[] => [
    { tag: `!${name}`, resolve: (value: string) => ({ [`Fn::${name}`]: value }) },
    { tag: `!${name}`, collection: 'seq', resolve: longForm(`Fn::${name}`) } as CollectionTag,
    { tag: `!${name}`, collection: 'map', resolve: longForm(`Fn::${name}`) } as CollectionTag,
  ]),
];

/** Thrown for text that is not a template; the message follows CloudFormation's "Template format error: …". */
export class TemplateFormatError extends Error {
  override name = 'TemplateFormatError';
}

function lineAndColumn(text: string, offset: number) {
  const before = text.slice(0, offset).split('\n');
  return `(line ${before.length}, column ${before[before.length - 1].length + 1})`;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const position = /position (\d+)/.exec(String(error))?.[1];
    const where = position === undefined ? '' : ` ${lineAndColumn(text, Number(position))}`;
    throw new TemplateFormatError(`Template format error: JSON not well-formed.${where}`);
  }
}

function parseYaml(text: string): unknown {
  try {
    return parse(text, { customTags, prettyErrors: true, uniqueKeys: true });
  } catch (error) {
    const pos = (error as { linePos?: { line: number; col: number }[] }).linePos?.[0];
    const where = pos ? ` (line ${pos.line}, column ${pos.col})` : '';
    throw new TemplateFormatError(`Template format error: YAML not well-formed.${where}`);
  }
}

/**
 * Parses a template as CloudFormation does: JSON when the text starts with `{`, otherwise YAML, with the short-form
 * tags turned into their long form (`!GetAtt A.Arn` → `{ "Fn::GetAtt": ["A", "Arn"] }`).
 */
export function parseTemplate(text: string): Template {
  const value = text.trimStart().startsWith('{') ? parseJson(text) : parseYaml(text);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new TemplateFormatError('Template format error: not a template: expected a JSON or YAML object');
  }
  const resources = (value as { Resources?: unknown }).Resources;
  if (resources === null || typeof resources !== 'object' || Array.isArray(resources)) {
    throw new TemplateFormatError('Template format error: At least one Resources member must be defined.');
  }
  return value as Template;
}
