/** SigV4 verification and the authentication errors, in-process. */
import { GetCallerIdentityCommand, STSClient, AssumeRoleCommand } from '@aws-sdk/client-sts';
import { CreateRoleCommand, ListRolesCommand, IAMClient } from '@aws-sdk/client-iam';
import { describe, expect, it } from 'vitest';
import { createEmulator, MemoryPersistence, type InternalApi, type ServiceProvider } from '..';
import { signedRequest } from '../../../../tests/unit/emulator/harness';

const FORM = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };
const WHO = 'Action=GetCallerIdentity&Version=2011-06-15';

async function errorOf(res: Response) {
  const text = await res.text();
  return { status: res.status, code: /<Code>([^<]*)<\/Code>/.exec(text)?.[1], message: /<Message>([^<]*)<\/Message>/.exec(text)?.[1] };
}

describe('SigV4 authentication', () => {
  it('expires role sessions with ExpiredToken', async () => {
    let clock = Date.parse('2026-03-01T10:00:00Z');
    const em = createEmulator({ pace: 0, now: () => new Date(clock) });
    await em.ready;
    const sts = new STSClient(em.sdkConfig());
    const r = await sts.send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::123456789012:role/boundary-lab/boundary-lab-auditor', RoleSessionName: 'short', DurationSeconds: 900 }));
    expect(r.Credentials!.Expiration!.toISOString()).toBe('2026-03-01T10:15:00.000Z');
    const creds = { accessKeyId: r.Credentials!.AccessKeyId!, secretAccessKey: r.Credentials!.SecretAccessKey!, sessionToken: r.Credentials!.SessionToken! };
    expect((await new STSClient(em.sdkConfig(creds)).send(new GetCallerIdentityCommand({}))).Arn).toContain('assumed-role/boundary-lab-auditor/short');
    clock += 901_000;
    const err = await new IAMClient(em.sdkConfig(creds)).send(new ListRolesCommand({})).catch((e) => e);
    expect(err.name).toBe('ExpiredToken');
    expect(err.message).toBe('The security token included in the request is expired');
  });

  it('refuses requests signed too far from the clock, and incomplete Authorization headers', async () => {
    const em = createEmulator({ pace: 0 });
    await em.ready;
    const old = await signedRequest(em.adminCredentials, { service: 'sts', headers: FORM, body: WHO });
    const headers = new Headers(old.headers);
    // Re-sign as of an hour ago.
    const { SignatureV4 } = await import('@smithy/signature-v4');
    const { Sha256 } = await import('@aws-crypto/sha256-js');
    const { HttpRequest } = await import('@smithy/protocol-http');
    const req = new HttpRequest({ method: 'POST', protocol: 'https:', hostname: 'sts.amazonaws.com', path: '/', headers: { host: 'sts.amazonaws.com', ...FORM }, body: WHO });
    const signed = await new SignatureV4({ credentials: em.adminCredentials, region: 'us-east-1', service: 'sts', sha256: Sha256 }).sign(req, { signingDate: new Date(Date.now() - 3600_000) });
    const skewed = await errorOf(await em.handle(new Request('https://sts.amazonaws.com/', { method: 'POST', headers: signed.headers as Record<string, string>, body: WHO })));
    expect(skewed.code).toBe('SignatureDoesNotMatch');
    expect(skewed.message).toMatch(/^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 15 min\.\)$/);

    headers.set('authorization', 'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20260101/us-east-1/sts/aws4_request');
    const incomplete = await errorOf(await em.handle(new Request(old.url, { method: 'POST', headers, body: WHO })));
    expect(incomplete.code).toBe('IncompleteSignature');
    expect(incomplete.message).toMatch(/^Authorization header requires 'Signature' parameter\. Authorization header requires 'SignedHeaders' parameter\./);

    const unsigned = await errorOf(await em.handle(new Request('https://sts.amazonaws.com/', { method: 'POST', headers: FORM, body: WHO })));
    expect(unsigned).toEqual({ status: 403, code: 'MissingAuthenticationToken', message: 'Request is missing Authentication Token' });
  });

  it('rejects a body changed after signing', async () => {
    const em = createEmulator({ pace: 0 });
    await em.ready;
    const good = await signedRequest(em.adminCredentials, { service: 'sts', headers: FORM, body: WHO });
    const res = await errorOf(await em.handle(new Request(good.url, { method: 'POST', headers: good.headers, body: WHO + '&x=1' })));
    expect(res).toMatchObject({ status: 403, code: 'SignatureDoesNotMatch' });
  });
});

