/**
 * The workshop room end to end: an instructor opens a room and its dashboard, two learners join from their own
 * browsers (one named like an XSS attempt), run real Checks in their lessons, and the dashboard updates live; the
 * instructor's message reaches a learner's page. The room server is started here on the built site (dist/).
 */
import { test, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { fileURLToPath } from 'node:url';
import { lab } from '../../labs/lab';
import { startTestRoomServer } from '../../src/lib/room/server/testing';
import type { RoomServer } from '../../src/lib/room/server/server';
import { openTerminal, pressCheck, runFromLesson } from './support/workshop';

let server: RoomServer;
const dist = fileURLToPath(new URL('../../dist', import.meta.url));
const base = (process.env.BASE_PATH || '/').replace(/\/?$/, '/');

test.beforeAll(async () => {
  server = await startTestRoomServer({ distDir: dist, basePath: base });
});
test.afterAll(async () => server?.close());

test('an instructor sees two learners progress live, and reaches them with a message', async ({ browser }) => {
  test.setTimeout(180_000);
  const api = `http://127.0.0.1:${server.port}`;
  const created = await (await fetch(`${api}/api/rooms`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":"Thursday class"}' })).json();

  const instructor = await (await browser.newContext()).newPage();
  await instructor.goto(created.dashboardUrl);
  await expect(instructor.locator('[data-connection]')).toHaveText('Live');
  await expect(instructor.locator('[data-room-title]')).toContainText('Thursday class');
  await expect(instructor.locator('[data-qr] svg')).toBeVisible();

  const first = lab.steps[0];
  const ada = await (await browser.newContext()).newPage();
  await ada.goto(created.joinUrl);
  await ada.getByLabel('Your display name').fill('Ada');
  await ada.getByRole('button', { name: 'Join the room' }).click();
  await ada.waitForURL(/\/welcome\/$/);
  await expect(ada.locator('room-badge')).toBeVisible();
  await expect(ada.locator('room-badge [data-room-code]')).toHaveText(created.code);
  await expect(ada.locator('room-badge [data-room-name]')).toHaveText('Thursday class');

  const xss = '<img src=x onerror=alert(1)>';
  const mallory = await (await browser.newContext()).newPage();
  let alerted = false;
  mallory.on('dialog', () => (alerted = true));
  instructor.on('dialog', () => (alerted = true));
  await mallory.goto(created.joinUrl);
  await mallory.getByLabel('Your display name').fill(xss);
  await mallory.getByRole('button', { name: 'Join the room' }).click();
  await mallory.waitForURL(/\/welcome\/$/);
  await mallory.goto(`${api}${base}assume-builder/`);

  const rowOf = (name: string) => instructor.locator('[data-grid] tbody tr').filter({ has: instructor.locator('th', { hasText: name }) });
  await expect(rowOf(xss)).toContainText('assume-builder');
  await expect(instructor.locator('[data-grid] img')).toHaveCount(0);

  // Ada fails the first step's check (nothing made yet), then runs its commands and passes it.
  await ada.goto(`${api}${base}${first.lesson}/`);
  await openTerminal(ada);
  await pressCheck(ada, first.id);
  const cell = rowOf('Ada').locator('td[data-state]').nth(0);
  await expect(cell).toHaveText('✗1');
  for (const c of first.commands) expect(await runFromLesson(ada, c.run)).toBe(0);
  await pressCheck(ada, first.id);
  await expect(cell).toHaveText('✓');
  await expect(rowOf('Ada')).toContainText(first.lesson);
  await expect(instructor.locator('[data-funnel] li').first()).toContainText('1/2');

  // The instructor's message appears on the learner's page.
  await instructor.locator('#broadcast').fill('Five more minutes on this step');
  await instructor.getByRole('button', { name: 'Send' }).click();
  await expect(ada.locator('[data-room-message]')).toContainText('Five more minutes on this step');

  for (const colorScheme of ['light', 'dark'] as const) {
    await instructor.emulateMedia({ colorScheme });
    const axe = await new AxeBuilder({ page: instructor }).analyze();
    expect(axe.violations.map((v) => `${colorScheme} ${v.id}: ${v.help} ${v.nodes.map((n) => n.target).join(' ')}`)).toEqual([]);
  }
  expect(alerted).toBe(false);
});

test('killing the room server mid-workshop loses nothing: the learner queues, the dashboard reconnects and ends complete', async ({ browser }) => {
  test.setTimeout(120_000);
  const { mkdtempSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const dataDir = mkdtempSync(join(tmpdir(), 'room-e2e-'));
  let room = await startTestRoomServer({ distDir: dist, basePath: base, dataDir });
  const port = room.port;
  const api = `http://127.0.0.1:${port}`;
  const created = await (await fetch(`${api}/api/rooms`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":"Restart"}' })).json();
  const instructor = await (await browser.newContext()).newPage();
  await instructor.goto(created.dashboardUrl);
  await expect(instructor.locator('[data-connection]')).toHaveText('Live');

  const learner = await (await browser.newContext()).newPage();
  await learner.goto(created.joinUrl);
  await learner.getByLabel('Your display name').fill('Kim');
  await learner.getByRole('button', { name: 'Join the room' }).click();
  await learner.waitForURL(/\/welcome\/$/);
  await expect(instructor.locator('[data-grid] tbody tr')).toContainText('welcome');

  await room.close();
  await expect(instructor.locator('[data-connection]')).toHaveText('Reconnecting…');
  // While the server is down the learner passes and fails checks: the page keeps them.
  const [a, b] = lab.steps;
  await learner.evaluate(
    ([a, b]) => {
      for (const detail of [{ step: a, result: 'fail' }, { step: a, result: 'pass' }, { step: b, result: 'fail' }])
        window.dispatchEvent(new CustomEvent('boundary-lab:check-result', { detail }));
    },
    [a.id, b.id],
  );
  await expect.poll(() => learner.evaluate(() => JSON.parse(localStorage.getItem('boundary-lab:room-queue') ?? '[]').length)).toBe(3);

  room = await startTestRoomServer({ distDir: dist, basePath: base, dataDir, port });
  try {
    await expect(instructor.locator('[data-connection]')).toHaveText('Live', { timeout: 15_000 });
    const row = instructor.locator('[data-grid] tbody tr').first();
    await expect(row.locator('td[data-state]').nth(0)).toHaveText('✓', { timeout: 15_000 });
    await expect(row.locator('td[data-state]').nth(1)).toHaveText('✗1');
    const p = await (await fetch(`${api}/api/rooms/${created.code}/progress`, { headers: { authorization: `Bearer ${created.instructorKey}` } })).json();
    expect(p.learners[0].steps[a.id]).toMatchObject({ result: 'pass', fails: 1 });
  } finally {
    await room.close();
  }
});
