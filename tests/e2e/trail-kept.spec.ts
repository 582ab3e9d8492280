import { test, expect, type Page } from '@playwright/test';
import { lab } from '../../labs/lab';
import { openTerminal, pressCheck } from './support/workshop';

/**
 * A CloudTrail event the learner's command made stays recorded when the learner moves on at once: the browser ends
 * the sandbox's SharedWorker as soon as the last page goes, and the event must already be saved by then.
 */
const upTo = (id: string) => lab.steps.slice(0, lab.steps.findIndex((s) => s.id === id) + 1);

async function run(page: Page, text: string): Promise<number> {
  return page.evaluate((t) => window.boundaryLab!.terminal!.run(t), text);
}

test('a denied call is still in CloudTrail after moving on at once and reloading', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('escalation-builder-policy/');
  await openTerminal(page);
  for (const step of upTo('change-builder-policy')) {
    for (const c of step.commands) {
      const status = await run(page, c.run);
      if (c.expect === 'failure') expect(status, c.run).not.toBe(0);
      else expect(status, c.run).toBe(0);
    }
  }
  // The denied create-policy-version has just returned: move on at once, then come back with a reload.
  await page.goto('escalation-attach-policy/');
  await page.goto('about:blank');
  await page.goto('escalation-builder-policy/');
  await page.reload();
  for (const id of ['get-builder-policy', 'change-builder-policy']) {
    const step = await pressCheck(page, id);
    await expect(step.locator('.lab-result[data-pass="false"]'), `${id} still passes`).toHaveCount(0);
  }
});
