import { test, expect, type Page } from '@playwright/test';
import { lab, stepsOf } from '../../labs/lab';
import { CLEANUP_PLAN } from '../../src/lib/cleanup';
import { openTerminal, pressCheck } from './support/workshop';

/**
 * The clean-up panel with the real sandbox, run while the terminal is still the builder (as a learner who skipped
 * the steps above it would be): it says what it will delete before it does, and afterwards every check of the
 * clean-up lesson passes, "stop using the builder role" included.
 */
const upTo = (id: string) => lab.steps.slice(0, lab.steps.findIndex((s) => s.id === id) + 1);

async function run(page: Page, text: string): Promise<number> {
  return page.evaluate((t) => window.boundaryLab!.terminal!.run(t), text);
}

test('the clean-up panel names what it deletes, then leaves every clean-up check passing', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto('clean-up/');
  const panel = page.locator('lab-cleanup');
  await expect(panel).toContainText('the steps above');
  await expect(panel.locator('.lab-cleanup__plan li')).toHaveText(CLEANUP_PLAN.map((p) => p.label));
  await expect(panel.locator('.lab-cleanup__plan')).toContainText('/aws/lambda/builder-application-MyLambdaFunction-');

  await openTerminal(page);
  for (const step of upTo('run-application')) {
    for (const c of step.commands) {
      const status = await run(page, c.run);
      if (c.expect === 'failure') expect(status, c.run).not.toBe(0);
      else expect(status, c.run).toBe(0);
    }
  }
  await expect.poll(() => page.evaluate(() => (window as any).boundaryLab.terminal.call({ op: 'identity' }).then((i: any) => i.terminal.sessionToken ? 'session' : 'admin'))).toBe('session');

  await panel.getByRole('button', { name: 'Clean up the account' }).click();
  await expect(panel.locator('.lab-step__progress')).toHaveText('Clean-up complete: the account holds none of the workshop’s resources.', { timeout: 120_000 });
  await expect(panel.locator('[data-steps] li').first()).toHaveText(/^Done: Make the terminal stop using the builder role/);
  await expect(panel.locator('[data-steps] li[data-status="done"]')).toHaveCount(5); // sneaky-policy was never made

  for (const step of stepsOf('clean-up')) {
    const checked = await pressCheck(page, step.id);
    await expect(checked.locator('.lab-result[data-pass="false"]'), `${step.id} passes after the panel ran`).toHaveCount(0);
  }
});
