/**
 * awsQuery (IAM, STS, CloudFormation): form-encoded `Action=…&Version=…&Member.member.1=…` requests, XML
 * responses wrapped in `<{Op}Response><{Op}Result>…</{Op}Result><ResponseMetadata><RequestId>`, errors as
 * `<ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/></ErrorResponse>`.
 */
import { AwsError } from '../core/types';
import type { ServiceModel, Shape, ShapeRef } from './model';
import type { Protocol, WireRequest } from './types';
import { readScalar, writeXml } from './xml';
import { fromUtf8, xmlEscape } from './values';

const paramCache = new WeakMap<WireRequest, Map<string, string>>();

/** The request's parameters: the query string, then the form body (which wins). */
export function queryParams(req: WireRequest): Map<string, string> {
  let params = paramCache.get(req);
  if (!params) {
    params = new Map();
    for (const [k, v] of new URLSearchParams(req.rawQuery)) params.set(k, v);
    const type = req.headers.get('content-type') ?? '';
    if (req.body.length > 0 && (type === '' || type.includes('x-www-form-urlencoded'))) {
      for (const [k, v] of new URLSearchParams(fromUtf8(req.body))) params.set(k, v);
    }
    paramCache.set(req, params);
  }
  return params;
}

function indices(params: Map<string, string>, prefix: string): number[] {
  const found = new Set<number>();
  const p = prefix + '.';
  for (const key of params.keys()) {
    if (!key.startsWith(p)) continue;
    const m = /^(\d+)(\.|$)/.exec(key.slice(p.length));
    if (m) found.add(Number(m[1]));
  }
  return [...found].filter((n) => n >= 1).sort((a, b) => a - b);
}

function hasPrefix(params: Map<string, string>, prefix: string): boolean {
  if (params.has(prefix)) return true;
  const p = prefix + '.';
  for (const key of params.keys()) if (key.startsWith(p)) return true;
  return false;
}

function read(model: ServiceModel, ref: ShapeRef, shape: Shape, params: Map<string, string>, prefix: string): any {
  switch (shape.type) {
    case 'structure': {
      const out: Record<string, any> = {};
      for (const [member, mref] of Object.entries(shape.members ?? {})) {
        const key = prefix ? `${prefix}.${mref.locationName ?? member}` : (mref.locationName ?? member);
        if (!hasPrefix(params, key)) continue;
        out[member] = read(model, mref, model.shapes[mref.shape], params, key);
      }
      return out;
    }
    case 'list': {
      if (params.get(prefix) === '') return [];
      const mref = shape.member!;
      const listPrefix = ref.flattened || shape.flattened ? prefix : `${prefix}.${mref.locationName ?? 'member'}`;
      const mshape = model.shapes[mref.shape];
      return indices(params, listPrefix).map((i) => read(model, mref, mshape, params, `${listPrefix}.${i}`));
    }
    case 'map': {
      const out: Record<string, any> = {};
      const base = ref.flattened || shape.flattened ? prefix : `${prefix}.entry`;
      const keyName = shape.key!.locationName ?? 'key';
      const valueName = shape.value!.locationName ?? 'value';
      for (const i of indices(params, base)) {
        const k = params.get(`${base}.${i}.${keyName}`);
        if (k === undefined) continue;
        out[k] = read(model, shape.value!, model.shapes[shape.value!.shape], params, `${base}.${i}.${valueName}`);
      }
      return out;
    }
    default: {
      const text = params.get(prefix);
      if (text === undefined) return undefined;
      // AWS difference: AWS's exact code and message for a value of the wrong type varies by service.
      return readScalar(shape, text, 'ValidationError');
    }
  }
}

function namespace(model: ServiceModel): string {
  return model.metadata.xmlNamespace ?? `https://${model.metadata.endpointPrefix}.amazonaws.com/doc/${model.metadata.apiVersion}/`;
}

export const awsQuery: Protocol = {
  name: 'query',
  validationCode: 'ValidationError',
  resolve(req, model) {
    const action = queryParams(req).get('Action');
    if (!action || !Object.hasOwn(model.operations, action)) return undefined;
    return { operation: model.operations[action] };
  },
  parse(req, model, { operation }) {
    if (!operation.input) return {};
    const ref = { shape: operation.input.shape };
    return read(model, ref, model.shapes[ref.shape], queryParams(req), '');
  },
  serialize(output, model, op, requestId) {
    const ns = namespace(model);
    let result = '';
    if (op.output) {
      const wrapper = op.output.resultWrapper ?? `${op.name}Result`;
      result = writeXml(model, { shape: op.output.shape }, output ?? {}, wrapper, { millis: false });
    }
    const body =
      `<${op.name}Response xmlns="${ns}">\n  ${result}\n  <ResponseMetadata>\n    <RequestId>${requestId}</RequestId>\n` +
      `  </ResponseMetadata>\n</${op.name}Response>\n`;
    return { status: 200, headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId }, body };
  },
  serializeError(err, model, requestId) {
    const ns = model ? namespace(model) : 'https://iam.amazonaws.com/doc/2010-05-08/';
    const body =
      `<ErrorResponse xmlns="${ns}">\n  <Error>\n    <Type>${err.type}</Type>\n    <Code>${xmlEscape(err.code)}</Code>\n` +
      `    <Message>${xmlEscape(err.message)}</Message>\n  </Error>\n  <RequestId>${requestId}</RequestId>\n</ErrorResponse>\n`;
    return { status: err.status, headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId }, body };
  },
};
