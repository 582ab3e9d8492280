/**
 * Each technique escalates against a model built to allow it (Allow * in the builder policy and the boundary)
 * and holds against a model built to stop it (the same plus every fix). The lab's own model is audited too.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { runBattery, techniques, type Report } from './index';
import { labTemplate, runtime, strongModel, weak } from './test-support';

/** Techniques the sandbox cannot prove: their service is not emulated, so an allowed path is reported unproven. */
const UNPROVABLE = new Set(['pass-role-to-ec2', 'pass-role-to-glue', 'pass-role-to-codebuild', 'pass-role-to-ecs', 'pass-role-to-sagemaker', 'pass-role-to-stack-set']);

let weakReport: Report;
let strongReport: Report;
let labReport: Report;
beforeAll(async () => {
  weakReport = await runBattery(weak, { lambdaRuntime: runtime, skipFixRerun: true });
  strongReport = await runBattery(strongModel(), { lambdaRuntime: runtime, skipFixRerun: true });
  labReport = await runBattery({ template: labTemplate, templateName: 'labs/builder-iam.json' }, { lambdaRuntime: runtime });
}, 120_000);

const byId = (r: Report, id: string) => r.techniques.find((t) => t.id === id)!;

describe('the catalogue', () => {
  it('has at least 30 techniques with unique ids, the ids the issue names, sources and calls', () => {
    expect(techniques.length).toBeGreaterThanOrEqual(30);
    expect(new Set(techniques.map((t) => t.id)).size).toBe(techniques.length);
    for (const id of [
      'create-role-without-boundary', 'create-role-outside-path', 'create-role-with-weaker-boundary', 'delete-role-boundary', 'put-weaker-role-boundary',
      'edit-boundary-policy', 'edit-builder-policy', 'attach-policy-to-builder', 'put-inline-policy-on-builder', 'attach-admin-to-application-role',
      'update-assume-role-policy', 'pass-role-to-lambda', 'pass-role-to-cloudformation', 'pass-role-to-stepfunctions', 'update-stack-with-existing-role',
      'update-function-code-of-privileged-function', 'assume-role-trusting-account', 'create-access-key-for-user', 'create-login-profile',
      'attach-user-policy', 'add-user-to-group', 'create-service-linked-role',
    ]) expect(techniques.map((t) => t.id)).toContain(id);
    for (const t of techniques) {
      expect(t.sources.length, t.id).toBeGreaterThan(0);
      expect(t.calls.length, t.id).toBeGreaterThan(0);
    }
  });
});

describe.each(techniques.map((t) => t.id))('%s', (id) => {
  it('escalates against a model built to allow it, proven by its canary call', () => {
    const t = byId(weakReport, id);
    if (UNPROVABLE.has(id)) {
      expect(t.result).toBe('not-applicable');
      expect(t.explanation).toMatch(/sandbox has no .* to prove the escalation/);
      expect(t.steps.every((s) => s.outcome === 'allowed')).toBe(true);
      return;
    }
    expect(t.result, t.explanation).toBe('escalated');
    const proof = t.steps.find((s) => s.canary && s.outcome === 'allowed');
    expect(proof).toBeDefined();
    expect(t.explanation).toContain(proof!.call);
  });

  it('holds against a model built to stop it, naming the denied call and why', () => {
    const t = byId(strongReport, id);
    expect(t.result, t.explanation).toBe('held');
    const denied = t.steps.find((s) => s.outcome === 'denied')!;
    expect(denied, JSON.stringify(t.steps)).toBeDefined();
    expect(denied.why?.decision).toMatch(/Deny/);
    expect(t.explanation).toContain(denied.call);
    expect(t.steps.some((s) => s.canary && s.outcome === 'allowed')).toBe(false);
  });
});

describe("the lab's own model (labs/builder-iam.json)", () => {
  it('leaves update-function-code-of-privileged-function open, and its fix holds when re-run', () => {
    const t = byId(labReport, 'update-function-code-of-privileged-function');
    expect(t.result).toBe('escalated');
    const proof = t.steps.find((s) => s.canary)!;
    expect(proof).toMatchObject({ call: 'iam:CreateUser', outcome: 'allowed', inner: true, principal: 'arn:aws:sts::123456789012:assumed-role/platform-automation/platform-janitor' });
    expect(t.fix).toMatchObject({ policy: 'builder', policyName: 'builder', rerun: 'held' });
    expect(t.fix!.diff).toContain('+      "Sid": "DenyChangingFunctionsBuildersDoNotOwn",');
    expect(t.fix!.rerunExplanation).toContain('lambda:UpdateFunctionCode');
  });

  it('holds the boundary and its own policy with the explicit Deny, as Why denied? shows', () => {
    const t = byId(labReport, 'edit-boundary-policy');
    expect(t.result).toBe('held');
    const denied = t.steps.find((s) => s.outcome === 'denied')!;
    expect(denied.why).toMatchObject({ decision: 'ExplicitDeny', explicitDeny: { policy: 'arn:aws:iam::123456789012:policy/builder_policies/builder', sid: 'DenyChangingBuilderAndBoundaryPolicies' } });
    expect(denied.error?.message).toMatch(/with an explicit deny in an identity-based policy/);
  });

  it('stops an application role at its boundary (identity allows, boundary does not)', () => {
    const t = byId(labReport, 'attach-admin-to-application-role');
    expect(t.result).toBe('held');
    const denied = t.steps.find((s) => s.outcome === 'denied')!;
    expect(denied).toMatchObject({ call: 'iam:CreateUser', inner: true });
    expect(denied.why?.region).toBe('identity-only');
  });

  it('escalates exactly where the issue expects: a privileged stack or function the builder may change', () => {
    expect(labReport.summary.escalatedIds).toEqual(['update-function-code-of-privileged-function', 'update-stack-with-existing-role', 'change-set-with-existing-role']);
    for (const id of labReport.summary.escalatedIds) expect(byId(labReport, id).fix?.rerun, id).toBe('held');
    const stack = byId(labReport, 'update-stack-with-existing-role');
    expect(stack.steps.find((s) => s.canary)).toMatchObject({ call: 'iam:CreateRole', principal: 'arn:aws:sts::123456789012:assumed-role/cloudformation-deployer/AWSCloudFormation', outcome: 'allowed' });
    expect(stack.fix!.statement).toMatchObject({ Sid: 'DenyChangingStacksBuildersDoNotOwn', Effect: 'Deny', NotResource: 'arn:aws:cloudformation:*:123456789012:stack/builder-*/*' });
  });

  it('summarises the run', () => {
    const s = labReport.summary;
    expect(s.total).toBe(techniques.length);
    expect(s.held + s.escalated + s.notApplicable).toBe(s.total);
    expect(s.escalatedIds).toEqual(labReport.techniques.filter((t) => t.result === 'escalated').map((t) => t.id));
    expect(labReport.model).toMatchObject({ builderRole: 'arn:aws:iam::123456789012:role/builder', boundary: 'arn:aws:iam::123456789012:policy/permissions_boundaries/application-boundary' });
  });
});
