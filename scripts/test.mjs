#!/usr/bin/env node
// `npm test`: the unit suite (Vitest) and the browser suite (Playwright), each line prefixed with its suite, and the
// exit status of the first that fails (else 0). The site is built first when the sources are newer than the build
// (scripts/ensure-build.mjs): the browser suite serves it, and a few unit tests read it (what the worker loads first).
// The suites run side by side on a machine with 4 cores or more, one after the other below that, where both already
// use every core (measured on 2 cores: 16 min one after the other, 21 min side by side).
// BOUNDARY_LAB_TEST_SERIAL=1 or =0 decides instead.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { availableParallelism } from 'node:os';

const build = ['build', process.execPath, ['scripts/ensure-build.mjs']];
const suites = [
  ['unit', 'npm', ['run', 'test:unit']],
  ['browser', 'npm', ['run', 'test:browser']],
];

function run([name, command, args]) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
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

const forced = process.env.BOUNDARY_LAB_TEST_SERIAL;
const serial = forced ? forced !== '0' : availableParallelism() < 4;
const built = await run(build);
if (built !== 0) process.exit(built);
const statuses = [];
if (serial) for (const s of suites) statuses.push(await run(s));
else statuses.push(...(await Promise.all(suites.map(run))));
process.exit(statuses.find((s) => s !== 0) ?? 0);
