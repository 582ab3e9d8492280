/**
 * Conformance with SDK v3 clients over HTTP against `bin/sandbox.ts`, and the wire format itself: awsQuery's
 * `<OperationResponse><OperationResult>` wrapper, the request id in the header and the body, `<ErrorResponse>`,
 * RFC 3339 timestamps, URL-encoded policy documents, and checks the CLI cannot reach because it validates first.
 */
import {
  AttachRolePolicyCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  GetAccountAuthorizationDetailsCommand,
  GetRoleCommand,
  IAMClient,
  ListRolesCommand,
  PutRolePolicyCommand,
  SimulatePrincipalPolicyCommand,
  UpdateRoleCommand,
} from '@aws-sdk/client-iam';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allow, startSandbox, TRUST_ACCOUNT, type SandboxProcess } from './harness';

const ACCOUNT = '123456789012';

describe('SDK v3 over HTTP against the sandbox', () => {
  let sb: SandboxProcess;
  let iam: IAMClient;
  let sts: STSClient;
  const config = () => ({ endpoint: sb.url, region: 'us-east-1', credentials: sb.credentials, maxAttempts: 1 });
  const raw = async (body: string, creds = sb.credentials, service = 'iam') => {
    const url = new URL(sb.url);
    const req = new HttpRequest({
      method: 'POST', protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: '/',
      headers: { host: url.host, 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, body,
    });
    const signed = await new SignatureV4({ credentials: creds, region: 'us-east-1', service, sha256: Sha256 }).sign(req);
    return fetch(sb.url + '/', { method: 'POST', headers: signed.headers as Record<string, string>, body });
  };

  beforeAll(async () => {
    sb = await startSandbox(['--core-only']);
    iam = new IAMClient(config());
    sts = new STSClient(config());
  });
  afterAll(async () => {
    await sb?.stop();
  });

  it('writes awsQuery responses as AWS does', async () => {
    const res = await raw('Action=GetRole&Version=2010-05-08&RoleName=boundary-lab-auditor');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/xml');
    const id = res.headers.get('x-amzn-requestid');
    const xml = await res.text();
    expect(xml).toMatch(/^<GetRoleResponse xmlns="https:\/\/iam\.amazonaws\.com\/doc\/2010-05-08\/">\s*<GetRoleResult>\s*<Role>/);
    expect(xml).toContain(`<ResponseMetadata>\n    <RequestId>${id}</RequestId>`);
    expect(xml).toMatch(/<CreateDate>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ<\/CreateDate>/);
    expect(xml).toContain('<AssumeRolePolicyDocument>%7B%22Version%22%3A%222012-10-17%22');
    expect(xml).toContain('<Arn>arn:aws:iam::123456789012:role/boundary-lab/boundary-lab-auditor</Arn>');
  });

  it('writes awsQuery errors as <ErrorResponse> with Type, Code, Message and RequestId', async () => {
    const res = await raw('Action=GetRole&Version=2010-05-08&RoleName=ghost');
    expect(res.status).toBe(404);
    const id = res.headers.get('x-amzn-requestid');
    expect(await res.text()).toBe(
      `<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">\n  <Error>\n    <Type>Sender</Type>\n    <Code>NoSuchEntity</Code>\n` +
        `    <Message>The role with name ghost cannot be found.</Message>\n  </Error>\n  <RequestId>${id}</RequestId>\n</ErrorResponse>\n`,
    );
    const sts = await raw('Action=GetCallerIdentity&Version=2011-06-15', sb.credentials, 'sts');
    expect(await sts.text()).toMatch(/^<GetCallerIdentityResponse xmlns="https:\/\/sts\.amazonaws\.com\/doc\/2011-06-15\/">/);
    const unknown = await raw('Action=Nope&Version=2010-05-08');
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain('<Code>InvalidAction</Code>');
  });

  it('routes IAM and STS (both POST /) by the credential scope', async () => {
    const viaIam = await raw('Action=GetCallerIdentity&Version=2011-06-15', sb.credentials, 'iam');
    expect(await viaIam.text()).toContain('<Code>InvalidAction</Code>');
    const viaSts = await raw('Action=ListRoles&Version=2010-05-08', sb.credentials, 'sts');
    expect(await viaSts.text()).toContain('<Code>InvalidAction</Code>');
  });

  it('runs IAM and STS through SDK v3 clients, including checks the CLI refuses to send', async () => {
    expect((await sts.send(new GetCallerIdentityCommand({}))).Arn).toBe(`arn:aws:iam::${ACCOUNT}:user/admin`);
    const role = (await iam.send(new CreateRoleCommand({ RoleName: 'sdk-role', AssumeRolePolicyDocument: TRUST_ACCOUNT(), MaxSessionDuration: 7200 }))).Role!;
    expect(role.CreateDate).toBeInstanceOf(Date);
    expect(decodeURIComponent(role.AssumeRolePolicyDocument!)).toBe(TRUST_ACCOUNT());
    const err = await iam.send(new UpdateRoleCommand({ RoleName: 'sdk-role', MaxSessionDuration: 60 })).catch((e) => e);
    expect(err.name).toBe('ValidationError');
    expect(err.message).toBe("1 validation error detected: Value '60' at 'maxSessionDuration' failed to satisfy constraint: Member must have value greater than or equal to 3600");
    const missing = await iam.send(new CreateRoleCommand({ RoleName: 'x' } as any)).catch((e) => e);
    expect(missing.message).toBe("1 validation error detected: Value null at 'assumeRolePolicyDocument' failed to satisfy constraint: Member must not be null");
    const two = await iam.send(new CreateRoleCommand({ RoleName: '', Path: 'x' } as any)).catch((e) => e);
    expect(two.message).toMatch(/^3 validation errors detected: /);

    await iam.send(new PutRolePolicyCommand({ RoleName: 'sdk-role', PolicyName: 'read', PolicyDocument: allow('s3:GetObject', 'arn:aws:s3:::lab/*') }));
    const assumed = await sts.send(new AssumeRoleCommand({ RoleArn: role.Arn, RoleSessionName: 'sdk', DurationSeconds: 7200, Tags: [{ Key: 'team', Value: 'blue' }] }))
      .catch((e) => e);
    // The trust policy trusts the account but does not allow sts:TagSession.
    expect(assumed.name).toBe('AccessDenied');
    const ok = await sts.send(new AssumeRoleCommand({ RoleArn: role.Arn, RoleSessionName: 'sdk', DurationSeconds: 7200 }));
    expect(ok.Credentials!.Expiration!.getTime() - Date.now()).toBeGreaterThan(7100_000);
    const sessionIam = new IAMClient({ ...config(), credentials: { accessKeyId: ok.Credentials!.AccessKeyId!, secretAccessKey: ok.Credentials!.SecretAccessKey!, sessionToken: ok.Credentials!.SessionToken! } });
    const denied = await sessionIam.send(new ListRolesCommand({})).catch((e) => e);
    expect(denied.name).toBe('AccessDenied');
    expect(denied.message).toBe(
      `User: arn:aws:sts::${ACCOUNT}:assumed-role/sdk-role/sdk is not authorized to perform: iam:ListRoles on resource: arn:aws:iam::${ACCOUNT}:role/ because no identity-based policy allows the iam:ListRoles action`,
    );
  });

  it('answers the simulator and account details through the SDK', async () => {
    const policy = (await iam.send(new CreatePolicyCommand({ PolicyName: 'sdk-deny', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'NoDelete', Effect: 'Deny', Action: 's3:DeleteObject', Resource: '*' }] }) }))).Policy!;
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'sdk-role', PolicyArn: policy.Arn }));
    const sim = await iam.send(new SimulatePrincipalPolicyCommand({
      PolicySourceArn: `arn:aws:iam::${ACCOUNT}:role/sdk-role`, ActionNames: ['s3:GetObject', 's3:DeleteObject'], ResourceArns: ['arn:aws:s3:::lab/key'],
    }));
    const [get, del] = sim.EvaluationResults!;
    expect(get).toMatchObject({ EvalDecision: 'allowed', EvalResourceName: 'arn:aws:s3:::lab/key' });
    expect(get.MatchedStatements![0]).toMatchObject({ SourcePolicyId: 'role_sdk-role_read', SourcePolicyType: 'IAM Policy', StartPosition: { Line: 1 } });
    expect(del).toMatchObject({ EvalDecision: 'explicitDeny' });
    expect(del.MatchedStatements![0]).toMatchObject({ SourcePolicyId: 'sdk-deny', SourcePolicyType: 'IAM Policy' });
    const details = await iam.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['Role', 'LocalManagedPolicy'] }));
    expect(details.UserDetailList).toEqual([]);
    expect(details.RoleDetailList!.map((r) => r.RoleName)).toContain('sdk-role');
    expect(details.Policies!.map((p) => p.PolicyName)).toEqual(['sdk-deny']);
  });

  it('accepts presigned (query-string) SigV4 and refuses expired presigned URLs', async () => {
    const url = new URL(sb.url);
    const signer = new SignatureV4({ credentials: sb.credentials, region: 'us-east-1', service: 'sts', sha256: Sha256 });
    const req = new HttpRequest({ method: 'GET', protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: '/', headers: { host: url.host },
      query: { Action: 'GetCallerIdentity', Version: '2011-06-15' } });
    const presigned = await signer.presign(req, { expiresIn: 60 });
    const qs = new URLSearchParams(presigned.query as Record<string, string>).toString().replace(/\+/g, '%20');
    const res = await fetch(`${sb.url}/?${qs}`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<Arn>arn:aws:iam::123456789012:user/admin</Arn>');
    const old = await signer.presign(req, { expiresIn: 1, signingDate: new Date(Date.now() - 120_000) });
    const expired = await fetch(`${sb.url}/?${new URLSearchParams(old.query as Record<string, string>)}`);
    expect(expired.status).toBe(403);
    expect(await expired.text()).toContain('<Message>Request has expired</Message>');
  });

  it('answers malformed HTTP with 4xx and keeps serving', async () => {
    const paths = ['/', '//', '/%', '/%zz', '/..%2f..%2fetc', '/?%zz=1', '/?Action=', '/2015-03-31/functions/x', '/bucket/key?acl'];
    const methods = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD'];
    const bodies = ['', 'Action=GetRole', '{"a":', '<x>', 'Action=GetCallerIdentity&Version=2011-06-15'];
    const headerSets: Record<string, string>[] = [
      {},
      { 'content-type': 'application/json', 'x-amz-target': 'Logs_20140328.DescribeLogGroups' },
      { authorization: 'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20260101/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=00' },
      { authorization: 'garbage', 'x-amz-date': 'not-a-date' },
    ];
    let n = 0;
    for (const path of paths) {
      for (const method of methods) {
        const body = method === 'GET' || method === 'HEAD' ? undefined : bodies[n % bodies.length];
        const res = await fetch(sb.url + path, { method, headers: headerSets[n % headerSets.length], body });
        await res.arrayBuffer();
        expect(res.status, `${method} ${path}`).toBeGreaterThanOrEqual(400);
        expect(res.status, `${method} ${path}`).toBeLessThan(500);
        n++;
      }
    }
    expect((await sts.send(new GetCallerIdentityCommand({}))).Account).toBe(ACCOUNT);
  });
});
