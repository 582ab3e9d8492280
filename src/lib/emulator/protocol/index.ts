/** The wire protocols, by the `protocol` name in the service model's metadata. */
import type { ProtocolName } from './model';
import type { Protocol } from './types';
import { awsQuery } from './query';
import { awsJson } from './json';
import { restJson } from './restJson';
import { restXml } from './restXml';

export const protocols: Record<ProtocolName, Protocol> = {
  query: awsQuery,
  json: awsJson,
  'rest-json': restJson,
  'rest-xml': restXml,
};

export type { Protocol, WireRequest, WireResponse, ResolvedOperation } from './types';
export { loadModel, cachedModel, modelNames } from './model';
export type { ServiceModel, OperationModel, Shape, ShapeRef } from './model';
