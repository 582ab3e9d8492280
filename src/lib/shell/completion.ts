/**
 * Tab completion for the terminal: command names, `aws` services, operations, waiters and options (from the aws
 * command's own tables), and file paths (also after `file://` and `fileb://`). Runs beside the shell, which owns
 * the filesystem. The aws names come through an `AwsCompletionSource`, replaceable with `setAwsCompletionSource`.
 */
import type { IFileSystem } from 'just-bash';
import { resolvePath } from './commands';

export interface AwsCompletionSource {
  services(): Promise<string[]> | string[];
  operations(service: string): Promise<string[]>;
  /** Option names with their leading `--`, for an operation (or a waiter after `wait`). */
  options(service: string, operation: string, waiter?: string): Promise<string[]>;
  waiters(service: string): Promise<string[]>;
}

const GLOBAL_OPTIONS = ['--debug', '--endpoint-url', '--no-verify-ssl', '--no-paginate', '--output', '--query', '--profile', '--region', '--version', '--color', '--no-sign-request', '--ca-bundle', '--cli-read-timeout', '--cli-connect-timeout', '--cli-binary-format', '--no-cli-pager', '--cli-auto-prompt', '--no-cli-auto-prompt'];

/** The default source: the generated tables in ./aws, loaded lazily. */
export const tableCompletionSource: AwsCompletionSource = {
  async services() {
    const { SERVICE_NAMES } = await import('./aws/model');
    return [...SERVICE_NAMES];
  },
  async operations(service) {
    if (service === 's3') return (await import('./aws/s3')).S3_COMMANDS;
    const { loadModel, SERVICE_NAMES } = await import('./aws/model');
    if (!(SERVICE_NAMES as readonly string[]).includes(service)) return [];
    const m = await loadModel(service);
    return [...Object.keys(m.o), ...(Object.keys(m.w).length ? ['wait'] : [])];
  },
  async waiters(service) {
    const { loadModel, kebab, SERVICE_NAMES } = await import('./aws/model');
    if (service === 's3' || !(SERVICE_NAMES as readonly string[]).includes(service)) return [];
    return Object.keys((await loadModel(service)).w).map((w) => kebab(w));
  },
  async options(service, operation, waiter) {
    const { loadModel, kebab, SERVICE_NAMES } = await import('./aws/model');
    if (service === 's3' || !(SERVICE_NAMES as readonly string[]).includes(service)) return [];
    const m = await loadModel(service);
    const { argumentTable } = await import('./aws/params');
    let op = operation;
    if (operation === 'wait') {
      const w = Object.entries(m.w).find(([name]) => kebab(name) === waiter)?.[1];
      if (!w) return [];
      op = kebab(w.operation);
    }
    if (!m.o[op]) return [];
    return argumentTable(m, service, op, operation === 'wait')
      .filter((a) => a.kind !== 'positional')
      .map((a) => `--${a.name}`);
  },
};

let source: AwsCompletionSource = tableCompletionSource;

/** Replace where `aws` names come from (tests, or a richer table later). */
export function setAwsCompletionSource(s: AwsCompletionSource): void {
  source = s;
}

export interface Completion {
  /** Where in the line the word being completed starts. */
  from: number;
  /** Candidates for the whole word (directories end with `/`). */
  items: string[];
}

interface Word {
  text: string;
  start: number;
}

/** The words before the cursor (simple quoting is enough for completion). */
export function wordsBefore(line: string): Word[] {
  const words: Word[] = [];
  let cur: Word | undefined;
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === quote) quote = undefined;
      else cur!.text += c;
      continue;
    }
    if (c === "'" || c === '"') {
      cur ??= { text: '', start: i };
      quote = c;
    } else if (/\s/.test(c) || ';|&()<>'.includes(c)) {
      if (cur) words.push(cur);
      cur = undefined;
      if (';|&('.includes(c)) words.push({ text: c, start: i });
    } else {
      cur ??= { text: '', start: i };
      cur.text += c;
    }
  }
  words.push(cur ?? { text: '', start: line.length });
  return words;
}

