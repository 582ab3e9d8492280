/**
 * The "What a boundary does not limit" lesson's steps: after the workshop's own steps, always as the administrator
 * (the reader role is used inside a step and given up at its end), valid bash, and the denials the lesson provokes
 * said as AWS says them. The whole workshop test (tests/unit/workshop) types them into the sandbox shell.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { lab } from '../lab';
import { resourcePolicySteps } from './resource-policies';

const steps = lab.steps.filter((s) => s.lesson === 'resource-policies');

describe('Going further: resource-based policies', () => {
  it('comes after the workshop, starts and ends every step as the administrator', () => {
    const ids = lab.steps.map((s) => s.id);
    expect(ids.indexOf(steps[0].id)).toBeGreaterThan(ids.indexOf('delete-function-log-group'));
    expect(steps.map((s) => s.id)).toEqual(resourcePolicySteps.map((s) => s.id));
    expect(steps.every((s) => s.identity === 'administrator')).toBe(true);
    for (const s of steps) {
      const assumes = s.commands.filter((c) => c.run.includes('sts assume-role')).length;
      const unsets = s.commands.filter((c) => c.run.startsWith('unset AWS_ACCESS_KEY_ID')).length;
      expect(unsets, s.id).toBe(assumes);
    }
  });

  it('the reader is refused by the boundary, allowed through a grant to its session, refused through a grant to its role', () => {
    const reads = steps.flatMap((s) => s.commands.filter((c) => c.run.includes('get-object --bucket $BUCKET --key report.txt')).map((c) => [s.id, c.expect, c.shows]));
    expect(reads).toEqual([
      ['reader-setup', 'failure', 'because no permissions boundary allows the s3:GetObject action'],
      ['reader-allowed-by-session-grant', 'success', 'quarterly numbers'],
      ['reader-denied-with-role-grant', 'failure', 'because no permissions boundary allows the s3:GetObject action'],
    ]);
  });

  it('every command is valid bash', () => {
    for (const { run } of steps.flatMap((s) => s.commands)) {
      const r = spawnSync('bash', ['-n'], { input: run, encoding: 'utf8' });
      expect(r.status, run).toBe(0);
    }
  });
});
