import { describe, expect, it } from 'vitest';
import { esmToCjs } from './esm-to-cjs';

/** Evaluate transformed code with a module map, as the worker does. */
async function run(source: string, modules: Record<string, Record<string, unknown>> = {}) {
  const exports: Record<string, unknown> = {};
  const fn = new Function('exports', 'require', '__esmDefault', '__exportAll', '__importMeta', '__dynamicImport', esmToCjs(source));
  await fn(
    exports,
    (spec: string) => modules[spec],
    (m: Record<string, unknown>) => m.default ?? m,
    (getters: Record<string, () => unknown>) => {
      for (const [k, g] of Object.entries(getters)) exports[k] = g();
    },
    { url: 'file:///var/task/index.mjs' },
    async (spec: string) => modules[spec],
  );
  return exports;
}

describe('esmToCjs', () => {
  it('turns imports into requires and collects exports', async () => {
    const out = await run(
      `import { S3Client as S3, CreateBucketCommand } from '@aws-sdk/client-s3';
import * as all from '@aws-sdk/client-s3';
import def, { extra } from 'pkg';
import 'side-effect';
const greeting = await Promise.resolve('Hello');
export const handler = async () => \`\${greeting} \${S3.name} \${CreateBucketCommand.name} \${Object.keys(all).length} \${def} \${extra}\`;
export function helper() { return import.meta.url; }
export class Thing {}
const hidden = 1;
export { hidden as visible };
export default 'main';`,
      {
        '@aws-sdk/client-s3': { S3Client: class S3Client {}, CreateBucketCommand: class CreateBucketCommand {} },
        pkg: { default: 'D', extra: 'E' },
        'side-effect': {},
      },
    );
    expect(await (out.handler as () => Promise<string>)()).toBe('Hello S3Client CreateBucketCommand 2 D E');
    expect((out.helper as () => string)()).toBe('file:///var/task/index.mjs');
    expect(typeof out.Thing).toBe('function');
    expect(out.visible).toBe(1);
    expect(out.default).toBe('main');
  });

  it('re-exports from other modules and handles multi-line import lists', async () => {
    const out = await run(
      `import {
  a,
  b as c,
} from 'm';
export { a as first } from 'm';
export * from 'n';
export const handler = () => a + c;`,
      { m: { a: 1, b: 2 }, n: { fromN: true } },
    );
    expect((out.handler as () => number)()).toBe(3);
    expect(out.first).toBe(1);
    expect(out.fromN).toBe(true);
  });
});
