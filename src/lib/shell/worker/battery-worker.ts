/// <reference lib="webworker" />
/**
 * The escalation battery in the browser: a dedicated module Worker of its own, started by the "Test your own
 * builder model" page. It builds its own throwaway sandbox account for each run (never the learner's sandbox, which
 * stays as it was), attacks the pasted model, and posts progress per technique and then the report. Nothing leaves
 * the browser. A Worker of its own rather than a message to the terminal's SharedWorker: a SharedWorker cannot
 * start the Lambda instances the battery invokes, and a run of several seconds must not hold up the terminal.
 */
import { installDomParser } from './dom-parser';
import { BatteryInputError, runBattery, toSarif, type BatteryInput, type Report } from '../../battery';

export type BatteryRequest = { t: 'run'; id: number; input: BatteryInput; only?: string[] };

export type BatteryReply =
  | { t: 'progress'; id: number; technique: string; index: number; total: number; phase: 'start' | 'done' | 'fix'; result?: string }
  | { t: 'report'; id: number; report: Report; sarif: object }
  | { t: 'error'; id: number; message: string; badInput: boolean };

installDomParser();
const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (m: BatteryReply) => scope.postMessage(m);

scope.onmessage = async (e: MessageEvent<BatteryRequest>) => {
  const m = e.data;
  if (m?.t !== 'run') return;
  try {
    const report = await runBattery(m.input, {
      only: m.only,
      onProgress: (p) => post({ t: 'progress', id: m.id, technique: p.id, index: p.index, total: p.total, phase: p.phase, ...(p.result ? { result: p.result } : {}) }),
    });
    const builder = 'template' in m.input ? { uri: m.input.templateName ?? 'template', text: m.input.template } : { uri: m.input.builderPolicyName ?? 'builder-policy.json', text: m.input.builderPolicy };
    const boundary = 'boundary' in m.input ? { uri: m.input.boundaryName ?? 'boundary.json', text: m.input.boundary } : undefined;
    post({ t: 'report', id: m.id, report, sarif: toSarif(report, { builder, ...(boundary ? { boundary } : {}) }) });
  } catch (err) {
    post({ t: 'error', id: m.id, message: err instanceof Error ? err.message : String(err), badInput: err instanceof BatteryInputError });
  }
};
