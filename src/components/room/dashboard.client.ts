/**
 * The instructor's dashboard. The instructor key comes from the URL's fragment (never sent to a server as part of a
 * URL) and travels only in Authorization headers. Live updates come over the room's SSE stream, read with fetch so the
 * key stays in a header; after a drop the page reconnects by itself and re-reads the whole progress first.
 */
import QRCode from 'qrcode';
import { DEFAULT_STUCK, sortLearners, stuckReason, type SortKey } from '../../lib/room/insights';
import type { LearnerProgress, ProgressResponse, StreamEvent } from '../../lib/room/protocol';
import { takeSseEvents } from '../../lib/room/sse';
import { renderFunnel, renderGrid, renderList, stepsOfLesson, type StepInfo } from './dashboard-view';

const $ = <T extends Element>(s: string) => document.querySelector<T>(s)!;
const root = $<HTMLElement>('[data-dashboard]');
const steps: StepInfo[] = JSON.parse(root.dataset.steps!);
const fragment = new URLSearchParams(location.hash.slice(1));
const code = fragment.get('code') ?? '';
const key = fragment.get('key') ?? '';
const server = (fragment.get('server') ?? '').replace(/\/$/, '');
const status = $<HTMLElement>('[data-connection]');
const auth = { authorization: `Bearer ${key}` };

const learners = new Map<string, LearnerProgress>();
let frame = 0;

function controls() {
  return {
    sort: $<HTMLSelectElement>('#sort').value as SortKey,
    filter: $<HTMLInputElement>('#filter').value.trim().toLowerCase(),
    stuckOnly: $<HTMLInputElement>('#stuck-only').checked,
    view: $<HTMLSelectElement>('#view').value,
    rules: {
      fails: Number($<HTMLInputElement>('#stuck-fails').value) || DEFAULT_STUCK.fails,
      minutes: Number($<HTMLInputElement>('#stuck-minutes').value) || DEFAULT_STUCK.minutes,
    },
  };
}

function render() {
  frame = 0;
  const c = controls();
  const now = Date.now();
  const lessonSteps = stepsOfLesson(steps);
  const isStuck = (l: LearnerProgress) => Boolean(stuckReason(l, c.rules, lessonSteps, now));
  const all = [...learners.values()];
  const shown = sortLearners(all, c.sort, isStuck).filter(
    (l) => (!c.filter || l.name.toLowerCase().includes(c.filter)) && (!c.stuckOnly || isStuck(l)),
  );
  const view = { learners: shown, steps, rules: c.rules, now };
  $<HTMLElement>('[data-summary]').textContent =
    `${all.length} learners · ${all.filter(isStuck).length} look stuck · showing ${shown.length}`;
  renderFunnel($<HTMLOListElement>('[data-funnel]'), { ...view, learners: all });
  $<HTMLElement>('[data-grid-wrap]').hidden = c.view !== 'grid';
  $<HTMLOListElement>('[data-list]').hidden = c.view !== 'list';
  if (c.view === 'grid') renderGrid($<HTMLTableElement>('[data-grid]'), view);
  else renderList($<HTMLOListElement>('[data-list]'), view);
}
const schedule = () => (frame ||= requestAnimationFrame(render));

