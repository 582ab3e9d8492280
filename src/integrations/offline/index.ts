/**
 * Offline after the first visit (issue 16, point 11): an Astro integration that registers a service worker on every
 * page and, after the build, writes `sw.js` with the list of files to precache and a version derived from their
 * contents (a new deployment is a new worker). The list is relative to sw.js, so any base path works.
 */
import type { AstroIntegration } from 'astro';
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
export const SERVICE_WORKER = 'sw.js';
// Pagefind's index is cached as search uses it; the rest of the build is precached.
const SKIP = [/^pagefind\//, /^\.build-stamp$/, /^_headers$/, new RegExp(`^${SERVICE_WORKER.replace('.', '\\.')}$`)];
// What the terminal needs: precached first, so a learner reading the opening pages has it before the first lesson.
const TERMINAL_ENTRIES = /^_astro\/(app|shared-worker|dedicated-worker|Terminal\.astro[^/]*)[.-][^/]*\.js$/;

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

/** Files a chunk imports (static and dynamic), as the bundler writes them: "./name.js" beside it. */
function closure(dist: string, entries: string[]): string[] {
  const seen = new Set<string>();
  const visit = (rel: string) => {
    if (seen.has(rel)) return;
    let text: string;
    try {
      text = readFileSync(join(dist, rel), 'utf8');
    } catch {
      return;
    }
    seen.add(rel);
    for (const m of text.matchAll(/["']\.\/([\w.-]+\.js)["']/g)) visit(`_astro/${m[1]}`);
  };
  entries.forEach(visit);
  return [...seen];
}

/** The precache list, terminal first, each path relative to sw.js (pages as their directory URL). */
export function precacheList(dist: string): string[] {
  const files = walk(dist)
    .map((f) => relative(dist, f).split(sep).join('/'))
    .filter((f) => !SKIP.some((re) => re.test(f)))
    .sort();
  // The shared worker before the dedicated one: every desktop browser has SharedWorker.
  const order = (f: string) => ['Terminal', 'app', 'shared-worker', 'dedicated-worker'].findIndex((p) => f.startsWith(`_astro/${p}`));
  const terminal = closure(dist, files.filter((f) => TERMINAL_ENTRIES.test(f)).sort((a, b) => order(a) - order(b)));
  const pages = files.filter((f) => f.endsWith('.html') && f !== '404.html').map((f) => f.replace(/(^|\/)index\.html$/, '$1') || './');
  const rest = files.filter((f) => !terminal.includes(f) && !(f.endsWith('index.html')));
  return [...new Set([...terminal, ...pages, ...rest])];
}

export function writeServiceWorker(dist: string): { version: string; files: number } {
  const list = precacheList(dist);
  const hash = createHash('sha256');
  for (const f of walk(dist).sort()) {
    const rel = relative(dist, f);
    if (rel === SERVICE_WORKER || rel === '.build-stamp') continue;
    hash.update(rel).update('\0').update(readFileSync(f)).update('\0');
  }
  const version = hash.digest('hex').slice(0, 16);
  const template = readFileSync(join(here, 'sw.template.js'), 'utf8');
  const body = template.replace("'__VERSION__'", JSON.stringify(version)).replace('__PRECACHE__', JSON.stringify(list));
  writeFileSync(join(dist, SERVICE_WORKER), body);
  return { version, files: list.length };
}

export default function offline(): AstroIntegration {
  return {
    name: 'boundary-lab-offline',
    hooks: {
      'astro:config:setup': ({ injectScript }) => {
        injectScript('page', `import ${JSON.stringify(join(here, 'register.ts'))};`);
      },
      'astro:build:done': ({ dir, logger }) => {
        const { version, files } = writeServiceWorker(fileURLToPath(dir));
        logger.info(`${SERVICE_WORKER}: ${files} files precached, version ${version}`);
      },
    },
  };
}
