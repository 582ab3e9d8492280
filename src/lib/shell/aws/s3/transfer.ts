/**
 * `aws s3 cp`, `mv`, `rm` and `sync` (awscli/customizations/s3/subcommands.py and s3handler.py): local ↔ S3 and
 * S3 ↔ S3, one object or `--recursive`, with the CLI's progress lines (`upload: ./a to s3://b/a`), its failure lines
 * (`upload failed: … An error occurred …`) and its exit codes (1 when a transfer failed).
 */
import type { ServiceCaller } from '../clients';
import { CliError, UsageError } from '../errors';
import { serviceError } from '../clients';
import {
  baseName, botoMessage, filtered, isS3, joinLocal, localText, parseArgs, parseS3, s3Text, type LocalFiles, type ParsedArgs, type S3IO, type S3Uri,
} from './common';

/** botocore's transfer defaults: multipart above 8 MiB, in 8 MiB parts. */
const MULTIPART_THRESHOLD = 8 * 1024 * 1024;
const PART_SIZE = 8 * 1024 * 1024;

type Endpoint = { kind: 'local'; path: string } | { kind: 's3'; uri: S3Uri };
interface Item {
  src: Endpoint;
  dest: Endpoint;
  size?: number;
}

const text = (e: Endpoint) => (e.kind === 'local' ? localText(e.path) : s3Text(e.uri));
const endpoint = (p: string): Endpoint => (isS3(p) ? { kind: 's3', uri: parseS3(p) } : { kind: 'local', path: p });

function needFiles(io: S3IO): LocalFiles {
  if (!io.files) throw new CliError('This terminal has no file system for aws s3 transfers.', 255);
  return io.files;
}

/** Every object under a prefix, paginated (ListObjectsV2). */
async function listObjects(s3: ServiceCaller, bucket: string, prefix: string) {
  const out: { Key: string; Size: number; LastModified: Date }[] = [];
  let token: string | undefined;
  do {
    const page = await s3.call('ListObjectsV2', { Bucket: bucket, Prefix: prefix, ...(token ? { ContinuationToken: token } : {}) });
    out.push(...((page.Contents as typeof out | undefined) ?? []));
    token = page.NextContinuationToken as string | undefined;
  } while (token);
  return out;
}

/** Every file under a local directory, with paths relative to it. */
async function walk(files: LocalFiles, dir: string, rel = ''): Promise<{ rel: string; size: number; mtime: Date }[]> {
  const out: { rel: string; size: number; mtime: Date }[] = [];
  for (const name of (await files.list(joinLocal(dir, rel))).sort()) {
    const r = rel ? `${rel}/${name}` : name;
    const st = await files.stat(joinLocal(dir, r));
    if (!st) continue;
    if (st.isDirectory) out.push(...(await walk(files, dir, r)));
    else out.push({ rel: r, size: st.size, mtime: st.mtime });
  }
  return out;
}

async function readBody(s3: ServiceCaller, uri: S3Uri): Promise<Uint8Array> {
  const r = await s3.call('GetObject', { Bucket: uri.bucket, Key: uri.key });
  const body = r.Body as { transformToByteArray?: () => Promise<Uint8Array> } | Uint8Array | undefined;
  if (body instanceof Uint8Array) return body;
  return body?.transformToByteArray ? body.transformToByteArray() : new Uint8Array();
}

async function upload(s3: ServiceCaller, bytes: Uint8Array, uri: S3Uri, extra: Record<string, unknown>) {
  if (bytes.length <= MULTIPART_THRESHOLD) {
    await s3.call('PutObject', { Bucket: uri.bucket, Key: uri.key, Body: bytes, ...extra });
    return;
  }
  const { UploadId } = (await s3.call('CreateMultipartUpload', { Bucket: uri.bucket, Key: uri.key, ...extra })) as { UploadId: string };
  try {
    const parts: { PartNumber: number; ETag: string }[] = [];
    for (let offset = 0, n = 1; offset < bytes.length; offset += PART_SIZE, n++) {
      const r = await s3.call('UploadPart', { Bucket: uri.bucket, Key: uri.key, UploadId, PartNumber: n, Body: bytes.subarray(offset, offset + PART_SIZE) });
      parts.push({ PartNumber: n, ETag: r.ETag as string });
    }
    await s3.call('CompleteMultipartUpload', { Bucket: uri.bucket, Key: uri.key, UploadId, MultipartUpload: { Parts: parts } });
  } catch (e) {
    await s3.call('AbortMultipartUpload', { Bucket: uri.bucket, Key: uri.key, UploadId }).catch(() => undefined);
    throw e;
  }
}

