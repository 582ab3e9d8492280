/**
 * A learner's whole workshop in a real browser, through the page only: each command is put into the terminal with
 * the lesson's own "Run in terminal" buttons, the policy file is changed in the editor, and each step's Check must
 * fail (with a hint) before the step and pass after it. A reload in the middle carries on where it was. Then Solve
 * brings a fresh sandbox to a late step, and the clean-up panel empties the account.
 */
import { test, expect } from '@playwright/test';
import { lab } from '../../labs/lab';
import { openTerminal, walkWorkshop } from './support/workshop';

test.describe.configure({ mode: 'serial' });

test('the whole workshop through the lesson pages', async ({ page }) => {
  test.setTimeout(12 * 60_000);
  const errors = await walkWorkshop(page, { reloadAt: 'run-application' });
  expect(errors).toEqual([]);
});

test('Solve brings a fresh sandbox to a late step, and the clean-up panel empties the account', async ({ page }) => {
  test.setTimeout(8 * 60_000);
  await page.goto('escalation-attach-policy/');
  await openTerminal(page);
  const step = page.locator('lab-step[data-step-id="attach-sneaky-policy"]');
  await expect(step.locator('[data-action="solve"]')).toBeEnabled({ timeout: 30_000 });
  await step.locator('[data-action="solve"]').click();
  await step.locator('[data-action="solve-confirm"]').click();
  await expect(step.locator('[data-progress]')).toContainText(/checks? passed|check did not pass|Could not finish/, { timeout: 6 * 60_000 });
  await expect(step.locator('.lab-result[data-pass="false"]')).toHaveCount(0);

  await page.goto('clean-up/');
  const panel = page.locator('[data-action="cleanup"]');
  await expect(panel).toBeEnabled({ timeout: 30_000 });
  await panel.click();
  await expect(page.getByText("none of the workshop's resources")).toBeVisible({ timeout: 3 * 60_000 });
});
