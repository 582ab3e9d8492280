import { describe, expect, it } from 'vitest';
import { Sandbox } from '../sandbox';
import { SandboxHost } from './host';
import type { ClientMessage, HostMessage } from './protocol';
import { createEmulator } from '../../emulator/index';
import { MemoryPersistence } from '../../emulator/state/persistence';

const target = { endpoint: 'http://x', credentials: { accessKeyId: 'A', secretAccessKey: 'S' }, region: 'us-east-1' };

function page(host: SandboxHost, client: string) {
  const got: HostMessage[] = [];
  let send!: (m: ClientMessage) => void;
  const port = { postMessage: (m: HostMessage) => void got.push(m) };
  send = host.connect(port);
  send({ t: 'hello', client });
  const next = async (pred: (m: HostMessage) => boolean) => {
    for (let i = 0; i < 200; i++) {
      const m = got.find(pred);
      if (m) return m;
      await new Promise((r) => setTimeout(r, 5));
    }
    throw new Error(`no message; got ${JSON.stringify(got.map((m) => m.t))}`);
  };
  return { got, send, next, port };
}

function newHost() {
  return new SandboxHost((hooks) => Sandbox.open({ target, labs: { 'builder-iam.json': '{}' }, hooks, aws: async () => 0 }));
}

describe('SandboxHost', () => {
  it('runs one page\'s command in the shared shell and shows it on every page', async () => {
    const host = newHost();
    const a = page(host, 'a');
    const b = page(host, 'b');
    await a.next((m) => m.t === 'ready');
    a.send({ t: 'run', client: 'a', id: 1, line: 'export X=1; echo hello' });
    const done = await a.next((m) => m.t === 'done');
    expect(done).toMatchObject({ from: 'a', exitCode: 0, line: 'export X=1; echo hello' });
    expect(a.got.find((m) => m.t === 'output')).toMatchObject({ text: 'hello\r\n' });
    expect(a.got.some((m) => m.t === 'echo')).toBe(false);
    expect(await b.next((m) => m.t === 'echo')).toMatchObject({ from: 'a', text: 'learner@boundary-lab:~$ export X=1; echo hello\r\n' });
    b.send({ t: 'run', client: 'b', id: 2, line: 'echo $X' });
    expect(await b.next((m) => m.t === 'output' && m.text === '1\r\n')).toBeTruthy();
  });

  it("has saved a denied call's CloudTrail event when the prompt returns (the worker may end right after)", async () => {
    const accountStore = new MemoryPersistence();
    const emulator = createEmulator({ pace: 0, store: accountStore });
    await emulator.ready;
    const host = new SandboxHost((hooks) => Sandbox.open({ target: { emulator }, labs: {}, hooks }));
    const a = page(host, 'a');
    await a.next((m) => m.t === 'ready');
    const line =
      'aws iam create-user --user-name nobody >/dev/null; K=$(aws iam create-access-key --user-name nobody); ' +
      'AWS_ACCESS_KEY_ID=$(echo "$K" | jq -r .AccessKey.AccessKeyId) AWS_SECRET_ACCESS_KEY=$(echo "$K" | jq -r .AccessKey.SecretAccessKey) ' +
      'aws iam list-roles';
    a.send({ t: 'run', client: 'a', id: 1, line });
    expect(await a.next((m) => m.t === 'done')).toMatchObject({ exitCode: 254 });
    const after = createEmulator({ pace: 0, store: accountStore });
    await after.ready;
    expect(after.events().filter((e) => e.eventName === 'ListRoles' && e.errorCode === 'AccessDenied')).toHaveLength(1);
  });

  it('names a fault of its own as an internal error of the sandbox, with how to report it, and no stack', async () => {
    const host = new SandboxHost(async (hooks) => {
      const s = await Sandbox.open({ target, labs: {}, hooks, aws: async () => 0 });
      s.session.run = async () => {
        throw new TypeError("Cannot read properties of undefined (reading 'x')");
      };
      return s;
    });
    const a = page(host, 'a');
    await a.next((m) => m.t === 'ready');
    a.send({ t: 'run', client: 'a', id: 1, line: 'echo hi' });
    await a.next((m) => m.t === 'done');
    const out = a.got.filter((m) => m.t === 'output').map((m) => (m as { text: string }).text).join('');
    expect(out).toMatch(/^bash: internal error in the sandbox \(Cannot read properties of undefined \(reading 'x'\)\)\. Please report it/);
    expect(out).not.toMatch(/\bat \S+ \(|\.ts:\d+|_astro/);
  });

  it('opens the editor on the page that ran edit, and cancels it when that page leaves', async () => {
    const host = newHost();
    const a = page(host, 'a');
    await a.next((m) => m.t === 'ready');
    a.send({ t: 'run', client: 'a', id: 1, line: 'echo old > f.txt; edit f.txt; cat f.txt' });
    const edit = (await a.next((m) => m.t === 'edit')) as Extract<HostMessage, { t: 'edit' }>;
    expect(edit).toMatchObject({ to: 'a', path: '/home/learner/f.txt', text: 'old\n' });
    a.send({ t: 'editor', id: edit.id, text: 'new\n' });
    expect(await a.next((m) => m.t === 'output')).toMatchObject({ text: 'new\r\n' });
    a.send({ t: 'run', client: 'a', id: 2, line: 'edit f.txt; echo after' });
    await a.next((m) => m.t === 'edit' && m.id !== edit.id);
    a.send({ t: 'bye', client: 'a' });
    const b = page(host, 'b');
    b.send({ t: 'run', client: 'b', id: 3, line: 'cat f.txt' });
    expect(await b.next((m) => m.t === 'output' && m.text === 'new\r\n')).toBeTruthy();
  });

  it('interrupts the running command on Ctrl-C', async () => {
    const host = newHost();
    const a = page(host, 'a');
    await a.next((m) => m.t === 'ready');
    a.send({ t: 'run', client: 'a', id: 1, line: 'sleep 30; echo no' });
    await new Promise((r) => setTimeout(r, 50));
    a.send({ t: 'interrupt' });
    expect(await a.next((m) => m.t === 'done')).toMatchObject({ exitCode: 130 });
    expect(a.got.find((m) => m.t === 'output')).toMatchObject({ text: '^C\r\n' });
  });

  it('exports, imports and resets, and restarts every page\'s terminal', async () => {
    const host = newHost();
    const a = page(host, 'a');
    await a.next((m) => m.t === 'ready');
    a.send({ t: 'run', client: 'a', id: 1, line: 'echo kept > k.txt' });
    await a.next((m) => m.t === 'done');
    a.send({ t: 'export', id: 2 });
    const exported = (await a.next((m) => m.t === 'reply' && m.id === 2)) as Extract<HostMessage, { t: 'reply' }>;
    a.send({ t: 'reset', id: 3 });
    await a.next((m) => m.t === 'restart');
    a.send({ t: 'import', id: 4, text: exported.value as string });
    await a.next((m) => m.t === 'reply' && m.id === 4 && m.ok);
    a.send({ t: 'run', client: 'a', id: 5, line: 'cat k.txt' });
    expect(await a.next((m) => m.t === 'output' && m.text === 'kept\r\n')).toBeTruthy();
  });

  it('offers Reset when the saved sandbox cannot be loaded, and then starts afresh', async () => {
    let saved = 'corrupt';
    const host = new SandboxHost(
      async (hooks) => {
        if (saved === 'corrupt') throw new Error('The saved sandbox is for account 999999999999, not 123456789012.');
        return Sandbox.open({ target, labs: {}, hooks, aws: async () => 0 });
      },
      undefined,
      async () => void (saved = ''),
    );
    const a = page(host, 'a');
    expect(await a.next((m) => m.t === 'fatal')).toMatchObject({ message: expect.stringContaining('Reset sandbox to start again') });
    a.send({ t: 'reset', id: 1 });
    expect(await a.next((m) => m.t === 'reply' && m.id === 1)).toMatchObject({ ok: true });
    expect(await a.next((m) => m.t === 'ready')).toBeTruthy();
  });
});
