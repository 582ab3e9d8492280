import { describe, expect, it } from 'vitest';
import { laterPassedStep, progressStore, PROGRESS_KEY } from './progress';

function memory() {
  const m = new Map<string, string>();
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), removeItem: (k: string) => void m.delete(k) };
}

describe('progress', () => {
  it('keeps a passed step passed, with when it passed, through a failing recheck; only reset clears it', () => {
    const storage = memory();
    const p = progressStore(storage);
    p.set('a', 'failed');
    expect(p.get()).toEqual({ a: 'failed' });
    p.set('a', 'passed', new Date('2026-01-02T03:04:05Z'));
    p.set('a', 'failed');
    expect(p.get()).toEqual({ a: 'passed' });
    expect(p.passedAt('a')).toBe('2026-01-02T03:04:05.000Z');
    p.reset();
    expect(p.get()).toEqual({});
  });

  it('reads what older builds stored (bare states)', () => {
    const storage = memory();
    storage.setItem(PROGRESS_KEY, JSON.stringify({ a: 'passed', b: 'failed' }));
    const p = progressStore(storage);
    expect(p.get()).toEqual({ a: 'passed', b: 'failed' });
    expect(p.passedAt('a')).toBeUndefined();
  });

  it('finds the last later step that passed', () => {
    expect(laterPassedStep(['a', 'b', 'c', 'd'], 'b', { a: 'passed', c: 'passed', d: 'failed' })).toBe('c');
    expect(laterPassedStep(['a', 'b', 'c'], 'b', { a: 'passed', b: 'passed' })).toBeUndefined();
  });
});
