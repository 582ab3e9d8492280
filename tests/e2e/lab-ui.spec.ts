import { test, expect, type Page } from '@playwright/test';
import { lessons } from '../../labs/lessons.mjs';
import { lab } from '../../labs/lab';
import { checkLabel } from '../../src/components/lab/check-label';

/**
 * The lesson components against the page-level contract (window.boundaryLab), which the tests fake here: the real
 * terminal and sandbox come with the lead's wiring and the end-to-end workshop test.
 */

/** Collects console errors and uncaught exceptions; every test ends by expecting none. */
function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(msg.text());
  });
  page.on('pageerror', (err) => errors.push(err.message));
  return errors;
}

/** A fake window.boundaryLab that records what the components ask of it. */
async function fakeBoundaryLab(page: Page, mode: 'sandbox' | 'live' = 'sandbox') {
  await page.addInitScript((mode) => {
    const calls: unknown[][] = [];
    const w = window as unknown as Record<string, unknown>;
    w.__calls = calls;
    const fake = {
      terminal: {
        run: async (text: string) => (calls.push(['run', text]), 0),
        focus: () => calls.push(['focus']),
        onCommandFinished: () => {},
      },
      lab: {
        mode,
        checkStep: async (id: string, opts: { onProgress?: (m: string) => void }) => {
          calls.push(['checkStep', id]);
          opts.onProgress?.('Waiting for CloudTrail (events can take minutes)…');
          // Long enough for the test to see the progress line on a loaded machine.
          await new Promise((r) => setTimeout(r, 1500));
          return [
            { label: 'first', pass: true, summary: 'Found it.', evidence: [{ label: 'StackStatus', value: 'CREATE_COMPLETE' }] },
            { label: 'second', pass: false, summary: 'Not found.', evidence: [{ label: 'Event', value: 'none' }], hint: 'Run the command as the builder.' },
          ];
        },
        solve: async (id: string, onProgress: (m: string) => void) => {
          calls.push(['solve', id]);
          onProgress('Solving…');
          return { ok: true, results: [{ label: 'only', pass: true, summary: 'Solved it.', evidence: [] }] };
        },
        cleanUp: async (onProgress: (steps: unknown[]) => void) => {
          calls.push(['cleanUp']);
          const steps = [
            { id: 'application-stack', label: 'Delete the builder-application stack', status: 'running' },
            { id: 'sneaky-policy', label: 'Delete sneaky-policy', status: 'pending' },
          ];
          onProgress(steps);
          await new Promise((r) => setTimeout(r, 200));
          const done = [
            { id: 'application-stack', label: 'Delete the builder-application stack', status: 'done' },
            { id: 'sneaky-policy', label: 'Delete sneaky-policy', status: 'skipped', detail: 'already gone' },
          ];
          onProgress(done);
          return { steps: done, verification: [{ pass: true, summary: 'gone', evidence: [] }] };
        },
      },
      explainLast: async () => undefined,
      resetSandbox: async () => void calls.push(['resetSandbox']),
    };
    // The page's real terminal assigns window.boundaryLab and its members: the fake ignores both.
    const sealed = new Proxy(fake, { set: () => true, defineProperty: () => true });
    Object.defineProperty(window, 'boundaryLab', { get: () => sealed, set: () => {}, configurable: false });
  }, mode);
}

/** The page as it is before the terminal has loaded: window.boundaryLab never appears. */
async function noTerminal(page: Page) {
  await page.addInitScript(() => Object.defineProperty(window, 'boundaryLab', { get: () => undefined, set: () => {}, configurable: false }));
}

const calls = (page: Page) => page.evaluate(() => (window as unknown as { __calls: unknown[][] }).__calls);

const explanation = {
  action: 'iam:CreateRole',
  resource: 'arn:aws:iam::111122223333:role/builder-application-MyLambdaFunctionExecutionRole-ABC',
  principal: 'arn:aws:sts::111122223333:assumed-role/builder/builder-test',
  decision: 'ImplicitDeny',
  decidingPolicyType: 'identity-based',
  sentence:
    'User: arn:aws:sts::111122223333:assumed-role/builder/builder-test is not authorized to perform: iam:CreateRole on resource: arn:aws:iam::111122223333:role/builder-application-MyLambdaFunctionExecutionRole-ABC because no identity-based policy allows the iam:CreateRole action',
  hasBoundary: false,
  region: 'outside-identity',
  sections: [
    {
      policyType: 'identity-based',
      decision: 'ImplicitDeny',
      statements: [
        {
          policy: 'arn:aws:iam::111122223333:policy/builder_policies/builder',
          sid: 'CreateRoles',
          effect: 'Allow',
          matched: 'action iam:CreateRole, resource arn:aws:iam::111122223333:role/application_roles/*',
          conditions: ['StringEquals iam:PermissionsBoundary: policy ["arn:aws:iam::111122223333:policy/permissions_boundaries/application-boundary"] vs request (absent) → no match'],
        },
      ],
    },
  ],
  missingContextValues: [],
};