interface Verb {
  done: string;
  failed: string;
}
const VERBS: Record<string, Verb> = {
  upload: { done: 'upload', failed: 'upload failed' },
  download: { done: 'download', failed: 'download failed' },
  copy: { done: 'copy', failed: 'copy failed' },
};

/** Moves one item; returns false when it failed (the failure line is written). */
async function transfer(s3: ServiceCaller, io: S3IO, item: Item, args: ParsedArgs, move: boolean): Promise<boolean> {
  const kind = item.src.kind === 'local' ? 'upload' : item.dest.kind === 'local' ? 'download' : 'copy';
  const operation = kind === 'upload' ? 'PutObject' : kind === 'download' ? 'GetObject' : 'CopyObject';
  const label = move ? 'move' : VERBS[kind].done;
  const line = `${text(item.src)} to ${text(item.dest)}`;
  if (args.flags.has('--dryrun')) {
    io.stdout(`(dryrun) ${label}: ${line}\n`);
    return true;
  }
  const extra: Record<string, unknown> = {};
  const contentType = args.values.get('--content-type')?.at(-1);
  if (contentType) extra.ContentType = contentType;
  let op = operation;
  try {
    if (item.src.kind === 'local' && item.dest.kind === 's3') {
      const bytes = item.src.path === '-' ? new Uint8Array() : await needFiles(io).read(item.src.path);
      if (!bytes) throw new CliError(`The user-provided path ${item.src.path} does not exist.`, 255);
      if (bytes.length > MULTIPART_THRESHOLD) op = 'CompleteMultipartUpload';
      await upload(s3, bytes, item.dest.uri, extra);
    } else if (item.src.kind === 's3' && item.dest.kind === 'local') {
      if (item.dest.path === '-') {
        // Streaming to stdout, awscli looks the object up first too; its failure is the download's.
        op = 'HeadObject';
        await s3.call('HeadObject', { Bucket: item.src.uri.bucket, Key: item.src.uri.key });
        op = operation;
      }
      const bytes = await readBody(s3, item.src.uri);
      if (item.dest.path === '-') io.stdout(bytes);
      else await needFiles(io).write(item.dest.path, bytes);
    } else if (item.src.kind === 's3' && item.dest.kind === 's3') {
      const source = `${item.src.uri.bucket}/${item.src.uri.key}`;
      await s3.call('CopyObject', { Bucket: item.dest.uri.bucket, Key: item.dest.uri.key, CopySource: encodeURI(source), ...extra });
    }
    if (move) {
      op = 'DeleteObject';
      if (item.src.kind === 's3') await s3.call('DeleteObject', { Bucket: item.src.uri.bucket, Key: item.src.uri.key });
      else await needFiles(io).remove(item.src.path);
    }
  } catch (e) {
    // A service error (its cause) becomes the failure line; the CLI's own errors end the command.
    if (e instanceof CliError && (e as { cause?: unknown }).cause === undefined) throw e;
    io.stderr(`${move ? 'move failed' : VERBS[kind].failed}: ${line} ${op === 'HeadObject' ? headMessage(e) : botoMessage(e, op)}\n`);
    return false;
  }
  // Streaming to stdout prints no progress line.
  if (!(item.dest.kind === 'local' && item.dest.path === '-')) io.stdout(`${label}: ${line}\n`);
  return true;
}

/**
 * HeadObject has no body, so botocore reports only the status: `An error occurred (403) when calling the HeadObject
 * operation: Forbidden`.
 */
function headMessage(e: unknown): string {
  const info = serviceError((e as { cause?: unknown }).cause ?? e);
  if (!info) throw e;
  const status = info.status ?? 0;
  const reason = status === 404 ? 'Not Found' : status === 403 ? 'Forbidden' : status === 400 ? 'Bad Request' : info.message;
  return `An error occurred (${status}) when calling the HeadObject operation${info.retries ? ` (reached max retries: ${info.retries})` : ''}: ${reason}`;
}

