/**
 * The learner's side of a workshop room on every page: the room badge (with "Leave"), the instructor's messages as a
 * banner, and the events the room receives — the lesson opened, and each Check's pass or fail. Nothing else is sent:
 * never commands, output, credentials or account ids. Events wait in localStorage while the server is unreachable.
 */
import { CHECK_RESULT_EVENT, type CheckResultDetail } from '../../lib/room/events';
import { LearnerRoom, type Post, type RoomMembership } from '../../lib/room/learner-queue';

const post: Post = async (m, e) => {
  const res = await fetch(`${m.server}/api/rooms/${m.code}/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${m.token}` },
    body: JSON.stringify(e),
  });
  if (res.status === 202) return 'sent';
  // The room closed or refused this event for good (400, 401, 403, 404): it will never be accepted.
  if ([400, 401, 403, 404, 413].includes(res.status)) return 'drop';
  return 'retry';
};

export const learnerRoom = new LearnerRoom(localStorage, post);

class RoomBadge extends HTMLElement {
  #source?: EventSource;

  connectedCallback() {
    const m = learnerRoom.membership();
    this.render(m);
    if (!m) return;
    const lesson = this.dataset.lesson;
    const lessons: string[] = JSON.parse(this.dataset.lessons ?? '[]');
    if (lesson && lessons.includes(lesson)) void learnerRoom.record({ lesson });
    else void learnerRoom.flush();
    window.addEventListener(CHECK_RESULT_EVENT, (e) => {
      const d = (e as CustomEvent<CheckResultDetail>).detail;
      void learnerRoom.record({ step: d.step, result: d.result });
    });
    // Whatever waited while the server was unreachable goes as soon as it can.
    window.addEventListener('online', () => void learnerRoom.flush());
    setInterval(() => void learnerRoom.flush(), 5_000);
    this.listen(m);
  }

  disconnectedCallback() {
    this.#source?.close();
  }

  private listen(m: RoomMembership) {
    // EventSource reconnects by itself after a drop (the server sends `retry: 1000`).
    const source = new EventSource(`${m.server}/api/rooms/${m.code}/messages?token=${encodeURIComponent(m.token)}`);
    this.#source = source;
    // The server sends `room` whenever the stream (re)opens: after a server restart, whatever was queued goes then.
    source.addEventListener('room', (e) => {
      const { name } = JSON.parse((e as MessageEvent).data);
      learnerRoom.rename(name);
      this.querySelector('[data-room-name]')!.textContent = name;
      void learnerRoom.flush();
    });
    source.addEventListener('message', (e) => {
      const { message } = JSON.parse((e as MessageEvent).data);
      const banner = this.querySelector<HTMLElement>('[data-room-message]')!;
      banner.hidden = false;
      banner.querySelector('[data-text]')!.textContent = message;
    });
    source.addEventListener('closed', () => {
      source.close();
      this.querySelector('[data-room-status]')!.textContent = 'The instructor closed this room.';
    });
  }

  private render(m: RoomMembership | undefined) {
    this.hidden = !m;
    if (!m) return;
    this.querySelector('[data-room-code]')!.textContent = m.code;
    this.querySelector('[data-room-name]')!.textContent = m.roomName ?? '';
    this.querySelector('[data-learner-name]')!.textContent = m.name;
    this.querySelector<HTMLButtonElement>('[data-action="leave-room"]')!.onclick = () => {
      this.#source?.close();
      learnerRoom.leave();
      this.hidden = true;
    };
    this.querySelector<HTMLButtonElement>('[data-action="dismiss-message"]')!.onclick = () => {
      this.querySelector<HTMLElement>('[data-room-message]')!.hidden = true;
    };
  }
}

if (!customElements.get('room-badge')) customElements.define('room-badge', RoomBadge);
