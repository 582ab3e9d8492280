/**
 * Runs every command of the lab, exactly as written, in real bash with the real AWS CLI v1 and jq against moto, so a
 * typo in an option, a jq path that does not match the CLI's output, or a shell variable that is never set fails here.
 * moto does not enforce IAM and runs no Lambda code, so this proves the commands run, not that AWS denies what the
 * lessons say it denies (labs/policies.test.ts and the emulator's own suites do that).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireTool } from '../tests/support/referee';
import { blogSteps } from './lab';
import { freePort, runLabScript, type CommandResult } from '../tests/support/lab-script';
import { builderIam } from './test-support';

const tools = ['aws', 'jq', 'moto_server'].map(requireTool).every(Boolean);

/** Commands whose output moto cannot reproduce, and why. Everything else must show what the lesson says. */
const motoDifferences: Record<string, string> = {
  'launch-application-1': 'moto does not enforce IAM, so the stack is created instead of rolling back',
  'run-application': 'moto runs no state machine or Lambda code, so the execution has no output',
  'read-function-log': 'moto runs no Lambda code, so there is no log group',
  'delete-builder-iam-stack': 'moto let the builder attach sneaky-policy to the builder role, which it then cannot delete',
};

const usageError = /usage: aws|Unknown options|Invalid choice|Parameter validation failed|jq: error|syntax error|command not found|No such file|Unable to locate credentials/;

describe.skipIf(!tools)('the lab’s commands in bash with the AWS CLI, against moto', () => {
  let moto: ChildProcess | undefined;
  const results: CommandResult[] = [];
  let home = '';
  let variables: Record<string, string> = {};

  beforeAll(async () => {
    const port = await freePort();
    // SF_EXECUTION_HISTORY_TYPE=FAILURE: moto's executions otherwise stay RUNNING for ever.
    moto = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], {
      env: { ...process.env, SF_EXECUTION_HISTORY_TYPE: 'FAILURE' },
      stdio: 'ignore',
      detached: true, // its own process group: moto_server may be a shim that starts python as a child
    });
    const endpoint = `http://127.0.0.1:${port}`;
    for (let i = 0; ; i++) {
      try {
        if ((await fetch(`${endpoint}/moto-api/`)).ok) break;
      } catch {
        if (i > 100) throw new Error('moto_server did not start');
        await new Promise((r) => setTimeout(r, 200));
      }
    }

    const run = runLabScript(endpoint, { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' }, blogSteps());
    ({ home, variables } = run);
    results.push(...run.results);
  }, 300_000);

  afterAll(() => {
    if (moto?.pid) process.kill(-moto.pid);
  });

  it('runs every command without a usage, jq or shell error', () => {
    expect(results).toHaveLength(blogSteps().flatMap((s) => s.commands).length);
    for (const r of results) expect(r.err, `${r.step}: ${r.run}`).not.toMatch(usageError);
  });

  it('every command meant to succeed exits 0, and shows what the lesson says', () => {
    for (const r of results.filter((r) => r.expect === 'success' && !(r.step in motoDifferences))) {
      expect(r.rc, `${r.step}: ${r.run}\n${r.out}\n${r.err}`).toBe(0);
      if (r.shows) expect(r.out, `${r.step}: ${r.run}`).toContain(r.shows);
    }
  });

  it('sets the variables the later commands need', () => {
    expect(variables.AWS_ACCOUNT).toBe('123456789012');
    expect(variables.state_machine_arn).toMatch(/^arn:aws:states:us-east-1:123456789012:stateMachine:(builder-application-)?MyStateMachine-\w+$/);
    expect(variables.execution_arn).toMatch(/^arn:aws:states:us-east-1:123456789012:execution:(builder-application-)?MyStateMachine-\w+:[\w-]+$/);
    expect(variables.lambda_function_name).toMatch(/^builder-application-MyLambdaFunction-\w+$/);
    expect(variables.AWS_ACCESS_KEY_ID).toBe('');
  });

  it('writes builder-policy.json as the builder policy plus the SneakyBuilder statement', () => {
    const file = JSON.parse(readFileSync(join(home, 'builder-policy.json'), 'utf8'));
    const { builder } = builderIam();
    expect(file).toEqual({
      ...builder,
      Statement: [...builder.Statement, { Sid: 'SneakyBuilder', Effect: 'Allow', Action: '*', Resource: '*' }],
    });
    expect(readFileSync(join(home, 'sneaky-policy.json'), 'utf8')).toBe(readFileSync(join(home, 'builder-policy.json'), 'utf8'));
  });

  it('assumes the builder role with the blog’s block', () => {
    const identity = results.find((r) => r.step === 'assume-builder-role' && r.run === 'aws sts get-caller-identity');
    expect(JSON.parse(identity!.out).Arn).toBe('arn:aws:sts::123456789012:assumed-role/builder/builder-test');
    const back = results.find((r) => r.step === 'return-to-administrator' && r.run === 'aws sts get-caller-identity');
    expect(JSON.parse(back!.out).Arn).not.toContain('assumed-role/builder/');
  });
});
