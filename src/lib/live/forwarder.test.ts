/**
 * What the live server signs, one negative test per rule, with real HTTP: SDK clients go through the live request
 * handler to a running live server whose upstream is the sandbox endpoint, as the page's terminal and checks do.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createServer } from 'node:http';
import { IAMClient, CreateRoleCommand, ListUsersCommand, CreateAccessKeyCommand, CreateLoginProfileCommand, UpdateLoginProfileCommand, CreateUserCommand, CreateServiceSpecificCredentialCommand, UploadSSHPublicKeyCommand, CreatePolicyCommand,
  CreatePolicyVersionCommand, DeletePolicyCommand, AttachRolePolicyCommand } from '@aws-sdk/client-iam';
import { STSClient, AssumeRoleCommand, GetCallerIdentityCommand, GetSessionTokenCommand, GetFederationTokenCommand } from '@aws-sdk/client-sts';
import { CloudFormationClient, CreateStackCommand, DescribeStacksCommand, ListExportsCommand } from '@aws-sdk/client-cloudformation';
import { CloudWatchLogsClient, DescribeDestinationsCommand, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { LambdaClient, ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { S3Client, ListBucketsCommand, HeadBucketCommand, CreateBucketCommand, PutObjectCommand, HeadObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { SFNClient, ListStateMachinesCommand, DescribeExecutionCommand } from '@aws-sdk/client-sfn';
import type { Emulator } from '../emulator';
import type { RunningServer } from '../emulator/node/http-server';
import { base, root, startLive, startSandbox, type LiveFixture } from './test-support';
import { derivePolicy } from './policy/derive';
import { workshopSources } from './policy/node';
import { REFUSAL_CODE } from './policy/wire';
import { lab } from '../../../labs/lab';
import type { Lab } from '../../../labs/schema';

const region = 'us-east-1';
type Creds = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };

function clients(f: LiveFixture, credentials: Creds = base) {
  const c = { region, credentials, requestHandler: f.handler(), maxAttempts: 1 };
  return {
    iam: new IAMClient(c), sts: new STSClient(c), cfn: new CloudFormationClient(c), logs: new CloudWatchLogsClient(c),
    lambda: new LambdaClient(c), s3: new S3Client(c), sfn: new SFNClient(c),
  };
}

/** The error a refused call raises in the SDK (and so in the terminal's `aws`): our code, HTTP 403, the operation named. */
async function refused(p: Promise<unknown>, names: RegExp) {
  const e = (await p.then(() => undefined, (err: unknown) => err)) as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } } | undefined;
  expect(e, 'the call was signed and sent').toBeDefined();
  expect(e!.name).toBe(REFUSAL_CODE);
  expect(e!.$metadata?.httpStatusCode).toBe(403);
  expect(e!.message).toMatch(names);
}

/** A policy derived from the lab plus one more lesson step, as another engineer would add it. */
function policyWith(commands: string[]) {
  const extra = { id: 'extra', lesson: 'going-further', title: 'x', identity: 'administrator', commands: commands.map((run) => ({ run, expect: 'success' })), checks: [] };
  return derivePolicy({ ...workshopSources(root), lab: { steps: [...lab.steps, extra] } as unknown as Lab });
}

