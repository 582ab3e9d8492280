import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const shell = (args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'shell.ts'), ...args], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });

describe('npm run shell', () => {
  const data = mkdtempSync(join(tmpdir(), 'boundary-lab-shell-'));
  afterAll(() => rmSync(data, { recursive: true, force: true }));

  it('-c runs the commands against the in-process sandbox and exits with the last status', () => {
    const ok = shell(['-c', 'aws sts get-caller-identity --query Arn --output text; ls labs | wc -l']);
    expect(ok.stdout).toBe('arn:aws:iam::123456789012:user/admin\n4\n');
    expect(ok.status).toBe(0);
    const denied = shell(['-c', 'aws iam get-role --role-name nobody']);
    expect(denied.status).toBe(254);
    expect(denied.stderr).toContain('An error occurred (NoSuchEntity) when calling the GetRole operation');
  });

  it('--data keeps the account, the files and the shell between runs', () => {
    expect(shell(['--data', data, '-c', 'aws iam create-user --user-name kept > /dev/null; export K=v; echo f > f.txt']).status).toBe(0);
    const again = shell(['--data', data, '-c', 'aws iam get-user --user-name kept --query User.UserName --output text; echo $K; cat f.txt']);
    expect(again.stdout).toBe('kept\nv\nf\n');
  });
});
