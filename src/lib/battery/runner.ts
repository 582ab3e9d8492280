/**
 * runBattery: seed an account, deploy the builder model, and attack it technique by technique, each on a fresh
 * copy of the seeded account (the emulator's export, imported again). For each escalation, apply its fix,
 * re-deploy, re-run the technique and report whether it held. Pure of Node and DOM: the CLI, the sandbox worker
 * and the org kit call it the same way.
 */
import { createEmulator, type Emulator } from '../emulator';
import type { LambdaRuntime } from '../emulator/lambda-runtime/types';
import { applicationProviders } from '../emulator/services/all';
import { regionWords } from '../explain';
import { Attack, type AttackEnv } from './attack';
import { prepareAccount, type ModelSource } from './account';
import { applyFix } from './fixes';
import { BatteryInputError, checkTemplate, DEFAULT_ACCOUNT, modelFromPolicies, type BatteryInput, type BuilderModel } from './model';
import { techniques, type Technique } from './techniques';
import type { Report, Result, Step, TechniqueReport } from './types';

export const VERSION = '1.0.0';

export interface BatteryOptions {
  /** Technique ids to run (default: all). An unknown id is bad input. */
  only?: string[];
  /** The Lambda runtime (Node: worker threads; browsers get the Web Worker one by default). */
  lambdaRuntime?: LambdaRuntime;
  /** Told as each technique starts and ends (the page's progress). */
  onProgress?: (e: { id: string; index: number; total: number; phase: 'start' | 'done' | 'fix'; result?: Result }) => void;
  /** Skip the re-runs with fixes (faster; the report then has no fix verification). */
  skipFixRerun?: boolean;
  /**
   * How many techniques run at once, each on its own emulator (default 2). Techniques are independent (each starts
   * from the same copy of the account), and most of a run is waiting for Lambda instances to start.
   */
  concurrency?: number;
}

export function selectTechniques(only?: string[]): Technique[] {
  if (!only || only.length === 0) return techniques;
  const unknown = only.filter((id) => !techniques.some((t) => t.id === id));
  if (unknown.length) throw new BatteryInputError(`Unknown technique id(s): ${unknown.join(', ')}. Known ids: ${techniques.map((t) => t.id).join(', ')}`);
  return techniques.filter((t) => only.includes(t.id));
}

function verdict(a: Attack, t: Technique): { result: Result; explanation: string } {
  const proof = a.steps.find((s) => s.canary && s.outcome === 'allowed');
  if (proof) {
    return { result: 'escalated', explanation: `Escalated: ${proof.call} on ${proof.target} by ${proof.principal} succeeded, so ${proof.canary}.` };
  }
  if (a.unproven) return { result: 'not-applicable', explanation: a.unproven };
  const missing = a.steps.find((s) => s.outcome === 'failed' && s.error?.code === 'InvalidAction');
  if (missing) return { result: 'not-applicable', explanation: `Not proven: the sandbox does not implement ${missing.call} yet (${missing.error!.message}).` };
  const stop = a.steps.find((s) => s.outcome === 'denied') ?? a.steps.find((s) => s.outcome === 'failed');
  if (!stop) return { result: 'held', explanation: `Held: no call of ${t.id} reached its canary.` };
  if (stop.outcome === 'failed') return { result: 'held', explanation: `Held: ${stop.call} on ${stop.target} failed (${stop.error?.code}: ${stop.error?.message}), so the technique could not go on.` };
  const why = stop.why ? `: ${regionWords(stop.why)}` : '';
  return { result: 'held', explanation: `Held: ${stop.call} on ${stop.target} was denied to ${stop.principal}${why}. ${stop.error?.message ?? ''}`.trim() };
}

async function attack(t: Technique, env: AttackEnv): Promise<{ steps: Step[]; result: Result; explanation: string; ms: number }> {
  const t0 = performance.now();
  const why = t.notApplicable?.(env.model);
  if (why) return { steps: [], result: 'not-applicable', explanation: why, ms: 0 };
  const a = new Attack(env);
  await t.run(a);
  return { steps: a.steps, ...verdict(a, t), ms: Math.round(performance.now() - t0) };
}

