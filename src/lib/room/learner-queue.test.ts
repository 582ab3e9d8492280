import { describe, expect, it } from 'vitest';
import { LearnerRoom, type KeyValue, type QueuedEvent } from './learner-queue';

class Memory implements KeyValue {
  m = new Map<string, string>();
  getItem = (k: string) => this.m.get(k) ?? null;
  setItem = (k: string, v: string) => void this.m.set(k, v);
  removeItem = (k: string) => void this.m.delete(k);
}
const member = { server: '', code: 'ABCDEF', learnerId: 'l1', token: 't', name: 'Ada' };

describe('the learner side of a room', () => {
  it('records nothing outside a room', async () => {
    const sent: QueuedEvent[] = [];
    const r = new LearnerRoom(new Memory(), async (_m, e) => (sent.push(e), 'sent'));
    await r.record({ lesson: 'welcome' });
    expect(sent).toEqual([]);
    expect(r.queued()).toEqual([]);
  });

  it('queues events while the server is unreachable and sends them in order, with their ids, later', async () => {
    const storage = new Memory();
    let online = false;
    const sent: QueuedEvent[] = [];
    const r = new LearnerRoom(storage, async (_m, e) => {
      if (!online) throw new TypeError('Failed to fetch');
      sent.push(e);
      return 'sent';
    });
    r.join(member);
    await r.record({ step: 's1', result: 'fail' });
    await r.record({ step: 's1', result: 'pass' });
    expect(r.queued()).toHaveLength(2);
    // A new page (a reload) reads the same queue from storage.
    const again = new LearnerRoom(storage, async (_m, e) => (sent.push(e), 'sent'));
    online = true;
    await again.flush();
    expect(sent.map((e) => e.result)).toEqual(['fail', 'pass']);
    expect(new Set(sent.map((e) => e.id)).size).toBe(2);
    expect(again.queued()).toEqual([]);
  });

  it('sends a new event after a flush that found the queue empty', async () => {
    const sent: QueuedEvent[] = [];
    const r = new LearnerRoom(new Memory(), async (_m, e) => (sent.push(e), 'sent'));
    r.join(member);
    await r.flush();
    await r.record({ step: 's1', result: 'pass' });
    expect(sent).toHaveLength(1);
  });

  it('drops an event the server refused for good and forgets everything on leave', async () => {
    const r = new LearnerRoom(new Memory(), async () => 'drop');
    r.join(member);
    await r.record({ lesson: 'welcome' });
    expect(r.queued()).toEqual([]);
    r.leave();
    expect(r.membership()).toBeUndefined();
  });
});