describe('what the live server signs', () => {
  let emulator: Emulator;
  let sandbox: RunningServer;
  let f: LiveFixture;
  let account: string;
  const reached = (op: string) => emulator.events().some((e) => JSON.stringify(e).includes(`"${op}"`));

  beforeAll(async () => {
    ({ emulator, http: sandbox } = await startSandbox());
    account = emulator.accountId;
    const admin = new IAMClient(emulator.sdkConfig());
    const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'sts:AssumeRole' }] });
    await admin.send(new CreateRoleCommand({ RoleName: 'builder', AssumeRolePolicyDocument: trust }));
    await admin.send(new CreateRoleCommand({ RoleName: 'outsider', AssumeRolePolicyDocument: trust }));
    f = await startLive(sandbox.url, async () => emulator.adminCredentials);
    await f.api('/__live/confirm', { accountId: account });
  });
  afterAll(async () => {
    await f.close();
    await sandbox.close();
  });

  it('refuses operations the workshop does not use, in each protocol’s own error form, before signing', async () => {
    const c = clients(f);
    await refused(c.iam.send(new ListUsersCommand({})), /iam:ListUsers is not one of the workshop's operations/);
    await refused(c.cfn.send(new ListExportsCommand({})), /cloudformation:ListExports/);
    await refused(c.logs.send(new DescribeDestinationsCommand({})), /logs:DescribeDestinations/);
    await refused(c.sfn.send(new ListStateMachinesCommand({})), /states:ListStateMachines/);
    await refused(c.lambda.send(new ListFunctionsCommand({})), /lambda:ListFunctions/);
    await refused(c.s3.send(new ListBucketsCommand({})), /s3:ListBuckets/);
    for (const op of ['ListUsers', 'ListExports', 'DescribeDestinations', 'ListStateMachines', 'ListFunctions', 'ListBuckets']) expect(reached(op), op).toBe(false);
    expect(f.logs).toContain('POST iam.amazonaws.com iam:ListUsers refused');
  });

  it('never signs a call that mints or reveals credentials or adds a way in', async () => {
    const c = clients(f);
    await refused(c.sts.send(new GetSessionTokenCommand({})), /sts:GetSessionToken/);
    await refused(c.sts.send(new GetFederationTokenCommand({ Name: 'x' })), /sts:GetFederationToken/);
    await refused(c.iam.send(new CreateAccessKeyCommand({ UserName: 'admin' })), /iam:CreateAccessKey/);
    await refused(c.iam.send(new CreateLoginProfileCommand({ UserName: 'admin', Password: 'Pa55word!Pa55word!' })), /iam:CreateLoginProfile/);
    await refused(c.iam.send(new UpdateLoginProfileCommand({ UserName: 'admin', Password: 'Pa55word!Pa55word!' })), /iam:UpdateLoginProfile/);
    await refused(c.iam.send(new CreateUserCommand({ UserName: 'backdoor' })), /iam:CreateUser/);
    await refused(c.iam.send(new CreateServiceSpecificCredentialCommand({ UserName: 'admin', ServiceName: 'codecommit.amazonaws.com' })), /iam:CreateServiceSpecificCredential/);
    await refused(c.iam.send(new UploadSSHPublicKeyCommand({ UserName: 'admin', SSHPublicKeyBody: 'ssh-rsa AAAA' })), /iam:UploadSSHPublicKey/);
    for (const op of ['GetSessionToken', 'GetFederationToken', 'CreateAccessKey', 'CreateLoginProfile', 'CreateUser']) expect(reached(op), op).toBe(false);
  });

  it('refuses a denylisted call even when a lesson asks for it (the denylist comes after the allowlist)', async () => {
    const g = await startLive(sandbox.url, async () => emulator.adminCredentials, {
      policy: policyWith(['aws sts get-session-token', 'aws iam create-access-key --user-name admin']),
    });
    await g.api('/__live/confirm', { accountId: account });
    await refused(clients(g).sts.send(new GetSessionTokenCommand({})), /sts:GetSessionToken mints credentials or opens a way into the account/);
    await refused(clients(g).iam.send(new CreateAccessKeyCommand({ UserName: 'admin' })), /never signs/);
    await g.close();
  });

  it('assumes only the workshop’s roles in the confirmed account, and hands out placeholders for the keys', async () => {
    const c = clients(f);
    await refused(c.sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${account}:role/outsider`, RoleSessionName: 's' })), /not one of the workshop's roles/);
    await refused(c.sts.send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::999999999999:role/builder', RoleSessionName: 's' })), /not the confirmed account/);
    const out = await c.sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${account}:role/builder`, RoleSessionName: 'builder-test' }));
    const keys = out.Credentials!;
    expect(keys.AccessKeyId).toMatch(/^ASIA[0-9A-F]{16}$/);
    expect(keys.SecretAccessKey).toBe('held-by-the-boundary-lab-live-server');
    // The placeholders are not keys the sandbox knows: only the live server can use the session.
    const direct = new STSClient({ region, endpoint: sandbox.url, credentials: { accessKeyId: keys.AccessKeyId!, secretAccessKey: keys.SecretAccessKey!, sessionToken: keys.SessionToken }, maxAttempts: 1 });
    await expect(direct.send(new GetCallerIdentityCommand({}))).rejects.toThrow();
    const session = clients(f, { accessKeyId: keys.AccessKeyId!, secretAccessKey: 'anything', sessionToken: 'anything' });
    expect((await session.sts.send(new GetCallerIdentityCommand({}))).Arn).toBe(`arn:aws:sts::${account}:assumed-role/builder/builder-test`);
    // A session may not chain into another role: the workshop assumes roles only as the learner.
    await refused(session.sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${account}:role/builder`, RoleSessionName: 'again' })), /only as your own identity/);
  });

  it('signs an operation only as the identity the workshop runs it with', async () => {
    // The escalations are the builder's to try; with the learner's own identity they would succeed.
    await refused(clients(f).iam.send(new CreatePolicyVersionCommand({ PolicyArn: `arn:aws:iam::${account}:policy/builder_policies/builder`, PolicyDocument: '{}' })), /only as the builder role/);
  });

  it('scopes CloudFormation to the workshop’s stacks, templates it can read, its resource types and trust within the account', async () => {
    const c = clients(f);
    await refused(c.cfn.send(new DescribeStacksCommand({ StackName: 'someone-elses-stack' })), /someone-elses-stack is not one of the workshop's stacks/);
    await refused(c.cfn.send(new CreateStackCommand({ StackName: 'builder-application', TemplateURL: 'https://example.com/t.yml' })), /use --template-body/);
    const user = JSON.stringify({ Resources: { U: { Type: 'AWS::IAM::User' } } });
    await refused(c.cfn.send(new CreateStackCommand({ StackName: 'builder-application', TemplateBody: user })), /AWS::IAM::User, which none of the workshop's templates use/);
    const trustOther = JSON.stringify({ Resources: { R: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: { Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::999999999999:root' }, Action: 'sts:AssumeRole' }] } } } } });
    await refused(c.cfn.send(new CreateStackCommand({ StackName: 'builder-application', TemplateBody: trustOther })), /another account/);
    await refused(c.cfn.send(new CreateStackCommand({ StackName: 'builder-application', TemplateBody: '{"Transform":"AWS::Serverless-2016-10-31","Resources":{}}' })), /Transform/);
    await refused(c.cfn.send(new CreateStackCommand({ StackName: 'builder-iam', TemplateBody: '{"Resources":{}}', RoleARN: `arn:aws:iam::${account}:role/outsider` })), /--role-arn/);
    await expect(c.cfn.send(new DescribeStacksCommand({ StackName: 'builder-iam' }))).rejects.toThrow(/does not exist/);
  });

  it('scopes IAM writes to the workshop’s policies and roles', async () => {
    const out = await clients(f).sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${account}:role/builder`, RoleSessionName: 'builder-test' }));
    const session = clients(f, { accessKeyId: out.Credentials!.AccessKeyId!, secretAccessKey: 'x', sessionToken: 'x' });
    await refused(session.iam.send(new AttachRolePolicyCommand({ RoleName: 'builder', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' })), /not a policy of the confirmed account/);
    await refused(session.iam.send(new AttachRolePolicyCommand({ RoleName: 'outsider', PolicyArn: `arn:aws:iam::${account}:policy/application_policies/sneaky-policy` })), /Role outsider is not one of the workshop's roles/);
    await refused(session.iam.send(new CreatePolicyCommand({ PolicyName: 'anything', Path: '/', PolicyDocument: '{}' })), /not one of the workshop's policies or paths/);
    await refused(clients(f).iam.send(new DeletePolicyCommand({ PolicyArn: `arn:aws:iam::${account}:policy/someone-elses` })), /not one of the workshop's policies/);
  });

  it('scopes S3, Step Functions and CloudWatch Logs to the workshop’s buckets, state machines and log groups', async () => {
    const c = clients(f);
    await refused(c.s3.send(new HeadBucketCommand({ Bucket: 'someone-elses-bucket' })), /Bucket someone-elses-bucket is not one of the workshop's/);
    await expect(c.s3.send(new HeadBucketCommand({ Bucket: `builder-application-${account}-${region}` }))).rejects.toMatchObject({ name: 'NotFound' });
    await refused(c.sfn.send(new DescribeExecutionCommand({ executionArn: `arn:aws:states:${region}:${account}:execution:OtherMachine:run` })), /not one of the workshop's state machines/);
    await refused(c.logs.send(new FilterLogEventsCommand({ logGroupName: '/aws/lambda/payroll' })), /Log group \/aws\/lambda\/payroll is not one of the workshop's/);
  });

  it('signs what it judged: a query parameter named twice is refused, a JSON body is sent as it was read', async () => {
    const envelope = (url: string, headers: Record<string, string>, body: string) => ({
      method: 'POST',
      url,
      headers: { ...headers, authorization: 'AWS4-HMAC-SHA256 Credential=BOUNDARYLABBASEKEY00/20261203/us-east-1/x/aws4_request, SignedHeaders=host, Signature=0' },
      body: Buffer.from(body).toString('base64'),
    });
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const twice = await f.api('/__live/aws', envelope('https://sts.amazonaws.com/', form, 'Action=GetSessionToken&Action=GetCallerIdentity&Version=2011-06-15'));
    const inner = JSON.parse(twice.body);
    expect(inner.status).toBe(403);
    expect(Buffer.from(inner.body, 'base64').toString()).toMatch(/<Code>BoundaryLabOperationNotAllowed<\/Code>[\s\S]*the parameter Action appears twice/);
    // AWS's JSON parser may read a duplicate key differently from JavaScript's: what goes upstream has one of each.
    const bodies: string[] = [];
    const upstream = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        bodies.push(Buffer.concat(chunks).toString());
        res.end(`<GetCallerIdentityResponse><GetCallerIdentityResult><Arn>arn:aws:iam::${account}:user/admin</Arn><Account>${account}</Account></GetCallerIdentityResult></GetCallerIdentityResponse>`);
      });
    });
    await new Promise<void>((done) => upstream.listen(0, '127.0.0.1', () => done()));
    const g = await startLive(`http://127.0.0.1:${(upstream.address() as { port: number }).port}`, async () => emulator.adminCredentials);
    await g.api('/__live/confirm', { accountId: account });
    const json = { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'Logs_20140328.FilterLogEvents' };
    const group = '/aws/lambda/builder-application-MyLambdaFunction-x';
    await g.api('/__live/aws', envelope(`https://logs.${region}.amazonaws.com/`, json, `{"logGroupName":"/aws/lambda/payroll","logGroupName":"${group}"}`));
    expect(bodies.at(-1)).toBe(JSON.stringify({ logGroupName: group }));
    await g.close();
    upstream.close();
  });

  it('re-signs S3 keys with spaces and escaped characters correctly (the path is encoded once)', async () => {
    const bucket = 'builder-application-files';
    const g = await startLive(sandbox.url, async () => emulator.adminCredentials, {
      policy: policyWith([`aws s3 mb s3://${bucket}`, `aws s3 cp notes.txt "s3://${bucket}/a b.txt"`]),
    });
    await g.api('/__live/confirm', { accountId: account });
    const s3 = clients(g).s3;
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    const keys = ['a b.txt', 'dir/ü+%20(1)!.txt', "it's*here~.txt"];
    for (const Key of keys) {
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key, Body: `hello ${Key}` }));
      await s3.send(new HeadObjectCommand({ Bucket: bucket, Key }));
    }
    const listed = (await s3.send(new ListObjectsV2Command({ Bucket: bucket }))).Contents ?? [];
    expect(listed.map((o) => [o.Key, o.Size]).sort()).toEqual(keys.map((k) => [k, Buffer.byteLength(`hello ${k}`)]).sort());
    await g.close();
  });
});

