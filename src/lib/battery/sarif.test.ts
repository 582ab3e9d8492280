/** SARIF output validated against the OASIS SARIF 2.1.0 schema (vendored in sarif-schema/), located at the policy's line. */
import { readFileSync } from 'node:fs';
import Ajv from 'ajv-draft-04';
import { describe, expect, it } from 'vitest';
import { runBattery, toSarif, toText } from './index';
import { lineOf } from './sarif';
import { labTemplate, runtime, weak } from './test-support';

const schema = JSON.parse(readFileSync(new URL('./sarif-schema/sarif-2.1.0-rtm.5.json', import.meta.url), 'utf8'));
const validate = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false }).compile(schema);

describe('SARIF', () => {
  it('is valid SARIF 2.1.0 with a result per escalation at the builder policy in the template', async () => {
    const report = await runBattery({ template: labTemplate, templateName: 'labs/builder-iam.json' }, { lambdaRuntime: runtime, only: ['update-function-code-of-privileged-function', 'edit-boundary-policy'] });
    const sarif = toSarif(report, { builder: { uri: 'labs/builder-iam.json', text: labTemplate } }) as any;
    expect(validate(sarif), JSON.stringify(validate.errors)).toBe(true);
    expect(sarif.runs[0].tool.driver.rules.map((r: any) => r.id)).toEqual(['edit-boundary-policy', 'update-function-code-of-privileged-function']);
    expect(sarif.runs[0].results).toHaveLength(1);
    const result = sarif.runs[0].results[0];
    expect(result).toMatchObject({ ruleId: 'update-function-code-of-privileged-function', ruleIndex: 1, level: 'error' });
    const line = labTemplate.split('\n').findIndex((l) => l.includes('"ManagedPolicyName": "builder"')) + 1;
    expect(result.locations[0].physicalLocation).toEqual({ artifactLocation: { uri: 'labs/builder-iam.json' }, region: { startLine: line } });
    expect(result.message.text).toContain('DenyChangingFunctionsBuildersDoNotOwn');
    expect(toText(report)).toMatch(/ESCALATED update-function-code-of-privileged-function/);
  });

  it('points a boundary fix at the boundary file', async () => {
    const report = await runBattery(weak, { lambdaRuntime: runtime, only: ['attach-admin-to-application-role'] });
    const sarif = toSarif(report, { builder: { uri: 'weak-builder.json', text: weak.builderPolicy }, boundary: { uri: 'weak-boundary.json', text: weak.boundary } }) as any;
    expect(validate(sarif), JSON.stringify(validate.errors)).toBe(true);
    expect(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe('weak-boundary.json');
    expect(report.techniques[0].fix).toMatchObject({ policy: 'boundary', rerun: 'held' });
  });

  it('a line for a policy named in YAML, else its Statement', () => {
    expect(lineOf('Resources:\n  P:\n    Properties:\n      ManagedPolicyName: builder\n', 'builder')).toBe(4);
    expect(lineOf('{\n  "Version": "2012-10-17",\n  "Statement": []\n}', 'x')).toBe(3);
  });
});
