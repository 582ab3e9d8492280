/**
 * "Test your own builder model": the battery runs in the browser's Worker against the workshop's template, shows
 * progress per technique, the escalation with its fix (re-run: held), Why denied? for a held step, the exports,
 * and a bad-input message for a policy IAM would refuse.
 */
import { test, expect } from '@playwright/test';

test('the battery attacks the pasted model in the browser and reports, with Why denied? and the fix', async ({ page }) => {
  test.setTimeout(3 * 60_000);
  await page.goto('test-your-builder-model/');
  const runner = page.locator('battery-runner');
  await expect(runner.getByLabel('Template', { exact: true })).toContainText('"ManagedPolicyName": "builder"');
  const t0 = Date.now();
  await runner.getByRole('button', { name: 'Run the battery' }).click();
  await expect(runner.locator('[data-progress] li').first()).toBeVisible();
  const report = runner.getByRole('region', { name: 'Report' });
  await expect(report).toBeVisible({ timeout: 120_000 });
  test.info().annotations.push({ type: 'battery in the browser (ms)', description: String(Date.now() - t0) });
  await expect(report.locator('[data-summary]')).toContainText('arn:aws:iam::123456789012:role/builder');
  await expect(runner.locator('[data-progress] li')).toHaveCount(36);

  const escalated = report.locator('details[data-technique="update-function-code-of-privileged-function"]');
  await expect(escalated).toHaveAttribute('data-result', 'escalated');
  await expect(escalated.locator('[data-fix]')).toHaveAttribute('data-fix', 'held');
  await expect(escalated.locator('pre')).toContainText('DenyChangingFunctionsBuildersDoNotOwn');

  const held = report.locator('details[data-technique="edit-boundary-policy"]');
  await held.locator('summary').click();
  await held.getByRole('button', { name: 'Why denied?' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('DenyChangingBuilderAndBoundaryPolicies');
  await page.keyboard.press('Escape');

  const download = page.waitForEvent('download');
  await report.getByRole('button', { name: 'Export SARIF' }).click();
  const sarif = JSON.parse(await (await (await download).createReadStream()).toArray().then((c) => Buffer.concat(c).toString('utf8')));
  expect(sarif.version).toBe('2.1.0');
  expect(sarif.runs[0].results.map((r: any) => r.ruleId)).toContain('update-function-code-of-privileged-function');
});

test('a policy IAM would refuse gets IAM\'s own message', async ({ page }) => {
  await page.goto('test-your-builder-model/');
  const runner = page.locator('battery-runner');
  await runner.getByLabel('A builder policy and a boundary').check();
  const editor = runner.getByLabel('Builder policy', { exact: true });
  await editor.click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.insertText('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:CreateRole"}]}');
  await expect(runner.locator('[data-lint="builderPolicy"]')).toHaveText('Valid JSON');
  await runner.getByRole('button', { name: 'Run the battery' }).click();
  await expect(runner.getByRole('status')).toHaveText(
    'Bad input: builder-policy.json: An error occurred (MalformedPolicyDocument) when calling the CreatePolicy operation: Policy statement must contain resources.',
  );
});
