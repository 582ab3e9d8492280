/** `aws <service> wait …`: botocore's waiter loop (botocore/waiter.py) over the model's waiters-2.json. */
import jmespath from 'jmespath';
import type { Acceptor, Waiter } from './model';
import { serviceError } from './clients';
import { CliError, EXIT } from './errors';
import { normalize } from './output/normalize';

function pyStr(v: unknown): string {
  return v === true ? 'True' : v === false ? 'False' : String(v);
}

function explanation(a: Acceptor): string {
  switch (a.matcher) {
    case 'path':
      return `For expression "${a.argument}" we matched expected path: "${pyStr(a.expected)}"`;
    case 'pathAll':
      return `For expression "${a.argument}" all members matched expected path: "${pyStr(a.expected)}"`;
    case 'pathAny':
      return `For expression "${a.argument}" we matched expected path: "${pyStr(a.expected)}" at least once`;
    case 'status':
      return `Matched expected HTTP status code: ${a.expected}`;
    case 'error':
      return `Matched expected service error code: ${pyStr(a.expected)}`;
  }
}

interface Outcome {
  response?: unknown;
  status?: number;
  error?: { code: string; message: string };
}

function matches(a: Acceptor, o: Outcome): boolean {
  switch (a.matcher) {
    case 'path':
      return !o.error && deepEqual(jmespath.search(o.response, a.argument!), a.expected);
    case 'pathAll': {
      if (o.error) return false;
      const r = jmespath.search(o.response, a.argument!);
      return Array.isArray(r) && r.length > 0 && r.every((e) => deepEqual(e, a.expected));
    }
    case 'pathAny': {
      if (o.error) return false;
      const r = jmespath.search(o.response, a.argument!);
      return Array.isArray(r) && r.length > 0 && r.some((e) => deepEqual(e, a.expected));
    }
    case 'status':
      return o.status === a.expected;
    case 'error':
      if (a.expected === true) return Boolean(o.error);
      if (a.expected === false) return !o.error;
      return o.error?.code === a.expected;
  }
}

function deepEqual(x: unknown, y: unknown): boolean {
  return JSON.stringify(x) === JSON.stringify(y);
}

export async function wait(
  name: string,
  waiter: Waiter,
  call: (params: Record<string, unknown>) => Promise<Record<string, unknown>>,
  params: Record<string, unknown>,
  sleep: (ms: number) => Promise<void>,
  signal?: AbortSignal,
): Promise<void> {
  let lastMatched: Acceptor | undefined;
  for (let attempt = 1; ; attempt++) {
    const outcome: Outcome = {};
    try {
      const response = await call({ ...params });
      outcome.response = normalize(response);
      outcome.status = (response.$metadata as { httpStatusCode?: number } | undefined)?.httpStatusCode ?? 200;
    } catch (e) {
      const cause = (e as { cause?: unknown }).cause ?? e;
      const info = serviceError(cause);
      if (!info || signal?.aborted) throw e;
      outcome.error = info;
      outcome.status = info.status;
    }
    const acceptor = waiter.acceptors.find((a) => matches(a, outcome));
    let state = 'waiting';
    if (acceptor) {
      lastMatched = acceptor;
      state = acceptor.state;
    } else if (outcome.error) {
      throw new CliError(`Waiter ${name} failed: An error occurred (${outcome.error.code}): ${outcome.error.message}`, EXIT.general);
    }
    if (state === 'success') return;
    if (state === 'failure') {
      throw new CliError(`Waiter ${name} failed: Waiter encountered a terminal failure state: ${explanation(acceptor!)}`, EXIT.general);
    }
    if (attempt >= waiter.maxAttempts) {
      const reason = lastMatched ? `Max attempts exceeded. Previously accepted state: ${explanation(lastMatched)}` : 'Max attempts exceeded';
      throw new CliError(`Waiter ${name} failed: ${reason}`, EXIT.general);
    }
    await sleep(waiter.delay * 1000);
    if (signal?.aborted) throw new Error('interrupted');
  }
}
