/**
 * The report as SARIF 2.1.0, for GitHub code scanning: one rule per technique, one result per escalation, located
 * at the line of the policy its fix changes (in the template, or in the policy file), with the fix's diff.
 */
import type { Report } from './types';

export interface SarifFile {
  /** The path as the repository knows it (relative, forward slashes). */
  uri: string;
  text: string;
}

export interface SarifInputs {
  /** The template, or the builder policy file. */
  builder: SarifFile;
  /** The boundary file (policy-files input only; in a template the boundary is in the same file). */
  boundary?: SarifFile;
}

/** 1-based line of the first line naming the policy (its ManagedPolicyName / PolicyName), else of the first statement. */
export function lineOf(text: string, policyName: string): number {
  const lines = text.split('\n');
  const named = lines.findIndex((l) => /(ManagedPolicyName|PolicyName)/.test(l) && l.includes(policyName));
  if (named >= 0) return named + 1;
  const statement = lines.findIndex((l) => /"?Statement"?\s*:/.test(l));
  return statement >= 0 ? statement + 1 : 1;
}

export function toSarif(report: Report, inputs: SarifInputs): object {
  const rules = report.techniques.map((t) => ({
    id: t.id,
    name: t.id.replace(/(^|-)(\w)/g, (_m, _d, c: string) => c.toUpperCase()),
    shortDescription: { text: t.title },
    fullDescription: { text: `${t.gains} Calls: ${t.calls.join(' → ')}. Stopped by: ${t.stoppedBy}.` },
    ...(t.sources[0] ? { helpUri: t.sources[0].ref } : {}),
    help: { text: t.sources.map((s) => `${s.name}: ${s.ref}`).join('\n') },
    defaultConfiguration: { level: 'error' },
    properties: { tags: ['security', 'iam', 'privilege-escalation'] },
  }));
  const results = report.techniques.flatMap((t, ruleIndex) => {
    if (t.result !== 'escalated') return [];
    const file = t.fix?.policy === 'boundary' && inputs.boundary ? inputs.boundary : inputs.builder;
    const line = lineOf(file.text, t.fix?.policyName ?? '');
    const fix = t.fix ? `\n\nFix (re-run with it: ${t.fix.rerun}): add to the ${t.fix.policy} policy ${t.fix.policyName}:\n\n${JSON.stringify(t.fix.statement, null, 2)}` : '';
    return [
      {
        ruleId: t.id,
        ruleIndex,
        level: 'error',
        message: { text: `${t.title}: ${t.explanation}${fix}` },
        locations: [{ physicalLocation: { artifactLocation: { uri: file.uri }, region: { startLine: line } } }],
        partialFingerprints: { techniqueAndPolicy: `${t.id}:${t.fix?.policyName ?? ''}` },
      },
    ];
  });
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: report.tool.name, version: report.tool.version, rules } },
        artifacts: [inputs.builder, ...(inputs.boundary ? [inputs.boundary] : [])].map((f) => ({ location: { uri: f.uri } })),
        results,
        invocations: [{ executionSuccessful: true }],
      },
    ],
  };
}
