import { test, expect, type Page } from '@playwright/test';

// In the browser's sandbox worker, AWS managed policies arrive as chunks of their own on first use (the core
// before the first answer, the whole catalogue when a command names a policy outside it): both loads must work
// from the built worker. (A shared worker's own fetches are not visible to the page, so the test checks the result.)
const PROMPT = 'learner@boundary-lab:~$';

async function screen(page: Page): Promise<string> {
  return page.locator('.xterm-rows').evaluate((el) => [...el.children].map((r) => (r.textContent ?? '').replace(/\u00a0/g, ' ')).join('\n'));
}

test('attach-role-policy with a policy outside the core loads the catalogue in the worker and the role shows the policy', async ({ page }) => {
  await page.goto('assume-builder/');
  const toggle = page.locator('[data-toggle]');
  if (await toggle.isVisible()) await toggle.click();
  await expect.poll(() => screen(page), { timeout: 20_000 }).toContain(PROMPT);
  const run = (t: string) => page.evaluate((line) => window.boundaryLab!.terminal!.run(line), t);
  const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
  expect(await run(`aws iam create-role --role-name fn-exec --assume-role-policy-document '${trust}' > /dev/null`)).toBe(0);
  expect(await run('aws iam attach-role-policy --role-name fn-exec --policy-arn arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole')).toBe(0);
  expect(await run('aws iam list-attached-role-policies --role-name fn-exec --output text')).toBe(0);
  await expect.poll(() => screen(page)).toContain('arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole');
  expect(await run('aws iam get-policy --policy-arn arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole --query Policy.Path --output text')).toBe(0);
  await expect.poll(() => screen(page)).toContain('/service-role/');
});
