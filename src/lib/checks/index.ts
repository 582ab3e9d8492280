/**
 * Runs the lab definition's checks (labs/schema.ts): each kind is a function in kinds.ts. Every run is bounded in
 * time and never throws: an AWS error becomes a failed check that shows the error. A failed check carries the
 * lab's hint for that check, after any more specific hint the kind found.
 */
import type { Check } from '../../../labs/schema';
import type { CheckContext, CheckResult } from './types';
import { kinds } from './kinds';
import { errorName } from './support';

export type { AwsClients, CheckContext, CheckResult, Evidence } from './types';
export { kinds };

export async function runCheck(check: Check, ctx: CheckContext, timeoutMs = 30_000): Promise<CheckResult> {
  const { kind, hint, label: _label, ...params } = check;
  const impl = (kinds as Record<string, (p: unknown, c: CheckContext) => Promise<CheckResult>>)[kind];
  if (!impl) return { pass: false, summary: `Unknown check kind "${kind}".`, evidence: [], hint };
  const controller = new AbortController();
  const onAbort = () => controller.abort();
  ctx.signal?.addEventListener('abort', onAbort);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<CheckResult>((resolve) => {
    timer = setTimeout(() => {
      controller.abort();
      resolve({ pass: false, summary: `The check did not finish within ${Math.round(timeoutMs / 1000)} s.`, evidence: [], hint });
    }, timeoutMs);
  });
  try {
    const result = await Promise.race([impl(params, { ...ctx, signal: controller.signal }), timeout]);
    if (result.pass) return result;
    return { ...result, hint: [result.hint, hint].filter(Boolean).join(' ') };
  } catch (e) {
    return { pass: false, summary: `The check could not read AWS: ${errorName(e)}: ${(e as Error).message}`, evidence: [], hint };
  } finally {
    clearTimeout(timer);
    ctx.signal?.removeEventListener('abort', onAbort);
  }
}
