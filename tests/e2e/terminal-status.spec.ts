import { test, expect, type Page } from '@playwright/test';
import { openTerminal } from './support/workshop';

/** The terminal's status line: a long command says it runs and how to stop it; Reset shows progress and holds input. */
async function screen(page: Page): Promise<string> {
  return page.locator('.xterm-rows').evaluate((el) => [...el.children].map((r) => (r.textContent ?? '').replace(/\u00a0/g, ' ')).join('\n'));
}

test('after a second, a running command shows its elapsed time and that Ctrl-C stops it', async ({ page }) => {
  await page.goto('assume-builder/');
  await openTerminal(page);
  const status = page.locator('[data-boundary-lab-terminal] [data-status]');
  await page.locator('.xterm').click();
  await page.keyboard.type('sleep 30');
  await page.keyboard.press('Enter');
  await expect(status).toContainText('Running — press Ctrl-C to stop it.');
  await expect(status.locator('[data-elapsed]')).toHaveText(/^[1-9]\d* s$/);
  await expect(status.locator('[data-elapsed]')).not.toHaveText('1 s', { timeout: 5_000 });
  await page.keyboard.press('Control+C');
  await expect(status).toBeEmpty();
  await expect.poll(() => screen(page)).toMatch(/\^C/);
});

test('Reset sandbox shows its progress, holds what is typed meanwhile, runs it in the new sandbox and confirms', async ({ page }) => {
  await page.goto('assume-builder/');
  await openTerminal(page);
  expect(await page.evaluate(() => window.boundaryLab!.terminal!.run('echo old > made-before-reset.txt'))).toBe(0);
  // Every text the status line shows, in order (a reset of a small sandbox can be quick).
  await page.evaluate(() => {
    const el = document.querySelector('[data-boundary-lab-terminal] [data-status]')!;
    const seen: string[] = ((window as any).__status = []);
    new MutationObserver(() => seen.push(el.textContent ?? '')).observe(el, { childList: true, characterData: true, subtree: true });
  });
  page.once('dialog', (d) => void d.accept());
  await page.locator('[data-boundary-lab-terminal] [data-action="reset"]').click();
  const status = page.locator('[data-boundary-lab-terminal] [data-status]');
  await page.keyboard.type('cat made-before-reset.txt || echo NEW-SANDBOX');
  await page.keyboard.press('Enter');
  await expect(status).toHaveText('The sandbox is fresh: a new, empty account.', { timeout: 30_000 });
  const seen = (await page.evaluate(() => (window as any).__status)) as string[];
  expect(seen[0]).toMatch(/^Resetting the sandbox… \d+ s\. What you type waits for the new sandbox\.$/);
  await expect.poll(() => screen(page), { timeout: 15_000 }).toMatch(/^NEW-SANDBOX\s*$/m);
  expect(await screen(page)).not.toMatch(/^old\s*$/m);
});
