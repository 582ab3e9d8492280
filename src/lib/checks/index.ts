/**
 * The check registry: the lab definition (labs/) names checks by kind with parameters; the page runs them here.
 * Every run is bounded in time and never throws: an AWS error becomes a failed check that shows the error.
 */
import type { CheckContext, CheckResult } from './types';
import * as kinds from './kinds';

export type { AwsClients, CheckContext, CheckResult, Evidence } from './types';

export const checks = {
  stackStatus: kinds.stackStatus,
  builderIamReady: kinds.builderIamReady,
  terminalIsBuilder: kinds.terminalIsBuilder,
  applicationDeniedCreateRole: kinds.applicationDeniedCreateRole,
  applicationRolesBounded: kinds.applicationRolesBounded,
  executionOutput: kinds.executionOutput,
  builderPolicyUnchanged: kinds.builderPolicyUnchanged,
  sneakyPolicyDetached: kinds.sneakyPolicyDetached,
  boundaryDeniedCreateBucket: kinds.boundaryDeniedCreateBucket,
  cleanedUp: kinds.cleanedUp,
} as const;

export type CheckKind = keyof typeof checks;

export async function runCheck(kind: string, params: Record<string, unknown>, ctx: CheckContext, timeoutMs = 30_000): Promise<CheckResult> {
  const check = (checks as Record<string, (p: any, c: CheckContext) => Promise<CheckResult>>)[kind];
  if (!check) return { pass: false, summary: `Unknown check kind "${kind}".`, evidence: [], hint: 'The lab definition names a check that does not exist.' };
  const controller = new AbortController();
  const onAbort = () => controller.abort();
  ctx.signal?.addEventListener('abort', onAbort);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<CheckResult>((resolve) => {
    timer = setTimeout(() => {
      controller.abort();
      resolve({ pass: false, summary: `The check did not finish within ${Math.round(timeoutMs / 1000)} s.`, evidence: [], hint: 'Try again; if AWS is slow, wait a minute first.' });
    }, timeoutMs);
  });
  try {
    return await Promise.race([check(params, { ...ctx, signal: controller.signal }), timeout]);
  } catch (e) {
    const err = e as Error;
    return { pass: false, summary: `The check could not read AWS: ${err.name}: ${err.message}`, evidence: [], hint: 'Check that the sandbox or your live session is running.' };
  } finally {
    clearTimeout(timer);
    ctx.signal?.removeEventListener('abort', onAbort);
  }
}
