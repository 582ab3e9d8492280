/**
 * The org kit for two configurations — the shipped one (the blog's names) and one with other names, paths, services
 * and regions: cfn-lint passes, the escalation battery holds every technique against the template (including the two
 * the blog's own model leaves open), and the SCP is within AWS's size limit and IAM's grammar.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runBattery } from '../battery';
import { createNodeLambdaRuntime } from '../emulator/lambda-runtime/node/runtime';
import { validatePolicyDocument } from '../iam';
import { requireTool } from '../../../tests/support/referee';
import { makeKit, scpSize, SCP_SIZE_LIMIT } from '.';

const configs = [
  { name: 'the shipped boundary-lab.org.json', file: 'boundary-lab.org.json' },
  { name: 'Acme (other names, paths, services, regions)', file: 'labs/org-examples/acme.org.json' },
];
const runtime = createNodeLambdaRuntime();
afterAll(() => (runtime as { close?: () => unknown }).close?.());
const haveLint = requireTool('cfn-lint');

describe.each(configs)('the kit for $name', ({ file }) => {
  const kit = makeKit(readFileSync(file, 'utf8'), file);
  const byName = (n: string) => kit.files.find((f) => f.name === n)!.text;

  it.skipIf(!haveLint)('writes a template cfn-lint passes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kit-'));
    writeFileSync(join(dir, 'builder-iam.json'), byName('builder-iam.json'));
    const r = spawnSync('cfn-lint', [join(dir, 'builder-iam.json')], { encoding: 'utf8' });
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('writes a template the escalation battery cannot escalate, the blog model\'s two open techniques included', async () => {
    const report = await runBattery({ template: byName('builder-iam.json'), templateName: 'builder-iam.json' }, { lambdaRuntime: runtime, skipFixRerun: true });
    const escalated = report.techniques.filter((t) => t.result === 'escalated').map((t) => `${t.id}: ${t.explanation}`);
    expect(escalated).toEqual([]);
    for (const id of ['update-function-code-of-privileged-function', 'update-stack-with-existing-role']) {
      expect(report.techniques.find((t) => t.id === id)?.result, id).toBe('held');
    }
  }, 60_000);

  it('writes an SCP within the size limit that IAM\'s grammar accepts, denying what the guardrail must', () => {
    const scp = JSON.parse(byName('scp.json'));
    expect(scpSize(scp)).toBeLessThanOrEqual(SCP_SIZE_LIMIT);
    expect(validatePolicyDocument(JSON.stringify(scp), 'scp')).toEqual({ ok: true });
    const actions = scp.Statement.flatMap((s: { Action: string | string[] }) => [s.Action].flat());
    for (const a of ['iam:CreateRole', 'iam:PutRolePermissionsBoundary', 'iam:DeleteRolePermissionsBoundary', 'iam:CreatePolicyVersion', 'iam:SetDefaultPolicyVersion', 'iam:CreateUser']) {
      expect(actions).toContain(a);
    }
    expect(scp.Statement.every((s: { Effect: string }) => s.Effect === 'Deny')).toBe(true);
  });

  it('writes a README naming every file and the CI job', () => {
    const readme = byName('README.md');
    for (const f of ['builder-iam.json', 'scp.json', 'boundary-lab.org.json', 'audit', 'StackSet']) expect(readme).toContain(f);
  });
});

describe('the kit\'s configuration', () => {
  const base = JSON.parse(readFileSync('boundary-lab.org.json', 'utf8'));
  const refused = (change: (c: any) => void) => {
    const c = structuredClone(base);
    change(c);
    try {
      makeKit(JSON.stringify(c));
    } catch (e) {
      return (e as Error).message;
    }
    return 'accepted';
  };

  it('refuses a path that does not start and end with "/", naming the field', () => {
    expect(refused((c) => (c.applicationRoles.path = 'application_roles/'))).toMatch(/applicationRoles\.path: .*start and end with "\/"/);
    expect(refused((c) => (c.boundary.path = '/boundaries'))).toMatch(/boundary\.path: .*start and end/);
  });

  it('refuses a role name IAM would reject', () => {
    expect(refused((c) => (c.builderRole.name = 'builder role!'))).toMatch(/builderRole\.name: .*IAM's rule/);
    expect(refused((c) => (c.builderRole.name = 'x'.repeat(65)))).toMatch(/builderRole\.name: .*64/);
  });

  it('refuses a boundary that would not cover a listed service, and actions of another service', () => {
    expect(refused((c) => (c.boundary.actions = { lambda: ['lambda:InvokeFunction'] }))).toMatch(/boundary would not cover the listed service "states"/);
    expect(refused((c) => (c.boundary.actions = { lambda: ['s3:GetObject'] }))).toMatch(/boundary\.actions\.lambda: s3:GetObject is not an action of lambda/);
  });

  it('refuses unknown fields, unknown services, bad regions and malformed JSON', () => {
    expect(refused((c) => (c.colour = 'blue'))).toMatch(/unknown field "colour"/);
    expect(refused((c) => c.services.push('ec2'))).toMatch(/services\.\d+: "ec2" is not a service the kit knows/);
    expect(refused((c) => (c.regions = ['Europe']))).toMatch(/regions\.0: /);
    expect(() => makeKit('{"organization": ')).toThrow(/not valid JSON/);
  });

  it('refuses paths that would let builders change their own role or the guardrail policies', () => {
    expect(refused((c) => (c.applicationRoles.path = '/'))).toMatch(/applicationRoles\.path: must not be "\/"/);
    expect(refused((c) => (c.boundary.path = c.applicationPolicies.path))).toMatch(/boundary\.path: must differ/);
  });

  it('keeps the repository\'s JSON Schema in step with the configuration', async () => {
    const { orgConfigJsonSchema } = await import('.');
    expect(JSON.parse(readFileSync('boundary-lab.org.schema.json', 'utf8'))).toEqual(orgConfigJsonSchema());
  });
});

describe('npm run kit', () => {
  const kit = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'bin/kit.ts', ...args], { encoding: 'utf8' });

  it('writes the four files and exits 0', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'kit-cli-')), 'out');
    const r = kit('--config', 'labs/org-examples/acme.org.json', '--out', out);
    expect(r.status).toBe(0);
    expect(JSON.parse(readFileSync(join(out, 'builder-iam.json'), 'utf8')).Resources.BuilderRole.Properties.RoleName).toBe('acme-developer');
  });

  it('refuses a bad configuration with exit 2, naming the field, and writes nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kit-cli-'));
    const bad = JSON.parse(readFileSync('boundary-lab.org.json', 'utf8'));
    bad.applicationRoles.path = 'roles';
    writeFileSync(join(dir, 'bad.json'), JSON.stringify(bad));
    const r = kit('--config', join(dir, 'bad.json'), '--out', join(dir, 'out'));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/applicationRoles\.path/);
    expect(spawnSync('ls', [join(dir, 'out')]).status).not.toBe(0);
    expect(kit('--config', join(dir, 'missing.json'), '--out', join(dir, 'out')).status).toBe(2);
    expect(kit('--out', join(dir, 'out')).status).toBe(2);
  });
});
