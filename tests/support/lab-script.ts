/**
 * Runs every command of the lab, exactly as written, in one real bash with the real AWS CLI v1 and jq, against an
 * endpoint (moto, or our own `npm run sandbox`), as a learner at a real terminal would: a home with ~/labs and the
 * administrator in ~/.aws/credentials, so unsetting the builder's AWS_* variables returns to the administrator.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lab, type Step } from '../../labs/lab';
import { templateFiles } from '../../labs/templates';

export interface CommandResult {
  step: string;
  run: string;
  shows?: string;
  expect: string;
  rc: number;
  out: string;
  err: string;
}

export interface LabScriptRun {
  home: string;
  results: CommandResult[];
  variables: Record<string, string>;
  /** Runs one more command in bash in the same home, as the administrator (for assertions after the lab). */
  after(command: string): { rc: number; out: string; err: string };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export function runLabScript(endpoint: string, admin: { accessKeyId: string; secretAccessKey: string }, steps: readonly Step[] = lab.steps): LabScriptRun {
  const home = mkdtempSync(join(tmpdir(), 'boundary-lab-home-'));
  mkdirSync(join(home, 'labs'));
  const labs = new URL('../../labs/', import.meta.url).pathname;
  for (const file of templateFiles) cpSync(join(labs, file), join(home, 'labs', file));
  mkdirSync(join(home, '.aws'));
  writeFileSync(join(home, '.aws', 'credentials'), `[default]\naws_access_key_id = ${admin.accessKeyId}\naws_secret_access_key = ${admin.secretAccessKey}\n`);
  const out = join(home, '.results');
  mkdirSync(out);

  const commands = steps.flatMap((s) => s.commands.map((c) => ({ step: s.id, ...c })));
  let script = 'cd "$HOME"\n';
  commands.forEach((c, i) => {
    script += `{\n${c.run}\n} > "${out}/${i}.out" 2> "${out}/${i}.err"; echo $? > "${out}/${i}.rc"\n`;
  });
  const names = ['AWS_ACCOUNT', 'state_machine_arn', 'execution_arn', 'lambda_function_name', 'AWS_ACCESS_KEY_ID'];
  script += `{\n${names.map((n) => `printf '%s=%s\\n' ${n} "$${n}"`).join('\n')}\n} > "${out}/variables"\n`;
  const env = { PATH: process.env.PATH, HOME: home, AWS_ENDPOINT_URL: endpoint, AWS_DEFAULT_REGION: 'us-east-1', AWS_EC2_METADATA_DISABLED: 'true' };

  const r = spawnSync('bash', ['-c', script], { env, encoding: 'utf8', timeout: 480_000 });
  if (r.status !== 0) throw new Error(`the lab script did not finish: ${r.status} ${r.signal ?? ''} ${r.stderr}`);
  const results = commands.map((c, i) => {
    const read = (ext: string) => (existsSync(join(out, `${i}.${ext}`)) ? readFileSync(join(out, `${i}.${ext}`), 'utf8') : '');
    return { ...c, rc: Number(read('rc')), out: read('out'), err: read('err') };
  });
  const variables = Object.fromEntries(
    readFileSync(join(out, 'variables'), 'utf8').trim().split('\n').map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
  return {
    home,
    results,
    variables,
    after(command) {
      const a = spawnSync('bash', ['-c', `cd "$HOME"; ${command}`], { env, encoding: 'utf8', timeout: 60_000 });
      return { rc: a.status ?? -1, out: a.stdout, err: a.stderr };
    },
  };
}
