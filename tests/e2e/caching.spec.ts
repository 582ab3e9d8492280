import { test, expect, type Browser, type Page } from '@playwright/test';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { startStaticServer, type CountingServer } from './support/static-server';

// Issue 17: on the next lesson the browser reuses every content-hashed file it already has. The service worker is
// blocked here, so what is shown is the HTTP caching the server's headers allow (a host without the worker too).
const root = join(import.meta.dirname, '..', '..');
const PROMPT = 'learner@boundary-lab:~$';

async function prompt(page: Page) {
  await expect(page.locator('.xterm-rows')).toContainText(PROMPT, { timeout: 30_000 });
}

/** The built site on a counting server, in a context whose service worker is blocked (HTTP caching alone). */
async function withSite(browser: Browser, body: (page: Page, server: CountingServer) => Promise<void>) {
  test.skip(!existsSync(join(root, 'dist', 'index.html')), 'needs a build (npx astro build)');
  const server = await startStaticServer(join(root, 'dist'));
  const context = await browser.newContext({ serviceWorkers: 'block' });
  try {
    await body(await context.newPage(), server);
  } finally {
    await context.close();
    await server.close();
  }
}

test('the second lesson fetches no hashed asset again, and revalidates its page', async ({ browser }) =>
  withSite(browser, async (page, server) => {
    await page.goto(`${server.url}create-builder-iam/`);
    await page.locator('[data-boundary-lab-terminal] [data-toggle]').click();
    await prompt(page);
    const firstHashed = server.requests.filter((p) => p.startsWith('/_astro/'));
    expect(firstHashed.length).toBeGreaterThan(5);

    const mark = server.requests.length;
    await page.goto(`${server.url}assume-builder/`);
    await prompt(page);
    // Anything lazy the page still wants would have been asked for by now.
    await page.waitForTimeout(1000);
    const second = server.requests.slice(mark);
    expect(second.filter((p) => p.startsWith('/_astro/'))).toEqual([]);
    // The page itself is asked for again (no-cache): a new deployment shows at once.
    expect(second).toContain('/assume-builder/');
  }));

test('reading the opening pages fetches the terminal and its worker, so the first lesson fetches neither', async ({ browser }) =>
  withSite(browser, async (page, server) => {
    // The service worker is blocked: this is the loader's idle prefetch alone (a host on plain http has no worker).
    await page.goto(`${server.url}welcome/`);
    await expect.poll(() => server.finished.filter((p) => /^\/_astro\/(app\.|shared-worker-)/.test(p)).length, { timeout: 30_000 }).toBe(2);
    const mark = server.requests.length;
    await page.goto(`${server.url}create-builder-iam/`);
    await page.locator('[data-boundary-lab-terminal] [data-toggle]').click();
    await prompt(page);
    expect(server.requests.slice(mark).filter((p) => /^\/_astro\/(app\.|shared-worker-)/.test(p))).toEqual([]);
  }));

test("a lesson page names every script chunk it needs in its HTML, so none waits for another to be found", async ({ browser }) =>
  withSite(browser, async (page, server) => {
    await page.goto(`${server.url}create-builder-iam/`);
    await page.waitForLoadState('load');
    // What the HTML names, as served (the live DOM also holds hints the page's own dynamic imports add later).
    const html = await (await page.request.get(`${server.url}create-builder-iam/`)).text();
    const named = new Set(
      [...html.matchAll(/<script\b[^>]*\btype="module"[^>]*\bsrc="([^"]+)"|<link\b[^>]*\brel="modulepreload"[^>]*\bhref="([^"]+)"/g)].map(
        (m) => new URL(m[1] ?? m[2], server.url).pathname,
      ),
    );
    // The chunks the page's scripts needed to run: everything fetched before DOMContentLoaded, which waits for every
    // module script and its static imports. (Later, at idle, the page imports more on its own: search's UI.)
    const scripts: string[] = await page.evaluate(() => {
      const dcl = (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).domContentLoadedEventStart;
      return performance
        .getEntriesByType('resource')
        .filter((e) => e.startTime < dcl)
        .map((e) => new URL(e.name).pathname)
        .filter((p) => p.includes('/_astro/') && p.endsWith('.js'));
    });
    expect(scripts.length).toBeGreaterThan(5);
    expect(scripts.every((p) => server.requests.includes(p))).toBe(true);
    // Every one was named up front (a script or a modulepreload hint), and every name was needed.
    expect(scripts.filter((p) => !named.has(p))).toEqual([]);
    expect([...named].filter((p) => !scripts.includes(p))).toEqual([]);
  }));
