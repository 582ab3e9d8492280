import { describe, it, expect } from 'vitest';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { spawnSync } from 'node:child_process';
import { openerCommand, writeRedirectFile } from './opener';
import { root } from './test-support';

const link = 'http://127.0.0.1:5123/__live/enter?token=SECRET_TOKEN_abcdefghijklmnopqrstuvwxyz0123456';

describe('opening the browser without the token in any argv', () => {
  it('writes a redirect file only this user can read, and gives the opener its path, not the link', () => {
    const { file, remove } = writeRedirectFile(link);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(dirname(file)).mode & 0o777).toBe(0o700);
    expect(readFileSync(file, 'utf8')).toContain('http-equiv="refresh" content="0;url=http://127.0.0.1:5123/__live/enter?token=SECRET_TOKEN');
    for (const platform of ['linux', 'darwin', 'win32'] as const) {
      const [cmd, args] = openerCommand(file, platform);
      expect([cmd, ...args].join(' '), platform).not.toContain('SECRET_TOKEN');
      expect(args.join(' '), platform).toMatch(/open-live\.html$/);
    }
    remove();
    expect(existsSync(file)).toBe(false);
  });
});

describe('boundary-lab live refuses an endpoint override it was not asked for', () => {
  it('stops with a clear message when AWS_ENDPOINT_URL is set without --upstream', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', `${root}bin/live.ts`, '--no-open'], {
      cwd: root,
      env: { ...process.env, AWS_ENDPOINT_URL: 'http://127.0.0.1:4566', AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE', AWS_SECRET_ACCESS_KEY: 'x' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.status).toBe(252);
    expect(r.stderr).toContain('AWS_ENDPOINT_URL is set: live mode talks to AWS itself and will not follow an endpoint override');
    expect(r.stderr).toContain('--upstream');
  });
});
