/**
 * Conformance with the real AWS CLI v1 against `bin/sandbox.ts`: STS (GetCallerIdentity, AssumeRole and its
 * rules, GetSessionToken), IAM users and access keys, SigV4 failures, and permissions boundaries enforced on
 * the role-changing actions through iam:PermissionsBoundary.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireTool } from '../../support/referee';
import { allow, aws, cliError, envFor, startSandbox, stopCli, TRUST_ACCOUNT, TRUST_LAMBDA, type SandboxProcess } from './harness';

const ACCOUNT = '123456789012';
const AUDITOR = `arn:aws:iam::${ACCOUNT}:role/boundary-lab/boundary-lab-auditor`;

describe.skipIf(!requireTool('aws'))('AWS CLI v1 against the sandbox: STS, users, authentication', () => {
  let sb: SandboxProcess;
  const run = (args: string[], env: Record<string, string> = {}) => aws(sb, args, env);
  const ok = async (args: string[], env: Record<string, string> = {}) => {
    const r = await run(args, env);
    expect(r.status, `aws ${args.join(' ')}\n${r.stderr}`).toBe(0);
    return r.json;
  };
  const fails = async (args: string[], code: string, message?: string | RegExp, env: Record<string, string> = {}) => {
    const r = await run(args, env);
    const e = cliError(r);
    expect(e, `aws ${args.join(' ')}\n${r.stdout}${r.stderr}`).toBeDefined();
    expect(e!.code).toBe(code);
    if (typeof message === 'string') expect(e!.message).toBe(message);
    else if (message) expect(e!.message).toMatch(message);
  };

  beforeAll(async () => {
    sb = await startSandbox(['--core-only']);
  });
  afterAll(async () => {
    stopCli();
    await sb?.stop();
  });

  it('GetCallerIdentity names the sandbox administrator', async () => {
    const id = await ok(['sts', 'get-caller-identity']);
    expect(id).toEqual({ UserId: expect.stringMatching(/^AIDA[A-Z2-7]{17}$/), Account: ACCOUNT, Arn: `arn:aws:iam::${ACCOUNT}:user/admin` });
    expect(sb.credentials.accessKeyId).toMatch(/^AKIA[A-Z2-7]{16}$/);
  });

  it('AssumeRole issues session credentials that act as the role', async () => {
    const r = await ok(['sts', 'assume-role', '--role-arn', AUDITOR, '--role-session-name', 'check']);
    expect(r.Credentials.AccessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(r.AssumedRoleUser.Arn).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/boundary-lab-auditor/check`);
    expect(r.AssumedRoleUser.AssumedRoleId).toMatch(/^AROA[A-Z2-7]{17}:check$/);
    const expires = new Date(r.Credentials.Expiration).getTime();
    expect(Math.abs(expires - Date.now() - 3600_000)).toBeLessThan(60_000);
    const env = envFor(r.Credentials);
    const id = await ok(['sts', 'get-caller-identity'], env);
    expect(id.Arn).toBe(r.AssumedRoleUser.Arn);
    expect(id.UserId).toBe(r.AssumedRoleUser.AssumedRoleId);
    expect((await ok(['iam', 'list-roles'], env)).Roles.length).toBeGreaterThan(0);
    await fails(['iam', 'create-role', '--role-name', 'x', '--assume-role-policy-document', TRUST_LAMBDA], 'AccessDenied',
      `User: arn:aws:sts::${ACCOUNT}:assumed-role/boundary-lab-auditor/check is not authorized to perform: iam:CreateRole on resource: arn:aws:iam::${ACCOUNT}:role/x because no identity-based policy allows the iam:CreateRole action`,
      env);
    // Role chaining needs sts:AssumeRole, which ReadOnlyAccess does not grant.
    await fails(['sts', 'assume-role', '--role-arn', AUDITOR, '--role-session-name', 'again'], 'AccessDenied', /is not authorized to perform: sts:AssumeRole/, env);
  });

  it('enforces AssumeRole duration, existence and session-name rules', async () => {
    await Promise.all([
      fails(['sts', 'assume-role', '--role-arn', AUDITOR, '--role-session-name', 'long', '--duration-seconds', '7200'], 'ValidationError',
        'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.'),
      fails(['sts', 'assume-role', '--role-arn', `arn:aws:iam::${ACCOUNT}:role/missing`, '--role-session-name', 'ss'], 'AccessDenied',
        `User: arn:aws:iam::${ACCOUNT}:user/admin is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::${ACCOUNT}:role/missing`),
      fails(['sts', 'assume-role', '--role-arn', AUDITOR, '--role-session-name', 'bad name!'], 'ValidationError',
        /Value 'bad name!' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern/),
    ]);
  });

  it('applies session policies and requires sts:TagSession for session tags', async () => {
    const r = await ok(['sts', 'assume-role', '--role-arn', AUDITOR, '--role-session-name', 'narrow', '--policy', allow('iam:GetRole')]);
    expect(r.PackedPolicySize).toBeGreaterThan(0);
    const env = envFor(r.Credentials);
    await ok(['iam', 'get-role', '--role-name', 'boundary-lab-auditor'], env);
    await fails(['iam', 'list-roles'], 'AccessDenied', /because no session policy allows the iam:ListRoles action$/, env);
    await fails(['sts', 'assume-role', '--role-arn', AUDITOR, '--role-session-name', 'tagged', '--tags', 'Key=team,Value=a'], 'AccessDenied',
      /is not authorized to perform: sts:TagSession on resource/);
  });

  it('lets a user named in a trust policy assume the role without an identity policy', async () => {
    await ok(['iam', 'create-user', '--user-name', 'dev']);
    const key = (await ok(['iam', 'create-access-key', '--user-name', 'dev'])).AccessKey;
    const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:user/dev` }, Action: 'sts:AssumeRole' }] });
    await ok(['iam', 'create-role', '--role-name', 'dev-role', '--assume-role-policy-document', trust]);
    await ok(['iam', 'create-role', '--role-name', 'account-role', '--assume-role-policy-document', TRUST_ACCOUNT()]);
    const env = envFor(key);
    const assumed = await ok(['sts', 'assume-role', '--role-arn', `arn:aws:iam::${ACCOUNT}:role/dev-role`, '--role-session-name', 'dev'], env);
    expect(assumed.AssumedRoleUser.Arn).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/dev-role/dev`);
    // Trusting the account delegates to identity policies, and dev has none.
    await fails(['sts', 'assume-role', '--role-arn', `arn:aws:iam::${ACCOUNT}:role/account-role`, '--role-session-name', 'dev'], 'AccessDenied', undefined, env);
  });

  it('enforces iam:PermissionsBoundary conditions on CreateRole and PutRolePermissionsBoundary', async () => {
    const boundary = (await ok(['iam', 'create-policy', '--policy-name', 'dev-boundary', '--policy-document', allow(['s3:*', 'iam:GetRole'])])).Policy.Arn;
    const builderPolicy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: ['iam:CreateRole', 'iam:PutRolePermissionsBoundary'], Resource: '*',
          Condition: { StringEquals: { 'iam:PermissionsBoundary': boundary } } },
        { Effect: 'Allow', Action: 'iam:GetRole', Resource: '*' },
      ],
    });
    await ok(['iam', 'put-user-policy', '--user-name', 'dev', '--policy-name', 'builder', '--policy-document', builderPolicy]);
    const keys = (await ok(['iam', 'list-access-keys', '--user-name', 'dev'])).AccessKeyMetadata;
    expect(keys).toHaveLength(1);
    const key = (await ok(['iam', 'create-access-key', '--user-name', 'dev'])).AccessKey;
    const env = envFor(key);
    await fails(['iam', 'create-role', '--role-name', 'unbounded', '--assume-role-policy-document', TRUST_LAMBDA], 'AccessDenied',
      `User: arn:aws:iam::${ACCOUNT}:user/dev is not authorized to perform: iam:CreateRole on resource: arn:aws:iam::${ACCOUNT}:role/unbounded because no identity-based policy allows the iam:CreateRole action`,
      env);
    const created = await ok(['iam', 'create-role', '--role-name', 'bounded', '--assume-role-policy-document', TRUST_LAMBDA, '--permissions-boundary', boundary], env);
    expect(created.Role.PermissionsBoundary.PermissionsBoundaryArn).toBe(boundary);
    await fails(['iam', 'put-role-permissions-boundary', '--role-name', 'bounded', '--permissions-boundary', 'arn:aws:iam::aws:policy/AdministratorAccess'],
      'AccessDenied', undefined, env);
    await fails(['iam', 'create-access-key', '--user-name', 'dev'], 'LimitExceeded', 'Cannot exceed quota for AccessKeysPerUser: 2');
  });

  it('manages users, their policies, tags and access keys, with AWS errors', async () => {
    const u = (await ok(['iam', 'create-user', '--user-name', 'alice', '--path', '/people/', '--tags', 'Key=team,Value=a'])).User;
    expect(u).toMatchObject({ UserName: 'alice', Path: '/people/', Arn: `arn:aws:iam::${ACCOUNT}:user/people/alice` });
    expect(u.UserId).toMatch(/^AIDA[A-Z2-7]{17}$/);
    await Promise.all([
      fails(['iam', 'create-user', '--user-name', 'ALICE'], 'EntityAlreadyExists', 'User with name ALICE already exists.'),
      fails(['iam', 'get-user', '--user-name', 'bob'], 'NoSuchEntity', 'The user with name bob cannot be found.'),
      fails(['iam', 'get-user-policy', '--user-name', 'alice', '--policy-name', 'p'], 'NoSuchEntity', 'The user policy with name p cannot be found.'),
      fails(['iam', 'delete-access-key', '--user-name', 'alice', '--access-key-id', 'AKIAAAAAAAAAAAAAAAAA'], 'NoSuchEntity',
        'The Access Key with id AKIAAAAAAAAAAAAAAAAA cannot be found.'),
    ]);
    expect((await ok(['iam', 'get-user'])).User.UserName).toBe('admin');
    expect((await ok(['iam', 'list-users', '--path-prefix', '/people/'])).Users.map((x: any) => x.UserName)).toEqual(['alice']);
    await ok(['iam', 'put-user-policy', '--user-name', 'alice', '--policy-name', 'p', '--policy-document', allow('s3:ListAllMyBuckets')]);
    expect((await ok(['iam', 'get-user-policy', '--user-name', 'alice', '--policy-name', 'p'])).PolicyDocument).toEqual(JSON.parse(allow('s3:ListAllMyBuckets')));
    expect((await ok(['iam', 'list-user-policies', '--user-name', 'alice'])).PolicyNames).toEqual(['p']);
    await ok(['iam', 'attach-user-policy', '--user-name', 'alice', '--policy-arn', 'arn:aws:iam::aws:policy/ReadOnlyAccess']);
    expect((await ok(['iam', 'list-attached-user-policies', '--user-name', 'alice'])).AttachedPolicies).toEqual([
      { PolicyName: 'ReadOnlyAccess', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' },
    ]);
    await ok(['iam', 'put-user-permissions-boundary', '--user-name', 'alice', '--permissions-boundary', 'arn:aws:iam::aws:policy/ReadOnlyAccess']);
    expect((await ok(['iam', 'get-user', '--user-name', 'alice'])).User.PermissionsBoundary.PermissionsBoundaryArn).toBe('arn:aws:iam::aws:policy/ReadOnlyAccess');
    await ok(['iam', 'tag-user', '--user-name', 'alice', '--tags', 'Key=env,Value=dev']);
    expect((await ok(['iam', 'list-user-tags', '--user-name', 'alice'])).Tags).toEqual([{ Key: 'team', Value: 'a' }, { Key: 'env', Value: 'dev' }]);
    await ok(['iam', 'untag-user', '--user-name', 'alice', '--tag-keys', 'team']);

    const key = (await ok(['iam', 'create-access-key', '--user-name', 'alice'])).AccessKey;
    expect(key).toMatchObject({ UserName: 'alice', Status: 'Active' });
    expect(key.SecretAccessKey).toHaveLength(40);
    const env = envFor(key);
    expect((await ok(['sts', 'get-caller-identity'], env)).Arn).toBe(`arn:aws:iam::${ACCOUNT}:user/people/alice`);
    await ok(['iam', 'update-access-key', '--user-name', 'alice', '--access-key-id', key.AccessKeyId, '--status', 'Inactive']);
    await fails(['sts', 'get-caller-identity'], 'InvalidClientTokenId', 'The security token included in the request is invalid.', env);
    expect((await ok(['iam', 'list-access-keys', '--user-name', 'alice'])).AccessKeyMetadata[0].Status).toBe('Inactive');

    // What a clean-up script enumerates before DeleteUser.
    for (const cmd of ['list-groups-for-user', 'list-mfa-devices', 'list-signing-certificates', 'list-ssh-public-keys', 'list-service-specific-credentials']) {
      await ok(['iam', cmd, '--user-name', 'alice']);
    }
    await fails(['iam', 'get-login-profile', '--user-name', 'alice'], 'NoSuchEntity', 'Login Profile for User alice cannot be found.');
    expect((await ok(['iam', 'get-account-summary'])).SummaryMap.Users).toBe(3);
    await fails(['iam', 'delete-user', '--user-name', 'alice'], 'DeleteConflict', 'Cannot delete entity, must delete access keys first.');
    await ok(['iam', 'delete-access-key', '--user-name', 'alice', '--access-key-id', key.AccessKeyId]);
    await fails(['iam', 'delete-user', '--user-name', 'alice'], 'DeleteConflict', 'Cannot delete entity, must detach all policies first.');
    await ok(['iam', 'detach-user-policy', '--user-name', 'alice', '--policy-arn', 'arn:aws:iam::aws:policy/ReadOnlyAccess']);
    await fails(['iam', 'delete-user', '--user-name', 'alice'], 'DeleteConflict', 'Cannot delete entity, must delete policies first.');
    await ok(['iam', 'delete-user-policy', '--user-name', 'alice', '--policy-name', 'p']);
    await ok(['iam', 'delete-user-permissions-boundary', '--user-name', 'alice']);
    await ok(['iam', 'delete-user', '--user-name', 'alice']);
  });

  it('GetSessionToken credentials call STS but not IAM', async () => {
    const r = await ok(['sts', 'get-session-token', '--duration-seconds', '900']);
    expect(r.Credentials.AccessKeyId).toMatch(/^ASIA/);
    const env = envFor(r.Credentials);
    expect((await ok(['sts', 'get-caller-identity'], env)).Arn).toBe(`arn:aws:iam::${ACCOUNT}:user/admin`);
    await fails(['iam', 'list-roles'], 'InvalidClientTokenId', 'The security token included in the request is invalid.', env);
    await fails(['sts', 'get-session-token'], 'AccessDenied', 'Cannot call GetSessionToken with session credentials', env);
  });

  it('verifies SigV4: wrong secret, unknown key, bad token, unsigned', async () => {
    await Promise.all([
      fails(['sts', 'get-caller-identity'], 'SignatureDoesNotMatch',
        'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
        { AWS_SECRET_ACCESS_KEY: 'x'.repeat(40) }),
      fails(['iam', 'list-roles'], 'InvalidClientTokenId', 'The security token included in the request is invalid.',
        { AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE' }),
      fails(['iam', 'list-roles'], 'InvalidClientTokenId', 'The security token included in the request is invalid.',
        { AWS_ACCESS_KEY_ID: 'ASIAIOSFODNN7EXAMPLE', AWS_SESSION_TOKEN: 'nope' }),
      fails(['iam', 'list-roles', '--no-sign-request'], 'MissingAuthenticationToken', 'Request is missing Authentication Token'),
    ]);
  });
});
