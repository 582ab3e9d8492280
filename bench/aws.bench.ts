/**
 * The `aws` command's costs: the generated CLI tables shipped per service (gzip), and the time runAws takes for a
 * call through an in-process SDK requestHandler, compared in the same run with the real AWS CLI's start-up when present.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { HttpResponse } from '@smithy/protocol-http';
import { runAws } from '../src/lib/shell/aws/index';

const dir = new URL('../src/lib/shell/aws/models/', import.meta.url);
const sizes = Object.fromEntries(
  readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => [f.replace('.json', ''), gzipSync(readFileSync(new URL(f, dir))).length]),
);
const total = Object.values(sizes).reduce((a, b) => a + b, 0);
console.log(JSON.stringify({ metric: 'aws_tables_gzip_total', value: total, unit: 'bytes', goal: '< 60000, loaded one service at a time', comparison: sizes }));

const body = new TextEncoder().encode('<GetCallerIdentityResponse><GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/a</Arn><UserId>A</UserId><Account>123456789012</Account></GetCallerIdentityResult></GetCallerIdentityResponse>');
const requestHandler = { handle: async () => ({ response: new HttpResponse({ statusCode: 200, headers: {}, body }) }) };
const io = {
  argv: ['sts', 'get-caller-identity'],
  env: { AWS_ACCESS_KEY_ID: 'a', AWS_SECRET_ACCESS_KEY: 'b', AWS_DEFAULT_REGION: 'us-east-1' },
  cwd: '/',
  readFile: async () => undefined,
  writeFile: async () => {},
  stdout: () => {},
  stderr: () => {},
  transport: { requestHandler },
};
await runAws(io); // warm the lazy imports
const n = 50;
const t0 = performance.now();
for (let i = 0; i < n; i++) await runAws(io);
const perCall = (performance.now() - t0) / n;
let cli: number | null = null;
const c0 = performance.now();
const r = spawnSync('aws', ['--version']);
if (r.status === 0) cli = performance.now() - c0;
console.log(JSON.stringify({ metric: 'aws_sts_get_caller_identity_in_process', value: Number(perCall.toFixed(2)), unit: 'ms', goal: '< 16', comparison: { real_aws_cli_v1_version_startup_ms: cli && Number(cli.toFixed(1)) } }));

// The browser bundle of the `aws` command: its own code, and each service chunk (SDK client + table), minified and
// gzipped, built with esbuild the way a bundler splits the dynamic imports.
{
  const { build } = await import('esbuild');
  const { mkdtempSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const outdir = mkdtempSync(join(tmpdir(), 'aws-bundle-'));
  const result = await build({
    entryPoints: [new URL('../src/lib/shell/aws/index.ts', import.meta.url).pathname],
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    minify: true,
    outdir,
    metafile: true,
    write: true,
    logLevel: 'silent',
  });
  const outputs = Object.entries(result.metafile.outputs).filter(([f]) => f.endsWith('.js'));
  const gz = (f: string) => gzipSync(readFileSync(f)).length;
  const main = new URL('../src/lib/shell/aws/index.ts', import.meta.url).pathname;
  const entry = outputs.find(([, o]) => o.entryPoint && main.endsWith(o.entryPoint));
  const chunks: Record<string, number> = {};
  outputs.forEach(([f, o], i) => {
    const inputs = Object.keys(o.inputs);
    const label =
      entry && f === entry[0]
        ? 'aws-command'
        : (inputs.map((x) => /client-[a-z0-9-]+|models\/[a-z0-9]+\.json|jmespath|@smithy\/[a-z0-9-]+|@aws-sdk\/[a-z0-9-]+/.exec(x)?.[0]).find(Boolean) ?? 'shared');
    chunks[`${label}#${i}`] = gz(f);
  });
  const total = outputs.reduce((a, [f]) => a + gz(f), 0);
  console.log(JSON.stringify({ metric: 'aws_command_entry_gzip', value: entry ? gz(entry[0]) : 0, unit: 'bytes', goal: 'small beside the 1 MB terminal budget', comparison: { all_chunks_gzip: total } }));
  console.log(JSON.stringify({ metric: 'aws_command_all_chunks_gzip', value: total, unit: 'bytes', goal: '< 1000000 with the shell and sandbox', comparison: chunks }));
}
