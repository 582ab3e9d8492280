/**
 * The last-resort guard of `npm run sandbox`: an error that escapes every handler (an unhandled rejection, an uncaught
 * exception) is logged as an internal error and the server keeps answering. Run in a child process, since the test
 * runner treats an unhandled rejection in its own process as a failure.
 */
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../../../../', import.meta.url).pathname;

const SCRIPT = `
import { keepServingOnEscapedErrors, serve } from './src/lib/emulator/node/http-server.ts';
keepServingOnEscapedErrors();
const running = await serve(async () => new Response('still here'), { port: 0 });
Promise.reject(new Error('escaped rejection'));
setTimeout(() => { throw new Error('escaped exception'); }, 5);
setTimeout(async () => {
  const text = await (await fetch(running.url)).text();
  console.log('answer:', text);
  await running.close();
  process.exit(0);
}, 50);
`;

describe('last-resort guard (node)', () => {
  it('logs escaped errors as internal errors and keeps serving', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', SCRIPT], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(out).toContain('answer: still here');
    expect(err).toContain('[sandbox] internal error (an unhandled rejection escaped; still serving): Error: escaped rejection');
    expect(err).toContain('[sandbox] internal error (an uncaught exception escaped; still serving): Error: escaped exception');
    expect(code).toBe(0);
  }, 20_000);
});
