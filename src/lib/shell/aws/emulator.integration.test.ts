/**
 * The `aws` command over the in-process transport: the sandbox emulator's SDK v3 request handler, no network.
 * The blog's "assume the builder role, then try to escalate" steps, as a learner types them.
 */
import { describe, expect, it } from 'vitest';
import { createEmulator } from '../../emulator/index';
import { runAws } from './index';

describe('aws against the in-process emulator', () => {
  it('assumes the builder role and is denied CreatePolicyVersion like AWS', async () => {
    const emulator = createEmulator({ pace: 0 });
    await emulator.ready;
    const files = new Map<string, Uint8Array>();
    const put = (path: string, value: unknown) => files.set(path, new TextEncoder().encode(JSON.stringify(value)));
    put('/home/learner/trust.json', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${emulator.accountId}:root` }, Action: 'sts:AssumeRole' }] });
    put('/home/learner/builder.json', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['iam:GetRole', 'iam:GetPolicyVersion'], Resource: '*' }] });
    const { requestHandler } = emulator.sdkConfig();
    let env: Record<string, string | undefined> = {
      HOME: '/home/learner',
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: emulator.adminCredentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: emulator.adminCredentials.secretAccessKey,
    };
    const aws = async (...argv: string[]) => {
      let stdout = '';
      let stderr = '';
      const status = await runAws({
        argv,
        env,
        cwd: '/home/learner',
        readFile: async (p) => files.get(p),
        writeFile: async (p, d) => void files.set(p, d),
        stdout: (t) => (stdout += t),
        stderr: (t) => (stderr += t),
        transport: { requestHandler },
      });
      return { status, stdout, stderr };
    };

    const policyArn = `arn:aws:iam::${emulator.accountId}:policy/builder_policies/builder`;
    expect((await aws('iam', 'create-policy', '--policy-name', 'builder', '--path', '/builder_policies/', '--policy-document', 'file://builder.json')).status).toBe(0);
    expect((await aws('iam', 'create-role', '--role-name', 'builder', '--assume-role-policy-document', 'file://trust.json')).status).toBe(0);
    expect((await aws('iam', 'attach-role-policy', '--role-name', 'builder', '--policy-arn', policyArn)).stdout).toBe('');

    // export AWS_DEFAULT_OUTPUT="json"; role_arn=$(aws iam get-role … | jq '.Role.Arn'); aws sts assume-role …
    env = { ...env, AWS_DEFAULT_OUTPUT: 'json' };
    const role = JSON.parse((await aws('iam', 'get-role', '--role-name', 'builder')).stdout);
    const assumed = await aws('sts', 'assume-role', '--role-arn', role.Role.Arn, '--role-session-name', 'builder-test');
    expect(assumed.stderr).toBe('');
    const { Credentials } = JSON.parse(assumed.stdout);
    env = { ...env, AWS_ACCESS_KEY_ID: Credentials.AccessKeyId, AWS_SECRET_ACCESS_KEY: Credentials.SecretAccessKey, AWS_SESSION_TOKEN: Credentials.SessionToken };

    const me = await aws('sts', 'get-caller-identity', '--query', 'Arn', '--output', 'text');
    expect(me.stdout).toBe(`arn:aws:sts::${emulator.accountId}:assumed-role/builder/builder-test\n`);

    const version = await aws('iam', 'get-policy-version', '--policy-arn', policyArn, '--version-id', 'v1', '--query', 'PolicyVersion.Document');
    expect(JSON.parse(version.stdout)).toEqual(JSON.parse(new TextDecoder().decode(files.get('/home/learner/builder.json'))));

    const denied = await aws('iam', 'create-policy-version', '--policy-arn', policyArn, '--policy-document', 'file://builder.json', '--set-as-default');
    expect(denied.status).toBe(254);
    expect(denied.stdout).toBe('');
    expect(denied.stderr).toMatch(
      new RegExp(
        `^\\nAn error occurred \\(AccessDenied\\) when calling the CreatePolicyVersion operation: User: arn:aws:sts::${emulator.accountId}:assumed-role/builder/builder-test is not authorized to perform: iam:CreatePolicyVersion on resource: policy ${policyArn.replaceAll('/', '\\/')} because no identity-based policy allows the iam:CreatePolicyVersion action\\n$`,
      ),
    );
  });
});