describe('new credentials from the chain', () => {
  it('re-checks the account whenever the chain yields new credentials; another account stops signing until confirmed', async () => {
    // A stand-in upstream: the sandbox has a single account, and this rule is about a second one.
    const accountOf: Record<string, string> = { AKIAFIRSTACCOUNT0001: '111122223333', AKIASECONDACCOUNT001: '444455556666' };
    const upstream = createServer((req, res) => {
      const key = /Credential=([^/]+)\//.exec(req.headers.authorization ?? '')?.[1] ?? '';
      req.resume();
      req.on('end', () => {
        res.setHeader('content-type', 'text/xml');
        res.end(`<GetCallerIdentityResponse><GetCallerIdentityResult><Arn>arn:aws:iam::${accountOf[key]}:user/admin</Arn><UserId>AIDA</UserId><Account>${accountOf[key]}</Account></GetCallerIdentityResult></GetCallerIdentityResponse>`);
      });
    });
    await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', () => r()));
    let key = 'AKIAFIRSTACCOUNT0001';
    const g = await startLive(`http://127.0.0.1:${(upstream.address() as { port: number }).port}`, async () => ({ accessKeyId: key, secretAccessKey: 'secret' }));
    await g.api('/__live/confirm', { accountId: '111122223333' });
    const sts = clients(g).sts;
    expect((await sts.send(new GetCallerIdentityCommand({}))).Account).toBe('111122223333');
    key = 'AKIASECONDACCOUNT001'; // an SSO or profile refresh that lands in another account
    await expect(sts.send(new GetCallerIdentityCommand({}))).rejects.toThrow(/now belong to account 444455556666/);
    await expect(sts.send(new GetCallerIdentityCommand({}))).rejects.toThrow(/Confirm the AWS account/);
    expect(JSON.parse((await g.api('/__live/status', {})).body)).toMatchObject({ accountId: '444455556666', confirmed: false });
    expect((await g.api('/__live/confirm', { accountId: '444455556666' })).status).toBe(200);
    expect((await sts.send(new GetCallerIdentityCommand({}))).Account).toBe('444455556666');
    await g.close();
    upstream.close();
  });
});
