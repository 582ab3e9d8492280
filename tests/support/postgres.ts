/**
 * A throwaway PostgreSQL server for tests: initdb in a temporary directory, started with pg_ctl on a free port and
 * stopped (and its directory removed) afterwards. initdb refuses to run as root, so as root the cluster runs as the
 * unprivileged `nobody` user (through runuser). Without the binaries the tests skip with a visible message, and fail
 * under CI (see referee.ts).
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireTool } from './referee';

export interface TestPostgres {
  url: string;
  stop(): void;
}

export const havePostgres = (): boolean => requireTool('initdb') && requireTool('pg_ctl');

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

function run(cmd: string[], asNobody: boolean): void {
  const argv = asNobody ? ['runuser', '-u', 'nobody', '--', ...cmd] : cmd;
  const r = spawnSync(argv[0], argv.slice(1), { encoding: 'utf8', cwd: tmpdir() });
  if (r.status !== 0) throw new Error(`${cmd.join(' ')} failed (${r.status}): ${r.stderr || r.stdout}`);
}

export async function startPostgres(): Promise<TestPostgres> {
  const asNobody = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'boundary-lab-pg-'));
  chmodSync(dir, 0o777);
  const data = join(dir, 'data');
  const port = await freePort();
  run(['initdb', '-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8'], asNobody);
  run(
    ['pg_ctl', '-D', data, '-l', join(dir, 'log'), '-w', '-t', '60', '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`, 'start'],
    asNobody,
  );
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop() {
      try {
        run(['pg_ctl', '-D', data, '-m', 'immediate', '-w', 'stop'], asNobody);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
