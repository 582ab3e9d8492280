/**
 * `npm run room` / `npx boundary-lab room` — the workshop room: the built workshop and the room service on one origin.
 *   [--port 4500] [--host 127.0.0.1] [--data ./.boundary-lab/] [--allow-origin URL] [--name NAME] [--room-ttl HOURS]
 *   [--public-url URL] [--no-room]
 * DATABASE_URL=postgres://… stores rooms in PostgreSQL (several servers may share it); ROOM_ADMIN_KEY makes creating a
 * room need that key. On start it opens (or, after a restart, reopens) this server's own room and prints the dashboard
 * link and the learners' join link with a QR code. The dashboard link holds the instructor key: treat it as a secret.
 */
import { parseArgs } from 'node:util';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import QRCode from 'qrcode';
import { startRoomServer } from '../src/lib/room/server/server';
import { hashSecret, newCode, newSecret } from '../src/lib/room/server/secrets';
import type { CreateRoomResponse } from '../src/lib/room/protocol';

const usage =
  'Usage: npm run room -- [--port 4500] [--host 127.0.0.1] [--data ./.boundary-lab/] [--allow-origin URL] [--name NAME]\n' +
  '                        [--room-ttl HOURS] [--public-url URL] [--no-room]\n' +
  '  --host 0.0.0.0      serve a room on the LAN (learners open the join link from their own machines)\n' +
  '  --allow-origin URL  a published copy of the site (e.g. https://you.github.io/boundary-lab/) that talks to this server;\n' +
  '                      again with http://127.0.0.1:* for learners in live mode (any number of times)\n' +
  '  --no-room           do not open a room at start (rooms are made with POST /api/rooms)\n' +
  'Environment: DATABASE_URL=postgres://… (store rooms in PostgreSQL), ROOM_ADMIN_KEY (needed to create rooms)';

function fail(message: string): never {
  console.error(`boundary-lab room: ${message}\n\n${usage}`);
  process.exit(2);
}

let values;
try {
  ({ values } = parseArgs({
    options: {
      port: { type: 'string', default: '4500' },
      host: { type: 'string', default: '127.0.0.1' },
      data: { type: 'string', default: './.boundary-lab/' },
      'allow-origin': { type: 'string', multiple: true },
      name: { type: 'string', default: 'Boundary Lab room' },
      'room-ttl': { type: 'string', default: '24' },
      'public-url': { type: 'string' },
      'no-room': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  }));
} catch (e) {
  fail((e as Error).message);
}
if (values.help) {
  console.log(usage);
  process.exit(0);
}
const port = Number(values.port);
if (!/^\d+$/.test(values.port) || port > 65535) fail(`--port must be a port number, got "${values.port}"`);
const ttlHours = Number(values['room-ttl']);
if (!(ttlHours > 0)) fail(`--room-ttl must be a positive number of hours, got "${values['room-ttl']}"`);
for (const [flag, v] of [...(values['allow-origin'] ?? []).map((a) => ['allow-origin', a.replace(/:\*(\/?)$/, ':1$1')] as const), ['public-url', values['public-url']] as const]) {
  if (v === undefined) continue;
  let u: URL | undefined;
  try {
    u = new URL(v);
  } catch {
    u = undefined;
  }
  if (!u || !/^https?:$/.test(u.protocol)) fail(`--${flag} must be an http(s) URL (a port may be *), got "${v}"`);
}
const databaseUrl = process.env.DATABASE_URL || undefined;
if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) fail('DATABASE_URL must be a postgres:// URL');

/** On a LAN the links must name an address the learners can reach, not 127.0.0.1. */
function lanAddress(): string | undefined {
  for (const list of Object.values(networkInterfaces())) for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  return undefined;
}
const publicUrl =
  values['public-url'] ?? (values.host === '0.0.0.0' && lanAddress() ? `http://${lanAddress()}:${port}` : undefined);

const distDir = fileURLToPath(new URL('../dist', import.meta.url));
if (!existsSync(join(distDir, 'index.html'))) fail('the workshop is not built: run `npm run build` first');

let room;
try {
  room = await startRoomServer({
    port,
    host: values.host,
    dataDir: values.data,
    databaseUrl,
    allowOrigins: values['allow-origin'],
    adminKey: process.env.ROOM_ADMIN_KEY || undefined,
    ttlMs: ttlHours * 3600_000,
    distDir,
    basePath: process.env.BASE_PATH || '/',
    publicUrl,
  });
} catch (e) {
  console.error(`boundary-lab room: could not start: ${(e as Error).message}`);
  process.exit(1);
}

console.log(`Room server: ${room.url} (storage: ${room.store.kind === 'postgres' ? 'PostgreSQL' : `SQLite in ${values.data}`})`);

if (!values['no-room']) {
  // This server's own room, kept across restarts in a 0600 file beside the database so the dashboard link stays valid.
  mkdirSync(values.data, { recursive: true });
  const saved = join(values.data, 'room.json');
  let mine: CreateRoomResponse | undefined;
  if (existsSync(saved)) {
    try {
      const s = JSON.parse(readFileSync(saved, 'utf8')) as CreateRoomResponse;
      const r = await room.store.getRoom(s.code);
      if (r && r.expiresAt > Date.now() && r.instructorKeyHash === hashSecret(s.instructorKey)) mine = { ...s, ...room.api.links(s.code, s.instructorKey) };
    } catch {
      mine = undefined;
    }
  }
  if (!mine) {
    const instructorKey = newSecret();
    const code = newCode();
    const t = Date.now();
    await room.store.createRoom({ code, name: values.name, instructorKeyHash: hashSecret(instructorKey), createdAt: t, expiresAt: t + ttlHours * 3600_000 });
    mine = { code, instructorKey, ...room.api.links(code, instructorKey) };
    writeFileSync(saved, JSON.stringify(mine), { mode: 0o600 });
    chmodSync(saved, 0o600);
  }
  console.log(`\nRoom ${mine.code}`);
  console.log(`  Learners join: ${mine.joinUrl}`);
  console.log(await QRCode.toString(mine.joinUrl, { type: 'terminal', small: true }));
  console.log(`  Your dashboard (keep it to yourself: the link holds the instructor key):\n  ${mine.dashboardUrl}\n`);
}
console.log('Press Ctrl-C to stop. Progress is kept: starting again later continues the same rooms.');
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => void room.close().then(() => process.exit(0)));
