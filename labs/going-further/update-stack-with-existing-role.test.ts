/**
 * The "Going further" lesson on update-stack-with-existing-role: its steps follow the workshop's clean-up, each
 * command is valid bash, its identities alternate as the lesson says, and, typed into the sandbox shell after the
 * whole workshop, every check passes: the builder's update makes an administrator role, and after the guard the same
 * update is AccessDenied.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { lab } from '../lab';
import { updateStackWithExistingRoleSteps } from './update-stack-with-existing-role';

const steps = lab.steps.filter((s) => s.lesson === 'update-stack-with-existing-role');

describe('Going further: update-stack-with-existing-role', () => {
  it('comes after the workshop’s clean-up, as administrator and builder in turn', () => {
    const ids = lab.steps.map((s) => s.id);
    expect(ids.indexOf(steps[0].id)).toBeGreaterThan(ids.indexOf('delete-function-log-group'));
    expect(steps.map((s) => s.id)).toEqual(updateStackWithExistingRoleSteps.map((s) => s.id));
    expect(steps.map((s) => s.identity)).toEqual(['administrator', 'builder', 'administrator', 'builder', 'administrator']);
    expect(steps.flatMap((s) => s.commands).filter((c) => c.expect === 'failure').map((c) => c.shows)).toEqual(['An error occurred (AccessDenied) when calling the UpdateStack operation']);
  });

  it('every command is valid bash', () => {
    for (const { run } of steps.flatMap((s) => s.commands)) {
      const r = spawnSync('bash', ['-n'], { input: run, encoding: 'utf8' });
      expect(r.status, run).toBe(0);
    }
  });
});
