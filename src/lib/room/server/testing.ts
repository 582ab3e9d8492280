/** Test helpers for the room server: start one on a free port with a throwaway site, read its SSE streams. */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRoomServer, type RoomServerOptions } from './server';
import { takeSseEvents } from '../sse';

export function throwawaySite(): string {
  const dir = mkdtempSync(join(tmpdir(), 'room-site-'));
  mkdirSync(join(dir, 'room', 'join'), { recursive: true });
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>site</title>');
  writeFileSync(join(dir, '404.html'), '<!doctype html><title>not found</title>');
  return dir;
}

export const startTestRoomServer = (o: Partial<RoomServerOptions> = {}) =>
  startRoomServer({ port: 0, distDir: throwawaySite(), dataDir: mkdtempSync(join(tmpdir(), 'room-data-')), ...o });

/** Reads server-sent events from a fetch response; `next(type)` resolves with the next event of that type. */
export function sseReader(res: Response) {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const queue: { event: string; data: any }[] = [];
  const waiters: { type: string; resolve: (d: any) => void }[] = [];
  const pump = async () => {
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done) return;
      const taken = takeSseEvents(buffer + decoder.decode(value, { stream: true }));
      buffer = taken.rest;
      for (const { event, data } of taken.events) {
        if (!event) continue;
        const parsed = { event, data: data as any };
        const w = waiters.findIndex((x) => x.type === event);
        if (w >= 0) waiters.splice(w, 1)[0].resolve(parsed.data);
        else queue.push(parsed);
      }
    }
  };
  void pump();
  return {
    next(type: string, timeoutMs = 5000): Promise<any> {
      const q = queue.findIndex((x) => x.event === type);
      if (q >= 0) return Promise.resolve(queue.splice(q, 1)[0].data);
      return new Promise((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`no ${type} event within ${timeoutMs} ms`)), timeoutMs);
        waiters.push({ type, resolve: (d) => (clearTimeout(t), resolve(d)) });
      });
    },
    cancel: () => reader.cancel().catch(() => {}),
  };
}
