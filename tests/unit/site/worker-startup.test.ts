/**
 * Issue 17.3: the sandbox worker starts with what the first prompt needs. Its entry and the chunks it imports
 * statically (what the browser must fetch and compile before the prompt) hold no Step Functions interpreter; the
 * interpreter is a chunk of its own, imported on first use.
 */
import { describe, it, expect } from 'vitest';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { staticClosure } from '../../../src/integrations/modulepreload/index';

const dir = join(import.meta.dirname, '..', '..', '..', 'dist', '_astro');
const built = existsSync(dir);
if (!built) console.warn('worker-startup.test.ts: skipped, no build in dist/ (run npx astro build)');

/** The entry and the chunks it imports statically (not its `import()` calls), as the build's hints see them. */
const staticClosureOf = (entry: string) =>
  new Set([entry, ...staticClosure(join(dir, '..'), '/', [`/_astro/${entry}`]).map((url) => url.slice('/_astro/'.length))]);

// A string of aws-local-stepfunctions' own (its ASL validator's schema id and its interpreter's error name).
const INTERPRETER = /States\.ExceedToleratedFailureThreshold|asl-validator/;

describe.skipIf(!built)('the sandbox worker as built', () => {
  for (const kind of ['shared-worker', 'dedicated-worker']) {
    it(`${kind} loads the Step Functions interpreter only on first use`, () => {
      const entry = readdirSync(dir).find((f) => f.startsWith(`${kind}-`) && f.endsWith('.js'));
      expect(entry, `${kind} entry in dist/_astro`).toBeDefined();
      const startup = staticClosureOf(entry!);
      const eager = [...startup].filter((f) => INTERPRETER.test(readFileSync(join(dir, f), 'utf8')));
      expect(eager).toEqual([]);
      const lazy = readdirSync(dir).filter((f) => f.endsWith('.js') && !startup.has(f) && INTERPRETER.test(readFileSync(join(dir, f), 'utf8')));
      expect(lazy.length).toBeGreaterThan(0);
    });
  }
});
