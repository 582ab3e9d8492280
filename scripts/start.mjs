#!/usr/bin/env node
// `npm start`: build the workshop if needed, then serve it locally in sandbox mode and print the URL.
import { needsBuild, build } from './ensure-build.mjs';
import { spawn } from 'node:child_process';

const port = process.env.PORT || '4321';
if (needsBuild()) build();
const base = (process.env.BASE_PATH || '/').replace(/\/?$/, '/');
console.log(`\nBoundary Lab (sandbox mode) is at http://127.0.0.1:${port}${base}\n`);
const child = spawn(process.execPath, [new URL('./serve.mjs', import.meta.url).pathname, '--port', port], {
  stdio: 'inherit',
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code) => process.exit(code ?? 0));
