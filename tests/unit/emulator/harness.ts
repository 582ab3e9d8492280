/**
 * Test harness for the emulator's conformance suites: start `bin/sandbox.ts` as its own process (as
 * `npm run sandbox` does), run the real AWS CLI against it, and sign raw requests for in-process tests.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import type { Credentials } from '../../../src/lib/emulator';
import { toWebRequest } from '../../../src/lib/emulator/sdk';

const ROOT = new URL('../../../', import.meta.url).pathname;

export interface SandboxProcess {
  url: string;
  port: number;
  credentials: Credentials;
  env: Record<string, string>;
  child: ChildProcess;
  dataDir?: string;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export function tempDir(prefix = 'sandbox-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Start `bin/sandbox.ts` on a free port and wait for it to print its endpoint and credentials. */
export function startSandbox(args: string[] = []): Promise<SandboxProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'bin/sandbox.ts'), '--port', '0', ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`sandbox did not start: ${out}${err}`)), 20_000);
    child.stderr!.on('data', (d) => (err += d));
    child.on('exit', (code) => reject(new Error(`sandbox exited with ${code}: ${out}${err}`)));
    child.stdout!.on('data', (d) => {
      out += d;
      const url = /Sandbox AWS endpoint: (http:\/\/127\.0\.0\.1:(\d+))/.exec(out)?.[1];
      const id = /export AWS_ACCESS_KEY_ID=(\S+)/.exec(out)?.[1];
      const secret = /export AWS_SECRET_ACCESS_KEY=(\S+)/.exec(out)?.[1];
      const region = /export AWS_DEFAULT_REGION=(\S+)/.exec(out)?.[1];
      if (!url || !id || !secret || !region) return;
      clearTimeout(timer);
      const dataIndex = args.indexOf('--data');
      resolve({
        url,
        port: Number(new URL(url).port),
        credentials: { accessKeyId: id, secretAccessKey: secret },
        env: { AWS_ACCESS_KEY_ID: id, AWS_SECRET_ACCESS_KEY: secret, AWS_DEFAULT_REGION: region },
        child,
        ...(dataIndex >= 0 ? { dataDir: args[dataIndex + 1] } : {}),
        stop: (signal = 'SIGTERM') =>
          new Promise<void>((r) => {
            if (child.exitCode !== null || child.signalCode !== null) return r();
            child.removeAllListeners('exit');
            child.once('exit', () => r());
            child.kill(signal);
          }),
      });
    });
  });
}

export interface CliResult {
  status: number;
  stdout: string;
  stderr: string;
  json: any;
}

/**
 * The real AWS CLI v1, run through its own driver in one long-lived Python process
 * (tests/conformance/aws_cli_runner.py) because starting `aws` per command costs ~0.6 s.
 */
class CliRunner {
  private child: ChildProcess;
  private buffer = '';
  private next = 1;
  private pending = new Map<number, (r: { status: number; stdout: string; stderr: string }) => void>();

  constructor(python: string) {
    this.child = spawn(python, [join(ROOT, 'tests/conformance/aws_cli_runner.py')], {
      stdio: ['pipe', 'pipe', 'inherit'],
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '/tmp',
        AWS_CONFIG_FILE: '/dev/null',
        AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
        AWS_MAX_ATTEMPTS: '1',
        AWS_RETRY_MODE: 'standard',
        AWS_PAGER: '',
      },
    });
    this.child.stdout!.setEncoding('utf8');
    this.child.stdout!.on('data', (d: string) => {
      this.buffer += d;
      let nl: number;
      while ((nl = this.buffer.indexOf('\n')) >= 0) {
        const line = this.buffer.slice(0, nl);
        this.buffer = this.buffer.slice(nl + 1);
        if (!line.trim()) continue;
        const msg = JSON.parse(line);
        this.pending.get(msg.id)?.(msg);
        this.pending.delete(msg.id);
      }
    });
    this.child.unref();
    (this.child.stdout as any).unref?.();
    (this.child.stdin as any).unref?.();
  }

  run(args: string[], env: Record<string, string>) {
    const id = this.next++;
    return new Promise<{ status: number; stdout: string; stderr: string }>((resolve) => {
      this.pending.set(id, resolve);
      this.child.stdin!.write(JSON.stringify({ id, args, env }) + '\n');
    });
  }

  stop() {
    this.child.kill();
  }
}

let runner: CliRunner | undefined;

function cliPython(): string | undefined {
  const r = spawnSync('sh', ['-c', 'pyenv which aws 2>/dev/null || command -v aws'], { encoding: 'utf8' });
  const path = r.stdout.trim().split('\n')[0];
  if (!path) return undefined;
  const first = readFileSync(path, 'utf8').split('\n')[0];
  const m = /^#!\s*(\S*python\S*)/.exec(first);
  return m ? m[1] : undefined;
}

/** Run the real AWS CLI against the sandbox. */
export async function aws(sb: { url: string; env: Record<string, string> }, args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  if (!runner) {
    const python = cliPython();
    if (!python) throw new Error('Could not find the Python interpreter of the aws command');
    runner = new CliRunner(python);
  }
  const r = await runner.run(['--endpoint-url', sb.url, '--output', 'json', ...args], { ...sb.env, ...env });
  let json: any;
  try {
    json = r.stdout.trim() ? JSON.parse(r.stdout) : undefined;
  } catch {
    json = undefined;
  }
  return { ...r, json };
}

export function stopCli() {
  runner?.stop();
  runner = undefined;
}

/** The CLI's error line: "An error occurred (Code) when calling the Op operation: Message". */
export function cliError(r: CliResult): { code: string; operation: string; message: string } | undefined {
  const m = /An error occurred \(([^)]+)\) when calling the (\w+) operation(?: \(reached max retries: \d+\))?: (.*)/.exec(r.stderr);
  return m ? { code: m[1], operation: m[2], message: m[3].trim() } : undefined;
}

export function envFor(c: { AccessKeyId?: string; SecretAccessKey?: string; SessionToken?: string }): Record<string, string> {
  return {
    AWS_ACCESS_KEY_ID: c.AccessKeyId!,
    AWS_SECRET_ACCESS_KEY: c.SecretAccessKey!,
    ...(c.SessionToken ? { AWS_SESSION_TOKEN: c.SessionToken } : {}),
  };
}

/** Sign a raw request with SigV4, as an SDK would, and return it as a Web Request. */
export async function signedRequest(
  credentials: Credentials,
  req: { service: string; method?: string; path?: string; query?: Record<string, string>; headers?: Record<string, string>; body?: string | Uint8Array; region?: string; host?: string },
): Promise<Request> {
  const host = req.host ?? `${req.service}.amazonaws.com`;
  const http = new HttpRequest({
    method: req.method ?? 'POST',
    protocol: 'https:',
    hostname: host,
    path: req.path ?? '/',
    query: req.query ?? {},
    headers: { host, ...(req.headers ?? {}) },
    body: req.body,
  });
  const signer = new SignatureV4({ credentials, region: req.region ?? 'us-east-1', service: req.service, sha256: Sha256 });
  const signed = (await signer.sign(http)) as HttpRequest;
  const body = typeof req.body === 'string' ? new TextEncoder().encode(req.body) : req.body;
  return toWebRequest(signed, body);
}

export const TRUST_ACCOUNT = (account = '123456789012') =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'sts:AssumeRole' }] });
export const TRUST_LAMBDA = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});
export const allow = (action: string | string[], resource: string | string[] = '*') =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: resource }] });
