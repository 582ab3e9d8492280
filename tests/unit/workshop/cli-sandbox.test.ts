/**
 * Issue 5's referee: the blog's whole flow, every command of the lab exactly as written, in real bash with the real
 * AWS CLI v1 and jq against `npm run sandbox`. Unlike moto, the sandbox enforces IAM and runs the code, so every
 * command must do what its lesson says: the first stack rolls back on CreateRole, the escalations are denied, the
 * boundary stops s3:CreateBucket; CloudTrail has each denial; clean-up leaves nothing of the workshop.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireTool } from '../../support/referee';
import { freePort, runLabScript, type LabScriptRun } from '../../support/lab-script';
import { lab } from '../../../labs/lab';

const tools = ['aws', 'jq'].map(requireTool).every(Boolean);
const root = new URL('../../..', import.meta.url).pathname;

describe.skipIf(!tools)('the lab’s commands with the real AWS CLI against npm run sandbox', () => {
  let sandbox: ChildProcess | undefined;
  let run: LabScriptRun;

  beforeAll(async () => {
    const port = await freePort();
    sandbox = spawn(process.execPath, ['bin/boundary-lab.mjs', 'sandbox', '--port', String(port), '--pace', '0'], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    let printed = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the sandbox did not start:\n${printed}`)), 60_000);
      sandbox!.stdout!.on('data', (d: Buffer) => {
        printed += d.toString();
        if (/AWS_DEFAULT_REGION=/.test(printed)) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    const key = (name: string) => new RegExp(`^export ${name}=(.*)$`, 'm').exec(printed)![1];
    run = runLabScript(`http://127.0.0.1:${port}`, { accessKeyId: key('AWS_ACCESS_KEY_ID'), secretAccessKey: key('AWS_SECRET_ACCESS_KEY') });
  }, 600_000);

  afterAll(() => sandbox?.kill());

  it('every command exits as the lesson says and shows what it says', () => {
    expect(run.results).toHaveLength(lab.steps.flatMap((s) => s.commands).length);
    for (const r of run.results) {
      const where = `${r.step}: ${r.run}\n${r.out}\n${r.err}`;
      if (r.expect === 'failure') expect(r.rc, where).not.toBe(0);
      else expect(r.rc, where).toBe(0);
      if (r.shows) expect(r.out + r.err, where).toContain(r.shows);
    }
  });

  it('the first stack fails on CreateRole and rolls back, with AWS’s sentence', () => {
    const reason = run.results.find((r) => r.step === 'launch-application-1' && r.run.includes('describe-stack-events'))!;
    expect(reason.out).toMatch(
      /User: arn:aws:sts::123456789012:assumed-role\/builder\/builder-test is not authorized to perform: iam:CreateRole on resource: arn:aws:iam::123456789012:role\/builder-application-MyLambdaFunctionExecutionRole-\w+ because no identity-based policy allows the iam:CreateRole action/,
    );
  });

  it('the escalations are denied with the CLI’s error lines', () => {
    const err = (step: string) => run.results.filter((r) => r.step === step).map((r) => r.err).join('');
    expect(err('change-builder-policy')).toContain('An error occurred (AccessDenied) when calling the CreatePolicyVersion operation: User: arn:aws:sts::123456789012:assumed-role/builder/builder-test is not authorized to perform: iam:CreatePolicyVersion');
    expect(err('attach-sneaky-policy')).toContain('An error occurred (AccessDenied) when calling the AttachRolePolicy operation: User: arn:aws:sts::123456789012:assumed-role/builder/builder-test is not authorized to perform: iam:AttachRolePolicy');
    const log = run.results.find((r) => r.step === 'read-function-log' && r.run.includes('filter-log-events'))!;
    expect(log.out).toContain('because no permissions boundary allows the s3:CreateBucket action');
  });

  it('CloudTrail finds each denial, by the builder session', () => {
    for (const name of ['CreatePolicyVersion', 'AttachRolePolicy', 'CreateRole']) {
      const r = run.after(`aws cloudtrail lookup-events --lookup-attributes AttributeKey=EventName,AttributeValue=${name} --output json`);
      expect(r.rc, r.err).toBe(0);
      const events = JSON.parse(r.out).Events.map((e: { CloudTrailEvent: string }) => JSON.parse(e.CloudTrailEvent));
      const denied = events.filter((e: { errorCode?: string; userIdentity: { arn: string } }) => e.errorCode === 'AccessDenied' && e.userIdentity.arn.includes(':assumed-role/builder/builder-test'));
      expect(denied.length, name).toBeGreaterThan(0);
    }
  });

  it('clean-up leaves no stack, no sneaky-policy and no builder resources', () => {
    const stacks = run.after(`aws cloudformation list-stacks --query "StackSummaries[?StackStatus!='DELETE_COMPLETE'].StackName" --output text`);
    expect(stacks.out.trim()).toBe('');
    for (const check of [
      'aws iam get-role --role-name builder',
      'aws iam get-policy --policy-arn arn:aws:iam::123456789012:policy/application_policies/sneaky-policy',
      'aws iam get-policy --policy-arn arn:aws:iam::123456789012:policy/builder_policies/builder',
      'aws iam get-policy --policy-arn arn:aws:iam::123456789012:policy/permissions_boundaries/application-boundary',
    ]) {
      const r = run.after(check);
      expect(r.err, check).toContain('(NoSuchEntity)');
    }
    expect(run.after('aws iam list-roles --path-prefix /application_roles/ --query Roles --output text').out.trim()).toBe('');
  });
});
