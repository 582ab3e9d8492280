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

/**
 * Stack frames as a function sees them in Lambda: the SDK under /var/runtime/node_modules, the runtime's own
 * frames as /var/runtime/index.mjs, instead of this sandbox's paths.
 */
function lambdaStack(stack: string): string[] {
  return stack
    .split('\n')
    .map((line) =>
      line.includes('lambda-runtime/worker-core')
        ? '    at async Runtime.handleOnceNonStreaming (file:///var/runtime/index.mjs:1173:29)'
        : line.replace(/(?:file:\/\/)?\/[^\s()]*?\/node_modules\//g, '/var/runtime/node_modules/'),
    )
    .filter((line, i, all) => !(line.includes('/var/runtime/index.mjs') && all[i - 1] === line));
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
