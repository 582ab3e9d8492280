/**
 * Terminal metrics in headless Chromium (issue 6): the JavaScript a lesson page loads before the terminal opens
 * beyond what Starlight's own splash page loads, the size of what opening the terminal loads (shell, aws, sandbox),
 * the time from navigation to a ready prompt, and keystroke-to-echo latency.
 */
import { chromium } from '@playwright/test';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const root = new URL('..', import.meta.url).pathname;
const port = 4391;
const base = `http://127.0.0.1:${port}`;
spawnSync('node', ['scripts/ensure-build.mjs'], { cwd: root, stdio: 'ignore', env: { ...process.env, BASE_PATH: '' } });
const server = spawn('node', ['scripts/serve.mjs', '--port', String(port)], { cwd: root, stdio: 'ignore', env: { ...process.env, BASE_PATH: '' } });
await new Promise((r) => setTimeout(r, 800));

const executablePath = process.env.BOUNDARY_LAB_CHROMIUM || (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
const browser = await chromium.launch({
  executablePath,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const out = (o: object) => console.log(JSON.stringify(o));

/** gzip bytes of the JavaScript responses a page and its workers receive while `act` runs (workers' scripts too). */
async function jsLoaded(page: import('@playwright/test').Page, act: () => Promise<unknown>): Promise<number> {
  const context = page.context();
  let total = 0;
  const pending: Promise<void>[] = [];
  const onResponse = (r: import('@playwright/test').Response) => {
    if (!/\.m?js(\?|$)/.test(r.url())) return;
    pending.push(r.body().then((b) => void (total += gzipSync(b).length), () => {}));
  };
  context.on('response', onResponse);
  await act();
  await page.waitForLoadState('networkidle');
  await new Promise((r) => setTimeout(r, 1000));
  await Promise.all(pending);
  context.off('response', onResponse);
  return total;
}

function workerClosureGzip(): { bytes: number; files: number } {
  const dir = `${root}dist/_astro/`;
  const entry = readdirSync(dir).find((f) => /^shared-worker.*\.js$/.test(f));
  if (!entry) return { bytes: 0, files: 0 };
  const seen = new Set<string>();
  const visit = (f: string) => {
    if (seen.has(f) || !existsSync(dir + f)) return;
    seen.add(f);
    const text = readFileSync(dir + f, 'utf8');
    for (const m of text.matchAll(/(?:from|import)\s*["']\.\/([^"']+\.js)["']/g)) visit(m[1]);
  };
  visit(entry);
  let bytes = 0;
  for (const f of seen) bytes += gzipSync(readFileSync(dir + f)).length;
  return { bytes, files: seen.size };
}

try {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  const starlight = await jsLoaded(page, () => page.goto(`${base}/`));
  const lesson = await jsLoaded(page, () => page.goto(`${base}/create-builder-iam/`));
  out({ metric: 'terminal.lesson_page_js_gzip_beyond_starlight', value: lesson - starlight, unit: 'bytes', goal: '<= 102400', comparison: { lessonPage: lesson, starlightSplashPage: starlight } });

  const terminalJs = await jsLoaded(page, async () => {
    await page.click('[data-boundary-lab-terminal] [data-toggle]');
    await page.waitForFunction(() => document.querySelector('.xterm-rows')?.textContent?.includes('learner@'), null, { timeout: 60_000 });
  });
  // The sandbox worker's scripts do not pass through the page's responses, so they are counted from the build: the
  // worker entry and every chunk it imports statically (what loads before the first prompt).
  const workerJs = workerClosureGzip();
  out({
    metric: 'terminal.bundle_js_gzip',
    value: terminalJs + workerJs.bytes,
    unit: 'bytes',
    goal: '<= 1048576',
    comparison: { pageSideOnOpen: terminalJs, sandboxWorker: workerJs.bytes, workerFiles: workerJs.files, lessonPage: lesson },
  });

  // Navigation to a ready prompt, with the terminal left open (as a learner moving between lessons), median of 5.
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    await page.goto(`${base}/assume-builder/`);
    await page.waitForFunction(() => document.querySelector('.xterm-rows')?.textContent?.includes('learner@'), null, { timeout: 60_000 });
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const firstPaint = await page.evaluate(() => performance.getEntriesByType('navigation')[0]?.duration ?? 0);
  out({ metric: 'terminal.navigation_to_prompt_ms', value: Math.round(times[2]), unit: 'ms', goal: '<= 1500', comparison: { pageLoadMs: Math.round(firstPaint), runs: times.map(Math.round) } });

  // Keystroke to echo: a key pressed in xterm until its character is in the rendered rows, median of 20.
  await page.locator('.xterm-helper-textarea').focus();
  const echo: number[] = [];
  for (let i = 0; i < 20; i++) {
    const ch = String.fromCharCode(97 + (i % 26));
    const before = await page.evaluate(() => document.querySelector('.xterm-rows')!.textContent!.length);
    const t0 = performance.now();
    await page.keyboard.press(ch);
    await page.waitForFunction((n) => document.querySelector('.xterm-rows')!.textContent!.length > n, before, { polling: 'raf' });
    echo.push(performance.now() - t0);
  }
  echo.sort((a, b) => a - b);
  out({ metric: 'terminal.keystroke_to_echo_ms', value: Math.round(echo[10] * 10) / 10, unit: 'ms', goal: '<= 16', comparison: { p90: Math.round(echo[18] * 10) / 10, note: 'includes the Playwright round trip' } });
} finally {
  await browser.close();
  server.kill();
}
