import { test, expect, type Page } from '@playwright/test';

// The terminal on a lesson page: typing into the real xterm, the shell and the sandbox in the shared worker.
const LESSON = 'assume-builder/';
const OTHER_LESSON = 'verify-application/';
const PROMPT = 'learner@boundary-lab:~$';

/** The terminal's visible text, one line per row. */
async function screen(page: Page): Promise<string> {
  return page.locator('.xterm-rows').evaluate((el) => [...el.children].map((r) => (r.textContent ?? '').replace(/\u00a0/g, ' ')).join('\n'));
}

async function openTerminal(page: Page, path = LESSON) {
  await page.goto(path);
  const toggle = page.locator('[data-toggle]');
  if (await toggle.isVisible()) await toggle.click();
  await expect.poll(() => screen(page), { timeout: 20_000 }).toContain(PROMPT);
  await page.locator('.xterm').click();
}

async function typeLine(page: Page, text: string) {
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}

/** Run through the client API and wait for the command to finish. */
async function run(page: Page, text: string): Promise<number> {
  return page.evaluate((t) => window.boundaryLab!.terminal!.run(t), text);
}

test('the blog assume-role block runs as pasted, and aws sees the builder session', async ({ page }) => {
  await openTerminal(page);
  const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 'sts:AssumeRole' }] });
  expect(await run(page, `aws iam create-role --role-name builder --assume-role-policy-document '${trust}' > /dev/null`)).toBe(0);
  const block = [
    'export AWS_DEFAULT_OUTPUT="json"; \\',
    'role=builder; \\',
    'aws_role=$(aws iam get-role --role-name $role); \\',
    `role_arn=$(echo $aws_role|jq '.Role.Arn'|tr -d '"'); \\`,
    'aws_credentials=$(aws sts assume-role --role-arn $role_arn --role-session-name builder-test); \\',
    `export AWS_ACCESS_KEY_ID=$(echo $aws_credentials|jq '.Credentials.AccessKeyId'|tr -d '"'); \\`,
    `export AWS_SECRET_ACCESS_KEY=$(echo $aws_credentials|jq '.Credentials.SecretAccessKey'|tr -d '"'); \\`,
    `export AWS_SESSION_TOKEN=$(echo $aws_credentials|jq '.Credentials.SessionToken'|tr -d '"')`,
  ].join('\n');
  expect(await run(page, block)).toBe(0);
  await expect.poll(() => screen(page)).toContain('> role=builder; \\');
  expect(await run(page, 'aws sts get-caller-identity')).toBe(0);
  await expect.poll(() => screen(page)).toContain('assumed-role/builder/builder-test');
});

test('multi-line input asks for more with PS2 and runs the whole command', async ({ page }) => {
  await openTerminal(page);
  await typeLine(page, 'echo one \\');
  await expect.poll(() => screen(page)).toMatch(/^> *$/m);
  await typeLine(page, 'two | tr a-z A-Z');
  await expect.poll(() => screen(page)).toContain('ONE TWO');
  await typeLine(page, "cat <<EOF");
  await typeLine(page, '  kept $HOME');
  await typeLine(page, 'EOF');
  await expect.poll(() => screen(page)).toContain('  kept /home/learner');
});

test('Ctrl-C interrupts a running command and drops a half-typed line', async ({ page }) => {
  await openTerminal(page);
  await typeLine(page, 'sleep 60; echo $((6*7))-reached');
  await page.waitForTimeout(300);
  await page.keyboard.press('Control+C');
  await expect.poll(() => screen(page)).toContain('^C');
  await page.keyboard.type('half typed');
  await page.keyboard.press('Control+C');
  await typeLine(page, 'echo after');
  await expect.poll(() => screen(page)).toContain('after');
  expect(await screen(page)).not.toContain('42-reached');
});

test('history: Up recalls, Ctrl-R searches, and both survive a reload', async ({ page }) => {
  await openTerminal(page);
  await typeLine(page, 'echo first-entry');
  await typeLine(page, 'echo second-entry');
  await expect.poll(() => screen(page)).toContain('second-entry\n');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('Enter');
  await expect.poll(async () => (await screen(page)).split('first-entry').length - 1).toBe(4);
  await page.reload();
  await expect.poll(() => screen(page), { timeout: 20_000 }).toContain('second-entry');
  await page.locator('.xterm').click();
  await page.keyboard.press('Control+R');
  await page.keyboard.type('second');
  await expect.poll(() => screen(page)).toContain("(reverse-i-search)`second': echo second-entry");
  await page.keyboard.press('Enter');
  await expect.poll(async () => (await screen(page)).split('second-entry').length - 1).toBeGreaterThanOrEqual(4);
});

test('Tab completes aws services, operations, options and file paths', async ({ page }) => {
  await openTerminal(page);
  await page.keyboard.type('aws cloudf');
  await page.keyboard.press('Tab');
  await page.keyboard.type('describe-stack-e');
  await page.keyboard.press('Tab');
  await page.keyboard.type('--stack-n');
  await page.keyboard.press('Tab');
  await expect.poll(() => screen(page)).toContain('aws cloudformation describe-stack-events --stack-name ');
  await page.keyboard.press('Control+U');
  await page.keyboard.type('cat labs/builder-i');
  await page.keyboard.press('Tab');
  await expect.poll(() => screen(page)).toContain('cat labs/builder-iam.json ');
});

