/**
 * Site metrics: the built site's size and, per lesson page, the JavaScript the page loads before the terminal
 * opens, compared with what Starlight's own pages load (the splash page, which has no lab components).
 */
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const dist = join(root, 'dist');

const t0 = performance.now();
const build = spawnSync('node', ['scripts/ensure-build.mjs'], { cwd: root, env: { ...process.env, BOUNDARY_LAB_FORCE_BUILD: '1' }, stdio: 'ignore' });
const buildMs = performance.now() - t0;
if (build.status !== 0 || !existsSync(dist)) {
  console.error('build failed');
  process.exit(1);
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

/** The gzip size of the module scripts a page loads eagerly (script src and inline module scripts). */
function pageJsGzip(htmlFile: string): number {
  const html = readFileSync(htmlFile, 'utf8');
  let total = 0;
  for (const m of html.matchAll(/<script[^>]*src="([^"]+)"[^>]*>/g)) {
    const src = m[1].replace(/^\/(?:[^/]+\/)*_astro\//, '_astro/');
    const file = join(dist, src.startsWith('_astro/') ? src : src.replace(/^\//, ''));
    if (existsSync(file)) total += gzipSync(readFileSync(file)).length;
  }
  for (const m of html.matchAll(/<script[^>]*>([\s\S]*?)<\/script>/g)) total += gzipSync(m[1]).length;
  return total;
}

const files = walk(dist);
const totalBytes = files.reduce((s, f) => s + statSync(f).size, 0);
const starlightJs = pageJsGzip(join(dist, 'index.html'));
const lessonJs = pageJsGzip(join(dist, 'welcome', 'index.html'));

const out = (o: object) => console.log(JSON.stringify(o));
out({ metric: 'site.build_ms', value: Math.round(buildMs), unit: 'ms' });
out({ metric: 'site.dist_bytes', value: totalBytes, unit: 'bytes', comparison: { files: files.length } });
out({
  metric: 'site.lesson_page_js_gzip_beyond_starlight',
  value: lessonJs - starlightJs,
  unit: 'bytes',
  goal: '<= 102400',
  comparison: { lessonPageJsGzip: lessonJs, starlightSplashPageJsGzip: starlightJs },
});
