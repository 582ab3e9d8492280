/** restXml (S3): URI-template routing (path-style and virtual-hosted buckets), XML bodies, S3's `<Error>` form. */
import type { Protocol, WireRequest } from './types';
import type { ServiceModel } from './model';
import { rawBody, rawPayload, readBindings, readRawPayload, resolveRest, writeBindings } from './rest';
import { fromUtf8, xmlEscape } from './values';
import { parseXmlDocument, readXml, writeXml } from './xml';

/** `bucket.s3.amazonaws.com`, `bucket.s3.us-east-1.amazonaws.com`, `bucket.localhost:4566` → path-style path. */
export function s3Path(req: WireRequest): string {
  const host = (req.headers.get('host') ?? req.url.host).replace(/:\d+$/, '');
  const m = /^(.+?)\.(s3[.-][^]*amazonaws\.com|s3\.amazonaws\.com|localhost|s3\.localhost[^]*)$/.exec(host);
  if (!m || /^s3([.-]|$)/.test(m[1])) return req.rawPath;
  return `/${m[1]}${req.rawPath === '/' ? '' : req.rawPath}`;
}

function namespace(model: ServiceModel): string {
  return model.metadata.xmlNamespace ?? `http://${model.metadata.endpointPrefix}.amazonaws.com/doc/${model.metadata.apiVersion}/`;
}

export const restXml: Protocol = {
  name: 'rest-xml',
  validationCode: 'InvalidArgument',
  resolve(req, model) {
    return resolveRest(req, model, s3Path(req));
  },
  parse(req, model, resolved) {
    const { input, bodyMembers, shape } = readBindings(req, model, resolved, 'InvalidArgument');
    if (!shape) return input;
    if (readRawPayload(model, shape, req.body, input)) return input;
    if (bodyMembers.length === 0 || req.body.length === 0) return input;
    const doc = parseXmlDocument(fromUtf8(req.body));
    const rootName = Object.keys(doc).find((k) => !k.startsWith('?'));
    if (!rootName) return input;
    const root = doc[rootName][0];
    if (shape.payload) {
      input[shape.payload] = readXml(model, shape.members![shape.payload], root);
      return input;
    }
    Object.assign(input, readXml(model, { shape: resolved.operation.input!.shape }, root));
    return input;
  },
  serialize(output, model, op, requestId) {
    const out = output ?? {};
    const { status, headers, shape } = writeBindings(out, model, op);
    headers['x-amz-request-id'] = requestId;
    const raw = rawPayload(model, shape);
    if (raw) return { status, headers, body: rawBody(out[raw[0]]) };
    if (!shape) return { status, headers, body: '' };
    const ns = ` xmlns="${namespace(model)}"`;
    let xml = '';
    if (shape.payload) {
      const ref = shape.members![shape.payload];
      const name = ref.locationName ?? model.shapes[ref.shape].locationName ?? shape.payload;
      xml = writeXml(model, ref, out[shape.payload], name, { millis: true }, ns);
    } else {
      const hasBody = Object.values(shape.members ?? {}).some((r) => !r.location);
      if (hasBody) xml = writeXml(model, { shape: op.output!.shape }, out, shape.locationName ?? op.output!.shape, { millis: true }, ns);
    }
    if (xml) headers['content-type'] = 'application/xml';
    return { status, headers, body: xml ? `<?xml version="1.0" encoding="UTF-8"?>\n${xml}` : '' };
  },
  serializeError(err, _model, requestId) {
    const body =
      `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${xmlEscape(err.code)}</Code><Message>${xmlEscape(err.message)}</Message>` +
      `<RequestId>${requestId}</RequestId><HostId>${requestId}</HostId></Error>`;
    return { status: err.status, headers: { 'content-type': 'application/xml', 'x-amz-request-id': requestId }, body };
  },
};
