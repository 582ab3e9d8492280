/**
 * awsJson1_0 (Step Functions) and awsJson1_1 (CloudWatch Logs, CloudTrail): `POST /` with
 * `X-Amz-Target: Prefix.Operation`, JSON bodies, epoch-second timestamps, errors as `{"__type": …, "message": …}`.
 */
import { AwsError } from '../core/types';
import type { ServiceModel } from './model';
import type { Protocol, WireRequest } from './types';
import { readJson, writeJson } from './jsonvalues';
import { fromUtf8 } from './values';

/**
 * The operation named by X-Amz-Target. CloudTrail is reached with two spellings of its prefix: the SDKs' full
 * `com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101` and the CLI's `CloudTrail_20131101`.
 */
export function targetOperation(req: WireRequest, model: ServiceModel): string | undefined {
  const target = req.headers.get('x-amz-target');
  if (!target) return undefined;
  const dot = target.lastIndexOf('.');
  if (dot < 0) return undefined;
  const prefix = target.slice(0, dot);
  const op = target.slice(dot + 1);
  const expected = model.metadata.targetPrefix ?? '';
  const short = expected.slice(expected.lastIndexOf('.') + 1);
  if (prefix !== expected && prefix !== short) return undefined;
  return Object.hasOwn(model.operations, op) ? op : undefined;
}

export function parseJsonBody(body: Uint8Array): any {
  if (body.length === 0) return {};
  const text = fromUtf8(body);
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new AwsError('SerializationException', 'Could not parse the request body as JSON.', 400);
  }
}

export function jsonError(err: AwsError, requestId: string, contentType: string) {
  return {
    status: err.status,
    headers: { 'content-type': contentType, 'x-amzn-requestid': requestId, 'x-amzn-errortype': err.code },
    body: JSON.stringify({ __type: err.code, message: err.message }),
  };
}

function contentType(model: ServiceModel | undefined): string {
  return `application/x-amz-json-${model?.metadata.jsonVersion ?? '1.1'}`;
}

export const awsJson: Protocol = {
  name: 'json',
  validationCode: 'ValidationException',
  resolve(req, model) {
    const op = targetOperation(req, model);
    return op ? { operation: model.operations[op] } : undefined;
  },
  parse(req, model, { operation }) {
    const body = parseJsonBody(req.body);
    if (!operation.input) return {};
    return readJson(model, { shape: operation.input.shape }, body) ?? {};
  },
  serialize(output, model, op, requestId) {
    const body = op.output ? JSON.stringify(writeJson(model, { shape: op.output.shape }, output ?? {}) ?? {}) : '{}';
    return { status: 200, headers: { 'content-type': contentType(model), 'x-amzn-requestid': requestId }, body };
  },
  serializeError(err, model, requestId) {
    return jsonError(err, requestId, contentType(model));
  },
};