async function api(path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${server}/api/rooms/${code}${path}`, { ...init, headers: { ...auth, ...(init.headers ?? {}) } });
}

async function loadProgress(): Promise<boolean> {
  const res = await api('/progress');
  if (res.status === 404) return closed('This room does not exist any more (closed or expired).'), false;
  if (!res.ok) throw new Error(`progress answered ${res.status}`);
  const p = (await res.json()) as ProgressResponse;
  $<HTMLElement>('[data-room-title]').textContent = `${p.room.name} — room ${p.room.code}`;
  learners.clear();
  for (const l of p.learners) learners.set(l.learnerId, l);
  schedule();
  return true;
}

function closed(message: string) {
  status.textContent = message;
  root.dataset.closed = '';
  for (const b of document.querySelectorAll<HTMLButtonElement>('[data-needs-room]')) b.disabled = true;
}

/** Reads the SSE stream until it ends; returns when it drops. */
async function stream(): Promise<'dropped' | 'closed'> {
  const res = await api('/stream', { headers: { accept: 'text/event-stream' } });
  if (res.status === 404) return 'closed';
  if (!res.ok || !res.body) throw new Error(`stream answered ${res.status}`);
  status.textContent = 'Live';
  status.dataset.state = 'live';
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return 'dropped';
    const taken = takeSseEvents(buffer + value);
    buffer = taken.rest;
    for (const { data } of taken.events) {
      const e = data as StreamEvent;
      if (e.type === 'learner') learners.set(e.learner.learnerId, e.learner);
      else if (e.type === 'closed') return 'closed';
      schedule();
    }
  }
}

async function connect() {
  let delay = 500;
  for (;;) {
    try {
      if (!(await loadProgress())) return;
      const outcome = await stream();
      if (outcome === 'closed') return closed('The room is closed.');
      delay = 500;
    } catch {
      // The server is down or restarting: try again, a little later each time.
    }
    status.textContent = 'Reconnecting…';
    status.dataset.state = 'reconnecting';
    await new Promise((r) => setTimeout(r, delay));
    delay = Math.min(delay * 2, 5000);
  }
}

function download(name: string, type: string, text: string) {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([text], { type }));
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

function wire() {
  for (const id of ['#sort', '#filter', '#stuck-only', '#view', '#stuck-fails', '#stuck-minutes']) $(id).addEventListener('input', schedule);
  setInterval(schedule, 30_000); // times on lessons move on by themselves
  $('[data-action="export-csv"]').addEventListener('click', async () => {
    const res = await api('/progress', { headers: { accept: 'text/csv' } });
    download(`room-${code}.csv`, 'text/csv', await res.text());
  });
  $('[data-action="export-json"]').addEventListener('click', async () => {
    const res = await api('/progress');
    download(`room-${code}.json`, 'application/json', await res.text());
  });
  $<HTMLFormElement>('[data-broadcast]').addEventListener('submit', async (e) => {
    e.preventDefault();
    const input = $<HTMLInputElement>('#broadcast');
    const note = $<HTMLElement>('[data-broadcast-status]');
    const res = await api('/broadcast', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ message: input.value }) });
    note.textContent = res.status === 202 ? `Sent: “${input.value}”` : ((await res.json().catch(() => ({}))).message ?? `Not sent (${res.status})`);
    if (res.status === 202) input.value = '';
  });
  $('[data-action="close-room"]').addEventListener('click', async () => {
    if (!confirm(`Close room ${code}? Its progress is deleted and learners can no longer send to it.`)) return;
    const res = await api('', { method: 'DELETE' });
    if (res.status === 204) closed('Room closed. Its data is deleted.');
  });
}

async function showJoinLink() {
  const joinUrl = new URL(`${root.dataset.base}room/join/?code=${code}`, location.href);
  if (server) joinUrl.searchParams.set('server', server);
  $<HTMLAnchorElement>('[data-join-link]').href = joinUrl.href;
  $<HTMLAnchorElement>('[data-join-link]').textContent = joinUrl.href;
  $<HTMLElement>('[data-join-code]').textContent = code;
  // The SVG is made by the qrcode library from the URL alone.
  $<HTMLElement>('[data-qr]').innerHTML = await QRCode.toString(joinUrl.href, { type: 'svg', margin: 1 });
  $<HTMLElement>('[data-qr] svg').setAttribute('role', 'img');
  $<HTMLElement>('[data-qr] svg').setAttribute('aria-label', `QR code of the join link for room ${code}`);
}

/** Without a room in the fragment the page offers to create one (for a hosted room server). */
function createForm() {
  $<HTMLElement>('[data-create]').hidden = false;
  $<HTMLElement>('[data-room]').hidden = true;
  $<HTMLFormElement>('[data-create] form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const name = $<HTMLInputElement>('#room-name').value;
    const admin = $<HTMLInputElement>('#admin-key').value.trim();
    const res = await fetch(`${server}/api/rooms`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(admin ? { authorization: `Bearer ${admin}` } : {}) },
      body: JSON.stringify({ name }),
    });
    const body = await res.json().catch(() => ({}));
    if (res.status !== 201) return void ($<HTMLElement>('[data-create-status]').textContent = body.message ?? `The server answered ${res.status}.`);
    location.href = body.dashboardUrl;
    location.reload();
  });
}

if (!code || !key) createForm();
else {
  wire();
  void showJoinLink();
  void connect();
}
