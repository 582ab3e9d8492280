#!/usr/bin/env node
// `npm test`: the unit suite (Vitest) and the browser suite (Playwright) side by side, each line prefixed with its
// suite, and the exit status of the first that fails (else 0). The browser suite builds the site first when the
// sources are newer (scripts/ensure-build.mjs). BOUNDARY_LAB_TEST_SERIAL=1 runs them one after the other instead.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

const suites = [
  ['unit', ['run', 'test:unit']],
  ['browser', ['run', 'test:browser']],
];

function run([name, args]) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn('npm', args, { stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream }).on('line', (line) => console.log(`[${name}] ${line}`));
    }
    child.on('close', (code, signal) => {
      const status = code ?? (signal ? 1 : 0);
      console.log(`[${name}] ${status === 0 ? 'passed' : `FAILED (exit ${status})`} in ${Math.round((Date.now() - started) / 1000)} s`);
      resolve(status);
    });
  });
}

const serial = !!process.env.BOUNDARY_LAB_TEST_SERIAL;
const statuses = [];
if (serial) for (const s of suites) statuses.push(await run(s));
else statuses.push(...(await Promise.all(suites.map(run))));
process.exit(statuses.find((s) => s !== 0) ?? 0);
