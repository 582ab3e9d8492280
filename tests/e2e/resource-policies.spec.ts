/**
 * The "What a boundary does not limit" lesson end to end in the browser: every command through the lesson's Run
 * buttons, every step's Check passing, and Why denied? drawing the difference between the denial without a bucket
 * policy and the denial with a bucket policy that names the role.
 */
import { test, expect, type Page } from '@playwright/test';
import { lab } from '../../labs/lab';
import { openTerminal, pressCheck, runFromLesson } from './support/workshop';

const steps = lab.steps.filter((s) => s.lesson === 'resource-policies');

async function whyDenied(page: Page): Promise<string> {
  const why = page.locator('[data-action="why-denied"]');
  await expect(why).toBeVisible();
  await why.click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  const text = await dialog.innerText();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  return text;
}

test('a bucket policy naming the session passes the boundary, naming the role does not, and Why denied? says why', async ({ page }) => {
  test.setTimeout(5 * 60_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('resource-policies/');
  await openTerminal(page);
  const whys: string[] = [];
  for (const step of steps) {
    for (const command of step.commands) {
      const status = await runFromLesson(page, command.run);
      if (command.expect === 'failure') {
        expect(status, command.run).not.toBe(0);
        whys.push(await whyDenied(page));
      } else expect(status, command.run).toBe(0);
    }
    const panel = await pressCheck(page, step.id);
    await expect(panel.locator('.lab-result[data-pass="false"]'), `${step.id} passes`).toHaveCount(0);
  }
  expect(whys).toHaveLength(2);
  const [noPolicy, roleGrant] = whys;
  for (const text of whys) {
    expect(text).toContain('because no permissions boundary allows the s3:GetObject action');
    expect(text).toContain('on resource: "arn:aws:s3:::boundary-lab-');
  }
  expect(noPolicy).not.toContain('resource-based policy');
  expect(roleGrant).toContain('the role rather than this session');
  expect(roleGrant).toMatch(/Resource-based: Allowed/);
  expect(errors).toEqual([]);
});
