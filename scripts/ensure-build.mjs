#!/usr/bin/env node
// Builds the site when dist/ is missing or older than its sources, so `npm start` and the browser tests
// always serve what the sources say. Set BOUNDARY_LAB_FORCE_BUILD=1 to rebuild regardless.
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const stamp = join(root, 'dist', '.build-stamp');
const sources = ['src', 'labs', 'public', 'astro.config.mjs', 'package.json'];

function newest(path) {
  if (!existsSync(path)) return 0;
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  let max = s.mtimeMs;
  for (const name of readdirSync(path)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    max = Math.max(max, newest(join(path, name)));
  }
  return max;
}

export function needsBuild() {
  if (process.env.BOUNDARY_LAB_FORCE_BUILD) return true;
  if (!existsSync(stamp)) return true;
  // A build for another base path serves broken links here.
  const builtBase = /base=(\S*)/.exec(readFileSync(stamp, 'utf8'))?.[1];
  if (builtBase !== (process.env.BASE_PATH || '/')) return true;
  const built = statSync(stamp).mtimeMs;
  return sources.some((s) => newest(join(root, s)) > built);
}

export function build() {
  const r = spawnSync('npx', ['astro', 'build'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
  writeFileSync(stamp, `${new Date().toISOString()} base=${process.env.BASE_PATH || '/'}\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (needsBuild()) build();
  else console.log('dist/ is up to date.');
}
