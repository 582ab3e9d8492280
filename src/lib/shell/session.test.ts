import { describe, expect, it } from 'vitest';
import type { AwsCommandIO } from './aws/index';
import { Sandbox } from './sandbox';
import { ShellSession } from './session';
import { MemoryPersistence } from '../emulator/state/persistence';
import { createEmulator } from '../emulator/index';

const labs = {
  'builder-iam.json': '{"Resources":{}}\n',
  'builder-application-1.yml': 'Description: builder-application\n',
  'builder-application-2.yml': 'Description: two\n',
  'builder-application-3.yml': 'Description: three\n',
};

/** A fake `aws` that answers the blog's calls from the credentials it is given, so the test sees what the shell passed. */
function fakeAws(calls: AwsCommandIO[]) {
  return async (io: AwsCommandIO) => {
    calls.push(io);
    const cmd = io.argv.slice(0, 2).join(' ');
    if (cmd === 'iam get-role') {
      io.stdout(JSON.stringify({ Role: { RoleName: io.argv[3], Arn: `arn:aws:iam::123456789012:role/${io.argv[3]}` } }, null, 4) + '\n');
      return 0;
    }
    if (cmd === 'sts assume-role') {
      const arn = io.argv[io.argv.indexOf('--role-arn') + 1];
      io.stdout(JSON.stringify({ Credentials: { AccessKeyId: 'ASIAFAKE', SecretAccessKey: `secret-for-${arn}`, SessionToken: 'token/with+chars=' } }, null, 4) + '\n');
      return 0;
    }
    if (cmd === 'sts get-caller-identity') {
      io.stdout(JSON.stringify({ Account: '123456789012', Arn: `key:${io.env.AWS_ACCESS_KEY_ID ?? 'default'}` }, null, 4) + '\n');
      return 0;
    }
    io.stderr('\nAn error occurred (AccessDenied) when calling the CreatePolicyVersion operation: denied\n');
    return 254;
  };
}

async function shell() {
  const calls: AwsCommandIO[] = [];
  const sandbox = await Sandbox.open({
    target: { endpoint: 'http://127.0.0.1:1', credentials: { accessKeyId: 'AKIAADMIN', secretAccessKey: 'adminsecret' }, region: 'us-east-1' },
    labs,
    aws: fakeAws(calls),
    store: new MemoryPersistence(),
  });
  return { sandbox, calls, run: (l: string) => sandbox.run(l) };
}

describe('the shell keeps bash state between command lines', () => {
  it('keeps variables, exports, cwd, functions, aliases, arrays and $?', async () => {
    const { run } = await shell();
    await run('A=one; export B=two; mkdir -p work && cd work; greet() { echo "hi $1 from $(pwd)"; }; alias ll="ls -1"; arr=(x "y z")');
    expect((await run('echo "$A $B"')).stdout).toBe('one two\n');
    expect((await run('printenv B; printenv A || echo A-not-exported')).stdout).toBe('two\nA-not-exported\n');
    expect((await run('pwd')).stdout).toBe('/home/learner/work\n');
    expect((await run('greet you')).stdout).toBe('hi you from /home/learner/work\n');
    await run('touch f1');
    expect((await run('ll')).stdout).toBe('f1\n');
    expect((await run('echo "${arr[1]}" ${#arr[@]}')).stdout).toBe('y z 2\n');
    await run('false');
    expect((await run('echo $?')).stdout).toBe('1\n');
  });

  it('forgets what bash forgets: unset, unalias, unset -f, export -n', async () => {
    const { run } = await shell();
    await run('export X=1; f() { echo f; }; alias g="echo g"');
    await run('export -n X; unset -f f; unalias g');
    expect((await run('printenv X || echo no-export; echo $X')).stdout).toBe('no-export\n1\n');
    expect((await run('f')).exitCode).toBe(127);
    expect((await run('g')).exitCode).toBe(127);
    await run('unset X');
    expect((await run('echo "[$X]"')).stdout).toBe('[]\n');
  });

  it('keeps options set with set -o', async () => {
    const { run } = await shell();
    await run('set -o pipefail');
    expect((await run('false | true; echo $?')).stdout).toBe('1\n');
  });

  it('redefines a function and keeps the newest body', async () => {
    const { run } = await shell();
    await run('f() { echo one; }');
    await run('f() { echo two; }');
    expect((await run('f')).stdout).toBe('two\n');
  });

  it('"New terminal" starts from the default environment and home', async () => {
    const { sandbox, run } = await shell();
    await run('export AWS_PROFILE=x; cd /tmp');
    await sandbox.newTerminal();
    expect((await run('echo "[$AWS_PROFILE]"; pwd')).stdout).toBe('[]\n/home/learner\n');
  });
});

