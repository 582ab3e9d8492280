import { test, expect, type Page } from '@playwright/test';

/**
 * The "Why denied?" picture stays legible from a phone to a desktop, in both themes: no label leaves the picture,
 * no two labels overlap, the text is not tiny, and a screen reader gets the same facts as words.
 */
const explanation = (region: string, hasBoundary = true) => ({
  action: 'iam:CreatePolicyVersion',
  resource: 'arn:aws:iam::111122223333:policy/builder_policies/builder',
  principal: 'arn:aws:sts::111122223333:assumed-role/builder/builder-test',
  decision: 'ImplicitDeny',
  decidingPolicyType: 'identity-based',
  sentence: 'User: … is not authorized to perform: iam:CreatePolicyVersion on resource: policy … because no identity-based policy allows the iam:CreatePolicyVersion action',
  hasBoundary,
  region,
  sections: [{ policyType: 'identity-based', decision: 'ImplicitDeny', statements: [] }],
  missingContextValues: [],
});

async function show(page: Page, detail: unknown) {
  await page.evaluate((d) => window.dispatchEvent(new CustomEvent('boundary-lab:explain', { detail: d })), detail);
  await expect(page.getByRole('dialog', { name: 'Why denied?' })).toBeVisible();
}

async function labelBoxes(page: Page) {
  return page.locator('.lab-explain__picture svg').evaluate((svg) => {
    const outer = svg.getBoundingClientRect();
    const texts = [...svg.querySelectorAll('text')].map((t) => {
      const r = t.getBoundingClientRect();
      const size = parseFloat(getComputedStyle(t).fontSize) * (outer.width / 360);
      return { text: t.textContent ?? '', x: r.x, y: r.y, right: r.right, bottom: r.bottom, size };
    });
    return { outer: { x: outer.x, y: outer.y, right: outer.right, bottom: outer.bottom }, texts };
  });
}

for (const width of [360, 1440]) {
  for (const theme of ['light', 'dark']) {
    test(`the picture's labels fit and do not overlap at ${width} px (${theme})`, async ({ page }) => {
      await page.setViewportSize({ width, height: 800 });
      await page.addInitScript((t) => localStorage.setItem('starlight-theme', t), theme);
      await page.goto('escalation-builder-policy/');
      for (const [region, boundary] of [['outside-identity', false], ['neither', true], ['identity-only', true], ['boundary-only', true]] as const) {
        await show(page, explanation(region, boundary));
        const { outer, texts } = await labelBoxes(page);
        expect(texts.length).toBeGreaterThanOrEqual(2);
        for (const t of texts) {
          expect(t.x, `${t.text} starts inside`).toBeGreaterThanOrEqual(outer.x - 0.5);
          expect(t.right, `${t.text} ends inside`).toBeLessThanOrEqual(outer.right + 0.5);
          expect(t.y).toBeGreaterThanOrEqual(outer.y - 0.5);
          expect(t.bottom).toBeLessThanOrEqual(outer.bottom + 0.5);
          expect(t.size, `${t.text} is readable`).toBeGreaterThanOrEqual(9);
        }
        for (const [i, a] of texts.entries()) {
          for (const b of texts.slice(i + 1)) {
            const apart = a.right <= b.x || b.right <= a.x || a.bottom <= b.y || b.bottom <= a.y;
            expect(apart, `"${a.text}" and "${b.text}" do not overlap`).toBe(true);
          }
        }
        const svg = page.locator('.lab-explain__picture svg');
        await expect(svg).toHaveAttribute('role', 'img');
        await expect(svg.locator('desc')).toHaveText(/identity-based policy/);
        await page.keyboard.press('Escape');
      }
    });
  }
}