test('edit opens the editor with JSON validation, and Save writes the file', async ({ page }) => {
  await openTerminal(page);
  await typeLine(page, 'echo "{}" > policy.json');
  await typeLine(page, 'edit policy.json');
  const dialog = page.locator('dialog[data-editor]');
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('/home/learner/policy.json');
  const content = dialog.locator('.cm-content');
  await content.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.type('{"Sid": "SneakyBuilder",');
  await expect(dialog.locator('[data-editor-status]')).toContainText('problem');
  await page.keyboard.press('Control+A');
  await page.keyboard.type('{"Sid": "SneakyBuilder"}');
  await expect(dialog.locator('[data-editor-status]')).toContainText('Valid JSON');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toBeHidden();
  await page.locator('.xterm').click();
  await typeLine(page, 'cat policy.json');
  await expect.poll(() => screen(page)).toContain('"SneakyBuilder"');
});

test('a reload brings back variables, files and the scrollback', async ({ page }) => {
  await openTerminal(page);
  expect(await run(page, 'aws iam create-user --user-name survivor > /dev/null; export KEEP=kept-value; mkdir -p work; cd work; echo saved-text > f.txt; echo marker-before-reload')).toBe(0);
  await page.reload();
  await expect.poll(() => screen(page), { timeout: 20_000 }).toContain('marker-before-reload');
  expect(await run(page, 'echo "$KEEP $(cat f.txt) $(pwd)"; aws iam get-user --user-name survivor --query User.Arn --output text')).toBe(0);
  await expect.poll(() => screen(page)).toContain('kept-value saved-text /home/learner/work\narn:aws:iam::123456789012:user/survivor');
});

test('two lesson pages share one sandbox', async ({ page, context }) => {
  await openTerminal(page);
  expect(await run(page, 'aws iam create-user --user-name shared-user > /dev/null; export SHARED=from-first-page')).toBe(0);
  const second = await context.newPage();
  await openTerminal(second, OTHER_LESSON);
  expect(await run(second, 'aws iam get-user --user-name shared-user | jq -r .User.UserName; echo $SHARED')).toBe(0);
  await expect.poll(() => screen(second)).toContain('shared-user\nfrom-first-page');
  // The first page sees the command the second one ran.
  await expect.poll(() => screen(page)).toContain('from-first-page');
});

test('Reset sandbox asks first, then brings back a fresh account and home', async ({ page }) => {
  await openTerminal(page);
  expect(await run(page, 'aws iam create-user --user-name doomed > /dev/null; echo x > junk.txt')).toBe(0);
  page.once('dialog', (d) => void d.accept());
  await page.getByRole('button', { name: 'Reset sandbox' }).click();
  await expect.poll(() => screen(page)).not.toContain('junk');
  await page.locator('.xterm').click();
  expect(await run(page, 'ls; ls labs | wc -l; aws iam get-user --user-name doomed')).not.toBe(0);
  await expect.poll(() => screen(page)).toContain('The user with name doomed cannot be found.');
  expect(await screen(page)).not.toContain('junk.txt');
});

test('the lesson page loads no terminal code until the terminal opens', async ({ page }) => {
  const scripts: string[] = [];
  page.on('request', (r) => {
    if (r.resourceType() === 'script' || r.url().endsWith('.js')) scripts.push(r.url());
  });
  await page.goto(LESSON);
  await page.waitForLoadState('networkidle');
  expect(scripts.filter((u) => /app\.|xterm|shared-worker|editor\./.test(u))).toEqual([]);
  await page.locator('[data-toggle]').click();
  await expect.poll(() => screen(page), { timeout: 20_000 }).toContain(PROMPT);
  expect(scripts.some((u) => /app\./.test(u))).toBe(true);
});

test('Export then Import brings a sandbox back after a reset', async ({ page }) => {
  await openTerminal(page);
  expect(await run(page, 'aws iam create-user --user-name exported-user > /dev/null; echo exported-file > e.txt')).toBe(0);
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export' }).click();
  const file = await (await download).path();
  page.once('dialog', (d) => void d.accept());
  await page.getByRole('button', { name: 'Reset sandbox' }).click();
  await expect.poll(() => screen(page)).not.toContain('exported-user');
  await page.locator('input[data-import]').setInputFiles(file!);
  await expect.poll(async () => (await screen(page)).trim()).toBe(PROMPT);
  expect(await run(page, 'cat e.txt; aws iam get-user --user-name exported-user | jq -r .User.UserName')).toBe(0);
  await expect.poll(() => screen(page)).toContain('exported-file\nexported-user');
});

