/**
 * The committed service models are exactly what scripts/gen-models.py extracts from the installed botocore, and
 * small enough to ship to the browser.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from './harness';

const ROOT = new URL('../../../', import.meta.url).pathname;
const MODELS = join(ROOT, 'src/lib/emulator/models');
const hasBotocore = spawnSync('python3', ['-c', 'import botocore'], { encoding: 'utf8' }).status === 0;
if (!hasBotocore) {
  if (process.env.CI) throw new Error('python3 with botocore is required in CI to check the service models');
  console.warn('\n[boundary-lab] SKIPPING the service-model regeneration check: python3 cannot import botocore.\n');
}

describe('service models', () => {
  it('are small: no documentation strings', () => {
    let total = 0;
    for (const f of readdirSync(MODELS).filter((x) => x.endsWith('.json'))) {
      const text = readFileSync(join(MODELS, f), 'utf8');
      expect(text).not.toContain('"documentation"');
      total += statSync(join(MODELS, f)).size;
    }
    expect(total).toBeLessThan(1_000_000);
  });

  it.skipIf(!hasBotocore)('match what scripts/gen-models.py extracts from botocore', () => {
    const out = tempDir('models-');
    const r = spawnSync('python3', [join(ROOT, 'scripts/gen-models.py'), '--out', out], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    for (const f of readdirSync(out)) {
      expect(readFileSync(join(out, f), 'utf8'), f).toBe(readFileSync(join(MODELS, f), 'utf8'));
    }
  });
});
