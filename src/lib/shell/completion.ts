/**
 * Tab completion for the terminal: command names, `aws` services, operations, waiters and options (from the aws
 * command's own tables), and file paths (also after `file://` and `fileb://`). Runs beside the shell, which owns
 * the filesystem. The aws names come from the aws command's completer (aws/complete.ts), replaceable with
 * `setAwsCompleter`.
 */
import type { IFileSystem } from 'just-bash';
import { resolvePath } from './commands';

/** Completes the word `current` after `aws` and `words` (the aws command's own tables: ./aws/complete.ts). */
export type AwsCompleter = (words: string[], current: string) => Promise<string[]>;

let awsCompleter: AwsCompleter = async (words, current) => (await import('./aws/complete')).completeAws(words, current);

/** Replace where `aws` completions come from (tests, or another table). */
export function setAwsCompleter(completer: AwsCompleter): void {
  awsCompleter = completer;
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
    for (const scheme of ['file://', 'fileb://']) {
      if (prefix.startsWith(scheme)) {
        const items = await paths(prefix.slice(scheme.length), ctx);
        return { from: word.start, items: items.map((p) => scheme + p) };
      }
    }
    const items = await awsCompleter(
      words.slice(1, -1).map((w) => w.text),
      prefix,
    );
    if (items.length || prefix.startsWith('-') || words.length <= 3) return { from: word.start, items };
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
