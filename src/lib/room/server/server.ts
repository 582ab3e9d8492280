/**
 * The room server: the built workshop and the room API on one origin. Storage is SQLite under --data unless
 * DATABASE_URL names a PostgreSQL server. Rooms past their time are deleted with their data by a periodic sweep.
 */
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { createRoomApi } from './api';
import { PostgresRoomStore } from './postgres';
import { siteHandler } from './site';
import { SqliteRoomStore } from './sqlite';
import type { RoomStore } from './store';

export interface RoomServerOptions {
  port?: number;
  host?: string;
  dataDir?: string;
  databaseUrl?: string;
  /** --allow-origin values: a published copy of the site, or http://127.0.0.1:* for learners in live mode. */
  allowOrigins?: string[];
  adminKey?: string;
  /** Room lifetime in milliseconds (default 24 h). */
  ttlMs?: number;
  /** How often expired rooms are swept (default one minute). */
  sweepMs?: number;
  distDir: string;
  basePath?: string;
  /** The URL learners reach this server by (default from host and port). */
  publicUrl?: string;
  now?: () => number;
}

export interface RoomServer {
  url: string;
  port: number;
  store: RoomStore;
  server: Server;
  api: ReturnType<typeof createRoomApi>;
  close(): Promise<void>;
}

export async function openStore(o: { databaseUrl?: string; dataDir?: string }): Promise<RoomStore> {
  if (o.databaseUrl) return PostgresRoomStore.open(o.databaseUrl);
  return new SqliteRoomStore(join(o.dataDir ?? '.boundary-lab', 'rooms.sqlite'));
}

export async function startRoomServer(o: RoomServerOptions): Promise<RoomServer> {
  const store = await openStore(o);
  const host = o.host ?? '127.0.0.1';
  const server = createServer();
  // Keep-alive connections from hundreds of learners: do not let idle ones pile up forever.
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 4500, host, () => resolve());
  });
  const port = (server.address() as { port: number }).port;
  const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  const base = (o.basePath ?? '/').replace(/\/?$/, '/');
  const publicUrl = (o.publicUrl ?? `http://${shownHost}:${port}`).replace(/\/$/, '');
  const api = createRoomApi({
    store,
    publicUrl,
    siteUrl: o.allowOrigins?.find((a) => !a.includes('*')) ?? `${publicUrl}${base}`,
    allowOrigins: o.allowOrigins,
    adminKey: o.adminKey,
    ttlMs: o.ttlMs ?? 24 * 3600_000,
    now: o.now,
  });
  const site = siteHandler(o.distDir, base);
  server.on('request', (req, res) => {
    // A last-resort guard: one failing request answers 500 and the server keeps serving the room.
    const fail = (e: unknown) => {
      console.error(`room: internal error: ${e instanceof Error ? e.message : String(e)}`);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('internal error in the room server');
    };
    api
      .handle(req, res)
      .then((handled) => (handled ? undefined : site(req, res)))
      .catch(fail);
  });
  const now = o.now ?? Date.now;
  const sweep = setInterval(() => {
    void store
      .deleteExpired(now())
      .then((codes) => Promise.all(codes.map((code) => store.publish({ code, kind: 'closed' }))))
      .catch(() => {});
  }, o.sweepMs ?? 60_000);
  sweep.unref();
  return {
    url: `${publicUrl}${base}`,
    port,
    store,
    server,
    api,
    async close() {
      clearInterval(sweep);
      api.hub.close();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      await store.close();
    },
  };
}