export interface CompletionContext {
  fs: IFileSystem;
  cwd: string;
  home: string;
  commands: () => string[];
}

export async function complete(line: string, ctx: CompletionContext): Promise<Completion> {
  const all = wordsBefore(line);
  // Only the current simple command matters.
  let startIdx = 0;
  all.forEach((w, i) => {
    if (i < all.length - 1 && [';', '|', '&', '('].includes(w.text)) startIdx = i + 1;
  });
  const words = all.slice(startIdx).filter((w, i, a) => i === a.length - 1 || !['&'].includes(w.text));
  const word = words[words.length - 1];
  const prefix = word.text;
  const filter = (names: Iterable<string>) => [...new Set(names)].filter((n) => n.startsWith(prefix)).sort();

  if (words.length === 1) {
    if (prefix.includes('/')) return { from: word.start, items: await paths(prefix, ctx) };
    return { from: word.start, items: filter(ctx.commands()) };
  }
  if (words[0].text === 'aws') {
    const args = words.slice(1, -1).map((w) => w.text);
    const positional: string[] = [];
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      if (a.startsWith('--')) {
        // Global options that take a value consume the next word.
        if (['--region', '--output', '--query', '--endpoint-url', '--profile', '--color', '--cli-binary-format'].includes(a) && positional.length < 2) i++;
        continue;
      }
      positional.push(a);
    }
    const prev = args[args.length - 1];
    if (prev === '--output') return { from: word.start, items: filter(['json', 'text', 'table', 'yaml', 'yaml-stream']) };
    if (prev === '--region') return { from: word.start, items: filter(['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'eu-west-1', 'eu-central-1', 'ap-southeast-2']) };
    for (const scheme of ['file://', 'fileb://']) {
      if (prefix.startsWith(scheme)) {
        const items = await paths(prefix.slice(scheme.length), ctx);
        return { from: word.start, items: items.map((p) => scheme + p) };
      }
    }
    if (prefix.startsWith('-')) {
      const [service, operation, waiter] = positional;
      const own = service && operation ? await source.options(service, operation, waiter) : [];
      return { from: word.start, items: filter([...own, ...GLOBAL_OPTIONS]) };
    }
    if (positional.length === 0) return { from: word.start, items: filter([...(await source.services()), 'help']) };
    if (positional.length === 1) return { from: word.start, items: filter([...(await source.operations(positional[0])), 'help']) };
    if (positional.length === 2 && positional[1] === 'wait') return { from: word.start, items: filter(await source.waiters(positional[0])) };
  }
  return { from: word.start, items: await paths(prefix, ctx) };
}

async function paths(prefix: string, ctx: CompletionContext): Promise<string[]> {
  const slash = prefix.lastIndexOf('/');
  const dirPart = slash >= 0 ? prefix.slice(0, slash + 1) : '';
  const base = slash >= 0 ? prefix.slice(slash + 1) : prefix;
  const expanded = dirPart.startsWith('~/') ? `${ctx.home}${dirPart.slice(1)}` : dirPart === '~' ? ctx.home : dirPart;
  const dir = resolvePath(ctx.cwd, expanded || '.');
  let names: string[];
  try {
    names = await ctx.fs.readdir(dir);
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const name of names.sort()) {
    if (!name.startsWith(base) || (name.startsWith('.') && !base.startsWith('.'))) continue;
    let isDir = false;
    try {
      isDir = (await ctx.fs.stat(`${dir === '/' ? '' : dir}/${name}`)).isDirectory;
    } catch {
      // A dangling link: offer it as a file.
    }
    out.push(`${dirPart}${name}${isDir ? '/' : ''}`);
  }
  return out;
}

/** The longest prefix the candidates share (what Tab inserts when several match). */
export function commonPrefix(items: string[]): string {
  if (!items.length) return '';
  let p = items[0];
  for (const s of items) while (!s.startsWith(p)) p = p.slice(0, -1);
  return p;
}
