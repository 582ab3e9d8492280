#!/usr/bin/env node
// `npm run bench`: runs every bench/*.bench.ts (one process each, so one cannot skew another) and passes
// through their output: one JSON object per metric per line, each with the comparison measured in the same run.
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const only = process.argv.slice(2);
const files = readdirSync(join(root, 'bench'))
  .filter((f) => f.endsWith('.bench.ts') || f.endsWith('.bench.mjs'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();
let failed = 0;
for (const f of files) {
  const r = spawnSync('npx', ['tsx', join('bench', f)], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) {
    failed++;
    console.log(JSON.stringify({ metric: `${f}:error`, value: r.status, unit: 'exit status' }));
  }
}
process.exit(failed ? 1 : 0);
