/** restJson1 (Lambda): URI-template routing, members in labels/query/headers, JSON bodies, `x-amzn-ErrorType` errors. */
import { AwsError } from '../core/types';
import type { Protocol } from './types';
import { parseJsonBody } from './json';
import { readJson, writeJson } from './jsonvalues';
import { rawBody, rawPayload, readBindings, readRawPayload, resolveRest, writeBindings } from './rest';

export const restJson: Protocol = {
  name: 'rest-json',
  validationCode: 'ValidationException',
  resolve(req, model) {
    return resolveRest(req, model);
  },
  parse(req, model, resolved) {
    const { input, bodyMembers, shape } = readBindings(req, model, resolved, 'SerializationException');
    if (!shape) return input;
    if (readRawPayload(model, shape, req.body, input)) return input;
    if (bodyMembers.length === 0) return input;
    const body = parseJsonBody(req.body);
    if (shape.payload) {
      const ref = shape.members![shape.payload];
      const v = readJson(model, ref, body);
      if (v !== undefined) input[shape.payload] = v;
      return input;
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new AwsError('SerializationException', 'The request body must be a JSON object.', 400);
    }
    for (const [member, ref] of bodyMembers) {
      const key = ref.locationName ?? member;
      if (!Object.hasOwn(body, key)) continue;
      const v = readJson(model, ref, body[key]);
      if (v !== undefined) input[member] = v;
    }
    return input;
  },
  serialize(output, model, op, requestId) {
    const out = output ?? {};
    const { status, headers, shape } = writeBindings(out, model, op);
    headers['x-amzn-requestid'] = requestId;
    const raw = rawPayload(model, shape);
    if (raw) {
      headers['content-type'] ??= 'application/octet-stream';
      return { status, headers, body: rawBody(out[raw[0]]) };
    }
    headers['content-type'] = 'application/json';
    if (!shape) return { status, headers, body: '' };
    if (shape.payload) {
      const v = writeJson(model, shape.members![shape.payload], out[shape.payload]);
      return { status, headers, body: v === undefined ? '' : JSON.stringify(v) };
    }
    return { status, headers, body: JSON.stringify(writeJson(model, { shape: op.output!.shape }, out) ?? {}) };
  },
  serializeError(err, _model, requestId) {
    return {
      status: err.status,
      headers: { 'content-type': 'application/json', 'x-amzn-requestid': requestId, 'x-amzn-errortype': err.code },
      body: JSON.stringify({ Type: err.type === 'Sender' ? 'User' : 'Service', message: err.message }),
    };
  },
};
