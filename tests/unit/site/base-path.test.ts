/**
 * The built site must work from any static host under any base path: build it under a sub-path and check that
 * every root-relative link and asset in every page starts with that base and points at a file that exists.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { cleanEnv } from '../../support/clean-env';

const root = join(import.meta.dirname, '..', '..', '..');
const out = join(root, '.dist-base');
const base = '/workshop-under-test';

function htmlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) return htmlFiles(p);
    return n.endsWith('.html') ? [p] : [];
  });
}

describe('a build under a base path', () => {
  beforeAll(() => {
    rmSync(out, { recursive: true, force: true });
    const r = spawnSync('npx', ['astro', 'build', '--outDir', './.dist-base'], {
      cwd: root,
      env: cleanEnv({ BASE_PATH: base }),
      encoding: 'utf8',
    });
    if (r.status !== 0) throw new Error(`astro build failed:\n${r.stdout}\n${r.stderr}`);
  }, 120_000);

  it('prefixes every root-relative link and asset with the base, and each exists', () => {
    const pages = htmlFiles(out);
    expect(pages.length).toBeGreaterThan(10);
    const bad: string[] = [];
    for (const page of pages) {
      const html = readFileSync(page, 'utf8');
      for (const m of html.matchAll(/\s(?:href|src)="(\/[^"#?]*)/g)) {
        const url = m[1];
        if (!url.startsWith(`${base}/`)) {
          bad.push(`${page.slice(out.length)}: ${url} does not start with ${base}/`);
          continue;
        }
        const rel = url.slice(base.length + 1);
        const target = join(out, rel);
        const ok = existsSync(target) && (statSync(target).isFile() || existsSync(join(target, 'index.html')));
        if (!ok) bad.push(`${page.slice(out.length)}: ${url} has no file in the build`);
      }
    }
    expect(bad).toEqual([]);
  });
});
