import { describe, it, expect } from 'vitest';
import { randomBytes } from 'node:crypto';
import { SealedPersistence } from './sealed-store';
import type { PersistenceAdapter } from '../emulator/state/persistence';

function memory(): PersistenceAdapter & { text?: string } {
  const m: PersistenceAdapter & { text?: string } = {
    load: async () => m.text,
    save: async (s) => void (m.text = s),
    clear: async () => void (m.text = undefined),
  };
  return m;
}

describe('the live terminal’s sealed state', () => {
  const key = () => randomBytes(32).toString('base64');
  const state = JSON.stringify({ vars: { AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' }, files: { '.aws/credentials': 'aws_secret_access_key = s3cr3t' } });

  it('keeps nothing readable in the store, and reads it back while the server (its key) lives', async () => {
    const store = memory();
    const k = key();
    await new SealedPersistence(store, k).save(state);
    expect(store.text).not.toContain('wJalrXUtnFEMI');
    expect(store.text).not.toContain('s3cr3t');
    expect(await new SealedPersistence(store, k).load()).toBe(state);
  });

  it('wipes what an earlier live server sealed: its key is gone', async () => {
    const store = memory();
    await new SealedPersistence(store, key()).save(state);
    expect(await new SealedPersistence(store, key()).load()).toBeUndefined();
    expect(store.text).toBeUndefined();
  });

  it('wipes plain state left by an older version instead of loading it', async () => {
    const store = memory();
    store.text = state;
    expect(await new SealedPersistence(store, key()).load()).toBeUndefined();
    expect(store.text).toBeUndefined();
  });
});
