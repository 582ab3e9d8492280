/**
 * Live mode end to end: `npm run sandbox` stands in for AWS, `boundary-lab live --upstream` serves the workshop and
 * forwards to it, and the whole workshop runs through the live pages exactly as in the sandbox. Also: nothing runs
 * before the account is confirmed, and the page never holds the learner's own credentials.
 */
import { test, expect } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { openTerminal, walkWorkshop } from './support/workshop';

test.describe.configure({ mode: 'serial' });

const root = new URL('../..', import.meta.url).pathname;
const children: ChildProcess[] = [];

/** Starts a command and resolves with its stdout once `ready` matches it. */
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

let liveUrl = '';
let origin = '';
let secret = '';

test.beforeAll(async () => {
  const sandboxPort = 4700 + Math.floor(Math.random() * 200);
  const out = await start(['bin/boundary-lab.mjs', 'sandbox', '--port', String(sandboxPort), '--pace', '0'], {}, /export AWS_DEFAULT_REGION=.*\n/);
  const env = Object.fromEntries([...out.matchAll(/^export (AWS_[A-Z_]+)=(.*)$/gm)].map((m) => [m[1], m[2]]));
  secret = env.AWS_SECRET_ACCESS_KEY;
  const live = await start(
    ['bin/boundary-lab.mjs', 'live', '--no-open', '--region', 'us-east-1', '--account', '123456789012', '--upstream', `http://127.0.0.1:${sandboxPort}`],
    { AWS_ACCESS_KEY_ID: env.AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY: secret, AWS_ENDPOINT_URL: '', AWS_PROFILE: '' },
    /#token=\S+/,
  );
  liveUrl = /(http:\/\/127\.0\.0\.1:\d+\/welcome\/#token=\S+)/.exec(live)![1];
  origin = new URL(liveUrl).origin;
});

test.afterAll(() => {
  for (const c of children) c.kill();
});

test('the live page asks to confirm the account, keeps the token out of the address bar, and never shows credentials', async ({ page }) => {
  await page.goto(liveUrl);
  await expect(page.locator('.bl-live-banner')).toContainText('Account 123456789012');
  expect(page.url()).not.toContain('token=');
  // Before confirmation the server forwards nothing: the terminal's call is refused.
  await openTerminal(page);
  await page.evaluate(() => (window as any).boundaryLab.terminal.run('aws sts get-caller-identity'));
  await expect(page.locator('.xterm-rows')).toContainText('Confirm the AWS account');
  await page.getByRole('button', { name: /Confirm account 123456789012/ }).click();
  await expect(page.locator('.bl-live-banner')).toContainText('acts in this AWS account');
  await page.evaluate(() => (window as any).boundaryLab.terminal.run('aws sts get-caller-identity'));
  await expect(page.locator('.xterm-rows')).toContainText('arn:aws:iam::123456789012:user/admin');
  expect(await page.content()).not.toContain(secret);
});

test('the whole workshop runs in live mode against the sandbox endpoint', async ({ page }) => {
  test.setTimeout(15 * 60_000);
  await page.goto(liveUrl);
  const confirm = page.getByRole('button', { name: /Confirm account/ });
  if (await confirm.isVisible().catch(() => false)) await confirm.click();
  const errors = await walkWorkshop(page, { prefix: `${origin}/`, live: true });
  expect(errors).toEqual([]);
});
