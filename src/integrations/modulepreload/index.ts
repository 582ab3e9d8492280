/**
 * Module preload hints (issue 17): a page's scripts import other chunks, which import others; without hints the
 * browser finds each level only after running the one above it, so a lesson page waited for five rounds of fetches
 * (each a service-worker or network round trip, slow on a 4x slower CPU) before its terminal button worked. After the
 * build, this writes a `<link rel="modulepreload">` into each page for every chunk its module scripts import
 * statically, so the browser asks for them all while it parses the HTML. Dynamic imports (the terminal, the sandbox)
 * are left out: they load when used, or at idle (src/components/terminal/loader.ts).
 *
 * Astro writes no such hints for its bundled page scripts (Vite's modulepreload covers only HTML that Vite itself
 * processes), and no maintained integration does this, so it is written here: a pass over the built files.
 */
import type { AstroIntegration } from 'astro';
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';

function htmlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? htmlFiles(p) : n.endsWith('.html') ? [p] : [];
  });
}

/** Chunks a module imports statically (`import … from "./x.js"`, `import "./x.js"`, `export … from "./x.js"`). */
export function staticImports(code: string): string[] {
  const found = new Set<string>();
  for (const m of code.matchAll(/(?:\bfrom|\bimport)\s*["'](\.{1,2}\/[^"']+\.js)["']/g)) found.add(m[1]);
  return [...found];
}

/** Every chunk reachable by static imports from `entries` (URL paths under the site), entries excluded. */
export function staticClosure(dist: string, base: string, entries: string[]): string[] {
  const seen = new Set<string>(entries);
  const out: string[] = [];
  const queue = [...entries];
  for (let url = queue.shift(); url; url = queue.shift()) {
    let code: string;
    try {
      code = readFileSync(join(dist, url.slice(base.length)), 'utf8');
    } catch {
      continue;
    }
    for (const spec of staticImports(code)) {
      const dep = posix.join(posix.dirname(url), spec);
      if (seen.has(dep)) continue;
      seen.add(dep);
      out.push(dep);
      queue.push(dep);
    }
  }
  return out;
}

/** The page with a preload hint for each chunk its module scripts (external and inline) import; unchanged if none. */
export function addModulePreloads(html: string, dist: string, base: string): string {
  const entries = [...html.matchAll(/<script\b[^>]*\btype="module"[^>]*\bsrc="([^"]+)"/g)].map((m) => m[1]).filter((src) => src.startsWith(base));
  // Inline module scripts import by absolute path ("/_astro/x.js"); those imports are hinted too.
  const inline: string[] = [];
  for (const m of html.matchAll(/<script\b[^>]*\btype="module"[^>]*>([\s\S]*?)<\/script>/g)) {
    for (const spec of m[1].matchAll(/(?:\bfrom|\bimport)\s*["']([^"']+\.js)["']/g)) if (spec[1].startsWith(base)) inline.push(spec[1]);
  }
  const present = new Set([...html.matchAll(/<link\b[^>]*\brel="modulepreload"[^>]*\bhref="([^"]+)"/g)].map((m) => m[1]));
  const closure = staticClosure(dist, base, [...new Set([...entries, ...inline])]);
  const hints = [...new Set([...inline.filter((u) => !entries.includes(u)), ...closure])].filter((u) => !present.has(u));
  if (hints.length === 0 || !html.includes('</head>')) return html;
  return html.replace('</head>', `${hints.map((u) => `<link rel="modulepreload" href="${u}">`).join('')}</head>`);
}

export default function modulePreload(): AstroIntegration {
  let base = '/';
  return {
    name: 'boundary-lab-modulepreload',
    hooks: {
      'astro:config:done': ({ config }) => {
        base = config.base.replace(/\/?$/, '/');
      },
      'astro:build:done': ({ dir, logger }) => {
        const dist = fileURLToPath(dir);
        let pages = 0;
        for (const file of htmlFiles(dist)) {
          const html = readFileSync(file, 'utf8');
          const out = addModulePreloads(html, dist, base);
          if (out !== html) {
            writeFileSync(file, out);
            pages++;
          }
        }
        logger.info(`modulepreload hints in ${pages} page(s)`);
      },
    },
  };
}
