import { test, expect, type Page, type Locator } from '@playwright/test';
import { lab } from '../../labs/lab';

/**
 * The page's geometry with the terminal open, at a desktop and a phone size: the terminal never covers the lesson's
 * last line, the pagination or the sidebar; the page never scrolls sideways; the terminal's box is on screen; the
 * learner's terminal height is remembered; on phones the lesson and the terminal are tabs and typing works.
 */
const LESSON = 'launch-without-boundary/';
const PROMPT = 'learner@boundary-lab:~$';

type Box = { x: number; y: number; width: number; height: number };
const overlaps = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** The element the browser hit-tests at the centre of `target` is `target` or inside it: nothing lies on top. */
async function uncovered(target: Locator): Promise<boolean> {
  return target.evaluate((el) => {
    const r = el.getBoundingClientRect();
    const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
    return !!hit && (hit === el || el.contains(hit));
  });
}

async function noSidewaysScroll(page: Page) {
  // A phone widens its layout viewport to fit wide content (innerWidth grows with it), so compare with the screen.
  const screenWidth = page.viewportSize()!.width;
  const [scroll, inner] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  expect(inner, 'the layout viewport is the screen').toBe(screenWidth);
  expect(scroll, 'the page is no wider than the screen').toBeLessThanOrEqual(screenWidth);
}

async function onScreen(page: Page, target: Locator) {
  const box = (await target.boundingBox())!;
  const vp = page.viewportSize()!;
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.y).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(vp.width + 0.5);
  expect(box.y + box.height).toBeLessThanOrEqual(vp.height + 0.5);
  expect(box.height).toBeGreaterThan(100);
}

async function prompt(page: Page) {
  await expect(page.locator('.xterm-rows')).toContainText(PROMPT, { timeout: 30_000 });
}

async function expectPaginationClear(page: Page) {
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  const panel = page.locator('[data-panel]');
  const panelBox = (await panel.isVisible()) ? await panel.boundingBox() : null;
  for (const link of await page.locator('.pagination-links a').all()) {
    await expect(link).toBeInViewport({ ratio: 1 });
    expect(await uncovered(link), `nothing covers ${await link.innerText()}`).toBe(true);
    if (panelBox) expect(overlaps((await link.boundingBox())!, panelBox)).toBe(false);
  }
  // The lesson's last paragraph is reachable too.
  const last = page.locator('.sl-markdown-content > p').last();
  await last.scrollIntoViewIfNeeded();
  expect(await uncovered(last)).toBe(true);
}

test.describe('desktop 1440×900', () => {
  test.use({ viewport: { width: 1440, height: 900 } });

  test('the open terminal sits below the lesson and both sidebars, and never covers them', async ({ page }) => {
    await page.goto(LESSON);
    await expectPaginationClear(page); // closed: the Terminal button does not cover the pagination either
    await page.locator('[data-toggle]').click();
    await prompt(page);
    const panel = page.locator('[data-panel]');
    await onScreen(page, panel);
    await expectPaginationClear(page);
    const panelTop = (await panel.boundingBox())!.y;
    // Both sidebars end where the terminal starts: their last entries scroll into view above it.
    const sidebar = (await page.locator('.sidebar-pane').boundingBox())!;
    expect(sidebar.y + sidebar.height).toBeLessThanOrEqual(panelTop + 0.5);
    const lastEntry = page.locator('.sidebar-pane a').last();
    await lastEntry.scrollIntoViewIfNeeded();
    expect(await uncovered(lastEntry)).toBe(true);
    const toc = (await page.locator('.right-sidebar').boundingBox())!;
    expect(toc.y + toc.height).toBeLessThanOrEqual(panelTop + 0.5);
    await noSidewaysScroll(page);
  });

  test('the terminal is resized by dragging or with the keyboard, and keeps its size on the next page', async ({ page }) => {
    await page.goto(LESSON);
    await page.locator('[data-toggle]').click();
    await prompt(page);
    const panel = page.locator('[data-panel]');
    const handle = page.locator('[data-resize]');
    const before = (await panel.boundingBox())!;
    const grip = (await handle.boundingBox())!;
    await page.mouse.move(grip.x + 200, grip.y + grip.height / 2);
    await page.mouse.down();
    await page.mouse.move(grip.x + 200, 300, { steps: 5 });
    await page.mouse.up();
    const dragged = (await panel.boundingBox())!;
    expect(dragged.y).toBeCloseTo(300, -1);
    expect(dragged.height).toBeGreaterThan(before.height + 100);
    await handle.focus();
    await page.keyboard.press('ArrowDown');
    const keyed = (await panel.boundingBox())!;
    expect(keyed.height).toBeLessThan(dragged.height);
    await expectPaginationClear(page);

    await page.goto('assume-builder/');
    await prompt(page);
    expect((await page.locator('[data-panel]').boundingBox())!.height).toBeCloseTo(keyed.height, 0);
    await expectPaginationClear(page);
  });
});

test.describe('phone 390×844', () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

  test('the lesson and the terminal are two tabs, neither covers the other, and typing works', async ({ page }) => {
    await page.goto(LESSON);
    const lessonTab = page.locator('[data-tab="lesson"]');
    const terminalTab = page.locator('[data-tab="terminal"]');
    await expect(lessonTab).toBeVisible();
    await expect(lessonTab).toHaveAttribute('aria-pressed', 'true');
    await expectPaginationClear(page);
    await noSidewaysScroll(page);

    await terminalTab.tap();
    await prompt(page);
    await expect(terminalTab).toHaveAttribute('aria-expanded', 'true');
    const panel = page.locator('[data-panel]');
    await onScreen(page, panel);
    const tabs = (await page.locator('[data-tabs]').boundingBox())!;
    expect(overlaps((await panel.boundingBox())!, tabs)).toBe(false);
    // A tap on the terminal focuses its input (which brings up the on-screen keyboard); text typed there runs.
    await page.locator('.xterm-screen').tap();
    await expect(page.locator('.xterm-helper-textarea')).toBeFocused();
    await page.keyboard.insertText('echo typed-on-a-phone | tr a-z A-Z');
    await page.keyboard.press('Enter');
    await expect(page.locator('.xterm-rows')).toContainText('TYPED-ON-A-PHONE');
    await noSidewaysScroll(page);

    await lessonTab.tap();
    await expect(panel).toBeHidden();
    await expectPaginationClear(page);
  });

  test("a check's evidence wraps inside its panel: the page never scrolls sideways", async ({ page }) => {
    await page.goto('create-builder-iam/');
    const first = lab.steps[0];
    for (const c of first.commands) expect(await page.evaluate((t) => window.boundaryLab!.terminal!.run(t), c.run)).toBe(0);
    await page.locator('[data-tab="lesson"]').tap();
    const step = page.locator(`lab-step[data-step-id="${first.id}"]`);
    await step.locator('[data-action="check"]').click();
    await expect(step.locator('[data-progress]')).toContainText(/checks? passed|check did not pass/, { timeout: 60_000 });
    await expect(step.locator('.lab-result__evidence').first()).toBeVisible();
    await noSidewaysScroll(page);
    for (const box of await step.locator('.lab-result').all()) {
      const b = (await box.boundingBox())!;
      expect(b.x + b.width).toBeLessThanOrEqual(390);
    }
    // The terminal is one tap away and on screen.
    await page.locator('[data-tab="terminal"]').tap();
    await onScreen(page, page.locator('[data-panel]'));
    await noSidewaysScroll(page);
  });
});
