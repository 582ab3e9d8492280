/**
 * Conformance with the real AWS CLI v1 against `bin/sandbox.ts` (what `npm run sandbox` runs): IAM roles,
 * inline and managed policies, policy versions, boundaries, tags, pagination and their error cases. Expected
 * outputs and messages are AWS's, as the IAM API reference and the CLI show them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireTool } from '../../support/referee';
import { allow, aws, cliError, startSandbox, stopCli, TRUST_ACCOUNT, TRUST_LAMBDA, type SandboxProcess } from './harness';

const ACCOUNT = '123456789012';

describe.skipIf(!requireTool('aws'))('AWS CLI v1 against the sandbox: IAM roles and policies', () => {
  let sb: SandboxProcess;
  const cli = async (...args: string[]) => {
    const r = await aws(sb, args);
    expect(r.status, `aws ${args.join(' ')}\n${r.stderr}`).toBe(0);
    return r;
  };
  const fails = async (args: string[], code: string, message?: string | RegExp) => {
    const r = await aws(sb, args);
    expect(r.status, r.stdout).not.toBe(0);
    const e = cliError(r);
    expect(e, r.stderr).toBeDefined();
    expect(e!.code).toBe(code);
    if (typeof message === 'string') expect(e!.message).toBe(message);
    else if (message) expect(e!.message).toMatch(message);
    return e!;
  };

  beforeAll(async () => {
    sb = await startSandbox(['--core-only']);
  });
  afterAll(async () => {
    stopCli();
    await sb?.stop();
  });

  it('creates a role with a path, description, tags and returns AWS fields', async () => {
    const r = await cli('iam', 'create-role', '--role-name', 'builder-app', '--path', '/builders/', '--description', 'built',
      '--assume-role-policy-document', TRUST_LAMBDA, '--tags', 'Key=team,Value=blue');
    expect(r.status, r.stderr).toBe(0);
    const role = r.json.Role;
    expect(role.Arn).toBe(`arn:aws:iam::${ACCOUNT}:role/builders/builder-app`);
    expect(role.Path).toBe('/builders/');
    expect(role.RoleId).toMatch(/^AROA[A-Z2-7]{17}$/);
    expect(role.CreateDate).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|\+00:00)$/);
    // The CLI URL-decodes the policy document IAM sends encoded, and prints it as JSON.
    expect(role.AssumeRolePolicyDocument).toEqual(JSON.parse(TRUST_LAMBDA));
    expect(role.Tags).toEqual([{ Key: 'team', Value: 'blue' }]);
  });

  it('rejects duplicates, bad names and malformed trust policies with AWS errors', async () => {
    await Promise.all([
      fails(['iam', 'create-role', '--role-name', 'BUILDER-APP', '--assume-role-policy-document', TRUST_LAMBDA],
        'EntityAlreadyExists', 'Role with name BUILDER-APP already exists.'),
      fails(['iam', 'create-role', '--role-name', 'bad name', '--assume-role-policy-document', TRUST_LAMBDA], 'ValidationError',
        "1 validation error detected: Value 'bad name' at 'roleName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+"),
      fails(['iam', 'create-role', '--role-name', 'r2', '--assume-role-policy-document', '{"Version":"2012-10-17"'],
        'MalformedPolicyDocument'),
      fails(['iam', 'create-role', '--role-name', 'r3', '--assume-role-policy-document', allow('s3:GetObject')], 'MalformedPolicyDocument'),
      fails(['iam', 'get-role', '--role-name', 'nobody'], 'NoSuchEntity', 'The role with name nobody cannot be found.'),
      fails(['iam', 'delete-role', '--role-name', 'nobody'], 'NoSuchEntity', 'The role with name nobody cannot be found.'),
    ]);
  });

  it('gets, updates and lists roles (with Marker pagination)', async () => {
    await cli('iam', 'update-role', '--role-name', 'builder-app', '--max-session-duration', '7200', '--description', 'new');
    // (The CLI itself refuses out-of-range numbers before sending; the SDK suite covers the sandbox's own check.)
    await fails(['iam', 'update-role', '--role-name', 'nobody', '--description', 'x'], 'NoSuchEntity', 'The role with name nobody cannot be found.');
    await cli('iam', 'update-assume-role-policy', '--role-name', 'builder-app', '--policy-document', TRUST_ACCOUNT());
    const got = (await cli('iam', 'get-role', '--role-name', 'builder-app')).json.Role;
    expect(got.MaxSessionDuration).toBe(7200);
    expect(got.Description).toBe('new');
    expect(got.AssumeRolePolicyDocument).toEqual(JSON.parse(TRUST_ACCOUNT()));
    expect(got.RoleLastUsed).toEqual({});
    for (const n of ['list-a', 'list-b', 'list-c']) {
      await cli('iam', 'create-role', '--role-name', n, '--assume-role-policy-document', TRUST_LAMBDA);
    }
    // --page-size sends MaxItems=1, so the CLI follows IsTruncated/Marker through every page.
    const paged = await cli('iam', 'list-roles', '--page-size', '1');
    const names = paged.json.Roles.map((r: any) => r.RoleName);
    expect(names).toEqual(expect.arrayContaining(['builder-app', 'list-a', 'list-b', 'list-c', 'boundary-lab-auditor']));
    expect(names).toEqual([...names].sort((a: string, b: string) => a.toLowerCase().localeCompare(b.toLowerCase())));
    const prefixed = await cli('iam', 'list-roles', '--path-prefix', '/builders/');
    expect(prefixed.json.Roles.map((r: any) => r.RoleName)).toEqual(['builder-app']);
    expect(prefixed.json.Roles[0].Tags).toBeUndefined();
  });

  it('tags and untags roles', async () => {
    await cli('iam', 'tag-role', '--role-name', 'builder-app', '--tags', 'Key=env,Value=dev', 'Key=team,Value=red');
    expect((await cli('iam', 'list-role-tags', '--role-name', 'builder-app')).json.Tags).toEqual([
      { Key: 'env', Value: 'dev' },
      { Key: 'team', Value: 'red' },
    ]);
    await cli('iam', 'untag-role', '--role-name', 'builder-app', '--tag-keys', 'env');
    expect((await cli('iam', 'list-role-tags', '--role-name', 'builder-app')).json.Tags).toEqual([{ Key: 'team', Value: 'red' }]);
  });

  it('puts, gets, lists and deletes inline role policies', async () => {
    const doc = allow(['s3:ListBucket']);
    await cli('iam', 'put-role-policy', '--role-name', 'list-a', '--policy-name', 'inline', '--policy-document', doc);
    const got = await cli('iam', 'get-role-policy', '--role-name', 'list-a', '--policy-name', 'inline');
    expect(got.json).toEqual({ RoleName: 'list-a', PolicyName: 'inline', PolicyDocument: JSON.parse(doc) });
    expect((await cli('iam', 'list-role-policies', '--role-name', 'list-a')).json).toEqual({ PolicyNames: ['inline'] });
    await Promise.all([
      fails(['iam', 'get-role-policy', '--role-name', 'list-a', '--policy-name', 'other'], 'NoSuchEntity', 'The role policy with name other cannot be found.'),
      fails(['iam', 'put-role-policy', '--role-name', 'list-a', '--policy-name', 'bad', '--policy-document', '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3","Resource":"*"}]}'],
        'MalformedPolicyDocument', 'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.'),
      fails(['iam', 'put-role-policy', '--role-name', 'nobody', '--policy-name', 'p', '--policy-document', doc], 'NoSuchEntity'),
      fails(['iam', 'put-role-policy', '--role-name', 'list-a', '--policy-name', 'big', '--policy-document',
        allow(Array.from({ length: 500 }, (_, i) => `s3:GetObjectVersionForReplication${i}`))], 'LimitExceeded',
        'Maximum policy size of 10240 bytes exceeded for role list-a'),
    ]);
    await fails(['iam', 'delete-role', '--role-name', 'list-a'], 'DeleteConflict', 'Cannot delete entity, must delete policies first.');
    await cli('iam', 'delete-role-policy', '--role-name', 'list-a', '--policy-name', 'inline');
    await fails(['iam', 'delete-role-policy', '--role-name', 'list-a', '--policy-name', 'inline'], 'NoSuchEntity');
    await cli('iam', 'delete-role', '--role-name', 'list-a');
  });

  it('creates managed policies and attaches, lists and detaches them', async () => {
    const created = await cli('iam', 'create-policy', '--policy-name', 'builder-boundary', '--path', '/boundaries/',
      '--policy-document', allow(['s3:*', 'logs:*']), '--description', 'boundary');
    expect(created.status, created.stderr).toBe(0);
    const p = created.json.Policy;
    expect(p).toMatchObject({
      PolicyName: 'builder-boundary', Arn: `arn:aws:iam::${ACCOUNT}:policy/boundaries/builder-boundary`, Path: '/boundaries/',
      DefaultVersionId: 'v1', AttachmentCount: 0, PermissionsBoundaryUsageCount: 0, IsAttachable: true,
    });
    expect(p.PolicyId).toMatch(/^ANPA[A-Z2-7]{17}$/);
    await fails(['iam', 'create-policy', '--policy-name', 'builder-boundary', '--policy-document', allow('s3:*')],
      'EntityAlreadyExists', 'A policy called builder-boundary already exists. Duplicate names are not allowed.');
    const arn = p.Arn;
    await cli('iam', 'attach-role-policy', '--role-name', 'list-b', '--policy-arn', arn);
    await cli('iam', 'attach-role-policy', '--role-name', 'list-b', '--policy-arn', 'arn:aws:iam::aws:policy/ReadOnlyAccess');
    expect((await cli('iam', 'list-attached-role-policies', '--role-name', 'list-b')).json.AttachedPolicies).toEqual([
      { PolicyName: 'builder-boundary', PolicyArn: arn },
      { PolicyName: 'ReadOnlyAccess', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' },
    ]);
    expect((await cli('iam', 'get-policy', '--policy-arn', arn)).json.Policy.AttachmentCount).toBe(1);
    const entities = await cli('iam', 'list-entities-for-policy', '--policy-arn', arn);
    expect(entities.json.PolicyRoles.map((r: any) => r.RoleName)).toEqual(['list-b']);
    await Promise.all([
      fails(['iam', 'attach-role-policy', '--role-name', 'list-b', '--policy-arn', `arn:aws:iam::${ACCOUNT}:policy/missing`],
        'NoSuchEntity', `Policy arn:aws:iam::${ACCOUNT}:policy/missing does not exist or is not attachable.`),
      fails(['iam', 'detach-role-policy', '--role-name', 'list-c', '--policy-arn', arn], 'NoSuchEntity', `Policy ${arn} was not found.`),
      fails(['iam', 'delete-role', '--role-name', 'list-b'], 'DeleteConflict', 'Cannot delete entity, must detach all policies first.'),
      fails(['iam', 'delete-policy', '--policy-arn', arn], 'DeleteConflict', 'Cannot delete a policy attached to entities.'),
      fails(['iam', 'get-policy', '--policy-arn', `arn:aws:iam::${ACCOUNT}:policy/missing`], 'NoSuchEntity',
        `Policy arn:aws:iam::${ACCOUNT}:policy/missing was not found.`),
    ]);
    await cli('iam', 'detach-role-policy', '--role-name', 'list-b', '--policy-arn', arn);
  });

  it('sets and removes permissions boundaries', async () => {
    const arn = `arn:aws:iam::${ACCOUNT}:policy/boundaries/builder-boundary`;
    await cli('iam', 'put-role-permissions-boundary', '--role-name', 'list-c', '--permissions-boundary', arn);
    expect((await cli('iam', 'get-role', '--role-name', 'list-c')).json.Role.PermissionsBoundary).toEqual({
      PermissionsBoundaryType: 'Policy',
      PermissionsBoundaryArn: arn,
    });
    expect((await cli('iam', 'get-policy', '--policy-arn', arn)).json.Policy.PermissionsBoundaryUsageCount).toBe(1);
    const withBoundary = await cli('iam', 'create-role', '--role-name', 'bounded', '--assume-role-policy-document', TRUST_LAMBDA,
      '--permissions-boundary', arn);
    expect(withBoundary.json.Role.PermissionsBoundary.PermissionsBoundaryArn).toBe(arn);
    await fails(['iam', 'put-role-permissions-boundary', '--role-name', 'list-c', '--permissions-boundary', `arn:aws:iam::${ACCOUNT}:policy/nope`],
      'NoSuchEntity', `Scope ARN: arn:aws:iam::${ACCOUNT}:policy/nope does not exist or is not attachable.`);
    await cli('iam', 'delete-role-permissions-boundary', '--role-name', 'list-c');
    expect((await cli('iam', 'get-role', '--role-name', 'list-c')).json.Role.PermissionsBoundary).toBeUndefined();
  });

  it('keeps at most five policy versions and guards the default version', async () => {
    const arn = `arn:aws:iam::${ACCOUNT}:policy/boundaries/builder-boundary`;
    for (let i = 2; i <= 5; i++) {
      const v = await cli('iam', 'create-policy-version', '--policy-arn', arn, '--policy-document', allow(`s3:Get${i}*`), ...(i === 3 ? ['--set-as-default'] : []));
      expect(v.json.PolicyVersion).toMatchObject({ VersionId: `v${i}`, IsDefaultVersion: i === 3 });
    }
    await fails(['iam', 'create-policy-version', '--policy-arn', arn, '--policy-document', allow('s3:Get6')], 'LimitExceeded',
      'A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.');
    const list = await cli('iam', 'list-policy-versions', '--policy-arn', arn);
    expect(list.json.Versions.map((v: any) => [v.VersionId, v.IsDefaultVersion])).toEqual([
      ['v5', false], ['v4', false], ['v3', true], ['v2', false], ['v1', false],
    ]);
    const v3 = await cli('iam', 'get-policy-version', '--policy-arn', arn, '--version-id', 'v3');
    expect(v3.json.PolicyVersion.Document).toEqual(JSON.parse(allow('s3:Get3*')));
    await Promise.all([
      fails(['iam', 'delete-policy-version', '--policy-arn', arn, '--version-id', 'v3'], 'DeleteConflict', 'Cannot delete the default version of a policy.'),
      fails(['iam', 'get-policy-version', '--policy-arn', arn, '--version-id', 'v9'], 'NoSuchEntity'),
      fails(['iam', 'set-default-policy-version', '--policy-arn', arn, '--version-id', 'v9'], 'NoSuchEntity'),
    ]);
    await cli('iam', 'set-default-policy-version', '--policy-arn', arn, '--version-id', 'v1');
    expect((await cli('iam', 'get-policy', '--policy-arn', arn)).json.Policy.DefaultVersionId).toBe('v1');
    for (const v of ['v2', 'v3', 'v4', 'v5']) {
      await cli('iam', 'delete-policy-version', '--policy-arn', arn, '--version-id', v);
    }
    await cli('iam', 'delete-role', '--role-name', 'bounded');
    await cli('iam', 'delete-policy', '--policy-arn', arn);
    await fails(['iam', 'get-policy', '--policy-arn', arn], 'NoSuchEntity');
  });

  it('lists AWS managed policies with their real ARNs and documents', async () => {
    const aws = await cli('iam', 'list-policies', '--scope', 'AWS');
    const arns = aws.json.Policies.map((p: any) => p.Arn);
    expect(arns).toEqual(expect.arrayContaining([
      'arn:aws:iam::aws:policy/AdministratorAccess',
      'arn:aws:iam::aws:policy/ReadOnlyAccess',
      'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole',
      'arn:aws:iam::aws:policy/service-role/AWSLambdaRole',
    ]));
    const admin = await cli('iam', 'get-policy-version', '--policy-arn', 'arn:aws:iam::aws:policy/AdministratorAccess', '--version-id', 'v1');
    expect(admin.json.PolicyVersion.Document).toEqual({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
    const attached = await cli('iam', 'list-policies', '--only-attached', '--scope', 'AWS');
    expect(attached.json.Policies.map((p: any) => p.PolicyName)).toEqual(expect.arrayContaining(['AdministratorAccess', 'ReadOnlyAccess']));
    const local = await cli('iam', 'list-policies', '--scope', 'Local');
    expect(local.json.Policies).toEqual([]);
  });

  it('answers SimulatePrincipalPolicy and SimulateCustomPolicy with the real response shape', async () => {
    const sim = await cli('iam', 'simulate-principal-policy', '--policy-source-arn', `arn:aws:iam::${ACCOUNT}:role/list-b`,
      '--action-names', 's3:GetObject', 'iam:CreateRole');
    expect(sim.status, sim.stderr).toBe(0);
    const [get, create] = sim.json.EvaluationResults;
    expect(get).toMatchObject({ EvalActionName: 's3:GetObject', EvalResourceName: '*', EvalDecision: 'allowed' });
    expect(get.MatchedStatements[0]).toMatchObject({ SourcePolicyId: 'ReadOnlyAccess', SourcePolicyType: 'IAM Policy' });
    expect(create).toMatchObject({ EvalActionName: 'iam:CreateRole', EvalDecision: 'implicitDeny', MatchedStatements: [] });
    const custom = await cli('iam', 'simulate-custom-policy', '--policy-input-list', allow('iam:CreateRole'),
      '--permissions-boundary-policy-input-list', allow('s3:*'), '--action-names', 'iam:CreateRole');
    expect(custom.json.EvaluationResults[0]).toMatchObject({
      EvalDecision: 'implicitDeny',
      PermissionsBoundaryDecisionDetail: { AllowedByPermissionsBoundary: false },
    });
  });

  it('returns GetAccountAuthorizationDetails', async () => {
    const r = await cli('iam', 'get-account-authorization-details');
    expect(r.status, r.stderr).toBe(0);
    const admin = r.json.UserDetailList.find((u: any) => u.UserName === 'admin');
    expect(admin.AttachedManagedPolicies).toEqual([{ PolicyName: 'AdministratorAccess', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }]);
    const auditor = r.json.RoleDetailList.find((x: any) => x.RoleName === 'boundary-lab-auditor');
    expect(auditor.Arn).toBe(`arn:aws:iam::${ACCOUNT}:role/boundary-lab/boundary-lab-auditor`);
    expect(auditor.RolePolicyList[0].PolicyDocument.Statement[0].Action).toBe('cloudtrail:LookupEvents');
    expect(r.json.Policies.map((p: any) => p.PolicyName)).toEqual(expect.arrayContaining(['AdministratorAccess', 'ReadOnlyAccess']));
  });
});
