/**
 * Persistence: kill the sandbox server (SIGKILL) while SDK v3 clients are creating roles through it, restart it
 * on the same data directory, and find exactly the committed state: every acknowledged call is there, nothing
 * beyond what was in flight, and the file loads cleanly.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreateRoleCommand, IAMClient, paginateListRoles } from '@aws-sdk/client-iam';
import { STSClient, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { describe, expect, it } from 'vitest';
import { Store } from '../../../src/lib/emulator/state/store';
import { startSandbox, tempDir, TRUST_LAMBDA, type SandboxProcess } from './harness';

const client = (sb: SandboxProcess) =>
  new IAMClient({ endpoint: sb.url, region: 'us-east-1', credentials: sb.credentials, maxAttempts: 1 });

async function roleNames(sb: SandboxProcess): Promise<Set<string>> {
  const names = new Set<string>();
  for await (const page of paginateListRoles({ client: client(sb), pageSize: 100 }, {})) {
    for (const r of page.Roles ?? []) names.add(r.RoleName!);
  }
  return names;
}

describe('persistence across a crash', () => {
  it('restarts from the last committed state after SIGKILL mid-load', async () => {
    const dir = tempDir('sandbox-crash-');
    const first = await startSandbox(['--data', dir]);
    const iam = client(first);
    const acked = new Set<string>();
    const attempted = new Set<string>();
    let stop = false;
    let n = 0;
    const worker = async () => {
      while (!stop) {
        const name = `load-${n++}`;
        attempted.add(name);
        try {
          await iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: TRUST_LAMBDA }));
          acked.add(name);
        } catch {
          return; // the server is gone
        }
      }
    };
    const workers = [worker(), worker(), worker(), worker()];
    while (acked.size < 120) await new Promise((r) => setTimeout(r, 5));
    await first.stop('SIGKILL');
    stop = true;
    await Promise.all(workers);

    // The state file is whole JSON (temporary files from an interrupted write may sit beside it).
    const files = readdirSync(dir);
    expect(files).toContain('sandbox-state.json');
    const snapshot = Store.parse(readFileSync(join(dir, 'sandbox-state.json'), 'utf8'));
    expect(snapshot.accountId).toBe('123456789012');
    // A leftover partial temp file must not confuse the next start.
    writeFileSync(join(dir, 'sandbox-state.json.999.1.tmp'), '{"format":"boundary-lab-sand');

    const second = await startSandbox(['--data', dir]);
    try {
      expect(second.credentials.accessKeyId).toBe(first.credentials.accessKeyId);
      expect(second.credentials.secretAccessKey).toBe(first.credentials.secretAccessKey);
      const after = await roleNames(second);
      for (const name of acked) expect(after.has(name), `acknowledged ${name} was lost`).toBe(true);
      for (const name of after) {
        if (name.startsWith('load-')) expect(attempted.has(name)).toBe(true);
      }
      const id = await new STSClient({ endpoint: second.url, region: 'us-east-1', credentials: second.credentials }).send(new GetCallerIdentityCommand({}));
      expect(id.Arn).toBe('arn:aws:iam::123456789012:user/admin');
    } finally {
      await second.stop();
    }
  }, 60_000);
});
