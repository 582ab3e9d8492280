/**
 * `npm run shell` — the Boundary Lab sandbox shell in this terminal: the same just-bash shell, `aws` command and
 * emulator as the browser's terminal.
 *   npx tsx bin/shell.ts [--data DIR] [--endpoint URL] [-c 'COMMANDS']
 * --data DIR      keep the sandbox (account, files, shell state, history) in DIR between runs
 * --endpoint URL  talk to a running `npm run sandbox` instead of an in-process emulator (credentials from
 *                 AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY as it prints them)
 * -c 'COMMANDS'   run the commands, print their output, exit with the last status
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { createEmulator } from '../src/lib/emulator';
import { FilePersistence } from '../src/lib/emulator/node/file-persistence';
import { createNodeLambdaRuntime } from '../src/lib/emulator/lambda-runtime/node/runtime';
import { needsMore } from '../src/lib/shell/line-editor/incomplete';
import { readLabTemplates } from '../src/lib/shell/node/labs';
import { sandboxProviders } from '../src/lib/shell/providers';
import { Sandbox, type SandboxTarget } from '../src/lib/shell/sandbox';

const { values } = parseArgs({
  options: {
    command: { type: 'string', short: 'c' },
    data: { type: 'string' },
    endpoint: { type: 'string' },
    region: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});

if (values.help) {
  console.log("Usage: npm run shell -- [--data DIR] [--endpoint URL] [-c 'COMMANDS']");
  process.exit(0);
}

const interactive = values.command === undefined && process.stdin.isTTY;

/** `edit`/`nano`/`vi` open the host's own editor on a temporary copy. */
async function openEditor(path: string, text: string): Promise<string | undefined> {
  if (!process.stdin.isTTY) {
    process.stderr.write('edit: no terminal to edit in\n');
    return undefined;
  }
  const dir = mkdtempSync(join(tmpdir(), 'boundary-lab-edit-'));
  const file = join(dir, basename(path));
  try {
    writeFileSync(file, text);
    const editor = process.env.VISUAL || process.env.EDITOR || 'vi';
    const r = spawnSync(editor, [file], { stdio: 'inherit', shell: true });
    if (r.status !== 0) return undefined;
    return readFileSync(file, 'utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

let target: SandboxTarget;
let settle = async () => {};
if (values.endpoint) {
  const accessKeyId = process.env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = process.env.AWS_SECRET_ACCESS_KEY;
  if (!accessKeyId || !secretAccessKey) {
    console.error('--endpoint needs the sandbox administrator\'s key: export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY as `npm run sandbox` prints them.');
    process.exit(2);
  }
  target = { endpoint: values.endpoint, credentials: { accessKeyId, secretAccessKey }, region: values.region ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1' };
} else {
  const emulator = createEmulator({
    providers: sandboxProviders({ lambdaRuntime: createNodeLambdaRuntime() }),
    ...(values.region ? { region: values.region } : {}),
    ...(values.data ? { store: new FilePersistence(values.data) } : {}),
  });
  try {
    await emulator.ready;
  } catch (e) {
    console.error(`Could not load the sandbox state: ${(e as Error).message}`);
    process.exit(1);
  }
  target = { emulator };
  settle = () => emulator.settled();
}

const sandbox = await Sandbox.open({
  target,
  labs: await readLabTemplates(),
  ...(values.data ? { store: new FilePersistence(values.data, 'shell-state.json') } : {}),
  hooks: { openEditor },
});

/** The host shell's environment must not leak in: the sandbox shell starts from its own. */
function print(r: { stdout: string; stderr: string }) {
  if (r.stdout) process.stdout.write(r.stdout);
  if (r.stderr) process.stderr.write(r.stderr);
}

if (!interactive) {
  const text = values.command ?? readFileSync(0, 'utf8');
  const r = await sandbox.run(text);
  print(r);
  await settle();
  await sandbox.save();
  process.exit(r.exitCode);
}

const rl = createInterface({
  input: process.stdin,
  output: process.stdout,
  terminal: true,
  history: [...sandbox.session.history].reverse(),
  historySize: 1000,
  removeHistoryDuplicates: false,
  completer: (line: string, cb: (err: null, result: [string[], string]) => void) => {
    sandbox.session.complete(line).then(
      (c) => cb(null, [c.items, line.slice(c.from)]),
      () => cb(null, [[], line]),
    );
  },
});

let running: AbortController | undefined;
let pending = '';

rl.on('SIGINT', () => {
  if (running) {
    running.abort();
    return;
  }
  process.stdout.write('^C\n');
  pending = '';
  rl.setPrompt(sandbox.session.prompt());
  rl.prompt();
});

rl.on('close', async () => {
  await settle();
  await sandbox.save();
  process.stdout.write('\n');
  process.exit(sandbox.session.state.status);
});

rl.setPrompt(sandbox.session.prompt());
rl.prompt();

for await (const line of rl) {
  pending = pending ? `${pending}\n${line}` : line;
  if (needsMore(pending)) {
    rl.setPrompt('> ');
    rl.prompt();
    continue;
  }
  const text = pending;
  pending = '';
  const exit = /^\s*(exit|logout)(\s+(\d+))?\s*$/.exec(text);
  if (exit) {
    if (exit[3]) sandbox.session.state.status = Number(exit[3]);
    rl.close();
    break;
  }
  // readline keeps reading while the command runs, so that Ctrl-C reaches its SIGINT handler (and typeahead waits).
  running = new AbortController();
  const r = await sandbox.run(text, running.signal);
  running = undefined;
  print(r);
  if (r.stdout.endsWith('\x1b[3J')) console.clear();
  rl.setPrompt(sandbox.session.prompt());
  rl.prompt();
}
