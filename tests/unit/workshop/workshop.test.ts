/**
 * The whole workshop in Node, as a learner does it: every command of the lab definition typed into the sandbox
 * shell (just-bash with our `aws`), in order, against the in-process emulator with every service; before each
 * step its checks fail, after it they pass. No back door: the shell and the checks reach the sandbox only
 * through AWS APIs.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { readFileSync } from 'node:fs';
import { createEmulator, type Emulator } from '../../../src/lib/emulator';
import { createNodeLambdaRuntime } from '../../../src/lib/emulator/lambda-runtime/node/runtime';
import { sandboxProviders } from '../../../src/lib/shell/providers';
import { Sandbox } from '../../../src/lib/shell/sandbox';
import { createLabRuntime, type LabRuntime } from '../../../src/lib/lab-runtime';
import { terminalCredentialsFrom } from '../../../src/lib/lab-runtime/clients';
import { progressStore } from '../../../src/lib/lab-runtime/progress';
import { lab } from '../../../labs/lab';
import { templateFiles } from '../../../labs/templates';

const labs = Object.fromEntries(templateFiles.map((f) => [f, readFileSync(new URL(`../../../labs/${f}`, import.meta.url), 'utf8')]));

function memoryStorage() {
  const m = new Map<string, string>();
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), removeItem: (k: string) => void m.delete(k) };
}

const runtime = createNodeLambdaRuntime();
afterAll(() => runtime.close());

/** A fresh sandbox: the emulator with every service, the learner's shell, and the lab runtime the page uses. */
async function freshWorkshop() {
  const transcript: string[] = [];
  const emulator = createEmulator({ pace: 0, providers: sandboxProviders({ lambdaRuntime: runtime }) });
  await emulator.ready;
  const sandbox = await Sandbox.open({ target: { emulator }, labs, sleep: async () => {} });
  const rt = createLabRuntime(lab, {
      mode: 'sandbox',
      transport: { requestHandler: emulator.sdkConfig().requestHandler, region: emulator.region },
      adminCredentials: async () => emulator.adminCredentials,
      terminalCredentials: async () => terminalCredentialsFrom(sandbox.session.state, emulator.adminCredentials),
      terminalVariableNames: async () => Object.keys(sandbox.session.state.vars),
      runInTerminal: async (text) => {
        const r = await sandbox.run(text);
        await emulator.settled();
        transcript.push(`$ ${text}\n${r.stdout}${r.stderr}`);
        return r.exitCode;
      },
      progress: progressStore(memoryStorage()),
      patienceMs: 0,
    });
  return { emulator, sandbox, rt, transcript };
}

describe('the whole workshop, typed into the sandbox shell', () => {
  let emulator: Emulator;
  let sandbox: Sandbox;
  let rt: LabRuntime;
  let transcript: string[];
  beforeAll(async () => {
    ({ emulator, sandbox, rt, transcript } = await freshWorkshop());
  }, 60_000);

  it('passes every step, and no step passes before it is done', async () => {
    const failures: string[] = [];
    for (const step of lab.steps) {
      const before = await rt.checkStep(step.id, { patienceMs: 0 });
      // A step that only reads (the log the previous step's execution wrote) can pass before it runs; every step
      // that creates, changes or provokes something must fail first.
      const readsOnly = ['read-function-log'];
      if (before.every((r) => r.pass) && !readsOnly.includes(step.id)) failures.push(`${step.id}: its checks passed before the step ran`);
      for (const command of step.commands) {
        const r = await sandbox.run(command.run);
        await emulator.settled();
        const out = r.stdout + r.stderr;
        transcript.push(`$ ${command.run}\n${out}`);
        const ok = command.expect === 'failure' ? r.exitCode !== 0 : r.exitCode === 0;
        if (!ok) failures.push(`${step.id}: "${command.run.split('\n')[0]}" exited ${r.exitCode}: ${out.slice(0, 600)}`);
        if (command.shows && !out.includes(command.shows)) failures.push(`${step.id}: "${command.run.split('\n')[0]}" did not show ${command.shows}: ${out.slice(0, 600)}`);
      }
      const after = await rt.checkStep(step.id, { patienceMs: 0 });
      for (const r of after) if (!r.pass) failures.push(`${step.id}: check "${r.label}" failed: ${r.summary} ${JSON.stringify(r.evidence)}`);
      if (failures.length) break;
    }
    if (failures.length) console.log(transcript.slice(-6).join('\n'));
    expect(failures).toEqual([]);
  }, 300_000);
});

describe('Solve and clean-up', () => {
  it('Solve brings a fresh sandbox to a late step, typing the earlier steps too', async () => {
    const { rt, sandbox } = await freshWorkshop();
    const said: string[] = [];
    const { ok, results } = await rt.solve('attach-sneaky-policy', (m) => said.push(m));
    if (!ok) console.log(said, JSON.stringify(results, null, 1), sandbox.scrollback.slice(-3000), sandbox.session.history.slice(-5));
    expect(results.map((r) => [r.label, r.pass, r.summary])).toEqual(results.map((r) => [r.label, true, r.summary]));
    expect(ok).toBe(true);
    expect(said).toContain('Solving "Launch the builder-iam stack"');
    expect(sandbox.session.history.some((h) => h.includes('builder-application-1.yml'))).toBe(true);
  }, 120_000);

  it('Solve continues from where the learner is instead of starting over', async () => {
    const { rt, sandbox } = await freshWorkshop();
    expect((await rt.solve('launch-application-2')).ok).toBe(true);
    const typed = sandbox.session.history.length;
    const said: string[] = [];
    expect((await rt.solve('run-application', (m) => said.push(m))).ok).toBe(true);
    expect(said.filter((m) => m.startsWith('Solving'))).toEqual(['Solving "Run the state machine"']);
    expect(sandbox.session.history.length).toBeGreaterThan(typed);
  }, 120_000);

  it('Solve after "New terminal" sets again the variables earlier steps had set', async () => {
    const { rt, sandbox } = await freshWorkshop();
    expect((await rt.solve('get-builder-policy')).ok).toBe(true);
    await sandbox.newTerminal();
    const said: string[] = [];
    const { ok } = await rt.solve('change-builder-policy', (m) => said.push(m));
    expect(said).toContain('Setting AWS_ACCOUNT again first');
    expect(ok).toBe(true);
  }, 120_000);

  it("the clean-up panel's work empties the account after the workshop, and says so", async () => {
    const { rt } = await freshWorkshop();
    expect((await rt.solve('read-function-log')).ok).toBe(true);
    const { steps, verification } = await rt.cleanUp();
    if (steps.some((s) => s.status === 'failed')) console.log(JSON.stringify(steps, null, 1));
    expect(steps.map((s) => [s.id, s.status])).toEqual([
      ['terminal-identity', 'done'],
      ['application-stack', 'done'],
      ['sneaky-policy', 'done'],
      ['builder-iam-stack', 'done'],
      ['log-groups', 'done'],
      ['resource-policies', 'skipped'],
      ['verify', 'done'],
    ]);
    expect(verification.every((v) => v.pass)).toBe(true);
    const again = await rt.cleanUp();
    expect(again.steps.filter((s) => s.id !== 'terminal-identity').map((s) => s.status)).toEqual(['skipped', 'skipped', 'skipped', 'skipped', 'skipped', 'done']);
  }, 120_000);
});
