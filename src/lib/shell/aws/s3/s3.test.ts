/** `aws s3 cp/mv/rm/sync/presign` against the in-process emulator, with an in-memory file system for the shell's files. */
import { beforeEach, describe, expect, it } from 'vitest';
import { createEmulator, type Emulator } from '../../../emulator/index';
import { s3Provider } from '../../../emulator/services/s3/provider';
import { runAws } from '../index';

const HOME = '/home/learner';
let emulator: Emulator;
let files: Map<string, { data: Uint8Array; mtime: Date }>;
const abs = (p: string) => (p.startsWith('/') ? p : `${HOME}/${p.replace(/^\.\//, '')}`).replace(/\/$/, '') || '/';
const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array | undefined) => (b ? new TextDecoder().decode(b) : undefined);

async function aws(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const status = await runAws({
    argv,
    env: { HOME, AWS_DEFAULT_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: emulator.adminCredentials.accessKeyId, AWS_SECRET_ACCESS_KEY: emulator.adminCredentials.secretAccessKey },
    cwd: HOME,
    readFile: async (p) => files.get(abs(p))?.data,
    writeFile: async (p, d) => void files.set(abs(p), { data: d, mtime: new Date() }),
    files: {
      async stat(p) {
        const path = abs(p);
        const f = files.get(path);
        if (f) return { isDirectory: false, size: f.data.length, mtime: f.mtime };
        return [...files.keys()].some((k) => k.startsWith(`${path}/`)) ? { isDirectory: true, size: 0, mtime: new Date() } : undefined;
      },
      async list(p) {
        const dir = `${abs(p)}/`;
        return [...new Set([...files.keys()].filter((k) => k.startsWith(dir)).map((k) => k.slice(dir.length).split('/')[0]))];
      },
      async remove(p) {
        files.delete(abs(p));
      },
    },
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    transport: { requestHandler: emulator.sdkConfig().requestHandler },
  });
  return { status, stdout, stderr };
}

beforeEach(async () => {
  emulator = createEmulator({ pace: 0, providers: [s3Provider] });
  await emulator.ready;
  files = new Map();
  expect((await aws('s3', 'mb', 's3://bucket')).stdout).toBe('make_bucket: bucket\n');
});

