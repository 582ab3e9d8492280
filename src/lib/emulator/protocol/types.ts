/**
 * The protocol layer's contract: it reads a request into `{ operation, input }` and writes outputs and errors,
 * driven only by the service model. It knows nothing of services.
 */
import type { AwsError } from '../core/types';
import type { OperationModel, ServiceModel } from './model';

/**
 * An HTTP status a handler's output may carry when the service answers a success with something other than the
 * model's responseCode, which the model cannot say (S3's 206 Partial Content for a ranged read). Not a model member,
 * so it is never written into the body or a header.
 */
export const HTTP_STATUS: unique symbol = Symbol.for('boundary-lab.httpStatus') as never;

export function setHttpStatus(output: object, status: number): void {
  (output as { [HTTP_STATUS]?: number })[HTTP_STATUS] = status;
}

export function httpStatusOf(output: object): number | undefined {
  return (output as { [HTTP_STATUS]?: number })[HTTP_STATUS];
}

export interface WireRequest {
  method: string;
  url: URL;
  /** The path exactly as sent (still percent-encoded). */
  rawPath: string;
  /** The query string as sent, without `?`. */
  rawQuery: string;
  headers: Headers;
  body: Uint8Array;
}

export interface WireResponse {
  status: number;
  headers: Record<string, string>;
  body: string | Uint8Array;
}

export interface ResolvedOperation {
  operation: OperationModel;
  /** URI labels for the REST protocols, still percent-decoded. */
  labels?: Record<string, string>;
}

export interface Protocol {
  name: string;
  /** Which operation the request names; undefined when it names none (the gateway answers with an error). */
  resolve(req: WireRequest, model: ServiceModel): ResolvedOperation | undefined;
  /** The operation's input as a plain object. Throws AwsError for malformed requests. */
  parse(req: WireRequest, model: ServiceModel, resolved: ResolvedOperation): Record<string, any>;
  serialize(output: Record<string, any> | void, model: ServiceModel, op: OperationModel, requestId: string): WireResponse;
  serializeError(err: AwsError, model: ServiceModel | undefined, requestId: string): WireResponse;
  /** The code this protocol uses for input validation failures (ValidationError vs ValidationException). */
  validationCode: string;
}
