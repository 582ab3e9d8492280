/** `aws s3 ls`, `mb` and `rb` (awscli/customizations/s3/subcommands.py). */
import type { ServiceCaller } from '../clients';
import { UsageError } from '../errors';
import { botoMessage, type S3IO } from './common';

function lastModified(d: Date): string {
  // AWS difference: the CLI prints these in the local time zone; the sandbox prints UTC.
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
}

function humanSize(n: number): string {
  const units = ['Bytes', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  if (n === 1) return '1 Byte';
  if (n < 1024) return `${n} Bytes`;
  let i = 0;
  let v = n;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(1)} ${units[i]}`;
}

/** Returns the exit status; throws UsageError for argument mistakes and service errors for ls. */
export async function runListing(command: string, argv: string[], s3: ServiceCaller, io: S3IO): Promise<number> {
  const flags = new Set(argv.filter((a) => a.startsWith('--')));
  const positionals = argv.filter((a) => !a.startsWith('--'));
  const known = { ls: ['--recursive', '--human-readable', '--summarize'], mb: [], rb: ['--force'] }[command] ?? [];
  const unknown = [...flags].filter((f) => !known.includes(f));
  if (unknown.length) throw new UsageError(`Unknown options: ${unknown.join(', ')}`);
  if (command === 'mb' || command === 'rb') {
    const path = positionals[0];
    if (!path) throw new UsageError('the following arguments are required: path');
    if (!path.startsWith('s3://')) throw new UsageError(`<S3Uri>\nError: Invalid argument type`);
    const bucket = path.slice(5).split('/')[0];
    if (command === 'mb') {
      const params: Record<string, unknown> = { Bucket: bucket };
      if (io.region !== 'us-east-1') params.CreateBucketConfiguration = { LocationConstraint: io.region };
      try {
        await s3.call('CreateBucket', params);
        io.stdout(`make_bucket: ${bucket}\n`);
        return 0;
      } catch (e) {
        io.stderr(`make_bucket failed: ${path} ${botoMessage(e, 'CreateBucket')}\n`);
        return 1;
      }
    }
    try {
      await s3.call('DeleteBucket', { Bucket: bucket });
      io.stdout(`remove_bucket: ${bucket}\n`);
      return 0;
    } catch (e) {
      io.stderr(`remove_bucket failed: ${path} ${botoMessage(e, 'DeleteBucket')}\n`);
      return 1;
    }
  }
  // ls
  const target = positionals[0] ?? 's3://';
  const path = target.startsWith('s3://') ? target.slice(5) : target;
  const slash = path.indexOf('/');
  const bucket = slash < 0 ? path : path.slice(0, slash);
  const key = slash < 0 ? '' : path.slice(slash + 1);
  const human = flags.has('--human-readable');
  let total = 0;
  let size = 0;
  let found = false;
  if (!bucket) {
    let token: string | undefined;
    do {
      const page = await s3.call('ListBuckets', token ? { ContinuationToken: token } : {});
      for (const b of (page.Buckets as { Name: string; CreationDate: Date }[] | undefined) ?? []) {
        io.stdout(`${lastModified(b.CreationDate)} ${b.Name}\n`);
      }
      token = page.ContinuationToken as string | undefined;
    } while (token);
  } else {
    let token: string | undefined;
    const recursive = flags.has('--recursive');
    do {
      const params: Record<string, unknown> = { Bucket: bucket, Prefix: key };
      if (!recursive) params.Delimiter = '/';
      if (token) params.ContinuationToken = token;
      const page = await s3.call('ListObjectsV2', params);
      for (const p of (page.CommonPrefixes as { Prefix: string }[] | undefined) ?? []) {
        const parts = p.Prefix.split('/');
        io.stdout(`${'PRE'.padStart(30)} ${parts[parts.length - 2]}/\n`);
        found = true;
      }
      for (const c of (page.Contents as { Key: string; Size: number; LastModified: Date }[] | undefined) ?? []) {
        size += Number(c.Size);
        total++;
        found = true;
        const name = recursive ? c.Key : c.Key.split('/').pop();
        io.stdout(`${lastModified(c.LastModified).padEnd(19)} ${(human ? humanSize(Number(c.Size)) : String(c.Size)).padStart(10)} ${name}\n`);
      }
      token = page.NextContinuationToken as string | undefined;
    } while (token);
  }
  if (flags.has('--summarize')) {
    io.stdout(`${'\nTotal Objects: '.padStart(15)}${total}\n`);
    io.stdout(`${'Total Size: '.padStart(15)}${human ? humanSize(size) : size}\n`);
  }
  return key && !found ? 1 : 0;
}