describe('the blog commands run as written', () => {
  it('assumes the builder role in one pasted block with $(…), pipes, jq, tr, export and \\ continuations', async () => {
    const { run, calls } = await shell();
    const block = [
      'export AWS_DEFAULT_OUTPUT="json"; \\',
      'role=builder; \\',
      'aws_role=$(aws iam get-role --role-name $role); \\',
      `role_arn=$(echo $aws_role|jq '.Role.Arn'|tr -d '"'); \\`,
      'aws_credentials=$(aws sts assume-role --role-arn $role_arn --role-session-name builder-test); \\',
      `export AWS_ACCESS_KEY_ID=$(echo $aws_credentials|jq '.Credentials.AccessKeyId'|tr -d '"'); \\`,
      `export AWS_SECRET_ACCESS_KEY=$(echo $aws_credentials|jq '.Credentials.SecretAccessKey'|tr -d '"'); \\`,
      `export AWS_SESSION_TOKEN=$(echo $aws_credentials|jq '.Credentials.SessionToken'|tr -d '"')`,
    ].join('\n');
    const r = await run(block);
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    expect(calls[1].argv).toEqual(['sts', 'assume-role', '--role-arn', 'arn:aws:iam::123456789012:role/builder', '--role-session-name', 'builder-test']);
    expect(calls[1].env.AWS_DEFAULT_OUTPUT).toBe('json');
    // The next command line's aws sees the exported session credentials.
    await run('aws sts get-caller-identity');
    const env = calls[2].env;
    expect(env.AWS_ACCESS_KEY_ID).toBe('ASIAFAKE');
    expect(env.AWS_SECRET_ACCESS_KEY).toBe('secret-for-arn:aws:iam::123456789012:role/builder');
    expect(env.AWS_SESSION_TOKEN).toBe('token/with+chars=');
    expect(env.role).toBeUndefined();
    expect((await run('echo $role_arn')).stdout).toBe('arn:aws:iam::123456789012:role/builder\n');
    expect((await run(`export AWS_ACCOUNT=$(aws sts get-caller-identity | jq '.Account' | tr -d '"'); echo $AWS_ACCOUNT`)).stdout).toBe('123456789012\n');
  });

  it('passes exit status, stderr and > redirection through, and cp works on the result', async () => {
    const { run } = await shell();
    const r = await run('aws iam create-policy-version --policy-arn x --policy-document file://builder-policy.json --set-as-default');
    expect(r.exitCode).toBe(254);
    expect(r.stderr).toContain('(AccessDenied)');
    await run(`aws sts get-caller-identity | jq '.Account' > account.txt && cp account.txt copy.txt`);
    expect((await run('cat copy.txt')).stdout).toBe('"123456789012"\n');
  });

  it('reads file:// paths relative to the working directory', async () => {
    const { run, calls } = await shell();
    let seen: Uint8Array | undefined;
    const sandbox = await Sandbox.open({
      target: { endpoint: 'http://x', credentials: { accessKeyId: 'A', secretAccessKey: 'S' }, region: 'us-east-1' },
      labs,
      aws: async (io) => ((seen = await io.readFile('p.json')), 0),
    });
    await sandbox.run('mkdir d; cd d; echo "{}" > p.json');
    await sandbox.run('aws iam create-policy --policy-document file://p.json');
    expect(new TextDecoder().decode(seen)).toBe('{}\n');
    void run;
    void calls;
  });

  it('keeps heredocs exact, including indentation and $ expansion', async () => {
    const { run } = await shell();
    await run(`cat > snippet.json <<EOF\n{\n\t"Sid": "SneakyBuilder",\n    "Home": "$HOME"\n}\nEOF`);
    expect((await run('cat snippet.json')).stdout).toBe('{\n\t"Sid": "SneakyBuilder",\n    "Home": "/home/learner"\n}\n');
    await run(`cat > q.txt <<'EOF'\n$HOME\nEOF`);
    expect((await run('cat q.txt')).stdout).toBe('$HOME\n');
  });
});

describe('the home directory', () => {
  it('is seeded with the lab templates and the sandbox administrator as the default profile', async () => {
    const { run } = await shell();
    expect((await run('ls ~/labs')).stdout).toBe('builder-application-1.yml\nbuilder-application-2.yml\nbuilder-application-3.yml\nbuilder-iam.json\n');
    expect((await run('cat ~/labs/builder-application-1.yml')).stdout).toBe(labs['builder-application-1.yml']);
    expect((await run('cat ~/.aws/credentials')).stdout).toBe('[default]\naws_access_key_id = AKIAADMIN\naws_secret_access_key = adminsecret\n');
    expect((await run('cat ~/.aws/config')).stdout).toBe('[default]\nregion = us-east-1\noutput = json\n');
    expect((await run('echo $HOME; pwd; whoami')).stdout).toBe('/home/learner\n/home/learner\nlearner\n');
  });
});

