/**
 * The allowlist walk: the whole workshop in live mode, in Node — every command of the lab definition typed into the
 * learner's shell, every check, Solve and the clean-up panel — through a live server (real HTTP, the derived
 * workshop policy) in front of the sandbox endpoint. Every call must pass the policy: a lesson whose commands or
 * checks need an operation or a resource the policy does not derive fails here, naming it.
 */
import { describe, it, expect, afterAll } from 'vitest';
import { readFileSync } from 'node:fs';
import { createNodeLambdaRuntime } from '../emulator/lambda-runtime/node/runtime';
import { Sandbox } from '../shell/sandbox';
import { createLabRuntime } from '../lab-runtime';
import { terminalCredentialsFrom } from '../lab-runtime/clients';
import { progressStore } from '../lab-runtime/progress';
import { lab, SANDBOX_ONLY_LESSONS } from '../../../labs/lab';
import { templateFiles } from '../../../labs/templates';
import { base, root, startLive, startSandbox } from './test-support';
import { NEVER_SIGNED } from './policy/rules';
import { loadWorkshopPolicy } from './policy/node';

const labs = Object.fromEntries(templateFiles.map((f) => [f, readFileSync(`${root}labs/${f}`, 'utf8')]));
const runtime = createNodeLambdaRuntime();
const closers: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of closers) await c();
  runtime.close();
});

function memoryStorage() {
  const m = new Map<string, string>();
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), removeItem: (k: string) => void m.delete(k) };
}

/** The page's two callers of AWS in live mode, the terminal and the lab runtime, both through the live server. */
async function liveWorkshop() {
  const { emulator, http } = await startSandbox({ lambdaRuntime: runtime });
  const f = await startLive(http.url, async () => emulator.adminCredentials);
  closers.push(() => f.close(), () => http.close());
  await f.api('/__live/confirm', { accountId: emulator.accountId });
  const region = 'us-east-1';
  const sandbox = await Sandbox.open({ target: { requestHandler: f.handler(), credentials: base, region }, labs, sleep: async () => {} });
  const run = async (text: string) => {
    const r = await sandbox.run(text);
    await emulator.settled();
    return r;
  };
  const rt = createLabRuntime(lab, {
    mode: 'live',
    transport: { requestHandler: f.handler(), region },
    adminCredentials: async () => base,
    terminalCredentials: async () => terminalCredentialsFrom(sandbox.session.state, base),
    terminalVariableNames: async () => Object.keys(sandbox.session.state.vars),
    runInTerminal: async (text) => (await run(text)).exitCode,
    progress: progressStore(memoryStorage()),
    patienceMs: 0,
  });
  return { f, run, rt };
}

const refusals = (logs: string[]) => logs.filter((l) => / refused$|could not tell/.test(l));

describe('every lab command, check, Solve and clean-up passes the live workshop policy', () => {
  it('derives an allowlist that holds nothing the live server must never sign', () => {
    const policy = loadWorkshopPolicy(root);
    expect([...policy.operations.keys()].filter((k) => NEVER_SIGNED.has(k))).toEqual([]);
    expect(policy.operations.get('sts:AssumeRole')).toEqual(new Set(['base']));
    expect(policy.operations.has('iam:ListUsers')).toBe(false);
  });

  it('runs every step’s commands and checks in live mode without one refusal', async () => {
    const { f, run, rt } = await liveWorkshop();
    const failures: string[] = [];
    for (const step of lab.steps.filter((s) => !SANDBOX_ONLY_LESSONS.includes(s.lesson))) {
      for (const command of step.commands) {
        const r = await run(command.run);
        const out = r.stdout + r.stderr;
        const ok = command.expect === 'failure' ? r.exitCode !== 0 : r.exitCode === 0;
        if (!ok) failures.push(`${step.id}: "${command.run.split('\n')[0]}" exited ${r.exitCode}: ${out.slice(0, 400)}`);
        if (command.shows && !out.includes(command.shows)) failures.push(`${step.id}: "${command.run.split('\n')[0]}" did not show ${command.shows}: ${out.slice(0, 400)}`);
      }
      for (const r of await rt.checkStep(step.id, { patienceMs: 0 })) if (!r.pass) failures.push(`${step.id}: check "${r.label}" failed: ${r.summary}`);
      if (failures.length) break;
    }
    expect(refusals(f.logs)).toEqual([]);
    expect(failures).toEqual([]);
    // The escalations were really tried as the builder, and denied by IAM, not by the live server.
    expect(f.logs.some((l) => / iam:AttachRolePolicy → 403$/.test(l))).toBe(true);
  }, 180_000);

  it('Solve and the clean-up panel pass too', async () => {
    const { f, rt } = await liveWorkshop();
    expect((await rt.solve('read-function-log')).ok).toBe(true);
    const { steps, verification } = await rt.cleanUp();
    expect(refusals(f.logs)).toEqual([]);
    expect(steps.filter((s) => s.status === 'failed')).toEqual([]);
    expect(verification.every((v) => v.pass)).toBe(true);
  }, 180_000);
});