test('Run buttons sit on bash blocks only and carry the exact text shown', async ({ page }) => {
  const errors = watchErrors(page);
  await noTerminal(page);
  for (const lesson of lessons) {
    await page.goto(`${lesson.slug}/`);
    const frames = await page.locator('.expressive-code figure').evaluateAll((figs) =>
      figs.map((f) => ({
        language: f.querySelector('pre')?.getAttribute('data-language'),
        run: f.querySelector<HTMLButtonElement>(':scope > .lab-run')?.dataset.command ?? null,
        copy: f.querySelector<HTMLButtonElement>('.copy button')?.dataset.code?.replace(/\u007f/g, '\n') ?? null,
      })),
    );
    for (const f of frames) {
      if (f.language === 'bash') expect(f.run, `${lesson.slug}: a bash block`).toBe(f.copy);
      else expect(f.run, `${lesson.slug}: a ${f.language} block`).toBeNull();
    }
  }
  await page.goto('create-builder-iam/');
  const run = page.locator('.lab-run').nth(1);
  await expect(run).toHaveAttribute(
    'data-command',
    'aws cloudformation create-stack \\\n  --stack-name builder-iam \\\n  --template-body file://labs/builder-iam.json \\\n  --capabilities CAPABILITY_NAMED_IAM',
  );
  // Before the terminal exists the buttons say so and do nothing.
  await expect(run).toBeDisabled();
  await expect(run).toHaveText('Terminal loading…');
  expect(errors).toEqual([]);
});

test('a Run button types its block into the terminal', async ({ page }) => {
  const errors = watchErrors(page);
  await fakeBoundaryLab(page);
  await page.goto('assume-builder/');
  const run = page.getByRole('button', { name: 'Run in terminal' }).first();
  await expect(run).toBeEnabled();
  await run.focus();
  await page.keyboard.press('Enter');
  await expect.poll(() => calls(page)).toContainEqual(['run', await run.getAttribute('data-command')]);
  const text = (await calls(page)).find((c) => c[0] === 'run')![1] as string;
  expect(text.split('\n')).toHaveLength(8);
  expect(text).toMatch(/^export AWS_DEFAULT_OUTPUT="json"; \\\nrole=builder; \\\n/);
  expect(text).not.toMatch(/^\$ /m);
  expect(errors).toEqual([]);
});

test('every step panel lists its checks, and the panels wait for the terminal', async ({ page }) => {
  const errors = watchErrors(page);
  await noTerminal(page);
  for (const step of lab.steps) {
    await page.goto(`${step.lesson}/`);
    const panel = page.locator(`lab-step[data-step-id="${step.id}"]`);
    await expect(panel).toHaveCount(1);
    await expect(panel.locator('.lab-step__title')).toContainText(step.title);
    await expect(panel.locator('.lab-step__checks > li')).toHaveText(step.checks.map(checkLabel));
    await expect(panel.getByRole('button', { name: 'Check' })).toBeDisabled();
    await expect(panel.getByText('Terminal loading…')).toBeVisible();
  }
  expect(errors).toEqual([]);
});

test('Check shows progress, then pass or fail with the evidence and the hint', async ({ page }) => {
  const errors = watchErrors(page);
  await fakeBoundaryLab(page);
  await page.goto('escalation-builder-policy/');
  const panel = page.locator('lab-step[data-step-id="change-builder-policy"]');
  await panel.getByRole('button', { name: 'Check' }).click();
  const results = panel.locator('[data-results]');
  await expect(results).toHaveAttribute('aria-live', 'polite');
  await expect(results).toContainText('Waiting for CloudTrail');
  await expect(results).toContainText('1 of 2 checks passed.');
  const [first, second] = [results.locator('.lab-result').nth(0), results.locator('.lab-result').nth(1)];
  await expect(first).toContainText(`Passed ${checkLabel(lab.steps.find((s) => s.id === 'change-builder-policy')!.checks[0])}`);
  await expect(first.locator('dt')).toHaveText('StackStatus');
  await expect(first.locator('dd')).toHaveText('CREATE_COMPLETE');
  await expect(first).not.toContainText('Hint');
  await expect(second).toContainText('Failed');
  await expect(second).toContainText('Hint: Run the command as the builder.');
  expect(await calls(page)).toContainEqual(['checkStep', 'change-builder-policy']);
  expect(errors).toEqual([]);
});