describe('the edit command', () => {
  it('opens the page editor and writes back what is saved, and leaves the file alone on cancel', async () => {
    const opened: string[] = [];
    let answer: string | undefined = '{"a":1}\n';
    const s = new ShellSession({ hooks: { openEditor: async (path, text) => (opened.push(`${path}:${text}`), answer) } });
    await s.fs.mkdir('/home/learner', { recursive: true });
    await s.run('echo old > f.json');
    await s.run('edit f.json');
    expect(opened).toEqual(['/home/learner/f.json:old\n']);
    expect((await s.run('cat f.json')).stdout).toBe('{"a":1}\n');
    answer = undefined;
    await s.run('nano f.json');
    expect((await s.run('cat f.json')).stdout).toBe('{"a":1}\n');
    expect((await s.run('vi')).exitCode).toBe(1);
  });
});

describe('persistence', () => {
  it("saves a denied call's CloudTrail event before the prompt returns, so a sandbox ended at once keeps it", async () => {
    const accountStore = new MemoryPersistence();
    const emulator = createEmulator({ pace: 0, store: accountStore });
    await emulator.ready;
    const sandbox = await Sandbox.open({ target: { emulator }, labs });
    // A user with no policy: any IAM write is denied (a read would be saved just as late).
    await sandbox.run('aws iam create-user --user-name nobody >/dev/null');
    await sandbox.run('K=$(aws iam create-access-key --user-name nobody)');
    const status = await sandbox.run(
      'export AWS_ACCESS_KEY_ID=$(echo "$K" | jq -r .AccessKey.AccessKeyId) AWS_SECRET_ACCESS_KEY=$(echo "$K" | jq -r .AccessKey.SecretAccessKey); aws iam create-role --role-name r --assume-role-policy-document "{}"',
    );
    expect(status.exitCode).not.toBe(0);
    // The worker dies now (the learner moved on): a new emulator reads only what was saved.
    const after = createEmulator({ pace: 0, store: accountStore });
    await after.ready;
    const denied = after.events().filter((e) => e.eventName === 'CreateRole' && e.errorCode === 'AccessDenied');
    expect(denied).toHaveLength(1);
  });

  it('brings back files, shell state and history from the store', async () => {
    const store = new MemoryPersistence();
    const target = { endpoint: 'http://x', credentials: { accessKeyId: 'A', secretAccessKey: 'S' }, region: 'us-east-1' };
    const one = await Sandbox.open({ target, labs, store, aws: fakeAws([]) });
    await one.run('export K=v; cd labs; echo hi > note.txt; h() { echo h; }');
    one.appendScrollback('some output\n');
    await one.save();
    const two = await Sandbox.open({ target, labs, store, aws: fakeAws([]) });
    expect((await two.run('echo $K; pwd; cat note.txt; h; printenv K')).stdout).toBe('v\n/home/learner/labs\nhi\nh\nv\n');
    expect(two.session.history[0]).toBe('export K=v; cd labs; echo hi > note.txt; h() { echo h; }');
    expect(two.scrollback).toBe('some output\n');
  });

  it('points ~/.aws at the current administrator when the saved key belongs to a lost account', async () => {
    const store = new MemoryPersistence();
    const old = { endpoint: 'http://x', credentials: { accessKeyId: 'AKIAOLDOLDOLDOLDOLD1', secretAccessKey: 'S' }, region: 'us-east-1' };
    await (await Sandbox.open({ target: old, labs, store })).save();
    const fresh = { ...old, credentials: { accessKeyId: 'AKIANEWNEWNEWNEWNEW2', secretAccessKey: 'T' } };
    const s = await Sandbox.open({ target: fresh, labs, store });
    expect((await s.run('grep key_id ~/.aws/credentials')).stdout).toBe('aws_access_key_id = AKIANEWNEWNEWNEWNEW2\n');
  });

  it('exports and imports the sandbox as one JSON file', async () => {
    const a = await shell();
    await a.run('echo data > mine.txt; export E=1');
    const text = await a.sandbox.export();
    const b = await shell();
    await b.sandbox.import(text);
    expect((await b.run('cat mine.txt; echo $E')).stdout).toBe('data\n1\n');
    await expect(b.sandbox.import('{"x":1}')).rejects.toThrow('not a Boundary Lab sandbox export');
  });

  it('reset brings back the seeded home and a fresh shell', async () => {
    const a = await shell();
    await a.run('rm ~/labs/builder-iam.json; echo x > junk; export Z=1');
    await a.sandbox.reset();
    expect((await a.run('ls; ls labs | wc -l; echo "[$Z]"')).stdout).toBe('labs\n4\n[]\n');
  });
});
