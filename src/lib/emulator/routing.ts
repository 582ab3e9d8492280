/**
 * The gateway's edges: which service a request is for, the error for a request no operation matches, and the Web
 * Response a wire answer becomes. Apart from gateway.ts so that the gateway's file holds the call's path only.
 */
import type { SigV4Request } from './auth/sigv4';
import { isReadOnly } from './core/events';
import { AwsError } from './core/types';
import { protocols } from './protocol';
import type { ServiceModel } from './protocol/model';
import { queryParams } from './protocol/query';
import type { Protocol, WireRequest, WireResponse } from './protocol/types';

/**
 * Which service a request is for: the SigV4 credential scope, else the shape of the request, read against the
 * models loaded so far (the gateway loads them all before it asks about an unsigned request).
 */
export function detectService(models: ReadonlyMap<string, ServiceModel>, req: WireRequest, sig: SigV4Request | undefined): string | undefined {
  if (sig) return sig.service;
  const target = req.headers.get('x-amz-target');
  if (target) {
    const prefix = target.slice(0, target.lastIndexOf('.'));
    for (const [name, m] of models) {
      const tp = m.metadata.targetPrefix ?? '';
      if (tp && (prefix === tp || prefix === tp.slice(tp.lastIndexOf('.') + 1))) return name;
    }
    return undefined;
  }
  const action = queryParams(req).get('Action');
  if (action) {
    for (const [name, m] of models) if (m.metadata.protocol === 'query' && Object.hasOwn(m.operations, action)) return name;
    return 'iam';
  }
  if (/^\/20\d\d-\d\d-\d\d\//.test(req.rawPath) && models.has('lambda')) return 'lambda';
  if (models.has('s3')) return 's3';
  return undefined;
}

export function fallbackProtocol(req: WireRequest): Protocol {
  return req.headers.has('x-amz-target') ? protocols.json : protocols.query;
}

/** CloudTrail calls GetSessionToken read-only, but it issues credentials the sandbox must keep. */
export function changesState(operation: string): boolean {
  return !isReadOnly(operation) || operation === 'GetSessionToken';
}

export function unknownOperation(protocol: Protocol, req: WireRequest, model: ServiceModel): AwsError {
  switch (protocol.name) {
    case 'query': {
      const action = queryParams(req).get('Action');
      return action
        ? new AwsError('InvalidAction', `The action ${action} is not valid for this web service.`, 400)
        : new AwsError('MissingAction', 'Missing Action', 400);
    }
    case 'rest-xml':
      return new AwsError('MethodNotAllowed', 'The specified method is not allowed against this resource.', 405);
    case 'rest-json':
      return new AwsError('UnknownOperationException', `No ${model.metadata.serviceId} operation matches ${req.method} ${req.rawPath}.`, 404);
    default:
      return new AwsError('UnknownOperationException', '', 400);
  }
}

export function internalFailure(e: unknown): AwsError {
  console.error('[sandbox] internal error:', e);
  return new AwsError('InternalFailure', 'We encountered an internal error in the sandbox. Please report it with the command you ran.', 500, 'Receiver');
}

export function toResponse(res: WireResponse, method: string): Response {
  const body = method === 'HEAD' || res.status === 204 || res.status === 304 ? null : res.body;
  return new Response(body as BodyInit | null, { status: res.status, headers: res.headers });
}
