/** What the `aws s3` commands share: their IO, S3 URIs, argument parsing and botocore's error sentence. */
import { errorSentence, serviceError } from '../clients';
import { UsageError } from '../errors';

/** The shell's file system, as far as transfers need it (paths relative to the shell's working directory). */
export interface LocalFiles {
  read(path: string): Promise<Uint8Array | undefined>;
  write(path: string, data: Uint8Array): Promise<void>;
  stat(path: string): Promise<{ isDirectory: boolean; size: number; mtime: Date } | undefined>;
  list(dir: string): Promise<string[]>;
  remove(path: string): Promise<void>;
}

export interface S3IO {
  region: string;
  stdout(t: string | Uint8Array): void;
  stderr(t: string): void;
  files?: LocalFiles;
  /** A presigned GET URL for the object (the credentials and endpoint of this command). */
  presign?(bucket: string, key: string, expiresIn: number): Promise<string>;
}

export function botoMessage(e: unknown, operation: string): string {
  const cause = (e as { cause?: unknown }).cause ?? e;
  const info = serviceError(cause);
  if (!info) throw e;
  return errorSentence(info, operation);
}

export interface S3Uri {
  bucket: string;
  key: string;
}

export const isS3 = (p: string) => p.startsWith('s3://');

export function parseS3(p: string): S3Uri {
  const rest = p.slice(5);
  const slash = rest.indexOf('/');
  return slash < 0 ? { bucket: rest, key: '' } : { bucket: rest.slice(0, slash), key: rest.slice(slash + 1) };
}

export const s3Text = (u: S3Uri) => `s3://${u.bucket}/${u.key}`;

/** awscli prints a relative local path with `./` before it. */
export const localText = (p: string) => (p === '-' || p.startsWith('/') || p.startsWith('./') || p.startsWith('../') ? p : `./${p}`);

export const joinLocal = (dir: string, rel: string) => (dir === '' || dir === '.' ? rel : `${dir.replace(/\/$/, '')}/${rel}`);
export const baseName = (p: string) => p.slice(p.replace(/\/$/, '').lastIndexOf('/') + 1);

export interface ParsedArgs {
  positionals: string[];
  flags: Set<string>;
  values: Map<string, string[]>;
}

/** Splits argv into paths, boolean flags and flags with a value, refusing any the command does not know. */
export function parseArgs(argv: string[], booleans: string[], withValue: string[]): ParsedArgs {
  const out: ParsedArgs = { positionals: [], flags: new Set(), values: new Map() };
  const unknown: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--') || a === '-') {
      out.positionals.push(a);
      continue;
    }
    if (booleans.includes(a)) out.flags.add(a);
    else if (withValue.includes(a)) {
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`argument ${a}: expected one argument`);
      out.values.set(a, [...(out.values.get(a) ?? []), v]);
    } else unknown.push(a);
  }
  if (unknown.length) throw new UsageError(`Unknown options: ${unknown.join(', ')}`);
  return out;
}

/** `--exclude` / `--include` in the order given, the last match winning (awscli/customizations/s3/filters.py). */
export function filtered(rel: string, args: ParsedArgs, argv: string[]): boolean {
  let included = true;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] !== '--exclude' && argv[i] !== '--include') continue;
    const pattern = argv[i + 1] ?? '';
    const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
    if (re.test(rel)) included = argv[i] === '--include';
  }
  void args;
  return included;
}
