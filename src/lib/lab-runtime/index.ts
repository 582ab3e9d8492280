/**
 * The lab at run time: runs a step's checks, solves up to a step by typing the lab's own commands into the terminal,
 * and cleans up. It knows the page only through LabHost, so the same code drives the sandbox and live mode, and the
 * steps come from the lab definition (labs/lab.ts), never from a component.
 */
import { names } from '../../../labs/org';
import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { Lab, Step } from '../../../labs/schema';
import { runCheck, type CheckResult } from '../checks';
import { cleanUp, CLEANUP_PLAN, type CleanupStep } from '../cleanup';
import { clientsFor, type Credentials, type Transport } from './clients';
import type { ProgressStore } from './progress';

export interface LabHost {
  mode: 'sandbox' | 'live';
  transport: Transport;
  /** Sandbox: the administrator's keys. Live: the placeholder the live server re-signs with the learner's own. */
  adminCredentials(): Promise<Credentials>;
  /** The terminal's current credentials (its exported variables, else its default profile). */
  terminalCredentials(): Promise<Credentials>;
  /** The names of the shell's variables now (a new terminal has lost the ones earlier steps set). */
  terminalVariableNames?(): Promise<string[]>;
  /** Types `text` into the terminal as a learner would, presses Enter, resolves with the exit status. */
  runInTerminal(text: string): Promise<number>;
  progress: ProgressStore;
  /** How long checks may wait for AWS (sandbox: seconds; live: minutes, for CloudTrail). */
  patienceMs: number;
}

export interface StepCheckResult extends CheckResult {
  label: string;
}

