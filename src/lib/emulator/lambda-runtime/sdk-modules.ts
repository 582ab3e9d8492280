/**
 * The SDK v3 packages a function can require, and the wrapping that points their clients at the host.
 * Each loader is a literal `import()`, so Vite splits every package into the browser worker's chunks and Node
 * resolves it from node_modules: one map serves both platforms.
 */
import type { InstanceSetup, WireHttpRequest, WireHttpResponse } from './types.ts';

export const SDK_MODULES: Record<string, () => Promise<Record<string, unknown>>> = {
  '@aws-sdk/client-s3': () => import('@aws-sdk/client-s3'),
  '@aws-sdk/client-sts': () => import('@aws-sdk/client-sts'),
  '@aws-sdk/client-iam': () => import('@aws-sdk/client-iam'),
  '@aws-sdk/client-lambda': () => import('@aws-sdk/client-lambda'),
  '@aws-sdk/client-sfn': () => import('@aws-sdk/client-sfn'),
  '@aws-sdk/client-cloudwatch-logs': () => import('@aws-sdk/client-cloudwatch-logs'),
  '@aws-sdk/client-cloudformation': () => import('@aws-sdk/client-cloudformation'),
  '@aws-sdk/client-cloudtrail': () => import('@aws-sdk/client-cloudtrail'),
};


/** Give every SDK client class the function's region, credentials and a request handler that goes to the host. */
export function wrapSdkModule(
  mod: Record<string, unknown>,
  s: InstanceSetup,
  send: (r: WireHttpRequest) => Promise<WireHttpResponse>,
): Record<string, unknown> {
  const requestHandler = {
    metadata: { handlerProtocol: 'http/1.1' },
    async handle(request: WireHttpRequest & { body?: unknown }) {
      const body = request.body;
      if (body !== undefined && typeof body !== 'string' && !(body instanceof Uint8Array)) {
        throw new Error('The sandbox sends request bodies as strings or bytes only (streams are not supported).');
      }
      const response = await send({
        method: request.method,
        protocol: request.protocol,
        hostname: request.hostname,
        port: request.port,
        path: request.path,
        query: { ...request.query },
        headers: { ...request.headers },
        body,
      });
      return { response: { statusCode: response.statusCode, reason: '', headers: response.headers, body: response.body } };
    },
    updateHttpClientConfig() {},
    httpHandlerConfigs: () => ({}),
    destroy() {},
  };
  const out: Record<string, unknown> = { ...mod };
  for (const [name, value] of Object.entries(mod)) {
    if (typeof value === 'function' && typeof (value as { prototype?: { send?: unknown } }).prototype?.send === 'function') {
      const Base = value as new (config: Record<string, unknown>) => object;
      const Wrapped = class extends Base {
        constructor(config: Record<string, unknown> = {}) {
          super({
            region: s.sdk.region,
            credentials: s.sdk.credentials,
            ...(s.sdk.endpoint ? { endpoint: s.sdk.endpoint } : {}),
            ...config,
            requestHandler,
          });
        }
      };
      Object.defineProperty(Wrapped, 'name', { value: name });
      out[name] = Wrapped;
    }
  }
  return out;
}
