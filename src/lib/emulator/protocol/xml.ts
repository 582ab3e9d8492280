/** XML writing and reading driven by the model, shared by awsQuery responses and restXml. */
import { XMLParser } from 'fast-xml-parser';
import { AwsError } from '../core/types';
import type { ServiceModel, Shape, ShapeRef } from './model';
import { formatTimestamp, fromBase64, parseTimestamp, toBase64, xmlEscape } from './values';

export interface XmlWriteOptions {
  /** restXml writes timestamps with milliseconds (S3: 2009-10-12T17:50:30.000Z); awsQuery without. */
  millis: boolean;
}

function scalar(shape: Shape, ref: ShapeRef | undefined, value: any, opts: XmlWriteOptions): string {
  switch (shape.type) {
    case 'timestamp': {
      const d = value instanceof Date ? value : parseTimestamp(value);
      if (!d) return xmlEscape(String(value));
      const fmt = ref?.timestampFormat ?? shape.timestampFormat ?? (opts.millis ? 'iso8601ms' : 'iso8601');
      return xmlEscape(String(formatTimestamp(d, fmt === 'iso8601' && opts.millis ? 'iso8601ms' : fmt)));
    }
    case 'blob':
      return value instanceof Uint8Array ? toBase64(value) : xmlEscape(String(value));
    case 'boolean':
      return value ? 'true' : 'false';
    default:
      return xmlEscape(String(value));
  }
}

/** Write `value` as the element `name` (or, for flattened lists and maps, as repeated elements). */
export function writeXml(
  model: ServiceModel,
  ref: ShapeRef | { shape: string },
  value: any,
  name: string,
  opts: XmlWriteOptions,
  attrs = '',
): string {
  if (value === undefined || value === null) return '';
  const shape = model.shapes[ref.shape];
  const r = ref as ShapeRef;
  switch (shape.type) {
    case 'structure': {
      let inner = '';
      let attributes = attrs;
      for (const [member, mref] of Object.entries(shape.members ?? {})) {
        const v = value[member];
        if (v === undefined || v === null) continue;
        const mname = mref.locationName ?? member;
        if (mref.xmlAttribute) {
          attributes += ` ${mname}="${xmlEscape(String(v))}"`;
          continue;
        }
        if (mref.location) continue;
        let ns = '';
        if (mref.xmlNamespace) {
          ns = ` xmlns${mref.xmlNamespace.prefix ? ':' + mref.xmlNamespace.prefix : ''}="${mref.xmlNamespace.uri}"`;
        }
        inner += writeXml(model, mref, v, mname, opts, ns);
      }
      return `<${name}${attributes}>${inner}</${name}>`;
    }
    case 'list': {
      if (!Array.isArray(value)) return '';
      const mref = shape.member!;
      if (r.flattened || shape.flattened) {
        const itemName = mref.locationName ?? name;
        return value.map((item) => writeXml(model, mref, item, itemName, opts)).join('');
      }
      const itemName = mref.locationName ?? 'member';
      return `<${name}${attrs}>${value.map((item) => writeXml(model, mref, item, itemName, opts)).join('')}</${name}>`;
    }
    case 'map': {
      const keyName = shape.key!.locationName ?? 'key';
      const valueName = shape.value!.locationName ?? 'value';
      const entries = Object.entries(value).map(
        ([k, v]) => `${writeXml(model, shape.key!, k, keyName, opts)}${writeXml(model, shape.value!, v, valueName, opts)}`,
      );
      if (r.flattened || shape.flattened) return entries.map((e) => `<${name}>${e}</${name}>`).join('');
      return `<${name}${attrs}>${entries.map((e) => `<entry>${e}</entry>`).join('')}</${name}>`;
    }
    default:
      return `<${name}${attrs}>${scalar(shape, r, value, opts)}</${name}>`;
  }
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  removeNSPrefix: true,
  isArray: () => true,
  processEntities: true,
});

/** Parse an XML document; every element becomes an array of occurrences (the model decides lists). */
export function parseXmlDocument(text: string): Record<string, any> {
  try {
    return parser.parse(text, true) as Record<string, any>;
  } catch {
    throw new AwsError('MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema', 400);
  }
}

function textOf(node: any): string {
  if (node === undefined || node === null) return '';
  if (typeof node === 'string') return node;
  if (typeof node === 'object' && '#text' in node) return String(node['#text']);
  return '';
}

/** Read an element (as fast-xml-parser gives it, with isArray=true) into the plain value its shape describes. */
export function readXml(model: ServiceModel, ref: ShapeRef | { shape: string }, node: any): any {
  const shape = model.shapes[ref.shape];
  switch (shape.type) {
    case 'structure': {
      if (typeof node !== 'object' || node === null) return {};
      const out: Record<string, any> = {};
      for (const [member, mref] of Object.entries(shape.members ?? {})) {
        const mname = mref.locationName ?? member;
        if (mref.xmlAttribute) {
          const a = node[`@_${mname}`];
          if (a !== undefined) out[member] = a;
          continue;
        }
        const mshape = model.shapes[mref.shape];
        const children = node[mname];
        if (children === undefined) continue;
        if (mshape.type === 'list' && (mref.flattened || mshape.flattened)) {
          out[member] = (children as any[]).map((c) => readXml(model, mshape.member!, c));
        } else {
          out[member] = readXml(model, mref, (children as any[])[0]);
        }
      }
      return out;
    }
    case 'list': {
      const itemName = shape.member!.locationName ?? 'member';
      const items = (node && typeof node === 'object' && node[itemName]) || [];
      return (items as any[]).map((c) => readXml(model, shape.member!, c));
    }
    case 'map': {
      const out: Record<string, any> = {};
      const keyName = shape.key!.locationName ?? 'key';
      const valueName = shape.value!.locationName ?? 'value';
      for (const entry of (node?.entry ?? []) as any[]) {
        out[textOf(entry?.[keyName]?.[0])] = readXml(model, shape.value!, entry?.[valueName]?.[0]);
      }
      return out;
    }
    default:
      return readScalar(shape, textOf(node), 'MalformedXML');
  }
}

/** Convert a text value to the scalar type of its shape; throws the protocol's error when it cannot. */
export function readScalar(shape: Shape, text: string, errorCode: string): any {
  switch (shape.type) {
    case 'integer':
    case 'long': {
      if (!/^-?\d+$/.test(text.trim())) throw new AwsError(errorCode, `Invalid value '${text}': expected an integer`, 400);
      return Number(text);
    }
    case 'double':
    case 'float': {
      const n = Number(text);
      if (text.trim() === '' || Number.isNaN(n)) throw new AwsError(errorCode, `Invalid value '${text}': expected a number`, 400);
      return n;
    }
    case 'boolean': {
      const t = text.trim().toLowerCase();
      if (t !== 'true' && t !== 'false') throw new AwsError(errorCode, `Invalid value '${text}': expected a boolean`, 400);
      return t === 'true';
    }
    case 'timestamp': {
      const d = parseTimestamp(text);
      if (!d) throw new AwsError(errorCode, `Invalid value '${text}': expected a timestamp`, 400);
      return d;
    }
    case 'blob': {
      const b = fromBase64(text);
      if (!b) throw new AwsError(errorCode, `Invalid value: expected base64`, 400);
      return b;
    }
    default:
      return text;
  }
}