/** The shell variables a command line assigns (`NAME=…`, `export NAME=…`). */
function assignments(run: string): string[] {
  return [...run.matchAll(/(?:^|[;&|\s])(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=/g)].map((m) => m[1]);
}

/** Checks that pass only when something happened (not merely because a thing is absent). */
function provesProgress(c: Step['checks'][number]): boolean {
  if (c.kind === 'stackAbsent') return c.deleted === true;
  return !['policyAbsent', 'roleAbsent', 'pathEmpty', 'logGroupsAbsent', 'callerIsNotAssumedRole'].includes(c.kind);
}

export const AUDITOR_ROLE = 'boundary-lab-auditor';
export const AUDITOR_PATH = '/boundary-lab/';

function checkLabel(c: Step['checks'][number]): string {
  if (c.label) return c.label;
  const { kind, hint: _h, label: _l, ...params } = c;
  const main = Object.values(params).find((v) => typeof v === 'string');
  return main ? `${kind}: ${main}` : kind;
}

export function createLabRuntime(lab: Lab, host: LabHost) {
  let auditor: { credentials: Credentials; expires: number } | undefined;

  /** Sandbox: a read-only role session (ReadOnlyAccess + cloudtrail:LookupEvents). Live: the learner's base identity. */
  async function auditorClients() {
    const admin = await host.adminCredentials();
    if (host.mode === 'live') return clientsFor(host.transport, admin);
    if (!auditor || auditor.expires < Date.now() + 60_000) {
      const sts = clientsFor(host.transport, admin).sts;
      const account = (await sts.send(new GetCallerIdentityCommand({}))).Account;
      const out = await sts.send(
        new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${account}:role${AUDITOR_PATH}${AUDITOR_ROLE}`, RoleSessionName: 'boundary-lab-checks' }),
      );
      const c = out.Credentials!;
      auditor = {
        credentials: { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken },
        expires: new Date(c.Expiration!).getTime(),
      };
    }
    return clientsFor(host.transport, auditor.credentials);
  }

  function step(id: string): Step {
    const s = lab.steps.find((x) => x.id === id);
    if (!s) throw new Error(`No step "${id}" in the lab definition.`);
    return s;
  }

  async function checkStep(id: string, opts: { onProgress?: (m: string, fraction?: number) => void; patienceMs?: number; record?: boolean } = {}): Promise<StepCheckResult[]> {
    const s = step(id);
    const ctx = {
      auditor: await auditorClients(),
      terminal: clientsFor(host.transport, await host.terminalCredentials()),
      progress: opts.onProgress,
      patienceMs: opts.patienceMs ?? host.patienceMs,
      pollMs: host.mode === 'live' ? 5_000 : 250,
    };
    const results: StepCheckResult[] = [];
    for (const c of s.checks) results.push({ label: checkLabel(c), ...(await runCheck(c, ctx, ctx.patienceMs + 30_000)) });
    if (opts.record !== false) host.progress.set(id, results.every((r) => r.pass) ? 'passed' : 'failed');
    return results;
  }

  /** Makes the terminal the identity a step needs, with the lab's own commands. */
  async function becomeIdentity(identity: Step['identity'], say: (m: string) => void) {
    const arn = (await clientsFor(host.transport, await host.terminalCredentials()).sts.send(new GetCallerIdentityCommand({}))).Arn ?? '';
    const isBuilder = arn.includes(`:assumed-role/${names.builderRole}/`);
    if (identity === 'builder' && !isBuilder) {
      say('Assuming the builder role first');
      for (const c of step('assume-builder-role').commands.slice(0, 1)) await host.runInTerminal(c.run);
    } else if (identity === 'administrator' && isBuilder) {
      say('Returning to the administrator identity first');
      for (const c of step('return-to-administrator').commands.slice(0, 1)) await host.runInTerminal(c.run);
    }
    return isBuilder;
  }

  /**
   * Brings the account to the end of step `id`. If the first step is not done, it starts there (a fresh sandbox).
   * Otherwise it finds the last step before `id` whose checks pass and prove something happened — absence checks
   * (a role that is not there, an identity that is not the builder) pass in an account that never had the thing,
   * so they cannot mark where the learner is — then types the commands of every later step up to and including
   * `id`, checking each step as it goes.
   */
  async function solve(id: string, onProgress: (m: string) => void = () => {}): Promise<{ ok: boolean; results: StepCheckResult[] }> {
    const target = lab.steps.findIndex((s) => s.id === id);
    if (target < 0) throw new Error(`No step "${id}" in the lab definition.`);
    const started = target > 0 && (await checkStep(lab.steps[0].id, { patienceMs: 0, record: false })).every((x) => x.pass);
    let from = started ? 1 : 0;
    for (let i = target - 1; started && i > 0; i--) {
      if (!lab.steps[i].checks.some(provesProgress)) continue;
      onProgress(`Looking at "${lab.steps[i].title}"`);
      const r = await checkStep(lab.steps[i].id, { patienceMs: 0, record: false });
      if (r.every((x) => x.pass)) {
        from = i + 1;
        break;
      }
    }
    let results: StepCheckResult[] = [];
    for (let i = from; i <= target; i++) {
      const s = lab.steps[i];
      onProgress(`Solving "${s.title}"`);
      await becomeIdentity(s.identity, onProgress);
      await restoreVariables(i, onProgress);
      for (const c of s.commands) await host.runInTerminal(c.run);
      results = await checkStep(s.id, { onProgress });
      if (!results.every((r) => r.pass)) return { ok: false, results };
    }
    return { ok: true, results };
  }

  /**
   * A step may use variables an earlier step set (`$AWS_ACCOUNT`); after "New terminal" they are gone although that
   * step's checks still pass. Types again the earlier command that set each missing one.
   */
  async function restoreVariables(index: number, say: (m: string) => void) {
    if (!host.terminalVariableNames) return;
    const step = lab.steps[index];
    const assigned = new Set(step.commands.flatMap((c) => assignments(c.run)));
    const used = new Set(step.commands.flatMap((c) => [...c.run.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1])));
    const known = new Set(await host.terminalVariableNames());
    for (const name of used) {
      if (assigned.has(name) || known.has(name)) continue;
      const setter = lab.steps
        .slice(0, index)
        .flatMap((s) => s.commands)
        .reverse()
        .find((c) => assignments(c.run).includes(name));
      if (!setter) continue;
      say(`Setting ${name} again first`);
      await host.runInTerminal(setter.run);
    }
  }

  /**
   * The lab's clean-up, after the terminal stops using the builder role (with the lab's own `unset`), so that the
   * clean-up lesson's "stop using the builder role" check passes too and the learner's next command is not a
   * builder's call into an account where the builder no longer exists.
   */
  async function runCleanup(onProgress?: (steps: CleanupStep[]) => void) {
    const plan = CLEANUP_PLAN.find((p) => p.id === 'terminal-identity')!;
    const first: CleanupStep = { ...plan, status: 'running' };
    const report = (rest: CleanupStep[]) => onProgress?.([{ ...first }, ...rest]);
    report([]);
    try {
      const wasBuilder = await becomeIdentity('administrator', () => {});
      Object.assign(first, wasBuilder ? { status: 'done', detail: 'The terminal is your own identity again.' } : { status: 'skipped', detail: 'The terminal was not using the builder role.' });
    } catch (e) {
      Object.assign(first, { status: 'failed', detail: (e as Error).message });
    }
    report([]);
    const clients = clientsFor(host.transport, await host.adminCredentials());
    const out = await cleanUp(clients, { onProgress: report, patienceMs: host.mode === 'live' ? 15 * 60_000 : 60_000, pollMs: host.mode === 'live' ? 5_000 : 100 });
    return { ...out, steps: [{ ...first }, ...out.steps] };
  }

  return { lab, checkStep, solve, cleanUp: runCleanup, mode: host.mode };
}

export type LabRuntime = ReturnType<typeof createLabRuntime>;
