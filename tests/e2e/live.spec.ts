/**
 * Live mode end to end: `npm run sandbox` stands in for AWS, `boundary-lab live --upstream` serves the workshop and
 * forwards to it, and the whole workshop runs through the live pages exactly as in the sandbox. Also: the link
 * works once, nothing runs before the account is confirmed, the page never holds the learner's own credentials,
 * an operation outside the workshop is refused with one clear line, and the terminal's saved state is sealed.
 */
import { test, expect } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { openTerminal, walkWorkshop } from './support/workshop';

test.describe.configure({ mode: 'serial' });

const root = new URL('../..', import.meta.url).pathname;
const children: ChildProcess[] = [];
let live: ChildProcess;
let liveOut = '';

/** Starts a command and resolves with its stdout once `ready` matches it. */
function start(args: string[], env: NodeJS.ProcessEnv, ready: RegExp): Promise<{ child: ChildProcess; out: () => string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    children.push(child);
    let out = '';
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${ready}:\n${out}`)), 90_000);
    const onData = (d: Buffer) => {
      out += d.toString();
      if (ready.test(out)) {
        clearTimeout(timer);
        resolve({ child, out: () => out });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`exited ${code}:\n${out}`)));
  });
}

const LINK_TEXT = String.raw`(http://127\.0\.0\.1:\d+/__live/enter\?token=[A-Za-z0-9_-]+)`;
const links = (text: string) => [...text.matchAll(new RegExp(LINK_TEXT, 'g'))].map((m) => m[1]);

/** Asks the running server for a new one-time link, as a learner types `new-link` where it runs. */
async function newLink(): Promise<string> {
  const before = links(liveOut).length;
  live.stdin!.write('new-link\n');
  await expect.poll(() => links(liveOut).length).toBeGreaterThan(before);
  return links(liveOut).at(-1)!;
}

let firstLink = '';
let origin = '';
let secret = '';

test.beforeAll(async () => {
  const sandboxPort = 4700 + Math.floor(Math.random() * 200);
  const sandbox = await start(['bin/boundary-lab.mjs', 'sandbox', '--port', String(sandboxPort), '--pace', '0'], {}, /export AWS_DEFAULT_REGION=.*\n/);
  const env = Object.fromEntries([...sandbox.out().matchAll(/^export (AWS_[A-Z_]+)=(.*)$/gm)].map((m) => [m[1], m[2]]));
  secret = env.AWS_SECRET_ACCESS_KEY;
  const started = await start(
    ['bin/boundary-lab.mjs', 'live', '--no-open', '--region', 'us-east-1', '--account', '123456789012', '--upstream', `http://127.0.0.1:${sandboxPort}`],
    { AWS_ACCESS_KEY_ID: env.AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY: secret, AWS_ENDPOINT_URL: '', AWS_PROFILE: '' },
    new RegExp(LINK_TEXT),
  );
  live = started.child;
  live.stdout!.on('data', (d: Buffer) => (liveOut += d.toString()));
  liveOut = started.out();
  firstLink = links(liveOut)[0];
  origin = new URL(firstLink).origin;
});

test.afterAll(() => {
  for (const c of children) c.kill();
});

test('the one-time link opens a session once; the page confirms the account, refuses what the workshop does not do, and holds no secret', async ({ page }) => {
  await page.goto(firstLink);
  expect(page.url()).toBe(`${origin}/welcome/`);
  await expect(page.locator('.bl-live-banner')).toContainText('Account 123456789012');
  // Before confirmation the server forwards nothing: the terminal's call is refused.
  await openTerminal(page);
  const run = (text: string) => page.evaluate((t) => (window as any).boundaryLab.terminal.run(t), text);
  await run('aws sts get-caller-identity');
  await expect(page.locator('.xterm-rows')).toContainText('Confirm the AWS account');
  await page.getByRole('button', { name: /Confirm account 123456789012/ }).click();
  await expect(page.locator('.bl-live-banner')).toContainText('acts in this AWS account');
  await run('aws sts get-caller-identity');
  await expect(page.locator('.xterm-rows')).toContainText('arn:aws:iam::123456789012:user/admin');
  await run('aws sts get-session-token');
  await expect(page.locator('.xterm-rows')).toContainText('An error occurred (BoundaryLabOperationNotAllowed) when calling the GetSessionToken operation');
  // A secret typed into the live terminal reaches IndexedDB only sealed.
  await run('export AWS_SECRET_ACCESS_KEY=typed-secret-0123456789');
  const stored = () =>
    page.evaluate(
      () =>
        new Promise<string>((resolve) => {
          const open = indexedDB.open('boundary-lab');
          open.onsuccess = () => {
            const get = open.result.transaction('sandbox').objectStore('sandbox').get('live-shell');
            get.onsuccess = () => resolve(String(get.result ?? ''));
            get.onerror = () => resolve('');
          };
          open.onerror = () => resolve('');
        }),
    );
  await expect.poll(stored, { timeout: 15_000 }).toMatch(/^boundary-lab-sealed:v1:/);
  expect(await stored()).not.toContain('typed-secret-0123456789');
  const content = await page.content();
  expect(content).not.toContain(secret);
  expect(await page.evaluate(() => JSON.stringify({ ...localStorage }) + document.cookie)).not.toMatch(/token|boundary_lab_live/);
  // The same link again: spent.
  await page.goto(firstLink);
  await expect(page.getByRole('heading', { name: 'This link has been used or has expired' })).toBeVisible();
});

test('the whole workshop runs in live mode against the sandbox endpoint', async ({ page }) => {
  test.setTimeout(15 * 60_000);
  const logStart = liveOut.length;
  await page.goto(await newLink());
  const confirm = page.getByRole('button', { name: /Confirm account/ });
  if (await confirm.isVisible().catch(() => false)) await confirm.click();
  const errors = await walkWorkshop(page, { prefix: `${origin}/`, live: true });
  expect(errors).toEqual([]);
  expect(liveOut.slice(logStart)).not.toMatch(/ refused$/m);
});