describe('aws s3 transfers', () => {
  it('cp uploads and downloads one file, to a key, a prefix or stdout', async () => {
    files.set(`${HOME}/report.txt`, { data: enc('numbers'), mtime: new Date() });
    expect(await aws('s3', 'cp', 'report.txt', 's3://bucket/')).toEqual({ status: 0, stdout: 'upload: ./report.txt to s3://bucket/report.txt\n', stderr: '' });
    expect((await aws('s3', 'cp', 'report.txt', 's3://bucket/docs/r.txt')).stdout).toBe('upload: ./report.txt to s3://bucket/docs/r.txt\n');
    expect(await aws('s3', 'cp', 's3://bucket/docs/r.txt', '-')).toEqual({ status: 0, stdout: 'numbers', stderr: '' });
    files.set(`${HOME}/out/.keep`, { data: enc(''), mtime: new Date() });
    expect((await aws('s3', 'cp', 's3://bucket/docs/r.txt', 'out/')).stdout).toBe('download: s3://bucket/docs/r.txt to ./out/r.txt\n');
    expect(dec(files.get(`${HOME}/out/r.txt`)?.data)).toBe('numbers');
    expect((await aws('s3', 'cp', 's3://bucket/docs/r.txt', 's3://bucket/copy.txt')).stdout).toBe('copy: s3://bucket/docs/r.txt to s3://bucket/copy.txt\n');
  });

  it('reports a missing key, a missing local file and a denied call as the CLI does', async () => {
    expect(await aws('s3', 'cp', 's3://bucket/none.txt', 'x.txt')).toEqual({
      status: 1,
      stdout: '',
      stderr: '\nfatal error: An error occurred (404) when calling the HeadObject operation: Key "none.txt" does not exist\n',
    });
    const missing = await aws('s3', 'cp', 'nope.txt', 's3://bucket/');
    expect([missing.status, missing.stderr]).toEqual([255, '\nThe user-provided path nope.txt does not exist.\n']);
    const streamed = await aws('s3', 'cp', 's3://bucket/none.txt', '-');
    expect(streamed.status).toBe(1);
    expect(streamed.stderr).toBe('download failed: s3://bucket/none.txt to - An error occurred (404) when calling the HeadObject operation: Not Found\n');
  });

  it('cp --recursive and sync (with --delete) move whole folders both ways; rm and mv remove the source', async () => {
    for (const f of ['site/index.html', 'site/css/a.css', 'site/img/logo.png']) files.set(`${HOME}/${f}`, { data: enc(f), mtime: new Date(Date.now() - 60_000) });
    const up = await aws('s3', 'cp', 'site', 's3://bucket/web', '--recursive');
    expect(up.stdout.split('\n').filter(Boolean).sort()).toEqual([
      'upload: ./site/css/a.css to s3://bucket/web/css/a.css',
      'upload: ./site/img/logo.png to s3://bucket/web/img/logo.png',
      'upload: ./site/index.html to s3://bucket/web/index.html',
    ]);
    // Nothing changed: sync copies nothing.
    expect((await aws('s3', 'sync', 'site', 's3://bucket/web')).stdout).toBe('');
    files.set(`${HOME}/site/index.html`, { data: enc('changed!!!!!'), mtime: new Date() });
    files.delete(`${HOME}/site/img/logo.png`);
    expect((await aws('s3', 'sync', 'site', 's3://bucket/web', '--delete')).stdout).toBe(
      'upload: ./site/index.html to s3://bucket/web/index.html\ndelete: s3://bucket/web/img/logo.png\n',
    );
    expect((await aws('s3', 'sync', 's3://bucket/web', 'copy', '--exclude', '*.css')).stdout).toBe('download: s3://bucket/web/index.html to ./copy/index.html\n');
    expect(dec(files.get(`${HOME}/copy/index.html`)?.data)).toBe('changed!!!!!');
    expect((await aws('s3', 'mv', 's3://bucket/web/css/a.css', 's3://bucket/a.css')).stdout).toBe('move: s3://bucket/web/css/a.css to s3://bucket/a.css\n');
    expect((await aws('s3', 'rm', 's3://bucket/', '--recursive')).stdout).toBe('delete: s3://bucket/a.css\ndelete: s3://bucket/web/index.html\n');
    expect((await aws('s3', 'ls', 's3://bucket/', '--recursive')).stdout).toBe('');
    expect((await aws('s3', 'rb', 's3://bucket')).stdout).toBe('remove_bucket: bucket\n');
  });

  it('uploads a file over 8 MiB in parts, as the CLI does, and reads it back whole', async () => {
    const big = new Uint8Array(9 * 1024 * 1024);
    for (let i = 0; i < big.length; i += 4096) big[i] = (i / 4096) % 251;
    files.set(`${HOME}/big.bin`, { data: big, mtime: new Date() });
    expect((await aws('s3', 'cp', 'big.bin', 's3://bucket/big.bin')).stdout).toBe('upload: ./big.bin to s3://bucket/big.bin\n');
    const head = JSON.parse((await aws('s3api', 'head-object', '--bucket', 'bucket', '--key', 'big.bin', '--output', 'json')).stdout);
    expect([head.ContentLength, head.ETag]).toEqual([big.length, expect.stringMatching(/-2"$/)]);
    expect((await aws('s3', 'cp', 's3://bucket/big.bin', 'back.bin')).status).toBe(0);
    // Compared as bytes, not element by element (a deep equal of 9 MiB is slow).
    expect(Buffer.compare(files.get(`${HOME}/back.bin`)!.data, big)).toBe(0);
  });

  it('presign prints a URL the sandbox accepts without any other credentials', async () => {
    files.set(`${HOME}/p.txt`, { data: enc('presigned'), mtime: new Date() });
    await aws('s3', 'cp', 'p.txt', 's3://bucket/p.txt');
    const out = await aws('s3', 'presign', 's3://bucket/p.txt', '--expires-in', '300', '--endpoint-url', 'http://127.0.0.1:4566');
    const url = new URL(out.stdout.trim());
    expect(url.pathname).toBe('/bucket/p.txt');
    expect(url.searchParams.get('X-Amz-Expires')).toBe('300');
    expect(url.searchParams.get('X-Amz-Credential')).toMatch(/\/us-east-1\/s3\/aws4_request$/);
    const res = await emulator.handle(new Request(url, { method: 'GET' }));
    expect([res.status, await res.text()]).toEqual([200, 'presigned']);
    const plain = await aws('s3', 'presign', 's3://bucket/p.txt');
    expect(plain.stdout).toMatch(/^https:\/\/bucket\.s3\.amazonaws\.com\/p\.txt\?X-Amz-Algorithm=AWS4-HMAC-SHA256&/);
  });
});