function sourceOf(input: BatteryInput): { source: ModelSource; accountId: string } {
  if ('template' in input) {
    const name = input.templateName ?? 'template';
    checkTemplate(input.template, name, input.builderRole);
    return { source: { template: input.template, name, builderRole: input.builderRole }, accountId: DEFAULT_ACCOUNT };
  }
  const model = modelFromPolicies(input);
  return { source: { model }, accountId: model.accountId };
}

export function newBatteryEmulator(accountId: string, lambdaRuntime?: LambdaRuntime): Emulator {
  return createEmulator({ accountId, pace: 0, providers: applicationProviders({ lambdaRuntime }) });
}

/** Attack a builder model with every technique (or `only` some) and report what held and what escalated. */
export async function runBattery(input: BatteryInput, options: BatteryOptions = {}): Promise<Report> {
  const t0 = performance.now();
  const selected = selectTechniques(options.only);
  const { source, accountId } = sourceOf(input);
  const lanes = Math.max(1, Math.min(options.concurrency ?? 2, selected.length));
  const emulators = Array.from({ length: lanes }, () => newBatteryEmulator(accountId, options.lambdaRuntime));
  await Promise.all(emulators.map((e) => e.ready));
  const { env, snapshot } = await prepareAccount(emulators[0], source);
  const model: BuilderModel = env.model;
  const reports: TechniqueReport[] = new Array(selected.length);

  /** Each lane takes the next technique, on a fresh copy of the seeded account in its own emulator. */
  async function runLanes(work: (index: number, emu: Emulator) => Promise<void>, indexes: number[]) {
    let next = 0;
    await Promise.all(
      emulators.map(async (emu) => {
        while (next < indexes.length) await work(indexes[next++], emu);
      }),
    );
  }

  await runLanes(
    async (index, emu) => {
      const t = selected[index];
      options.onProgress?.({ id: t.id, index, total: selected.length, phase: 'start' });
      await emu.import(snapshot);
      const r = await attack(t, { ...env, emulator: emu });
      const { notApplicable: _n, run: _r, fix: _f, ...info } = t;
      reports[index] = { ...info, ...r };
      options.onProgress?.({ id: t.id, index, total: selected.length, phase: 'done', result: r.result });
    },
    selected.map((_, i) => i),
  );
  if (!options.skipFixRerun) {
    const escalated = selected.map((_, i) => i).filter((i) => reports[i].result === 'escalated');
    await runLanes(async (index, emu) => {
      const t = selected[index];
      options.onProgress?.({ id: t.id, index, total: selected.length, phase: 'fix' });
      const fixed = applyFix(t.fix, model);
      const prepared = await prepareAccount(emu, { model: fixed.model });
      const again = await attack(t, prepared.env);
      reports[index].fix = { policy: fixed.policy, policyName: fixed.policyName, statement: fixed.statement, diff: fixed.diff, rerun: again.result, rerunExplanation: again.explanation };
    }, escalated);
  }
  const count = (r: Result) => reports.filter((x) => x.result === r).length;
  return {
    tool: { name: 'boundary-lab-audit', version: VERSION },
    model: {
      source: model.source,
      builderRole: `arn:aws:iam::${model.accountId}:role${model.builderRole.path}${model.builderRole.name}`,
      builderPolicies: model.policies.map((p) => (p.kind === 'managed' ? `arn:aws:iam::${model.accountId}:policy${p.path}${p.name}` : `inline ${p.name}`)).concat(model.awsManagedPolicyArns),
      ...(model.boundary ? { boundary: `arn:aws:iam::${model.accountId}:policy${model.boundary.path}${model.boundary.name}` } : {}),
    },
    techniques: reports,
    summary: {
      total: reports.length,
      held: count('held'),
      escalated: count('escalated'),
      notApplicable: count('not-applicable'),
      escalatedIds: reports.filter((r) => r.result === 'escalated').map((r) => r.id),
      ms: Math.round(performance.now() - t0),
    },
  };
}
