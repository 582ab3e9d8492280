/**
 * What restJson1 (Lambda) and restXml (S3) share: routing by method + URI template (`/{Bucket}/{Key+}?acl`),
 * members bound to labels, query strings, headers and the status code, and a body or payload for the rest.
 */
import { AwsError } from '../core/types';
import type { OperationModel, ServiceModel, Shape, ShapeRef } from './model';
import { httpStatusOf, type ResolvedOperation, type WireRequest, type WireResponse } from './types';
import { formatTimestamp, fromBase64, fromUtf8, parseTimestamp, toBase64, utf8 } from './values';
import { readScalar } from './xml';

type Segment = { literal: string } | { label: string; greedy: boolean };
interface Route {
  op: OperationModel;
  segments: Segment[];
  query: [string, string | undefined][];
  literals: number;
  /** Required members bound to headers or the query string: without them the request is another operation
   * (S3's CopyObject is PutObject plus a required x-amz-copy-source header). */
  requiredHeaders: string[];
  requiredQuery: string[];
}

const routeCache = new WeakMap<ServiceModel, Route[]>();

function routes(model: ServiceModel): Route[] {
  let list = routeCache.get(model);
  if (list) return list;
  list = Object.values(model.operations).map((op) => {
    const [path, qs = ''] = op.http.requestUri.split('?');
    const segments: Segment[] = path
      .split('/')
      .filter((s) => s !== '')
      .map((s) => {
        const m = /^\{([^}+]+)(\+?)\}$/.exec(s);
        return m ? { label: m[1], greedy: m[2] === '+' } : { literal: s };
      });
    const query = qs
      .split('&')
      .filter((q) => q !== '' && !q.startsWith('x-id='))
      .map((q) => {
        const i = q.indexOf('=');
        return (i < 0 ? [q, undefined] : [q.slice(0, i), q.slice(i + 1)]) as [string, string | undefined];
      });
    const input = op.input ? model.shapes[op.input.shape] : undefined;
    const required = (input?.required ?? []).map((m) => input!.members![m]).filter(Boolean);
    return {
      op,
      segments,
      query,
      literals: segments.filter((s) => 'literal' in s).length,
      requiredHeaders: required.filter((r) => r.location === 'header').map((r) => r.locationName!.toLowerCase()),
      requiredQuery: required.filter((r) => r.location === 'querystring').map((r) => r.locationName!),
    };
  });
  routeCache.set(model, list);
  return list;
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function match(route: Route, parts: string[]): Record<string, string> | undefined {
  const labels: Record<string, string> = {};
  let i = 0;
  for (const seg of route.segments) {
    if ('literal' in seg) {
      if (decode(parts[i] ?? '') !== seg.literal) return undefined;
      i++;
    } else if (seg.greedy) {
      if (i >= parts.length) return undefined;
      labels[seg.label] = parts.slice(i).map(decode).join('/');
      i = parts.length;
    } else {
      if (!parts[i]) return undefined;
      labels[seg.label] = decode(parts[i]);
      i++;
    }
  }
  return i === parts.length ? labels : undefined;
}

