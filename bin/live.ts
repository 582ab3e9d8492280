/**
 * `npm run live` / `boundary-lab live`: the workshop against a real AWS account, through a local server on 127.0.0.1.
 *   --port N          listen on N (default: a free port)
 *   --account ID      an account the run may touch (repeatable); any other is refused
 *   --region R        the region for the whole run (default: AWS_REGION, AWS_DEFAULT_REGION, else us-east-1)
 *   --profile P       use this profile of the standard credential chain
 *   --upstream URL    send AWS calls to URL instead of AWS (e.g. a running `npm run sandbox`)
 *   --no-open         don't open a browser
 * While it runs, typing `new-link` (then Enter) prints a new one-time link.
 */
import { parseArgs } from 'node:util';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { startLiveServer } from '../src/lib/live/server';
import { loadWorkshopPolicy } from '../src/lib/live/policy/node';
import { openInBrowser, writeRedirectFile } from '../src/lib/live/opener';

const root = fileURLToPath(new URL('..', import.meta.url));

function usage(message: string): never {
  console.error(`boundary-lab live: ${message}\nusage: boundary-lab live [--port N] [--account ID]... [--region R] [--profile P] [--upstream URL] [--room URL] [--no-open]`);
  process.exit(252);
}

let values: Record<string, string | string[] | boolean | undefined>;
try {
  ({ values } = parseArgs({
    options: {
      port: { type: 'string' },
      account: { type: 'string', multiple: true },
      region: { type: 'string' },
      profile: { type: 'string' },
      upstream: { type: 'string' },
      'no-open': { type: 'boolean' },
      room: { type: 'string' },
    },
  }));
} catch (e) {
  usage((e as Error).message);
}

const port = values.port === undefined ? 0 : Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) usage(`--port must be a port number, not ${String(values.port)}`);
const accounts = (values.account as string[] | undefined) ?? [];
for (const a of accounts) if (!/^\d{12}$/.test(a)) usage(`--account must be a 12-digit AWS account id, not ${a}`);
const region = (values.region as string) || process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION || 'us-east-1';
if (!/^[a-z]{2}(-gov)?-[a-z]+-\d$/.test(region)) usage(`--region ${region} is not an AWS region name`);
const upstream = (values.upstream as string) || undefined;
// A workshop room the learner joins from this page (npm run room on the instructor's machine or a host).
let roomOrigin: string | undefined;
if (values.room !== undefined) {
  try {
    const u = new URL(values.room as string);
    if (!/^https?:$/.test(u.protocol)) throw new Error();
    roomOrigin = u.origin;
  } catch {
    usage(`--room must be the room server's http(s) URL, not ${String(values.room)}`);
  }
}
if (upstream !== undefined && !/^https?:\/\/[^/]+\/?$/.test(upstream)) usage(`--upstream must be a URL such as http://127.0.0.1:4566, not ${upstream}`);
// An endpoint override in the environment would silently send the learner's signed calls somewhere other than AWS.
const endpointVars = Object.keys(process.env).filter((k) => /^AWS_ENDPOINT_URL(_[A-Z0-9_]+)?$/.test(k) && process.env[k]);
if (endpointVars.length > 0 && !upstream) {
  usage(`${endpointVars.join(', ')} is set: live mode talks to AWS itself and will not follow an endpoint override. Unset it, or give --upstream URL to send the calls there on purpose.`);
}

// The site is served at the root in live mode.
const build = spawn(process.execPath, [join(root, 'scripts', 'ensure-build.mjs')], { stdio: 'inherit', env: { ...process.env, BASE_PATH: '' } });
await new Promise<void>((resolve) => build.on('exit', (code) => (code === 0 ? resolve() : process.exit(code ?? 1))));

try {
  const live = await startLiveServer({
    distDir: join(root, 'dist'),
    region,
    accounts,
    port,
    upstream,
    roomOrigin,
    policy: loadWorkshopPolicy(root),
    credentials: fromNodeProviderChain({ profile: values.profile as string | undefined }),
    // One line per AWS call: the operation and status only. Never credentials, never bodies.
    log: (line) => console.log(`  ${line}`),
  });
  console.log(`\nBoundary Lab (live mode)`);
  console.log(`  account: ${live.identity.accountId}   caller: ${live.identity.arn}   region: ${region}`);
  if (upstream) console.log(`  upstream: ${upstream} (not AWS)`);
  if (roomOrigin) console.log(`  room: after opening the link, join your instructor's room at /room/join/?server=${encodeURIComponent(roomOrigin)}`);
  console.log(`\nOpen this one-time link (it works once, within five minutes; keep it to yourself):\n  ${live.url}\n`);
  console.log('Confirm the account in the page before the workshop touches it. Type new-link for another link. Ctrl-C stops the server.\n');
  let redirect: ReturnType<typeof writeRedirectFile> | undefined;
  if (!values['no-open']) {
    redirect = writeRedirectFile(live.url);
    openInBrowser(redirect.file);
  }
  createInterface({ input: process.stdin }).on('line', (line) => {
    if (line.trim() === 'new-link') console.log(`\nA new one-time link:\n  ${live.newLink()}\n`);
  });
  const stop = () => {
    redirect?.remove();
    void live.close().then(() => process.exit(0));
  };
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, stop);
} catch (e) {
  console.error(`boundary-lab live: ${(e as Error).message}`);
  process.exit(1);
}
