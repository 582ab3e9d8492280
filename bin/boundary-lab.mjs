#!/usr/bin/env node
// The `boundary-lab` command: `boundary-lab live | sandbox | shell | audit [options]`. Each subcommand is a TypeScript
// entry in bin/, run through tsx so the package ships its sources as they are.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));
const commands = { live: 'live.ts', sandbox: 'sandbox.ts', shell: 'shell.ts', audit: 'audit.ts', room: 'room.ts', kit: 'kit.ts' };
const [cmd, ...args] = process.argv.slice(2);
if (!cmd || !(cmd in commands) || cmd === '--help' || cmd === '-h') {
  console.error('usage: boundary-lab <live|sandbox|shell|audit|room|kit> [options]\n');
  console.error('  live     serve the workshop against your own AWS account (127.0.0.1 only)');
  console.error('  sandbox  serve the sandbox AWS endpoint over HTTP for the real AWS CLI and SDKs');
  console.error('  shell    open the sandbox shell in this terminal');
  console.error('  audit    attack a builder policy and boundary with the escalation battery');
  console.error('  room     run a workshop room: learners join, the instructor sees the room\'s progress live');
  console.error('  kit      make your organization\'s builder model, service control policy and README from boundary-lab.org.json');
  process.exit(cmd ? 252 : 0);
}
const child = spawn(process.execPath, ['--import', 'tsx', join(here, commands[cmd]), ...args], { stdio: 'inherit' });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 130 : 0)));
