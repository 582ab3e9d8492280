/** A room server in its own process for bench/room.bench.ts, so its peak memory is its own. */
import { startTestRoomServer } from '../src/lib/room/server/testing';

const server = await startTestRoomServer({ databaseUrl: process.env.DATABASE_URL || undefined });
process.send!({ port: server.port });
process.on('message', async (m) => {
  if (m !== 'stop') return;
  const maxRssKb = process.resourceUsage().maxRSS;
  await server.close();
  process.send!({ maxRssKb }, () => process.exit(0));
});
