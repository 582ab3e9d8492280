/** Small shared pieces of the checks: AWS error names, polling, stack lookups. */
import {
  DescribeStacksCommand,
  DescribeStackEventsCommand,
  DescribeStackResourcesCommand,
  ListStacksCommand,
  type Stack,
  type StackEvent,
  type StackResource,
} from '@aws-sdk/client-cloudformation';
import type { AwsClients, CheckContext, CheckResult, Evidence } from './types';

export function errorName(e: unknown): string {
  return (e as { name?: string; Code?: string })?.name ?? (e as { Code?: string })?.Code ?? 'Error';
}

export function pass(summary: string, evidence: Evidence[]): CheckResult {
  return { pass: true, summary, evidence };
}

export function fail(summary: string, evidence: Evidence[], hint: string): CheckResult {
  return { pass: false, summary, evidence, hint };
}

/** The stack by name, or undefined when it does not exist (ValidationError "Stack with id X does not exist"). */
export async function findStack(clients: AwsClients, name: string): Promise<Stack | undefined> {
  try {
    const out = await clients.cloudformation.send(new DescribeStacksCommand({ StackName: name }));
    return out.Stacks?.[0];
  } catch (e) {
    if (errorName(e) === 'ValidationError' && /does not exist/.test(String((e as Error).message))) return undefined;
    throw e;
  }
}

/** The id of the most recent stack of this name, deleted ones included (their events stay readable by id). */
export async function latestStackId(clients: AwsClients, name: string): Promise<{ id: string; status: string } | undefined> {
  let token: string | undefined;
  let best: { id: string; status: string; time: number } | undefined;
  do {
    const out = await clients.cloudformation.send(new ListStacksCommand({ NextToken: token }));
    for (const s of out.StackSummaries ?? []) {
      if (s.StackName !== name || !s.StackId) continue;
      const time = new Date(s.CreationTime ?? 0).getTime();
      if (!best || time > best.time) best = { id: s.StackId, status: String(s.StackStatus), time };
    }
    token = out.NextToken;
  } while (token);
  return best && { id: best.id, status: best.status };
}

export async function allStackEvents(clients: AwsClients, stack: string): Promise<StackEvent[]> {
  const events: StackEvent[] = [];
  let token: string | undefined;
  do {
    const out = await clients.cloudformation.send(new DescribeStackEventsCommand({ StackName: stack, NextToken: token }));
    events.push(...(out.StackEvents ?? []));
    token = out.NextToken;
  } while (token);
  return events;
}

export async function stackResources(clients: AwsClients, stack: string): Promise<StackResource[]> {
  const out = await clients.cloudformation.send(new DescribeStackResourcesCommand({ StackName: stack }));
  return out.StackResources ?? [];
}

export function physicalId(resources: StackResource[], logicalId: string): string | undefined {
  return resources.find((r) => r.LogicalResourceId === logicalId)?.PhysicalResourceId;
}

/**
 * Calls `probe` until it returns a value or the patience runs out, telling the learner why it waits.
 * Returns undefined when nothing came in time.
 */
export async function poll<T>(
  ctx: CheckContext,
  why: string | (() => string),
  probe: () => Promise<T | undefined>,
): Promise<T | undefined> {
  const patience = ctx.patienceMs ?? 5_000;
  const every = ctx.pollMs ?? 1_000;
  const start = Date.now();
  for (;;) {
    if (ctx.signal?.aborted) throw new DOMException('The check was cancelled', 'AbortError');
    const value = await probe();
    if (value !== undefined) return value;
    const waited = Date.now() - start;
    if (waited >= patience) return undefined;
    ctx.progress?.(`${typeof why === 'function' ? why() : why} (waited ${Math.round(waited / 1000)} s of ${Math.round(patience / 1000)} s)`, waited / patience);
    await new Promise((r) => setTimeout(r, Math.min(every, patience - waited)));
  }
}

/**
 * Reads until the thing is no longer in progress (a stack *_IN_PROGRESS, an execution RUNNING) or the patience runs
 * out, and returns the last value read: a check of something absent or finished answers at once, even in live mode.
 */
export async function whileInProgress<T>(ctx: CheckContext, why: string | (() => string), read: () => Promise<T>, inProgress: (v: T) => boolean): Promise<T> {
  let last!: T;
  await poll(ctx, why, async () => {
    last = await read();
    return inProgress(last) ? undefined : true;
  });
  return last;
}
