/**
 * What a forwarded request asks AWS to do, read with the emulator's own protocol layer (the botocore models the
 * sandbox is driven by), so the live server judges the same operation and parameters AWS will act on; and the
 * refusal, written in the protocol's own error form so the terminal's `aws` prints one AWS-style line.
 */
import { randomUUID } from 'node:crypto';
import { loadModel, protocols, type WireResponse } from '../../emulator/protocol';
import { AwsError } from '../../emulator/core/types';

export interface AwsCall {
  /** The SigV4 signing name: iam, sts, cloudformation, lambda, states, logs, cloudtrail, s3. */
  service: string;
  operation: string;
  input: Record<string, any>;
}

export interface WireInput {
  service: string;
  method: string;
  url: URL;
  headers: Record<string, string>;
  body: Uint8Array;
}

/** Our own code, so a refusal by the workshop is never mistaken for one by AWS. */
export const REFUSAL_CODE = 'BoundaryLabOperationNotAllowed';

/**
 * The call the request makes and the body to send, or a sentence saying why it cannot be read. The body sent is the
 * one judged: a query request that names a parameter twice is refused, and a JSON body is written anew from what
 * was parsed, so that AWS cannot read a duplicate key differently from the way the rules read it.
 */
export async function identifyCall(req: WireInput): Promise<{ call: AwsCall; body: Uint8Array } | string> {
  const model = await loadModel(req.service);
  if (!model) return `the workshop has no model of the ${req.service} service`;
  const kind = model.metadata.protocol;
  const protocol = protocols[kind as keyof typeof protocols];
  if (kind === 'query') {
    const names = [...new URLSearchParams(req.url.search)].map(([k]) => k);
    if (req.body.length > 0) names.push(...[...new URLSearchParams(new TextDecoder().decode(req.body))].map(([k]) => k));
    const twice = names.find((n, i) => names.indexOf(n) !== i);
    if (twice) return `the parameter ${twice} appears twice`;
  }
  let body = req.body;
  if ((kind === 'json' || kind === 'rest-json') && body.length > 0) {
    try {
      body = new TextEncoder().encode(JSON.stringify(JSON.parse(new TextDecoder().decode(body))));
    } catch {
      return 'the body is not JSON';
    }
  }
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v);
  headers.set('host', req.url.host);
  const wire = { method: req.method.toUpperCase(), url: req.url, rawPath: req.url.pathname, rawQuery: req.url.search.slice(1), headers, body };
  const resolved = protocol.resolve(wire, model);
  if (!resolved) return `the request names no ${model.metadata.serviceId} operation`;
  try {
    return { call: { service: req.service, operation: resolved.operation.name, input: protocol.parse(wire, model, resolved) }, body };
  } catch (e) {
    return `the ${resolved.operation.name} request could not be read: ${(e as Error).message}`;
  }
}

/** The refusal as AWS would write an error of this service: query XML, JSON, rest-json or S3's XML. */
export async function refusalResponse(service: string, message: string): Promise<WireResponse & { body: string }> {
  const model = await loadModel(service);
  const protocol = protocols[(model?.metadata.protocol ?? 'query') as keyof typeof protocols];
  const res = protocol.serializeError(new AwsError(REFUSAL_CODE, message, 403), model, randomUUID());
  return { ...res, body: typeof res.body === 'string' ? res.body : Buffer.from(res.body).toString('utf8') };
}