test('Solve asks first, from the keyboard, then solves the step', async ({ page }) => {
  const errors = watchErrors(page);
  await fakeBoundaryLab(page);
  await page.goto('launch-with-boundary/');
  const panel = page.locator('lab-step[data-step-id="launch-application-2"]');
  const solve = panel.getByRole('button', { name: 'Solve' });
  await solve.focus();
  await page.keyboard.press('Enter');
  await expect(solve).toHaveAttribute('aria-expanded', 'true');
  const confirm = panel.getByRole('group');
  await expect(confirm).toContainText('types this step’s 3 commands into the terminal, after the commands of any of the');
  await expect(panel.getByRole('button', { name: 'Type the commands' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(confirm).toBeHidden();
  await expect(solve).toBeFocused();
  expect(await calls(page)).not.toContainEqual(['solve', 'launch-application-2']);

  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter');
  await expect(panel.locator('[data-results]')).toContainText('Solved. The check passed.');
  expect(await calls(page)).toContainEqual(['solve', 'launch-application-2']);
  expect(errors).toEqual([]);
});

test('the sidebar marks finished lessons from stored progress, live, and Reset clears it', async ({ page }) => {
  const errors = watchErrors(page);
  await page.addInitScript(() => {
    if (sessionStorage.getItem('seeded')) return;
    sessionStorage.setItem('seeded', '1');
    localStorage.setItem('boundary-lab:progress', JSON.stringify({ 'create-builder-iam-stack': 'passed', 'launch-application-1': 'passed' }));
  });
  await page.goto('welcome/');
  const link = (slug: string) => page.locator(`nav[aria-label="Main"] a[href$="/${slug}/"]`);
  await expect(link('create-builder-iam')).toContainText('✓');
  await expect(link('create-builder-iam')).toHaveAccessibleName(/\(done\)$/);
  // One of the lesson's two steps is not enough.
  await expect(link('launch-without-boundary')).not.toContainText('✓');
  await expect(link('assume-builder')).not.toContainText('✓');

  // A step passing elsewhere in the page updates the sidebar at once.
  await page.evaluate(() => {
    localStorage.setItem('boundary-lab:progress', JSON.stringify({ ...JSON.parse(localStorage.getItem('boundary-lab:progress')!), 'assume-builder-role': 'passed' }));
    window.dispatchEvent(new Event('boundary-lab:progress'));
  });
  await expect(link('assume-builder')).toContainText('✓');

  // Persisted across pages.
  await page.goto('concepts/');
  await expect(link('create-builder-iam')).toContainText('✓');

  const reset = page.getByRole('button', { name: 'Reset progress' });
  await reset.focus();
  await page.keyboard.press('Enter');
  await expect(page.locator('.lab-done')).toHaveCount(0);
  await expect(page.getByRole('status').filter({ hasText: 'Progress reset.' })).toBeVisible();
  expect(await page.evaluate(() => localStorage.getItem('boundary-lab:progress'))).toBeNull();
  await page.reload();
  await expect(page.locator('.lab-done')).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('the explain dialog opens from the event and closes with Escape', async ({ page }) => {
  const errors = watchErrors(page);
  await noTerminal(page);
  await page.goto('launch-without-boundary/');
  const opener = page.getByRole('link', { name: 'Skip to content' });
  await opener.focus();
  await page.evaluate((detail) => window.dispatchEvent(new CustomEvent('boundary-lab:explain', { detail })), explanation);
  const dialog = page.getByRole('dialog', { name: 'Why denied?' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('heading', { name: 'Why denied?' })).toBeFocused();
  await expect(dialog).toContainText('Denied (implicit deny): no identity-based policy allows it.');
  await expect(dialog).toContainText(explanation.sentence);
  await expect(dialog.getByRole('img')).toHaveAccessibleName(/iam:CreateRole is denied: no identity-based policy allows it/);
  await expect(dialog.getByRole('heading', { name: 'Identity-based: ImplicitDeny' })).toBeVisible();
  await expect(dialog).toContainText('Allow CreateRoles in arn:aws:iam::111122223333:policy/builder_policies/builder');
  await expect(dialog).toContainText('StringEquals iam:PermissionsBoundary');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(opener).toBeFocused();

  // Without a detail it asks the terminal for the last denied call; before the terminal exists it says so.
  await page.evaluate(() => window.dispatchEvent(new CustomEvent('boundary-lab:explain')));
  await expect(dialog).toContainText('The terminal is still loading.');
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();
  expect(errors).toEqual([]);
});

test('the clean-up panel shows each step, says the account is empty, and resets the sandbox after asking', async ({ page }) => {
  const errors = watchErrors(page);
  await fakeBoundaryLab(page);
  await page.goto('clean-up/');
  const panel = page.locator('lab-cleanup');
  await panel.getByRole('button', { name: 'Clean up the account' }).click();
  await expect(panel.locator('[data-steps] li')).toHaveText(['Done: Delete the builder-application stack', 'Skipped: Delete sneaky-policy — already gone']);
  await expect(panel).toContainText('Clean-up complete: the account holds none of the workshop’s resources.');

  const reset = panel.getByRole('button', { name: 'Reset sandbox' });
  await reset.click();
  await panel.getByRole('button', { name: 'Cancel' }).click();
  await expect(reset).toBeFocused();
  expect(await calls(page)).not.toContainEqual(['resetSandbox']);
  await reset.click();
  await panel.getByRole('button', { name: 'Reset the sandbox' }).click();
  await expect(panel).toContainText('The sandbox is fresh');
  expect(await calls(page)).toContainEqual(['resetSandbox']);
  expect(errors).toEqual([]);
});

test('live mode has no Reset sandbox', async ({ page }) => {
  await fakeBoundaryLab(page, 'live');
  await page.goto('clean-up/');
  await expect(page.getByRole('button', { name: 'Clean up the account' })).toBeEnabled();
  await expect(page.getByRole('button', { name: 'Reset sandbox' })).toHaveCount(0);
});

test('with the sandbox: Check fails with hints, a Run button fixes it, Check passes, the sidebar marks it, Solve goes on', async ({ page }) => {
  test.setTimeout(180_000);
  const errors = watchErrors(page);
  await page.goto('create-builder-iam/');
  const panel = page.locator('lab-step[data-step-id="create-builder-iam-stack"]');
  const progress = panel.locator('.lab-step__progress');
  await panel.getByRole('button', { name: 'Check' }).click();
  await expect(progress).toHaveText('0 of 4 checks passed.', { timeout: 60_000 });
  await expect(panel.locator('.lab-result').first()).toContainText('Hint:');
  // Commands a hint names are code, as in the lesson.
  await expect(panel.locator('.lab-result__hint code', { hasText: 'create-stack' }).first()).toBeVisible();

  const createStack = page.locator('.lab-run').nth(1);
  await expect(createStack).toHaveAttribute('data-command', /^aws cloudformation create-stack/);
  await createStack.click();
  await expect(createStack).toHaveAttribute('title', 'Last run: exit status 0', { timeout: 60_000 });
  await panel.getByRole('button', { name: 'Check' }).click();
  await expect(progress).toHaveText('All 4 checks passed.', { timeout: 60_000 });
  await expect(page.locator('nav[aria-label="Main"] a[href$="/create-builder-iam/"] .lab-done')).toBeVisible();

  await page.goto('assume-builder/');
  const next = page.locator('lab-step[data-step-id="assume-builder-role"]');
  await next.getByRole('button', { name: 'Solve' }).click();
  await next.getByRole('button', { name: 'Type the commands' }).click();
  await expect(next.locator('.lab-step__progress')).toHaveText('Solved. The check passed.', { timeout: 120_000 });
  await expect(page.locator('nav[aria-label="Main"] a[href$="/assume-builder/"] .lab-done')).toBeVisible();
  expect(errors).toEqual([]);
});

test('with the sandbox: the clean-up panel empties the account and Reset sandbox starts afresh', async ({ page }) => {
  test.setTimeout(180_000);
  const errors = watchErrors(page);
  await page.goto('clean-up/');
  const panel = page.locator('lab-cleanup');
  await panel.getByRole('button', { name: 'Clean up the account' }).click();
  await expect(panel.locator('.lab-step__progress')).toHaveText('Clean-up complete: the account holds none of the workshop’s resources.', { timeout: 120_000 });
  // A fresh sandbox holds nothing of the workshop: every deletion is skipped, and the verification is done.
  const statuses = await panel.locator('[data-steps] li').evaluateAll((lis) => lis.map((li) => (li as HTMLElement).dataset.status));
  expect(statuses.slice(0, -1).every((s) => s === 'skipped')).toBe(true);
  expect(statuses.at(-1)).toBe('done');
  await expect(panel.locator('[data-steps] li').last()).toContainText('Done: Verify');

  await panel.getByRole('button', { name: 'Reset sandbox' }).click();
  await panel.getByRole('button', { name: 'Reset the sandbox' }).click();
  await expect(panel.locator('.lab-step__progress')).toHaveText('The sandbox is fresh: a new, empty account.', { timeout: 60_000 });
  expect(errors).toEqual([]);
});