export function resolveRest(req: WireRequest, model: ServiceModel, path = req.rawPath): ResolvedOperation | undefined {
  const parts = path === '/' || path === '' ? [] : path.replace(/^\//, '').split('/');
  if (parts.length > 0 && parts[parts.length - 1] === '' ) parts.pop();
  const query = new URLSearchParams(req.rawQuery);
  let best: { route: Route; labels: Record<string, string>; score: number } | undefined;
  for (const route of routes(model)) {
    if (route.op.http.method !== req.method) continue;
    if (!route.query.every(([k, v]) => query.has(k) && (v === undefined || query.get(k) === v))) continue;
    if (!route.requiredHeaders.every((h) => req.headers.has(h))) continue;
    if (!route.requiredQuery.every((q) => query.has(q))) continue;
    const labels = match(route, parts);
    if (!labels) continue;
    const xid = query.get('x-id') === route.op.name ? 1 : 0;
    const score = route.query.length * 1000 + route.requiredHeaders.length * 100 + route.requiredQuery.length * 100 + route.literals * 10 + xid;
    if (!best || score > best.score) best = { route, labels, score };
  }
  return best && { operation: best.route.op, labels: best.labels };
}

function scalarFromText(model: ServiceModel, shape: Shape, ref: ShapeRef, text: string, code: string): any {
  if (shape.type === 'timestamp') {
    const d = parseTimestamp(text);
    if (!d) throw new AwsError(code, `Invalid timestamp '${text}'.`, 400);
    return d;
  }
  if (shape.type === 'string' && ref.jsonvalue) {
    const b = fromBase64(text);
    return b ? JSON.parse(fromUtf8(b)) : text;
  }
  if (shape.type === 'list') {
    const member = shape.member!;
    return text.split(',').map((t) => scalarFromText(model, model.shapes[member.shape], member, t.trim(), code));
  }
  return readScalar(shape, text, code);
}


/**
 * Read the members bound to the URI, query string and headers. Returns them with the names of the members
 * left for the body.
 */
export function readBindings(
  req: WireRequest,
  model: ServiceModel,
  resolved: ResolvedOperation,
  code: string,
): { input: Record<string, any>; bodyMembers: [string, ShapeRef][]; shape?: Shape } {
  const input: Record<string, any> = {};
  const op = resolved.operation;
  if (!op.input) return { input, bodyMembers: [] };
  const shape = model.shapes[op.input.shape];
  const query = new URLSearchParams(req.rawQuery);
  const boundQuery = new Set<string>();
  const bodyMembers: [string, ShapeRef][] = [];
  let queryMap: [string, ShapeRef] | undefined;
  for (const [member, ref] of Object.entries(shape.members ?? {})) {
    const mshape = model.shapes[ref.shape];
    const name = ref.locationName ?? member;
    switch (ref.location) {
      case 'uri': {
        const v = resolved.labels?.[name];
        if (v !== undefined) input[member] = scalarFromText(model, mshape, ref, v, code);
        break;
      }
      case 'querystring': {
        if (mshape.type === 'map') {
          queryMap = [member, ref];
          break;
        }
        boundQuery.add(name);
        if (!query.has(name)) break;
        if (mshape.type === 'list') {
          input[member] = query.getAll(name).map((v) => scalarFromText(model, model.shapes[mshape.member!.shape], mshape.member!, v, code));
        } else {
          input[member] = scalarFromText(model, mshape, ref, query.get(name)!, code);
        }
        break;
      }
      case 'header': {
        const v = req.headers.get(name);
        if (v !== null) input[member] = scalarFromText(model, mshape, ref, v, code);
        break;
      }
      case 'headers': {
        const prefix = name.toLowerCase();
        const map: Record<string, string> = {};
        req.headers.forEach((value, key) => {
          if (key.startsWith(prefix)) map[key.slice(prefix.length)] = value;
        });
        if (Object.keys(map).length > 0) input[member] = map;
        break;
      }
      case 'statusCode':
        break;
      default:
        bodyMembers.push([member, ref]);
    }
  }
  if (queryMap) {
    const map: Record<string, any> = {};
    for (const [k, v] of query) if (!boundQuery.has(k)) map[k] = v;
    input[queryMap[0]] = map;
  }
  return { input, bodyMembers, shape };
}

/** Write the members bound to headers and the status code; returns the status and headers. */
export function writeBindings(
  output: Record<string, any>,
  model: ServiceModel,
  op: OperationModel,
): { status: number; headers: Record<string, string>; shape?: Shape } {
  const headers: Record<string, string> = {};
  let status = httpStatusOf(output) ?? op.http.responseCode ?? 200;
  if (!op.output) return { status, headers };
  const shape = model.shapes[op.output.shape];
  for (const [member, ref] of Object.entries(shape.members ?? {})) {
    const v = output[member];
    if (v === undefined || v === null) continue;
    const mshape = model.shapes[ref.shape];
    const name = ref.locationName ?? member;
    if (ref.location === 'statusCode') status = Number(v);
    else if (ref.location === 'header') {
      if (mshape.type === 'timestamp') headers[name.toLowerCase()] = String(formatTimestamp(v, ref.timestampFormat ?? mshape.timestampFormat ?? 'rfc822'));
      else if (ref.jsonvalue) headers[name.toLowerCase()] = toBase64(utf8(JSON.stringify(v)));
      else if (Array.isArray(v)) headers[name.toLowerCase()] = v.join(',');
      else headers[name.toLowerCase()] = String(v);
    } else if (ref.location === 'headers') {
      for (const [k, hv] of Object.entries(v)) headers[(name + k).toLowerCase()] = String(hv);
    }
  }
  return { status, headers, shape };
}

/** A payload member that is a blob or string is the raw body. */
export function rawPayload(model: ServiceModel, shape: Shape | undefined): [string, ShapeRef] | undefined {
  if (!shape?.payload) return undefined;
  const ref = shape.members![shape.payload];
  const t = model.shapes[ref.shape].type;
  return t === 'blob' || t === 'string' ? [shape.payload, ref] : undefined;
}

/**
 * When the operation's payload is a blob or string member, puts the request body there (as bytes or text) and
 * returns true: the body is then not a JSON or XML document.
 */
export function readRawPayload(model: ServiceModel, shape: Shape, body: Uint8Array, input: Record<string, any>): boolean {
  const raw = rawPayload(model, shape);
  if (!raw) return false;
  if (body.length > 0) input[raw[0]] = model.shapes[raw[1].shape].type === 'blob' ? body : fromUtf8(body);
  return true;
}

export function rawBody(value: unknown): string | Uint8Array {
  if (value === undefined || value === null) return '';
  if (value instanceof Uint8Array || typeof value === 'string') return value;
  return String(value);
}

export function withRequestId(res: WireResponse, requestId: string, header = 'x-amzn-requestid'): WireResponse {
  res.headers[header] = requestId;
  return res;
}
