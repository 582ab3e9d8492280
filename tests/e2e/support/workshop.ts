/** Walking the workshop through the lesson pages, as a learner does; shared by the sandbox and live-mode specs. */
import { expect, type Page } from '@playwright/test';
import { blogSteps, lab, SANDBOX_ONLY_LESSONS } from '../../../labs/lab';

const sameForBash = (s: string) => s.replace(/\\\n[ \t]+/g, '\\\n').trim();

/** Opens the terminal panel and waits for the prompt. */
export async function openTerminal(page: Page) {
  const toggle = page.locator('[data-boundary-lab-terminal] [data-toggle]');
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  await expect(page.locator('.xterm-rows')).toContainText('learner@boundary-lab', { timeout: 30_000 });
}

/** Clicks the Run button of the lesson's code block that shows exactly `command`; resolves with its exit status. */
export async function runFromLesson(page: Page, command: string): Promise<number> {
  const index = await page.evaluate((want) => {
    const norm = (s: string) => s.replace(/\\\n[ \t]+/g, '\\\n').trim();
    const frames = [...document.querySelectorAll('figure.has-lab-run')];
    return frames.findIndex((f) => {
      const lines = [...f.querySelectorAll('pre .ec-line')].map((l) => (l as HTMLElement).innerText.replace(/\n$/, ''));
      return norm(lines.join('\n')) === want;
    });
  }, sameForBash(command));
  expect(index, `a Run button for: ${command}`).toBeGreaterThanOrEqual(0);
  const finished = page.evaluate(
    () => new Promise<number>((resolve) => {
      const off = (window as any).boundaryLab.terminal.onCommandFinished((e: { exitCode: number; local: boolean }) => {
        off();
        resolve(e.exitCode);
      });
    }),
  );
  await page.locator('figure.has-lab-run').nth(index).locator('.lab-run').click();
  return finished;
}

export async function pressCheck(page: Page, stepId: string) {
  const step = page.locator(`lab-step[data-step-id="${stepId}"]`);
  await expect(step.locator('[data-action="check"]')).toBeEnabled({ timeout: 30_000 });
  await step.locator('[data-action="check"]').click();
  await expect(step.locator('[data-progress]')).toContainText(/checks? passed|check did not pass|Could not finish/, { timeout: 60_000 });
  return step;
}

/** The editor way of adding the SneakyBuilder statement (instead of the lab's jq one-liner). */
export async function addSneakyStatementInEditor(page: Page) {
  // The edit command's own "finished" comes after Save: wait for it here, or the next Run button's listener would
  // take it for its command's (exit status 0 for a command that failed).
  await page.evaluate(() => {
    (window as any).__editFinished = new Promise<number>((resolve) => {
      const off = (window as any).boundaryLab.terminal.onCommandFinished((e: { command: string; exitCode: number }) => {
        if (!/^edit\b/.test(e.command.trim())) return;
        off();
        resolve(e.exitCode);
      });
    });
  });
  await page.locator('.xterm-helper-textarea').focus();
  await page.keyboard.type('edit builder-policy.json');
  await page.keyboard.press('Enter');
  const editor = page.locator('[data-editor]');
  await expect(editor).toBeVisible();
  const content = editor.locator('.cm-content');
  await content.click();
  await page.keyboard.press('Control+Home');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('End');
  await page.keyboard.insertText('\n    {"Sid": "SneakyBuilder", "Effect": "Allow", "Action": "*", "Resource": "*"},');
  await editor.locator('[data-editor-save]').click();
  await expect(editor).toBeHidden();
  expect(await page.evaluate(() => (window as any).__editFinished)).toBe(0);
}


/**
 * Every step of the lab: Check fails with a hint first, each command goes in through the lesson's Run button (the
 * SneakyBuilder statement through the editor), then Check passes. `prefix` is prepended to lesson paths; `reloadAt`
 * reloads the page before that step; `live` skips the fails-first probe where CloudTrail would keep it waiting.
 */
export async function walkWorkshop(
  page: Page,
  opts: { prefix?: string; reloadAt?: string; live?: boolean; lab?: typeof lab } = {},
): Promise<string[]> {
  // Live mode does not run the sandbox-only lessons (labs/lab.ts).
  const blogIds = new Set(blogSteps().map((s) => s.id));
  const steps = (opts.lab ?? lab).steps.filter((s) => !opts.live || !SANDBOX_ONLY_LESSONS.includes(s.lesson));
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  let lesson = '';
  for (const step of steps) {
    if (step.lesson !== lesson) {
      lesson = step.lesson;
      await page.goto(`${opts.prefix ?? ''}${lesson}/`);
      await openTerminal(page);
    }
    // Reload in the middle of the workshop: the sandbox, the shell's variables and the terminal come back.
    if (step.id === opts.reloadAt) {
      await page.reload();
      await openTerminal(page);
    }
    // In live mode a CloudTrail check waits minutes for events AWS has not delivered yet, so the "fails first" probe
    // is left to the sandbox run for those steps.
    const slowBefore = opts.live && step.checks.some((c) => c.kind.startsWith('cloudTrail'));
    const before = slowBefore ? undefined : await pressCheck(page, step.id);
    if (before && step.id !== 'read-function-log') {
      await expect(before.locator('.lab-result[data-pass="false"]').first(), `${step.id} fails before it is done`).toBeVisible();
      await expect(before.locator('.lab-result__hint').first()).toContainText('Hint:');
    }
    for (const command of step.commands) {
      if (step.id === 'change-builder-policy' && command.run.startsWith('jq ')) {
        await addSneakyStatementInEditor(page);
        continue;
      }
      const status = await runFromLesson(page, command.run);
      if (command.expect === 'failure') expect(status, command.run).not.toBe(0);
      else expect(status, command.run).toBe(0);
      // Only the terminal's visible rows can be read here, and a long answer (the Going further lessons' JSON) scrolls
      // past them: those outputs, and live mode's, are compared in full by tests/unit/workshop (lesson-output,
      // workshop) and src/lib/live/walk.test.ts.
      const visible = !opts.live && blogIds.has(step.id);
      if (command.shows && visible) await expect(page.locator('.xterm-rows')).toContainText(command.shows.slice(0, 60));
    }
    const after = await pressCheck(page, step.id);
    await expect(after.locator('.lab-result[data-pass="false"]'), `${step.id} passes after it is done`).toHaveCount(0);
    await expect(after.locator('[data-progress]')).toContainText('passed');
  }
  // Every lesson with steps is ticked in the sidebar.
  await page.goto(`${opts.prefix ?? ''}clean-up/`);
  for (const slug of new Set(steps.map((s) => s.lesson))) {
    await expect(page.locator(`nav[aria-label="Main"] a[href$="/${slug}/"]`)).toContainText('✓');
  }
  return errors;
}
