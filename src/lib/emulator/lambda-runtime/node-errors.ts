/**
 * Errors as the Node.js runtime reports them: the Invoke response's error document (errorType, errorMessage,
 * trace) and the log form ("Invoke Error \t{…}" with the error's own properties and its stack).
 */

export function named(name: string, message: string): Error {
  const e = new Error(message);
  e.name = name;
  return e;
}

function isError(e: unknown): e is Error {
  return e instanceof Error || (typeof e === 'object' && e !== null && 'message' in e && 'name' in e);
}

/** The SDK's place in the Lambda runtime, for frames of the SDK bundle the sandbox serves from its own site. */
const RUNTIME_SDK = '/var/runtime/node_modules/@aws-sdk/node_modules/@smithy/smithy-client/dist-cjs/index.js';
const RUNTIME_FRAME = '    at async Runtime.handleOnceNonStreaming (file:///var/runtime/index.mjs:1173:29)';
/** A frame whose location is a URL (the site's bundle, a blob): `at name (url:l:c)` or `at url:l:c`. */
const URL_FRAME = /^(\s*at (?:async )?)(?:(.+?) \()?((?:blob:)?https?:\/\/[^\s()]+)\)?$/;

/**
 * Stack frames as a function sees them in Lambda: its own code under /var/task, the SDK under
 * /var/runtime/node_modules, the runtime's own frames as /var/runtime/index.mjs, instead of this sandbox's paths
 * (files on disk in Node, the site's /_astro/ bundle URLs in a browser). The runtime's last frame is always there.
 * AWS difference: in a browser, frames inside the SDK keep the bundle's (minified) function names and point at
 * the SDK's path in the runtime without a line number, since the sandbox's SDK is one bundle, not those files.
 */
export function lambdaStack(stack: string): string[] {
  const lines = stack
    .split('\n')
    .map((line) => {
      if (line.includes('lambda-runtime/worker-core')) return RUNTIME_FRAME;
      const url = URL_FRAME.exec(line);
      if (url) return url[2] ? `${url[1]}${url[2]} (${RUNTIME_SDK})` : `${url[1]}${RUNTIME_SDK}`;
      return line
        .replace(/(?:file:\/\/)?\/[^\s()]*?\/node_modules\//g, '/var/runtime/node_modules/')
        .replace(/\((\/var\/task\/[^\s()]+\.mjs:)/, '(file://$1');
    })
    .filter((line, i, all) => !(line === all[i - 1] && (line === RUNTIME_FRAME || line.includes(RUNTIME_SDK))));
  if (lines.length > 1 && lines.at(-1) !== RUNTIME_FRAME) lines.push(RUNTIME_FRAME);
  return lines;
}

/** The Node.js runtime's error document for the Invoke response (errorType, errorMessage, trace). */
export function toRapidResponse(error: unknown): { errorType: string; errorMessage: string; trace: string[] } {
  if (isError(error)) {
    return {
      errorType: error.name,
      errorMessage: error.message,
      trace: typeof error.stack === 'string' ? lambdaStack(error.stack) : [],
    };
  }
  return { errorType: typeof error, errorMessage: String(error), trace: [] };
}

/** The Node.js runtime's log form of an error: a tab, then the error as JSON with its own properties. */
export function toFormatted(error: unknown): string {
  try {
    return `\t${JSON.stringify(error, (_k, v) => withEnumerableProperties(v))}`;
  } catch {
    return `\t${JSON.stringify(toRapidResponse(error))}`;
  }
}

function withEnumerableProperties(v: unknown): unknown {
  if (v instanceof Error) {
    const ret: Record<string, unknown> = Object.assign(
      { errorType: v.name, errorMessage: v.message, code: (v as Error & { code?: unknown }).code },
      v as unknown as Record<string, unknown>,
    );
    if (typeof v.stack === 'string') ret.stack = lambdaStack(v.stack);
    return ret;
  }
  return v;
}
