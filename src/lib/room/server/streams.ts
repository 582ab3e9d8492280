/**
 * Server-sent event streams: instructors' dashboards (one `learner` event per learner event, `message` per broadcast,
 * `closed` when the room is deleted) and learners' message streams (broadcasts only). Fed by the store's notices, so
 * with PostgreSQL an event posted to another instance arrives here through LISTEN/NOTIFY.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { StreamEvent } from '../protocol';
import { progressOf, type RoomNotice, type RoomRecord, type RoomStore } from './store';

const HEARTBEAT_MS = 15_000;

interface Client {
  room: string;
  res: ServerResponse;
  role: 'instructor' | 'learner';
}

export class StreamHub {
  private readonly clients = new Set<Client>();
  private readonly heartbeat: NodeJS.Timeout;

  constructor(private readonly store: RoomStore) {
    store.subscribe((n) => void this.onNotice(n).catch(() => {}));
    this.heartbeat = setInterval(() => {
      for (const c of this.clients) c.res.write(': keep-alive\n\n');
    }, HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  get size(): number {
    return this.clients.size;
  }

  private open(room: string, role: Client['role'], req: IncomingMessage, res: ServerResponse): Client {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      // Proxies (nginx) must pass events through at once.
      'x-accel-buffering': 'no',
    });
    res.write('retry: 1000\n\n');
    const client: Client = { room, res, role };
    this.clients.add(client);
    const drop = () => this.clients.delete(client);
    req.on('close', drop);
    res.on('error', drop);
    return client;
  }

  instructor(room: string, req: IncomingMessage, res: ServerResponse): void {
    this.open(room, 'instructor', req, res);
  }

  learner(room: RoomRecord, req: IncomingMessage, res: ServerResponse): void {
    const c = this.open(room.code, 'learner', req, res);
    send(c, 'room', { code: room.code, name: room.name });
  }

  private async onNotice(n: RoomNotice): Promise<void> {
    const inRoom = [...this.clients].filter((c) => c.room === n.code);
    if (!inRoom.length) return;
    if (n.kind === 'learner') {
      const instructors = inRoom.filter((c) => c.role === 'instructor');
      if (!instructors.length) return;
      const [learner, events] = await Promise.all([this.store.getLearner(n.learnerId), this.store.events(n.code, n.learnerId)]);
      if (!learner) return;
      const event: StreamEvent = { type: 'learner', learner: progressOf(learner, events) };
      for (const c of instructors) send(c, 'learner', event);
    } else if (n.kind === 'message') {
      const event: StreamEvent = { type: 'message', message: n.message, at: new Date(n.at).toISOString() };
      for (const c of inRoom) send(c, 'message', event);
    } else {
      for (const c of inRoom) {
        send(c, 'closed', { type: 'closed' } satisfies StreamEvent);
        c.res.end();
        this.clients.delete(c);
      }
    }
  }

  close(): void {
    clearInterval(this.heartbeat);
    for (const c of this.clients) c.res.end();
    this.clients.clear();
  }
}

function send(c: Client, event: string, data: unknown): void {
  c.res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}
