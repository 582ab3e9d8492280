/**
 * CLI differential (the real AWS CLI v1 against `npm run sandbox`) for issue 14: the order AWS answers in (shape,
 * then authorization, then lookups; authorization before "not implemented"), AWS managed policies from the whole
 * catalogue, policy document errors in IAM's words, session tags in a chain, GetFederationToken and the
 * simulator's response shape. Expected answers are AWS's own, as recorded against AWS.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireTool } from '../../support/referee';
import { allow, aws, cliError, envFor, startSandbox, stopCli, TRUST_ACCOUNT, type SandboxProcess } from './harness';

const ACCOUNT = '123456789012';
const AUDITOR = `arn:aws:iam::${ACCOUNT}:role/boundary-lab/boundary-lab-auditor`;

describe.skipIf(!requireTool('aws'))('AWS CLI v1 against the sandbox: AWS’s order and words', () => {
  let sb: SandboxProcess;
  let auditor: Record<string, string>;
  const run = (args: string[], env: Record<string, string> = {}) => aws(sb, args, env);
  const ok = async (args: string[], env: Record<string, string> = {}) => {
    const r = await run(args, env);
    expect(r.status, `aws ${args.join(' ')}\n${r.stderr}`).toBe(0);
    return r.json;
  };
  const fails = async (args: string[], env: Record<string, string> = {}) => {
    const r = await run(args, env);
    const e = cliError(r);
    expect(e, `aws ${args.join(' ')}\n${r.stdout}${r.stderr}`).toBeDefined();
    return e!;
  };

  beforeAll(async () => {
    sb = await startSandbox(['--core-only']);
    const r = await ok(['sts', 'assume-role', '--role-arn', AUDITOR, '--role-session-name', 'order']);
    auditor = envFor(r.Credentials);
  });
  afterAll(async () => {
    stopCli();
    await sb?.stop();
  });

  it('checks the request’s shape before it authorizes', async () => {
    // The auditor may not call either; AWS still answers ValidationError first.
    const assume = await fails(['sts', 'assume-role', '--role-arn', 'not-a-role-arn-at-all', '--role-session-name', 'x1'], auditor);
    expect(assume).toMatchObject({ code: 'ValidationError', message: 'not-a-role-arn-at-all is invalid' });
    const attach = await fails(['iam', 'attach-role-policy', '--role-name', 'boundary-lab-auditor', '--policy-arn', 'AWSLambdaExecute-by-name'], auditor);
    expect(attach).toMatchObject({ code: 'ValidationError', message: 'Invalid ARN:  Could not be parsed!' });
    const name = await fails(['iam', 'get-role', '--role-name', 'not valid'], auditor);
    expect(name.message).toBe("1 validation error detected: Value 'not valid' at 'roleName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+");
  });

  it('authorizes an operation the sandbox lacks before saying so', async () => {
    const denied = await fails(['iam', 'update-user', '--user-name', 'someone', '--new-user-name', 'other'], auditor);
    expect(denied.code).toBe('AccessDenied');
    expect(denied.message).toMatch(/^User: arn:aws:sts::123456789012:assumed-role\/boundary-lab-auditor\/order is not authorized to perform: iam:UpdateUser on resource: .*someone/);
    const admin = await fails(['iam', 'update-user', '--user-name', 'someone', '--new-user-name', 'other']);
    expect(admin.code).toBe('InvalidAction');
  });

  it('attaches any AWS managed policy, AWSLambdaExecute included', async () => {
    await ok(['iam', 'create-role', '--role-name', 'order-fn', '--assume-role-policy-document', TRUST_ACCOUNT()]);
    await ok(['iam', 'attach-role-policy', '--role-name', 'order-fn', '--policy-arn', 'arn:aws:iam::aws:policy/AWSLambdaExecute']);
    const attached = await ok(['iam', 'list-attached-role-policies', '--role-name', 'order-fn']);
    expect(attached.AttachedPolicies).toEqual([{ PolicyName: 'AWSLambdaExecute', PolicyArn: 'arn:aws:iam::aws:policy/AWSLambdaExecute' }]);
    const p = await ok(['iam', 'get-policy', '--policy-arn', 'arn:aws:iam::aws:policy/AWSLambdaExecute']);
    expect(p.Policy).toMatchObject({ PolicyName: 'AWSLambdaExecute', Path: '/', DefaultVersionId: 'v1', AttachmentCount: 1, IsAttachable: true });
    const v = await ok(['iam', 'get-policy-version', '--policy-arn', 'arn:aws:iam::aws:policy/AWSLambdaExecute', '--version-id', 'v1']);
    expect(v.PolicyVersion.Document.Statement.map((s: any) => s.Action)).toEqual([['logs:*'], ['s3:GetObject', 's3:PutObject']]);
    const missing = await fails(['iam', 'get-policy', '--policy-arn', 'arn:aws:iam::aws:policy/NoSuchAwsPolicy']);
    expect(missing.code).toBe('NoSuchEntity');
  });

  it('says “This policy contains invalid Json” for a document that breaks off', async () => {
    const e = await fails(['iam', 'create-policy', '--policy-name', 'broken', '--policy-document', '{"Version": "2012-10-17", "Statement": [']);
    expect(e).toMatchObject({ code: 'MalformedPolicyDocument', message: 'This policy contains invalid Json' });
  });

  it('refuses a chained session that sets a transitive key of the calling session', async () => {
    const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: ['sts:AssumeRole', 'sts:TagSession'] }] });
    for (const name of ['chain-one', 'chain-two']) await ok(['iam', 'create-role', '--role-name', name, '--assume-role-policy-document', trust]);
    await ok(['iam', 'put-role-policy', '--role-name', 'chain-one', '--policy-name', 'p', '--policy-document', allow(['sts:AssumeRole', 'sts:TagSession'])]);
    const one = await ok(['sts', 'assume-role', '--role-arn', `arn:aws:iam::${ACCOUNT}:role/chain-one`, '--role-session-name', 'one',
      '--tags', 'Key=Project,Value=blue', '--transitive-tag-keys', 'Project']);
    const e = await fails(['sts', 'assume-role', '--role-arn', `arn:aws:iam::${ACCOUNT}:role/chain-two`, '--role-session-name', 'two',
      '--tags', 'Key=Project,Value=red'], envFor(one.Credentials));
    expect(e).toMatchObject({
      code: 'InvalidParameterValue',
      message: "One of the specified transitive tag keys can't be set because it conflicts with a transitive tag key from the calling session.",
    });
  });

  it('GetFederationToken: a federated user limited by its session policy', async () => {
    const r = await ok(['sts', 'get-federation-token', '--name', 'bob', '--policy', allow('sts:GetCallerIdentity'), '--duration-seconds', '900']);
    expect(r.FederatedUser).toEqual({ FederatedUserId: `${ACCOUNT}:bob`, Arn: `arn:aws:sts::${ACCOUNT}:federated-user/bob` });
    const fed = envFor(r.Credentials);
    expect(await ok(['sts', 'get-caller-identity'], fed)).toEqual({ UserId: `${ACCOUNT}:bob`, Account: ACCOUNT, Arn: `arn:aws:sts::${ACCOUNT}:federated-user/bob` });
    const again = await fails(['sts', 'get-federation-token', '--name', 'bob2'], fed);
    expect(again).toMatchObject({ code: 'AccessDenied', message: 'Cannot call GetFederationToken with session credentials' });
  });

  it('simulate-principal-policy answers in IAM’s shape', async () => {
    const r = await ok(['iam', 'simulate-principal-policy', '--policy-source-arn', `arn:aws:iam::${ACCOUNT}:user/admin`, '--action-names', 's3:GetObject']);
    expect(r.EvaluationResults).toEqual([{
      EvalActionName: 's3:GetObject',
      EvalResourceName: '*',
      EvalDecision: 'allowed',
      MatchedStatements: [{ SourcePolicyId: 'AdministratorAccess', SourcePolicyType: 'IAM Policy', StartPosition: { Line: 3, Column: 17 }, EndPosition: { Line: 8, Column: 6 } }],
      MissingContextValues: [],
      OrganizationsDecisionDetail: { AllowedByOrganizations: true },
    }]);
    const named = await ok(['iam', 'simulate-principal-policy', '--policy-source-arn', `arn:aws:iam::${ACCOUNT}:user/admin`, '--action-names', 's3:GetObject',
      '--resource-arns', 'arn:aws:s3:::bucket/key']);
    expect(named.EvaluationResults[0]).toMatchObject({ EvalDecisionDetails: {}, ResourceSpecificResults: [{ EvalResourceName: 'arn:aws:s3:::bucket/key', EvalResourceDecision: 'allowed' }] });
  });
});
