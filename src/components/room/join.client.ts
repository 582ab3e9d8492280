/**
 * The "Join a room" form: code (filled in from the join link) and a display name, no account. The room server is this
 * site's own origin, or the one the join link names (?server=) when the site is a published copy.
 */
import { learnerRoom } from './learner.client';
import { CODE_PATTERN } from '../../lib/room/codes';

const form = document.querySelector<HTMLFormElement>('form[data-join-room]')!;
const status = document.querySelector<HTMLElement>('[data-join-status]')!;
const params = new URLSearchParams(location.search);
const server = (params.get('server') ?? '').replace(/\/$/, '');
const codeInput = form.querySelector<HTMLInputElement>('input[name="code"]')!;
const nameInput = form.querySelector<HTMLInputElement>('input[name="name"]')!;
codeInput.value = (params.get('code') ?? '').toUpperCase();
(codeInput.value ? nameInput : codeInput).focus();

const current = learnerRoom.membership();
if (current) status.textContent = `You are in room ${current.code} as ${current.name}. Joining another room leaves it.`;

form.addEventListener('submit', async (e) => {
  e.preventDefault();
  const code = codeInput.value.trim().toUpperCase();
  const name = nameInput.value.trim();
  if (!CODE_PATTERN.test(code)) {
    status.textContent = 'A room code is six letters and digits, as the instructor shows it.';
    codeInput.focus();
    return;
  }
  status.textContent = 'Joining…';
  try {
    const res = await fetch(`${server}/api/rooms/${code}/join`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name }),
    });
    const body = await res.json().catch(() => ({}));
    if (res.status !== 201) {
      status.textContent =
        res.status === 404 ? `There is no open room ${code}: check the code with your instructor.` : (body.message ?? `The room server answered ${res.status}.`);
      return;
    }
    learnerRoom.join({ server, code, learnerId: body.learnerId, token: body.token, name });
    status.textContent = `Joined room ${code}. Taking you to the workshop…`;
    location.href = form.dataset.next!;
  } catch {
    status.textContent = 'The room server cannot be reached. Check the link with your instructor and try again.';
  }
});
