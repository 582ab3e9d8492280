import { test, expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { lessons } from '../../labs/lessons.mjs';

/**
 * Every lesson page passes axe-core with no serious or critical violation, at desktop width and at 390px (a phone),
 * in both colour themes, and with the lesson components showing results and the "Why denied?" dialog open.
 */
const viewports = [
  { name: 'desktop', width: 1280, height: 800 },
  { name: '390px', width: 390, height: 844 },
];

/** The default rules whose result can change with the colour theme alone; the rest read structure, names and roles. */
const COLOUR_RULES = ['color-contrast', 'link-in-text-block'];

async function seriousViolations(page: Page, only?: string[]) {
  const builder = new AxeBuilder({ page });
  if (only) builder.withRules(only);
  const { violations } = await builder.analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5) }));
}

for (const viewport of viewports) {
  test.describe(viewport.name, () => {
    test.use({ viewport: { width: viewport.width, height: viewport.height } });
    for (const path of ['', ...lessons.map((l) => `${l.slug}/`)]) {
      test(`axe: /${path}, light and dark themes`, async ({ page }) => {
        await page.addInitScript(() => localStorage.setItem('starlight-theme', 'light'));
        await page.goto(path);
        await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
        expect(await seriousViolations(page), 'light theme').toEqual([]);
        // Starlight's theme switch sets this attribute; the colours follow without a reload. Only colours change, so
        // the dark pass runs the colour rules (the whole set took twice as long and found nothing more).
        await page.evaluate(() => (document.documentElement.dataset.theme = 'dark'));
        expect(await seriousViolations(page, COLOUR_RULES), 'dark theme').toEqual([]);
      });
    }
  });
}

test.describe('lesson components in use', () => {
  for (const viewport of viewports) {
    test(`axe with the sandbox terminal open (${viewport.name})`, async ({ page }) => {
      await page.setViewportSize({ width: viewport.width, height: viewport.height });
      await page.goto('create-builder-iam/');
      const run = page.getByRole('button', { name: 'Run in terminal' }).first();
      await run.click();
      await expect(run).toHaveAttribute('title', /^Last run: exit status/, { timeout: 60_000 });
      expect(await seriousViolations(page)).toEqual([]);
    });
  }

  for (const viewport of viewports) {
    test(`axe with results, the clean-up list and the explain dialog (${viewport.name})`, async ({ page }) => {
      await page.setViewportSize({ width: viewport.width, height: viewport.height });
      await page.addInitScript(() => {
        const result = (pass: boolean) => ({
          label: 'x',
          pass,
          summary: pass ? 'Found it.' : 'Not found.',
          evidence: [{ label: 'StackStatus', value: 'ROLLBACK_COMPLETE' }],
          hint: 'Run the command as the builder.',
        });
        const fake = {
          terminal: { run: async () => 0, focus() {}, onCommandFinished() {} },
          lab: {
            mode: 'sandbox',
            checkStep: async () => [result(true), result(false)],
            cleanUp: async () => ({
              steps: [
                { id: 'application-stack', label: 'Delete the builder-application stack', status: 'done' },
                { id: 'sneaky-policy', label: 'Delete sneaky-policy', status: 'failed', detail: 'DeleteConflict: attached' },
              ],
              verification: [result(false)],
            }),
          },
          explainLast: async () => undefined,
          resetSandbox() {},
        };
        // The page's real terminal assigns window.boundaryLab and its members: the fake ignores both.
        const sealed = new Proxy(fake, { set: () => true, defineProperty: () => true });
        Object.defineProperty(window, 'boundaryLab', { get: () => sealed, set: () => {}, configurable: false });
      });
      await page.goto('clean-up/');
      for (const check of await page.getByRole('button', { name: 'Check' }).all()) await check.click();
      await page.getByRole('button', { name: 'Clean up the account' }).click();
      await page.getByRole('button', { name: 'Solve' }).first().click();
      await page.getByRole('button', { name: 'Reset sandbox' }).click();
      await expect(page.locator('.lab-result').first()).toBeVisible();
      await expect(page.locator('lab-cleanup')).toContainText('Clean-up is not complete');
      expect(await seriousViolations(page)).toEqual([]);

      await page.evaluate(() =>
        window.dispatchEvent(
          new CustomEvent('boundary-lab:explain', {
            detail: {
              action: 's3:CreateBucket',
              resource: 'arn:aws:s3:::builder-application-bucket',
              principal: 'arn:aws:sts::111122223333:assumed-role/builder-application-MyLambdaFunctionExecutionRole-ABC/fn',
              decision: 'ImplicitDeny',
              decidingPolicyType: 'permissions boundary',
              sentence: 'User: … is not authorized to perform: s3:CreateBucket on resource: "arn:aws:s3:::builder-application-bucket" because no permissions boundary allows the s3:CreateBucket action',
              hasBoundary: true,
              region: 'identity-only',
              sections: [
                { policyType: 'identity-based', decision: 'Allowed', statements: [{ policy: 'inline', sid: 'CreateBucket', effect: 'Allow', matched: 'action s3:CreateBucket, resource *', conditions: [] }] },
                { policyType: 'permissions boundary', decision: 'ImplicitDeny', statements: [] },
              ],
              missingContextValues: [],
            },
          }),
        ),
      );
      await expect(page.getByRole('dialog', { name: 'Why denied?' })).toBeVisible();
      expect(await seriousViolations(page)).toEqual([]);
    });
  }
});
