/**
 * The escalation battery's data: a technique from the catalogue, the steps an attack made, and the report.
 * Plain data (JSON-safe) so the same report is printed by the CLI, posted from the sandbox worker and drawn by the page.
 */
import type { Explanation } from '../explain';

export type Result = 'held' | 'escalated' | 'not-applicable';

/** Who made a call: the builder (the model under test), the administrator (setting up, verifying) or a principal gained on the way. */
export type Actor = 'builder' | 'administrator' | { label: string; credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string } };

export interface Step {
  /** The principal's ARN (or, for calls made inside the sandbox by a function or a stack, that role's session). */
  principal: string;
  /** `service:Action`, as IAM names it. */
  call: string;
  /** What the call was about, in a few words (names, ARNs), never credentials. */
  target: string;
  outcome: 'allowed' | 'denied' | 'failed';
  /** AWS's error code and message when the call did not succeed. */
  error?: { code: string; message: string };
  /** Set on the call that proves the escalation: what its success means. */
  canary?: string;
  /** Why denied: the IAM engine's explanation (which policy, which statement, identity ∩ boundary). */
  why?: Explanation;
  /** The call ran inside the sandbox on the attacker's behalf (a function's code, a stack's service role). */
  inner?: boolean;
}

export interface Source {
  name: string;
  ref: string;
}

/** One entry of the catalogue. The attack itself is in techniques/*.ts. */
export interface TechniqueInfo {
  id: string;
  title: string;
  /** The API calls in order, as the sources give them. */
  calls: string[];
  /** What the attacker gains when it works. */
  gains: string;
  /** The control of the builder model that stops it (catalogue control codes). */
  stoppedBy: string;
  sources: Source[];
}

export interface PolicyDiff {
  /** Which policy the fix changes. */
  policy: 'builder' | 'boundary';
  /** The policy's name as deployed (e.g. builder, application-boundary). */
  policyName: string;
  /** The statement the fix adds. */
  statement: Record<string, unknown>;
  /** A unified diff of the policy document, before → after. */
  diff: string;
  /** The technique re-run against the model with this fix applied. */
  rerun: Result;
  rerunExplanation: string;
}

export interface TechniqueReport extends TechniqueInfo {
  result: Result;
  steps: Step[];
  explanation: string;
  fix?: PolicyDiff;
  /** Milliseconds the attack took in the sandbox. */
  ms: number;
}

export interface Report {
  tool: { name: 'boundary-lab-audit'; version: string };
  model: { source: string; builderRole: string; builderPolicies: string[]; boundary?: string };
  techniques: TechniqueReport[];
  summary: { total: number; held: number; escalated: number; notApplicable: number; escalatedIds: string[]; ms: number };
}