describe('event log', () => {
  it('records allowed and denied calls with CloudTrail fields', async () => {
    const em = createEmulator({ pace: 0 });
    await em.ready;
    const sts = new STSClient(em.sdkConfig());
    const r = await sts.send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::123456789012:role/boundary-lab/boundary-lab-auditor', RoleSessionName: 'audit' }));
    const creds = { accessKeyId: r.Credentials!.AccessKeyId!, secretAccessKey: r.Credentials!.SecretAccessKey!, sessionToken: r.Credentials!.SessionToken! };
    await new IAMClient(em.sdkConfig(creds)).send(new CreateRoleCommand({ RoleName: 'nope', AssumeRolePolicyDocument: '{}' })).catch(() => undefined);
    const [assume, denied] = em.events();
    expect(assume).toMatchObject({
      eventVersion: '1.08', eventSource: 'sts.amazonaws.com', eventName: 'AssumeRole', awsRegion: 'us-east-1', readOnly: false,
      eventType: 'AwsApiCall', managementEvent: true, recipientAccountId: '123456789012',
      userIdentity: { type: 'IAMUser', userName: 'admin', arn: 'arn:aws:iam::123456789012:user/admin' },
      requestParameters: { roleArn: 'arn:aws:iam::123456789012:role/boundary-lab/boundary-lab-auditor', roleSessionName: 'audit' },
    });
    expect((assume.responseElements as any).credentials.secretAccessKey).toBe('HIDDEN_DUE_TO_SECURITY_REASONS');
    expect(denied).toMatchObject({
      eventSource: 'iam.amazonaws.com', eventName: 'CreateRole', errorCode: 'AccessDenied', responseElements: null, accessKeyId: creds.accessKeyId,
      userIdentity: {
        type: 'AssumedRole', arn: 'arn:aws:sts::123456789012:assumed-role/boundary-lab-auditor/audit',
        sessionContext: { sessionIssuer: { type: 'Role', userName: 'boundary-lab-auditor', arn: 'arn:aws:iam::123456789012:role/boundary-lab/boundary-lab-auditor' } },
      },
      resources: [{ ARN: 'arn:aws:iam::123456789012:role/nope', accountId: '123456789012' }],
    });
    expect(denied.errorMessage).toMatch(/^User: arn:aws:sts::123456789012:assumed-role\/boundary-lab-auditor\/audit is not authorized to perform: iam:CreateRole/);
  });

  it('lets a service principal assume a role through its trust policy, and runs scheduled work', async () => {
    const store = new MemoryPersistence();
    const em = createEmulator({ pace: 0, store });
    await em.ready;
    const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
    await new IAMClient(em.sdkConfig()).send(new CreateRoleCommand({ RoleName: 'fn', AssumeRolePolicyDocument: trust }));
    let internal: InternalApi | undefined;
    const probe: ServiceProvider = { name: 'probe', initialState: () => ({}), operations: {}, resume: (ctx) => (internal = ctx.internal) };
    // resume() runs when an emulator loads saved state: that is how a provider restarts its background work.
    const again = createEmulator({ pace: 0, store, providers: [probe] });
    await again.ready;
    expect(internal).toBeDefined();
    const arn = 'arn:aws:iam::123456789012:role/fn';
    expect(internal!.getRole(arn)).toMatchObject({ arn, roleName: 'fn', maxSessionDuration: 3600 });
    const creds = await internal!.assumeRoleForService(arn, 'lambda.amazonaws.com', 'fn-session');
    const who = await new STSClient(again.sdkConfig(creds)).send(new GetCallerIdentityCommand({}));
    expect(who.Arn).toBe('arn:aws:sts::123456789012:assumed-role/fn/fn-session');
    await expect(internal!.assumeRoleForService(arn, 'states.amazonaws.com', 'x')).rejects.toMatchObject({ code: 'AccessDenied' });
    let ran = false;
    internal!.schedule(async () => {
      ran = true;
    }, 5000);
    await again.settled();
    expect(ran).toBe(true);
  });
});
