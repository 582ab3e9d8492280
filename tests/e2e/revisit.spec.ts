import { test, expect, type Page } from '@playwright/test';
import { lab } from '../../labs/lab';
import { openTerminal, pressCheck } from './support/workshop';

/** Revisiting a lesson after moving on: a passed step keeps its ✓, and a failing recheck says why, without hints. */
const commands = (id: string) => lab.steps.find((s) => s.id === id)!.commands;

async function run(page: Page, text: string): Promise<number> {
  return page.evaluate((t) => window.boundaryLab!.terminal!.run(t), text);
}

test('a recheck that fails because a later step changed the account says so and keeps the ✓', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('assume-builder/');
  await openTerminal(page);
  for (const id of ['create-builder-iam-stack', 'assume-builder-role']) for (const c of commands(id)) expect(await run(page, c.run)).toBe(0);
  const step = await pressCheck(page, 'assume-builder-role');
  await expect(step.locator('.lab-result[data-pass="false"]')).toHaveCount(0);
  await expect(step.locator('[data-state-text]')).toContainText('Passed ✓');

  // Later, the clean-up lesson stops using the builder role, and its check passes.
  await page.goto('clean-up/');
  for (const c of commands('return-to-administrator')) expect(await run(page, c.run)).toBe(0);
  const later = await pressCheck(page, 'return-to-administrator');
  await expect(later.locator('.lab-result[data-pass="false"]')).toHaveCount(0);

  await page.goto('assume-builder/');
  const again = await pressCheck(page, 'assume-builder-role');
  await expect(again.locator('.lab-result[data-pass="false"]')).not.toHaveCount(0);
  await expect(again.locator('[data-progress]')).toContainText('A later step, “Stop using the builder role”, has changed the account since');
  await expect(again.locator('.lab-result__hint')).toHaveCount(0);
  await expect(again.locator('[data-state-text]')).toContainText('Passed ✓');
  await expect(page.locator('nav[aria-label="Main"] a[href$="/assume-builder/"] .lab-done')).toBeVisible();
});

test('a ✓ earned in another tab appears without a reload', async ({ page, context }) => {
  await page.goto('assume-builder/');
  const other = await context.newPage();
  await other.goto('assume-builder/');
  await other.evaluate(() => (window as any).boundaryLab.progress.set('assume-builder-role', 'passed'));
  await expect(page.locator('nav[aria-label="Main"] a[href$="/assume-builder/"] .lab-done')).toBeVisible();
  await expect(page.locator('lab-step[data-step-id="assume-builder-role"] [data-state-text]')).toContainText('Passed ✓');
});
