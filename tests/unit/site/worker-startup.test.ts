/**
 * Issue 17.3: the sandbox worker starts with what the first prompt needs. Its entry and the chunks it imports
 * statically (what the browser must fetch and compile before the prompt) hold no Step Functions interpreter; the
 * interpreter is a chunk of its own, imported on first use.
 */
import { describe, it, expect } from 'vitest';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const dir = join(import.meta.dirname, '..', '..', '..', 'dist', '_astro');
const built = existsSync(dir);
if (!built) console.warn('worker-startup.test.ts: skipped, no build in dist/ (run npx astro build)');

/** The entry and its static imports ("./x.js" after `from` or a bare `import`), not its `import()` calls. */
function staticClosure(entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (f: string) => {
    if (seen.has(f) || !existsSync(join(dir, f))) return;
    seen.add(f);
    for (const m of readFileSync(join(dir, f), 'utf8').matchAll(/(?:\bfrom|\bimport)\s*["']\.\/([\w.-]+\.js)["']/g)) visit(m[1]);
  };
  visit(entry);
  return seen;
}

// A string of aws-local-stepfunctions' own (its ASL validator's schema id and its interpreter's error name).
const INTERPRETER = /States\.ExceedToleratedFailureThreshold|asl-validator/;

describe.skipIf(!built)('the sandbox worker as built', () => {
  for (const kind of ['shared-worker', 'dedicated-worker']) {
    it(`${kind} loads the Step Functions interpreter only on first use`, () => {
      const entry = readdirSync(dir).find((f) => f.startsWith(`${kind}-`) && f.endsWith('.js'));
      expect(entry, `${kind} entry in dist/_astro`).toBeDefined();
      const startup = staticClosure(entry!);
      const eager = [...startup].filter((f) => INTERPRETER.test(readFileSync(join(dir, f), 'utf8')));
      expect(eager).toEqual([]);
      const lazy = readdirSync(dir).filter((f) => f.endsWith('.js') && !startup.has(f) && INTERPRETER.test(readFileSync(join(dir, f), 'utf8')));
      expect(lazy.length).toBeGreaterThan(0);
    });
  }
});
