/** Server-sent events read off a text stream: the dashboard, the room's tests and its bench all read them this way. */
export interface SseEvent {
  event: string | undefined;
  data: unknown;
}

/** Takes the complete events out of `buffer`; returns them and what is left for the next chunk. */
export function takeSseEvents(buffer: string): { events: SseEvent[]; rest: string } {
  const events: SseEvent[] = [];
  let i: number;
  while ((i = buffer.indexOf('\n\n')) >= 0) {
    const block = buffer.slice(0, i);
    buffer = buffer.slice(i + 2);
    const data = /^data: (.*)$/m.exec(block)?.[1];
    if (!data) continue;
    events.push({ event: /^event: (.*)$/m.exec(block)?.[1], data: JSON.parse(data) });
  }
  return { events, rest: buffer };
}