test('the terminal follows the site theme and offers a screen-reader mode', async ({ page }) => {
  await openTerminal(page);
  const background = () => page.locator('.xterm-scrollable-element').evaluate((el) => getComputedStyle(el).backgroundColor);
  await page.evaluate(() => (document.documentElement.dataset.theme = 'dark'));
  await expect.poll(background).toBe('rgb(23, 24, 28)');
  await page.evaluate(() => (document.documentElement.dataset.theme = 'light'));
  await expect.poll(background).toBe('rgb(250, 250, 250)');
  const sr = page.getByRole('button', { name: 'Screen reader' });
  await sr.click();
  await expect(sr).toHaveAttribute('aria-pressed', 'true');
  await expect(page.locator('.xterm-accessibility')).toHaveCount(1);
});

test('the application stack runs its Lambda function from the shared sandbox', async ({ page }) => {
  // Chromium's SharedWorker cannot start Workers: Lambda instances start in the page and are relayed.
  test.setTimeout(300_000);
  await openTerminal(page);
  const create = (name: string, file: string) =>
    `aws cloudformation create-stack --stack-name ${name} --template-body file://labs/${file} --capabilities CAPABILITY_NAMED_IAM > /dev/null && aws cloudformation wait stack-create-complete --stack-name ${name}`;
  expect(await run(page, create('builder-iam', 'builder-iam.json'))).toBe(0);
  expect(await run(page, create('builder-application', 'builder-application-2.yml'))).toBe(0);
  const start = `state_machine_arn=$(aws cloudformation describe-stack-resources --stack-name builder-application | jq '.StackResources[] | select (.LogicalResourceId=="MyStateMachine") | .PhysicalResourceId' | tr -d '"')`;
  expect(await run(page, start)).toBe(0);
  expect(await run(page, `execution_arn=$(aws stepfunctions start-execution --state-machine-arn $state_machine_arn | jq '.executionArn' | tr -d '"')`)).toBe(0);
  await expect
    .poll(async () => {
      await run(page, `aws stepfunctions describe-execution --execution-arn $execution_arn | jq '.status'`);
      return screen(page);
    }, { timeout: 120_000, intervals: [3000] })
    .toContain('"SUCCEEDED"');
  expect(await run(page, `aws stepfunctions describe-execution --execution-arn $execution_arn | jq '.output'`)).toBe(0);
  await expect.poll(() => screen(page)).toContain('"\\"Hello Builder!\\""');
});

test('Ctrl-C copies a selection without interrupting, Ctrl-V pastes, and listeners hear finished commands', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await openTerminal(page);
  await page.evaluate(() => {
    (window as unknown as { finished: unknown[] }).finished = [];
    window.boundaryLab!.terminal!.onCommandFinished((e) => (window as unknown as { finished: unknown[] }).finished.push(e));
  });
  await typeLine(page, 'echo copyme-token');
  await expect.poll(() => screen(page)).toContain('copyme-token\n');
  const finished = await page.evaluate(() => (window as unknown as { finished: unknown[] }).finished);
  expect(finished).toEqual([{ command: 'echo copyme-token', exitCode: 0, local: true }]);
  const box = (await page.locator('.xterm-rows > div').nth(1).boundingBox())!;
  await page.mouse.dblclick(box.x + 20, box.y + box.height / 2);
  await page.keyboard.press('Control+C');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('copyme-token');
  expect(await screen(page)).not.toContain('^C');
  await page.keyboard.type('echo ');
  await page.keyboard.press('Control+V');
  await page.keyboard.press('Enter');
  await expect.poll(() => screen(page)).toMatch(/\$ echo copyme-token\ncopyme-token\n.*\$ echo copyme-token\ncopyme-token\n/s);
});

test('New terminal starts a fresh shell with the default profile; files stay', async ({ page }) => {
  await openTerminal(page);
  expect(await run(page, 'export AWS_PROFILE=nobody; cd labs; echo stays > ~/note.txt')).toBe(0);
  await page.getByRole('button', { name: 'New terminal' }).click();
  await expect.poll(async () => (await screen(page)).trim()).toBe(PROMPT);
  expect(await run(page, 'echo "[$AWS_PROFILE]"; pwd; cat note.txt; aws sts get-caller-identity --query Arn --output text')).toBe(0);
  await expect.poll(() => screen(page)).toContain('[]\n/home/learner\nstays\narn:aws:iam::123456789012:user/admin');
});

test('without SharedWorker, a Worker holds the sandbox and a second tab waits for it', async ({ page, context }) => {
  await context.addInitScript(() => {
    delete (window as { SharedWorker?: unknown }).SharedWorker;
  });
  await openTerminal(page);
  expect(await run(page, 'echo from-dedicated-worker')).toBe(0);
  await expect.poll(() => screen(page)).toContain('from-dedicated-worker\n');
  const second = await context.newPage();
  await second.goto(OTHER_LESSON);
  // The terminal was open on the first page, so it opens here by itself.
  await expect.poll(() => screen(second), { timeout: 20_000 }).toContain('The sandbox is open in another tab');
  await page.close();
  await expect.poll(() => screen(second), { timeout: 20_000 }).toContain(PROMPT);
  expect(await run(second, 'echo second-owns-it')).toBe(0);
  await expect.poll(() => screen(second)).toContain('second-owns-it\n');
});
