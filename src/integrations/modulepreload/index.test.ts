import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addModulePreloads, staticImports } from './index';

function dist(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'modulepreload-'));
  mkdirSync(join(dir, '_astro'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe('module preload hints', () => {
  it('reads static imports and leaves dynamic ones', () => {
    expect(staticImports('import{a as b}from"./x.js";import"./y.js";export*from"../z.js";const c=import(`./lazy.js`);import("./lazy2.js")')).toEqual(['./x.js', './y.js', '../z.js']);
  });

  it("hints every chunk a page's module scripts reach statically, once, under the base path", () => {
    const dir = dist({
      '_astro/page.js': 'import{a}from"./a.js";import"./b.js";',
      '_astro/a.js': 'import{c}from"./c.js";const t=()=>import(`./terminal.js`);',
      '_astro/b.js': 'import{c}from"./c.js";',
      '_astro/c.js': 'export const c=1;',
      '_astro/inline-dep.js': 'import"./c.js";',
      '_astro/terminal.js': 'import"./huge.js";',
    });
    const html = '<html><head><title>x</title><link rel="modulepreload" href="/lab/_astro/b.js"></head><body><script type="module" src="/lab/_astro/page.js"></script><script type="module">import{x}from"/lab/_astro/inline-dep.js";</script></body></html>';
    const out = addModulePreloads(html, dir, '/lab/');
    const hints = [...out.matchAll(/rel="modulepreload" href="([^"]+)"/g)].map((m) => m[1]);
    // b.js already had its hint: not written twice.
    expect(hints.sort()).toEqual(['/lab/_astro/a.js', '/lab/_astro/b.js', '/lab/_astro/c.js', '/lab/_astro/inline-dep.js']);
    expect(out).not.toContain('terminal.js');
    expect(out).not.toContain('huge.js');
    expect(out.indexOf('modulepreload" href="/lab/_astro/a.js')).toBeLessThan(out.indexOf('</head>'));
  });

  it('leaves a page without module scripts as it was', () => {
    const html = '<html><head></head><body><script>var a=1</script></body></html>';
    expect(addModulePreloads(html, dist({}), '/')).toBe(html);
  });
});
