import { format as nodeFormat } from 'node:util';
import { describe, expect, it } from 'vitest';
import { format } from './format';

// The browser's formatter is checked against Node's util.format, which the Node.js runtime uses.
describe('format (browser util.format)', () => {
  const cases: unknown[][] = [
    ['hello', 'world'],
    ['n=%d s=%s j=%j', 42, 'x', { a: 1 }],
    ['100%% done', 'extra'],
    [{ a: 1, b: 'x', c: [1, 2, 3], d: { e: null } }],
    [[1, 'two', { three: 3 }]],
    ['missing %s'],
    [undefined, null, true, 7],
    [{}],
    [[]],
  ];
  for (const args of cases) {
    it(`formats ${JSON.stringify(args)} like Node`, () => {
      expect(format(...args)).toBe(nodeFormat(...(args as [unknown, ...unknown[]])));
    });
  }
});
