#!/usr/bin/env node
// Builds the site when dist/ is missing or older than its sources, so `npm start` and the browser tests
// always serve what the sources say. Set BOUNDARY_LAB_FORCE_BUILD=1 to rebuild regardless.
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const stamp = join(root, 'dist', '.build-stamp');
// The browser tests also walk the workshop built in another organization's names (the org kit's example).
export const ORG_EXAMPLE = 'labs/org-examples/acme.org.json';
const orgStamp = join(root, 'dist-org', '.build-stamp');
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

export function needsBuild(stampFile = stamp) {
  if (process.env.BOUNDARY_LAB_FORCE_BUILD) return true;
  if (!existsSync(stampFile)) return true;
  // A build for another base path serves broken links here.
  const builtBase = /base=(\S*)/.exec(readFileSync(stampFile, 'utf8'))?.[1];
  if (builtBase !== (process.env.BASE_PATH || '/')) return true;
  const built = statSync(stampFile).mtimeMs;
  return sources.some((s) => newest(join(root, s)) > built);
}

export function build() {
  const r = spawnSync('npx', ['astro', 'build'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
  writeFileSync(stamp, `${new Date().toISOString()} base=${process.env.BASE_PATH || '/'}\n`);
}

/** The same site in the org kit example's names, into dist-org/. */
export function buildOrg() {
  const env = { ...process.env, BOUNDARY_LAB_ORG: ORG_EXAMPLE, BOUNDARY_LAB_OUT_DIR: './dist-org', BASE_PATH: '/' };
  const r = spawnSync('npx', ['astro', 'build'], { cwd: root, stdio: 'inherit', env });
  if (r.status !== 0) process.exit(r.status ?? 1);
  writeFileSync(orgStamp, `${new Date().toISOString()} base=/\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (needsBuild()) build();
  else console.log('dist/ is up to date.');
  if (!process.argv.includes('--site-only')) {
    const saved = process.env.BASE_PATH;
    process.env.BASE_PATH = '/';
    const stale = needsBuild(orgStamp);
    process.env.BASE_PATH = saved;
    if (stale) buildOrg();
    else console.log('dist-org/ is up to date.');
  }
}