/** The single object a non-recursive cp/mv names, with the destination the CLI derives for it. */
async function singleItem(s3: ServiceCaller, io: S3IO, src: Endpoint, dest: Endpoint): Promise<Item> {
  if (src.kind === 'local') {
    if (src.path !== '-') {
      const st = await needFiles(io).stat(src.path);
      if (!st || st.isDirectory) throw new CliError(`The user-provided path ${src.path} does not exist.`, 255);
    }
    if (dest.kind === 's3' && (dest.uri.key === '' || dest.uri.key.endsWith('/'))) dest = { kind: 's3', uri: { ...dest.uri, key: dest.uri.key + baseName(src.path) } };
    return { src, dest };
  }
  const name = baseName(src.uri.key);
  if (dest.kind === 'local' && dest.path !== '-') {
    // awscli looks the object up first (HeadObject) for its size; a 404 or 403 there is a fatal error.
    try {
      await s3.call('HeadObject', { Bucket: src.uri.bucket, Key: src.uri.key });
    } catch (e) {
      const message = headMessage(e);
      throw new CliError(`fatal error: ${message.includes('(404)') ? `An error occurred (404) when calling the HeadObject operation: Key "${src.uri.key}" does not exist` : message}`, 1);
    }
    const st = await needFiles(io).stat(dest.path);
    if (dest.path.endsWith('/') || st?.isDirectory) dest = { kind: 'local', path: joinLocal(dest.path, name) };
  } else if (dest.kind === 's3' && (dest.uri.key === '' || dest.uri.key.endsWith('/'))) {
    dest = { kind: 's3', uri: { ...dest.uri, key: dest.uri.key + name } };
  }
  return { src, dest };
}

/** Every object or file under a recursive source, with its destination. */
async function recursiveItems(s3: ServiceCaller, io: S3IO, src: Endpoint, dest: Endpoint, args: ParsedArgs, argv: string[]): Promise<Item[]> {
  const to = (rel: string): Endpoint =>
    dest.kind === 'local'
      ? { kind: 'local', path: joinLocal(dest.path, rel) }
      : { kind: 's3', uri: { bucket: dest.uri.bucket, key: `${dest.uri.key === '' || dest.uri.key.endsWith('/') ? dest.uri.key : `${dest.uri.key}/`}${rel}` } };
  if (src.kind === 'local') {
    const st = await needFiles(io).stat(src.path);
    if (!st || !st.isDirectory) throw new CliError(`The user-provided path ${src.path} does not exist.`, 255);
    return (await walk(needFiles(io), src.path))
      .filter((f) => filtered(f.rel, args, argv))
      .map((f) => ({ src: { kind: 'local', path: joinLocal(src.path, f.rel) }, dest: to(f.rel), size: f.size }));
  }
  const prefix = src.uri.key === '' || src.uri.key.endsWith('/') ? src.uri.key : `${src.uri.key}/`;
  return (await listObjects(s3, src.uri.bucket, prefix))
    .filter((o) => !o.Key.endsWith('/') && filtered(o.Key.slice(prefix.length), args, argv))
    .map((o) => ({ src: { kind: 's3', uri: { bucket: src.uri.bucket, key: o.Key } }, dest: to(o.Key.slice(prefix.length)), size: o.Size }));
}

export async function runCopy(command: 'cp' | 'mv', argv: string[], s3: ServiceCaller, io: S3IO): Promise<number> {
  const args = parseArgs(argv, ['--recursive', '--dryrun', '--quiet', '--only-show-errors', '--no-progress'], ['--exclude', '--include', '--content-type', '--acl', '--storage-class']);
  const [from, to] = args.positionals;
  if (from === undefined || to === undefined) throw new UsageError('the following arguments are required: paths');
  if (!isS3(from) && !isS3(to)) throw new UsageError('Error: Invalid argument type');
  const src = endpoint(from);
  const dest = endpoint(to);
  const quiet = args.flags.has('--quiet') || args.flags.has('--only-show-errors');
  const out: S3IO = quiet ? { ...io, stdout: (t) => (typeof t === 'string' ? undefined : io.stdout(t)) } : io;
  const items = args.flags.has('--recursive') ? await recursiveItems(s3, io, src, dest, args, argv) : [await singleItem(s3, io, src, dest)];
  let failed = false;
  for (const item of items) if (!(await transfer(s3, out, item, args, command === 'mv'))) failed = true;
  return failed ? 1 : 0;
}

