/**
 * "Make your organization's kit": a configuration typed into the editor becomes the kit's four files, shown on the
 * page and downloaded as a zip made in the browser (unzipped here and compared with the configuration); a
 * configuration that cannot work marks the field, lists the rule and downloads nothing; the page stays axe clean;
 * Test it runs the escalation battery on the generated template and every technique holds.
 */
import { test, expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { readFileSync } from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';

const acme = readFileSync(new URL('../../labs/org-examples/acme.org.json', import.meta.url), 'utf8');

async function typeConfig(page: Page, text: string) {
  const kit = page.locator('org-kit');
  const editor = kit.getByLabel('Configuration (boundary-lab.org.json)');
  await expect(editor).toContainText('"organization"');
  await editor.click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.insertText(text);
}

async function seriousViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page }).include('main').analyze();
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => ({ id: v.id, nodes: v.nodes.map((n) => n.target.join(' ')) }));
}

test('the Acme configuration makes the kit: four files shown and a zip made in the browser', async ({ page }) => {
  await page.goto('org-kit/');
  const kit = page.locator('org-kit');
  // The page starts from the shipped configuration, the blog's values.
  await expect(kit.getByLabel('Configuration (boundary-lab.org.json)')).toContainText('"name": "AnyCompany"');
  await typeConfig(page, acme);
  await expect(kit.locator('[data-lint]')).toHaveText('A valid configuration for Acme Corp.');

  const download = page.waitForEvent('download');
  await kit.getByRole('button', { name: 'Make the kit' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('acme-builder-model-kit.zip');
  const zip = unzipSync(readFileSync(await file.path()));
  expect(Object.keys(zip).sort()).toEqual(['README.md', 'boundary-lab.org.json', 'builder-iam.json', 'scp.json']);
  const text = (name: string) => strFromU8(zip[name]);
  expect(text('boundary-lab.org.json')).toBe(acme);
  const template = JSON.parse(text('builder-iam.json'));
  expect(template.Resources.BuilderRole.Properties.RoleName).toBe('acme-developer');
  expect(template.Resources.BuilderRole.Properties.Path).toBe('/acme/platform/');
  const scp = JSON.parse(text('scp.json'));
  expect(scp.Statement.every((s: { Effect: string }) => s.Effect === 'Deny')).toBe(true);
  expect(JSON.stringify(scp)).toContain('/acme/workloads/');
  expect(text('README.md')).toMatch(/^# Acme Corp: builder model/);

  // The same files on the page, each openable, with what it is for.
  const files = kit.getByRole('region', { name: 'Your kit' });
  await expect(files.getByRole('heading', { name: 'Your kit' })).toBeFocused();
  await expect(files.locator('details[data-file]')).toHaveCount(4);
  const scpView = files.locator('details[data-file="scp.json"]');
  await scpView.locator('summary').click();
  await expect(scpView.locator('pre')).toHaveText(text('scp.json'));
  expect(await seriousViolations(page)).toEqual([]);

  // The examples load with a click.
  await kit.getByRole('button', { name: "Start from the blog's values" }).click();
  await expect(kit.locator('[data-lint]')).toHaveText('A valid configuration for AnyCompany.');
});

test('a path without "/" is marked on its field, named in the list, and nothing is downloaded', async ({ page }) => {
  const downloads: string[] = [];
  page.on('download', (d) => downloads.push(d.suggestedFilename()));
  await page.goto('org-kit/');
  const kit = page.locator('org-kit');
  await typeConfig(page, acme.replace('"path": "/acme/workloads/"', '"path": "acme/workloads/"'));
  await kit.getByRole('button', { name: 'Make the kit' }).click();

  const errors = kit.locator('[data-errors]');
  await expect(errors).toBeVisible();
  await expect(kit.locator('#kit-errors-title')).toBeFocused();
  const first = errors.locator('li[data-field="applicationRoles.path"]').first();
  await expect(first).toHaveText(
    'applicationRoles.path: applicationRoles.path must start and end with "/" (IAM paths look like /application_roles/) Show in the editor',
  );
  await expect(kit.locator('.cm-lintRange-error').first()).toHaveText('"acme/workloads/"');
  // From the list to the field: the editor takes focus with the field's value selected.
  await first.getByRole('button', { name: 'Show in the editor' }).click();
  await expect(kit.locator('.cm-content')).toBeFocused();
  expect(await page.evaluate(() => getSelection()?.toString())).toBe('"acme/workloads/"');
  await expect(kit.locator('[data-status]')).toHaveText(/^No kit: \d+ problems? in the configuration\.$/);
  await expect(kit.locator('[data-kit]')).toBeHidden();
  expect(await seriousViolations(page), 'light theme').toEqual([]);
  await page.evaluate(() => (document.documentElement.dataset.theme = 'dark'));
  expect(await seriousViolations(page), 'dark theme').toEqual([]);

  // Malformed JSON is refused too, where the parser stopped.
  await typeConfig(page, '{"organization": ');
  await kit.getByRole('button', { name: 'Make the kit' }).click();
  await expect(errors.locator('li')).toHaveText([/^not valid JSON: /]);
  expect(downloads).toEqual([]);
});

test('Test it: the escalation battery holds every technique against the generated template', async ({ page }) => {
  test.setTimeout(3 * 60_000);
  await page.goto('org-kit/');
  const kit = page.locator('org-kit');
  await typeConfig(page, acme);
  const download = page.waitForEvent('download');
  await kit.getByRole('button', { name: 'Make the kit' }).click();
  await download;
  const t0 = Date.now();
  await kit.getByRole('button', { name: 'Test it with the escalation battery' }).click();
  await expect(kit.locator('[data-progress] li').first()).toBeVisible();
  const report = kit.getByRole('region', { name: 'What the escalation battery found' });
  await expect(report).toBeVisible({ timeout: 150_000 });
  test.info().annotations.push({ type: 'battery on the kit in the browser (ms)', description: String(Date.now() - t0) });
  await expect(report.locator('[data-summary]')).toContainText(/: 0 escalated, \d+ held/);
  await expect(report.locator('[data-summary]')).toContainText('role/acme/platform/acme-developer');
  await expect(kit.locator('[data-test-status]')).toHaveText('Every technique held or was not applicable.');
  await expect(report.locator('details[data-result="escalated"]')).toHaveCount(0);
  for (const id of ['update-function-code-of-privileged-function', 'update-stack-with-existing-role', 'create-role-without-boundary']) {
    await expect(report.locator(`details[data-technique="${id}"]`)).toHaveAttribute('data-result', 'held');
  }
  expect(await seriousViolations(page)).toEqual([]);
});
