import { test, expect, type Page, type BrowserContext } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { cleanEnv } from '../support/clean-env';
import { startStaticServer, type CountingServer } from './support/static-server';
import { writeServiceWorker } from '../../src/integrations/offline/index';

// Offline after the first visit (issue 16, point 11): the service worker precaches the build, so once the first page
// has loaded, lessons, the terminal and the sandbox work with the server gone; under a base path too; and a new
// deployment is what the next visit shows.
const root = join(import.meta.dirname, '..', '..');
const PROMPT = 'learner@boundary-lab:~$';

/** Waits until the service worker has precached the build and controls the page. */
async function precached(page: Page) {
  await page.waitForFunction(() => navigator.serviceWorker?.controller?.state === 'activated', null, { timeout: 90_000 });
}

async function screen(page: Page): Promise<string> {
  return page.locator('.xterm-rows').evaluate((el) => [...el.children].map((r) => (r.textContent ?? '').replace(/\u00a0/g, ' ')).join('\n'));
}

async function terminalWorks(page: Page) {
  await page.locator('[data-boundary-lab-terminal] [data-toggle]').click();
  await expect.poll(() => screen(page), { timeout: 30_000 }).toContain(PROMPT);
  const code = await page.evaluate(() => window.boundaryLab!.terminal!.run('aws sts get-caller-identity --query Arn --output text'));
  expect(code).toBe(0);
  await expect.poll(() => screen(page)).toContain('arn:aws:iam::123456789012:');
}

async function offlineWalk(context: BrowserContext, server: CountingServer) {
  const page = await context.newPage();
  await page.goto(`${server.url}welcome/`);
  await precached(page);
  await server.close();
  await context.setOffline(true);
  const before = server.requests.length;

  // A lesson never opened while online, reached without its trailing slash, and the terminal with its sandbox.
  const response = await page.goto(`${server.url}assume-builder`);
  expect(response?.status()).toBe(200);
  await expect(page.locator('h1')).toContainText(/./);
  await terminalWorks(page);
  await page.goto(`${server.url}concepts/`);
  await expect(page.locator('main')).toContainText(/permissions boundar/i);
  expect(server.requests.length).toBe(before);
}

test.describe('offline after the first visit', () => {
  test.describe.configure({ timeout: 180_000 });

  test('at the root: lessons, terminal and sandbox work with the network gone', async ({ browser }) => {
    test.skip(!existsSync(join(root, 'dist', 'sw.js')), 'needs a build with the service worker (npx astro build)');
    const server = await startStaticServer(join(root, 'dist'));
    const context = await browser.newContext();
    try {
      await offlineWalk(context, server);
    } finally {
      await context.close();
      await server.close();
    }
  });

  test('under a base path', async ({ browser }) => {
    const base = '/offline-under-test/';
    const out = join(root, '.dist-offline');
    rmSync(out, { recursive: true, force: true });
    const r = spawnSync('npx', ['astro', 'build', '--outDir', './.dist-offline'], { cwd: root, env: cleanEnv({ BASE_PATH: base }), encoding: 'utf8' });
    expect(r.status, `astro build failed:\n${r.stdout}\n${r.stderr}`).toBe(0);
    const server = await startStaticServer(out, base);
    const context = await browser.newContext();
    try {
      await offlineWalk(context, server);
    } finally {
      await context.close();
      await server.close();
      rmSync(out, { recursive: true, force: true });
    }
  });

  test('a new deployment is what the next visit shows, and its worker replaces the old one', async ({ browser }) => {
    test.skip(!existsSync(join(root, 'dist', 'sw.js')), 'needs a build with the service worker (npx astro build)');
    const site = join(tmpdir(), `boundary-lab-deploy-${process.pid}`);
    rmSync(site, { recursive: true, force: true });
    cpSync(join(root, 'dist'), site, { recursive: true });
    const server = await startStaticServer(site);
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(`${server.url}welcome/`);
      await precached(page);
      const oldVersion = await page.evaluate(async () => (await caches.keys()).find((k) => /^boundary-lab-[0-9a-f]+$/.test(k)));

      // Deploy: a changed page means a new version of sw.js.
      const welcome = join(site, 'welcome', 'index.html');
      writeFileSync(welcome, readFileSync(welcome, 'utf8').replace('</h1>', ' (redeployed)</h1>'));
      const { version } = writeServiceWorker(site);
      expect(`boundary-lab-${version}`).not.toBe(oldVersion);

      await page.goto(`${server.url}welcome/`);
      await expect(page.locator('h1')).toContainText('(redeployed)');
      await expect.poll(() => page.evaluate(async () => await caches.keys()), { timeout: 60_000 }).toContain(`boundary-lab-${version}`);
      await expect.poll(() => page.evaluate(async () => await caches.keys()), { timeout: 60_000 }).not.toContain(oldVersion);

      // And the new copy is what shows offline.
      await server.close();
      await context.setOffline(true);
      await page.goto(`${server.url}welcome/`);
      await expect(page.locator('h1')).toContainText('(redeployed)');
    } finally {
      await context.close();
      await server.close();
      rmSync(site, { recursive: true, force: true });
    }
  });
});
