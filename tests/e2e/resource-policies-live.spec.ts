/**
 * The "What a boundary does not limit" lesson in live mode: `npm run sandbox` stands in for the learner's account,
 * `boundary-lab live --upstream` forwards to it, and the lesson's steps run through the live pages (Run buttons,
 * Check). Its checks read the bucket policy and the resources, not CloudTrail, so they hold against a real account.
 */
import { test, expect } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { lab } from '../../labs/lab';
import { openTerminal, pressCheck, runFromLesson } from './support/workshop';

const root = new URL('../..', import.meta.url).pathname;
const children: ChildProcess[] = [];
const steps = lab.steps.filter((s) => s.lesson === 'resource-policies');

function start(args: string[], env: NodeJS.ProcessEnv, ready: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let out = '';
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${ready}:\n${out}`)), 90_000);
    const onData = (d: Buffer) => {
      out += d.toString();
      if (ready.test(out)) {
        clearTimeout(timer);
        resolve(out);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`exited ${code}:\n${out}`)));
  });
}

test.afterAll(() => {
  for (const c of children) c.kill();
});

test('the resource-based policies lesson runs in live mode against the sandbox endpoint', async ({ page }) => {
  test.setTimeout(6 * 60_000);
  const sandboxPort = 4900 + Math.floor(Math.random() * 90);
  const out = await start(['bin/boundary-lab.mjs', 'sandbox', '--port', String(sandboxPort), '--pace', '0'], {}, /export AWS_DEFAULT_REGION=.*\n/);
  const env = Object.fromEntries([...out.matchAll(/^export (AWS_[A-Z_]+)=(.*)$/gm)].map((m) => [m[1], m[2]]));
  const live = await start(
    ['bin/boundary-lab.mjs', 'live', '--no-open', '--region', 'us-east-1', '--account', '123456789012', '--upstream', `http://127.0.0.1:${sandboxPort}`],
    { AWS_ACCESS_KEY_ID: env.AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY: env.AWS_SECRET_ACCESS_KEY, AWS_ENDPOINT_URL: '', AWS_PROFILE: '' },
    /\/__live\/enter\?token=\S+/,
  );
  // The one-time link (issue 12) trades its token for the session cookie and lands on the workshop.
  const liveUrl = /(http:\/\/127\.0\.0\.1:\d+\/__live\/enter\?token=[A-Za-z0-9_-]+)/.exec(live)![1];
  const origin = new URL(liveUrl).origin;
  await page.goto(liveUrl);
  await page.getByRole('button', { name: /Confirm account 123456789012/ }).click();
  await page.goto(`${origin}/resource-policies/`);
  await openTerminal(page);
  for (const step of steps) {
    const before = await pressCheck(page, step.id);
    await expect(before.locator('.lab-result[data-pass="false"]').first(), `${step.id} fails before it is done`).toBeVisible();
    for (const command of step.commands) {
      const status = await runFromLesson(page, command.run);
      if (command.expect === 'failure') expect(status, command.run).not.toBe(0);
      else {
        if (status !== 0) console.log('TERMINAL', await page.locator('.xterm-rows').innerText());
        expect(status, command.run).toBe(0);
      }
    }
    const after = await pressCheck(page, step.id);
    await expect(after.locator('.lab-result[data-pass="false"]'), `${step.id} passes after it is done`).toHaveCount(0);
  }
});