export async function runRemove(argv: string[], s3: ServiceCaller, io: S3IO): Promise<number> {
  const args = parseArgs(argv, ['--recursive', '--dryrun', '--quiet', '--only-show-errors'], ['--exclude', '--include']);
  const [target] = args.positionals;
  if (target === undefined) throw new UsageError('the following arguments are required: paths');
  if (!isS3(target)) throw new UsageError('Error: Invalid argument type');
  const uri = parseS3(target);
  const keys = args.flags.has('--recursive')
    ? (await listObjects(s3, uri.bucket, uri.key)).map((o) => o.Key).filter((k) => filtered(k.slice(uri.key.length), args, argv))
    : [uri.key];
  let failed = false;
  for (const Key of keys) {
    const line = s3Text({ bucket: uri.bucket, key: Key });
    if (args.flags.has('--dryrun')) {
      io.stdout(`(dryrun) delete: ${line}\n`);
      continue;
    }
    try {
      await s3.call('DeleteObject', { Bucket: uri.bucket, Key });
      if (!args.flags.has('--quiet') && !args.flags.has('--only-show-errors')) io.stdout(`delete: ${line}\n`);
    } catch (e) {
      io.stderr(`delete failed: ${line} ${botoMessage(e, 'DeleteObject')}\n`);
      failed = true;
    }
  }
  return failed ? 1 : 0;
}

/**
 * `aws s3 sync`: copies what is missing at the destination, differs in size, or is newer at the source; with
 * `--delete`, removes what the source no longer has (awscli/customizations/s3/syncstrategy).
 */
export async function runSync(argv: string[], s3: ServiceCaller, io: S3IO): Promise<number> {
  const args = parseArgs(argv, ['--delete', '--dryrun', '--quiet', '--only-show-errors', '--size-only', '--exact-timestamps'], ['--exclude', '--include', '--content-type']);
  const [from, to] = args.positionals;
  if (from === undefined || to === undefined) throw new UsageError('the following arguments are required: paths');
  if (!isS3(from) && !isS3(to)) throw new UsageError('Error: Invalid argument type');
  const src = endpoint(from);
  const dest = endpoint(to);
  if (src.kind === 'local' && !(await needFiles(io).stat(src.path))?.isDirectory) {
    throw new CliError(`The user-provided path ${src.path} does not exist.`, 255);
  }
  const index = async (e: Endpoint): Promise<Map<string, { size: number; mtime: Date }>> => {
    if (e.kind === 'local') {
      const st = await needFiles(io).stat(e.path);
      if (!st?.isDirectory) return new Map();
      return new Map((await walk(needFiles(io), e.path)).map((f) => [f.rel, { size: f.size, mtime: f.mtime }]));
    }
    const prefix = e.uri.key === '' || e.uri.key.endsWith('/') ? e.uri.key : `${e.uri.key}/`;
    return new Map((await listObjects(s3, e.uri.bucket, prefix)).map((o) => [o.Key.slice(prefix.length), { size: Number(o.Size), mtime: new Date(o.LastModified) }]));
  };
  const [have, there] = await Promise.all([index(src), index(dest)]);
  const at = (e: Endpoint, rel: string): Endpoint =>
    e.kind === 'local'
      ? { kind: 'local', path: joinLocal(e.path, rel) }
      : { kind: 's3', uri: { bucket: e.uri.bucket, key: `${e.uri.key === '' || e.uri.key.endsWith('/') ? e.uri.key : `${e.uri.key}/`}${rel}` } };
  const quiet = args.flags.has('--quiet') || args.flags.has('--only-show-errors');
  const out: S3IO = quiet ? { ...io, stdout: () => undefined } : io;
  let failed = false;
  for (const [rel, s] of [...have].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (!filtered(rel, args, argv)) continue;
    const d = there.get(rel);
    const changed = !d || d.size !== s.size || (!args.flags.has('--size-only') && s.mtime.getTime() > d.mtime.getTime());
    if (changed && !(await transfer(s3, out, { src: at(src, rel), dest: at(dest, rel) }, args, false))) failed = true;
  }
  if (args.flags.has('--delete')) {
    for (const rel of [...there.keys()].sort()) {
      if (have.has(rel) || !filtered(rel, args, argv)) continue;
      const gone = at(dest, rel);
      const line = gone.kind === 'local' ? localText(gone.path) : s3Text(gone.uri);
      if (args.flags.has('--dryrun')) {
        out.stdout(`(dryrun) delete: ${line}\n`);
        continue;
      }
      try {
        if (gone.kind === 's3') await s3.call('DeleteObject', { Bucket: gone.uri.bucket, Key: gone.uri.key });
        else await needFiles(io).remove(gone.path);
        out.stdout(`delete: ${line}\n`);
      } catch (e) {
        io.stderr(`delete failed: ${line} ${botoMessage(e, 'DeleteObject')}\n`);
        failed = true;
      }
    }
  }
  return failed ? 1 : 0;
}
