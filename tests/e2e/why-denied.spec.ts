/** After a denied call in the sandbox terminal, "Why denied?" explains it from the IAM engine's own decision. */
import { test, expect } from '@playwright/test';
import { openTerminal } from './support/workshop';

test('a denied call offers "Why denied?", which shows the policies, the sentence and the picture', async ({ page }) => {
  test.setTimeout(3 * 60_000);
  await page.goto('assume-builder/');
  await openTerminal(page);
  const solved = await page.evaluate(() => (window as any).boundaryLab.lab.solve('assume-builder-role'));
  expect(solved.ok).toBe(true);
  await expect(page.locator('[data-action="why-denied"]')).toHaveCount(0);
  const status = await page.evaluate(() =>
    (window as any).boundaryLab.terminal.run(`aws iam create-role --role-name not-allowed --assume-role-policy-document '{"Version":"2012-10-17","Statement":[]}'`),
  );
  expect(status).toBe(254);
  const why = page.locator('[data-action="why-denied"]');
  await expect(why).toBeVisible();
  await why.click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('because no identity-based policy allows the iam:CreateRole action');
  await expect(dialog.locator('svg title')).toContainText('iam:CreateRole is denied');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
});
