/** The store, its persistence adapters and the emulator's export / import / reset. */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateRoleCommand, GetRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { describe, expect, it } from 'vitest';
import { createEmulator, MemoryPersistence } from '..';
import { FilePersistence } from '../node/file-persistence';
import { parse, stringify } from './serialize';

const TRUST = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] });

describe('serialize', () => {
  it('keeps Dates and byte arrays through JSON', () => {
    const value = { d: new Date('2026-01-01T00:00:00.123Z'), b: new Uint8Array([1, 2, 255]), n: [{ x: 1 }] };
    const back = parse<typeof value>(stringify(value));
    expect(back.d).toEqual(value.d);
    expect(back.b).toEqual(value.b);
    expect(back.n).toEqual(value.n);
  });
});

describe('FilePersistence', () => {
  it('saves atomically and loads what it saved', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fp-'));
    const fp = new FilePersistence(dir);
    expect(await fp.load()).toBeUndefined();
    await fp.save('{"a":1}');
    await fp.save('{"a":2}');
    expect(await fp.load()).toBe('{"a":2}');
    await fp.clear();
    expect(await fp.load()).toBeUndefined();
  });
});

describe('export, import, reset', () => {
  it('persists through an adapter and restores an export', async () => {
    const store = new MemoryPersistence();
    const em = createEmulator({ pace: 0, store });
    await em.ready;
    const iam = new IAMClient(em.sdkConfig());
    await iam.send(new CreateRoleCommand({ RoleName: 'saved', AssumeRolePolicyDocument: TRUST }));
    const exported = em.export();
    expect(JSON.parse(exported)).toMatchObject({ format: 'boundary-lab-sandbox', version: 1, accountId: '123456789012' });

    // A second emulator on the same adapter sees the role and the same admin key.
    const again = createEmulator({ pace: 0, store });
    await again.ready;
    expect(again.adminCredentials).toEqual(em.adminCredentials);
    expect((await new IAMClient(again.sdkConfig()).send(new GetRoleCommand({ RoleName: 'saved' }))).Role?.RoleName).toBe('saved');

    await em.reset();
    const err = await new IAMClient(em.sdkConfig()).send(new GetRoleCommand({ RoleName: 'saved' })).catch((e) => e);
    expect(err.name).toBe('NoSuchEntityException');
    expect(err.Code ?? err.name).toMatch(/^NoSuchEntity/);
    expect(em.events().map((e) => [e.eventName, e.errorCode])).toEqual([['GetRole', 'NoSuchEntity']]);

    await em.import(exported);
    expect((await new IAMClient(em.sdkConfig()).send(new GetRoleCommand({ RoleName: 'saved' }))).Role?.RoleName).toBe('saved');
    expect(em.events().some((e) => e.eventName === 'CreateRole')).toBe(true);
    await expect(em.import('{"format":"other"}')).rejects.toThrow(/Not a Boundary Lab sandbox export/);
    await expect(createEmulator({ accountId: '111122223333' }).import(exported)).rejects.toThrow(/account 123456789012/);
  });

  it('writes the state file through FilePersistence', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'em-'));
    const em = createEmulator({ pace: 0, store: new FilePersistence(dir), accountId: '111122223333' });
    await em.ready;
    await new IAMClient(em.sdkConfig()).send(new CreateRoleCommand({ RoleName: 'on-disk', AssumeRolePolicyDocument: TRUST }));
    const text = readFileSync(join(dir, 'sandbox-state.json'), 'utf8');
    expect(text).toContain('"on-disk"');
    expect(text).toContain('111122223333');
  });
});
