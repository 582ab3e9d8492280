/** `npm run audit`: exit codes, formats, --out, --only and bad input, as a CI job sees them. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('..', import.meta.url).pathname;
const audit = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'bin/audit.ts'), ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
const dir = mkdtempSync(join(tmpdir(), 'audit-'));
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};
const policy = (statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2);

describe('npm run audit', () => {
  it('exit 1 with an escalation, JSON in the shape the issue gives, written to --out', () => {
    const out = join(dir, 'report.json');
    const r = audit('--template', 'labs/builder-iam.json', '--only', 'update-function-code-of-privileged-function,edit-boundary-policy', '--format', 'json', '--out', out);
    expect(r.status, r.stderr).toBe(1);
    expect(r.stdout).toBe('');
    const report = JSON.parse(readFileSync(out, 'utf8'));
    expect(Object.keys(report.techniques[0])).toEqual(expect.arrayContaining(['id', 'title', 'result', 'steps', 'explanation']));
    expect(report.techniques.map((t: any) => [t.id, t.result])).toEqual([
      ['edit-boundary-policy', 'held'],
      ['update-function-code-of-privileged-function', 'escalated'],
    ]);
    expect(report.techniques[1].fix.rerun).toBe('held');
    expect(report.summary).toMatchObject({ total: 2, held: 1, escalated: 1, notApplicable: 0 });
  });

  it('exit 0 when every technique held, with policy files; text by default', () => {
    const builder = file('builder.json', policy([{ Effect: 'Allow', Action: 'lambda:ListFunctions', Resource: '*' }]));
    const boundary = file('boundary.json', policy([{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }]));
    const r = audit('--builder-policy', builder, '--boundary', boundary, '--only', 'create-role-without-boundary,pass-role-to-lambda,read-protected-resource');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^n\/a\s+create-role-without-boundary\s+The builder model grants none of iam:CreateRole/m);
    expect(r.stdout).toMatch(/3 techniques: 0 held, 0 escalated, 3 not applicable/);
  });

  it('SARIF on standard output', () => {
    const r = audit('--template', 'labs/builder-iam.json', '--only', 'update-function-code-of-privileged-function', '--format', 'sarif', '--no-fix-rerun');
    expect(r.status, r.stderr).toBe(1);
    const sarif = JSON.parse(r.stdout);
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe('labs/builder-iam.json');
  });

  it('exit 2 on bad input, with the message', () => {
    const bad = file('bad.json', '{\n  "Version": "2012-10-17",\n  "Statement": [\n    { "Effect": "Allow", "Action": "s3:*", }\n  ]\n}\n');
    const ok = file('ok.json', policy([{ Effect: 'Allow', Action: 's3:*', Resource: '*' }]));
    const cases: [string[], RegExp][] = [
      [['--builder-policy', bad, '--boundary', ok], /bad\.json: JSON not well-formed\. \(line 4, column 44\)/],
      [['--builder-policy', file('nores.json', policy([{ Effect: 'Allow', Action: 's3:*' }])), '--boundary', ok], /An error occurred \(MalformedPolicyDocument\) when calling the CreatePolicy operation: Policy statement must contain resources\./],
      [['--template', file('norole.json', JSON.stringify({ Resources: { B: { Type: 'AWS::S3::Bucket' } } }))], /the template makes no builder role/],
      [['--template', 'labs/builder-iam.json', '--format', 'xml'], /--format must be text, json or sarif/],
      [['--template', 'labs/builder-iam.json', '--only', 'nope'], /Unknown technique id\(s\): nope/],
      [['--builder-policy', ok], /--builder-policy and --boundary go together/],
      [['--template', join(dir, 'missing.json')], /--template .*missing\.json: no such file/],
      [['--bogus'], /Unknown option '--bogus'/],
    ];
    for (const [args, message] of cases) {
      const r = audit(...args);
      expect(r.status, `${args.join(' ')}: ${r.stderr}`).toBe(2);
      expect(r.stderr).toMatch(message);
    }
  });
});
