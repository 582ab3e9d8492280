import { describe, expect, it } from 'vitest';
import { setAwsCompleter } from './completion';
import { ShellSession } from './session';

async function session() {
  const s = new ShellSession();
  await s.fs.mkdir('/home/learner/labs', { recursive: true });
  await s.fs.writeFile('/home/learner/labs/builder-iam.json', '{}');
  await s.fs.writeFile('/home/learner/labs/builder-application-1.yml', '');
  await s.fs.writeFile('/home/learner/builder-policy.json', '{}');
  return s;
}

describe('Tab completion', () => {
  it('completes aws services, operations, waiters and options from the aws tables', async () => {
    const s = await session();
    expect((await s.complete('aws cloudf')).items).toEqual(['cloudformation']);
    expect((await s.complete('aws cloudformation create-st')).items).toContain('create-stack');
    expect((await s.complete('aws cloudformation wait stack-create')).items).toEqual(['stack-create-complete']);
    const opts = await s.complete('aws cloudformation create-stack --stack-name x --cap');
    expect(opts.items).toEqual(['--capabilities']);
    expect((await s.complete('aws iam get-role --role')).items).toEqual(['--role-name']);
    expect((await s.complete('aws sts get-caller-identity --out')).items).toEqual(['--output']);
    expect((await s.complete('aws sts get-caller-identity --output t')).items).toEqual(['table', 'text']);
  });

  it('completes file paths, also after file://, and commands in first position', async () => {
    const s = await session();
    expect((await s.complete('cat la')).items).toEqual(['labs/']);
    expect((await s.complete('cat labs/builder-i')).items).toEqual(['labs/builder-iam.json']);
    const c = await s.complete('aws iam create-policy --policy-document file://build');
    expect(c.items).toEqual(['file://builder-policy.json']);
    expect(c.from).toBe('aws iam create-policy --policy-document '.length);
    expect((await s.complete('cat ~/labs/builder-a')).items).toEqual(['~/labs/builder-application-1.yml']);
    expect((await s.complete('ec')).items).toContain('echo');
    expect((await s.complete('echo x | j')).items).toContain('jq');
  });

  it('takes aws names from a replaceable completer (the hook)', async () => {
    const s = await session();
    const seen: [string[], string][] = [];
    setAwsCompleter(async (words, current) => (seen.push([words, current]), ['zzz-op']));
    try {
      expect((await s.complete('aws --region eu-west-1 iam z')).items).toEqual(['zzz-op']);
      expect(seen).toEqual([[['--region', 'eu-west-1', 'iam'], 'z']]);
    } finally {
      setAwsCompleter(async (w, c) => (await import('./aws/complete')).completeAws(w, c));
    }
  });
});
