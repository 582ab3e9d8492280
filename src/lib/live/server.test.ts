import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createServer, request, type Server } from 'node:http';
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLiveServer, MAX_API_BODY, type LiveServer } from './server';
import { BASE_IDENTITY_KEY_ID, FORWARD_PATH, TOKEN_HEADER, type ForwardRequest } from './envelope';

const ACCOUNT = '111122223333';
const BASE = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', sessionToken: 'base-session-token-SECRET' };
const ISSUED = { AccessKeyId: 'ASIAISSUEDINTHISRUN1', SecretAccessKey: 'issued-secret-value', SessionToken: 'issued-token' };

/** A stand-in for AWS: answers GetCallerIdentity and AssumeRole, and records what reached it. */
function fakeAws() {
  const seen: { host?: string; authorization?: string; body: string; path?: string }[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString();
      seen.push({ host: req.headers.host, authorization: req.headers.authorization, body, path: req.url });
      res.setHeader('content-type', 'text/xml');
      if (body.includes('Action=GetCallerIdentity')) {
        res.end(`<GetCallerIdentityResponse><GetCallerIdentityResult><Arn>arn:aws:iam::${ACCOUNT}:user/admin</Arn><UserId>AIDAEXAMPLE</UserId><Account>${ACCOUNT}</Account></GetCallerIdentityResult></GetCallerIdentityResponse>`);
      } else if (body.includes('Action=AssumeRole')) {
        const account = body.includes('other-account') ? '999999999999' : ACCOUNT;
        res.end(`<AssumeRoleResponse><AssumeRoleResult><Credentials><AccessKeyId>${body.includes('other-account') ? 'ASIAOTHERACCOUNTKEY1' : ISSUED.AccessKeyId}</AccessKeyId><SecretAccessKey>${ISSUED.SecretAccessKey}</SecretAccessKey><SessionToken>${ISSUED.SessionToken}</SessionToken></Credentials><AssumedRoleUser><Arn>arn:aws:sts::${account}:assumed-role/builder/builder-test</Arn></AssumedRoleUser></AssumeRoleResult></AssumeRoleResponse>`);
      } else res.end('<OkResponse/>');
    });
  });
  return { server, seen };
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)));
}

interface Reply { status: number; body: string; headers: Record<string, string | string[] | undefined> }

function call(port: number, opts: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer }): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const r = request({ host: '127.0.0.1', port, method: opts.method ?? 'GET', path: opts.path, headers: opts.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, body: Buffer.concat(chunks).toString(), headers: res.headers }));
    });
    r.on('error', reject);
    r.end(opts.body);
  });
}

function envelope(url: string, keyId: string, body: string): ForwardRequest {
  return {
    method: 'POST',
    url,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `AWS4-HMAC-SHA256 Credential=${keyId}/20261129/us-east-1/sts/aws4_request, SignedHeaders=host, Signature=abc`,
    },
    body: Buffer.from(body).toString('base64'),
  };
}

describe('the live server', () => {
  const aws = fakeAws();
  let live: LiveServer;
  let logs: string[] = [];
  let api: (path: string, value: unknown, extra?: Record<string, string>) => Promise<Reply>;

  beforeAll(async () => {
    const upstreamPort = await listen(aws.server);
    const dist = mkdtempSync(join(tmpdir(), 'bl-dist-'));
    mkdirSync(join(dist, 'welcome'));
    writeFileSync(join(dist, 'welcome', 'index.html'), '<html><head><title>Welcome</title><script>console.log(1)</script></head><body>hi</body></html>');
    writeFileSync(join(dist, 'secret.txt'), 'outside');
    live = await startLiveServer({
      distDir: join(dist, 'welcome', '..'),
      region: 'us-east-1',
      credentials: async () => BASE,
      upstream: `http://127.0.0.1:${upstreamPort}`,
      log: (l) => logs.push(l),
    });
    const origin = `http://127.0.0.1:${live.port}`;
    api = (path, value, extra = {}) =>
      call(live.port, {
        method: 'POST',
        path,
        headers: { host: `127.0.0.1:${live.port}`, origin, [TOKEN_HEADER]: live.token, 'content-type': 'application/json', ...extra },
        body: JSON.stringify(value),
      });
  });
  afterAll(async () => {
    await live.close();
    aws.server.close();
  });

  it('binds 127.0.0.1 only, learns the account at start and prints a URL with a fresh long token', () => {
    expect(live.server.address()).toMatchObject({ address: '127.0.0.1' });
    expect(live.identity).toEqual({ accountId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:user/admin` });
    expect(Buffer.from(live.token, 'base64url').length).toBeGreaterThanOrEqual(16);
    expect(live.url).toContain(`#token=${live.token}`);
  });

  it('serves pages with a CSP that hashes the inline scripts, security headers and the live-mode marker', async () => {
    const r = await call(live.port, { path: '/welcome/', headers: { host: `localhost:${live.port}` } });
    expect(r.status).toBe(200);
    expect(r.body).toContain('<meta name="boundary-lab-mode" content="live">');
    expect(r.headers['content-security-policy']).toMatch(/script-src 'self' 'wasm-unsafe-eval' 'sha256-[A-Za-z0-9+/=]+'/);
    expect(r.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(r.headers['x-content-type-options']).toBe('nosniff');
  });

  it('does not serve files outside the site through path traversal', async () => {
    const r = await call(live.port, { path: '/welcome/../../etc/passwd', headers: { host: `127.0.0.1:${live.port}` } });
    expect(r.status).toBe(404);
    expect(r.body).not.toContain('root:');
  });

  it('rejects a wrong Host (DNS rebinding)', async () => {
    const r = await call(live.port, { path: '/welcome/', headers: { host: `evil.example:${live.port}` } });
    expect(r.status).toBe(421);
  });

  it('rejects a foreign Origin, even for static files', async () => {
    const r = await call(live.port, { path: '/welcome/', headers: { host: `127.0.0.1:${live.port}`, origin: 'http://evil.example' } });
    expect(r.status).toBe(403);
    const a = await api('/__live/status', {}, { origin: 'http://evil.example' });
    expect(a.status).toBe(403);
  });

  it('rejects an API call without Origin', async () => {
    const r = await call(live.port, { path: '/__live/status', headers: { host: `127.0.0.1:${live.port}`, [TOKEN_HEADER]: live.token } });
    expect(r.status).toBe(403);
  });

  it('rejects a missing or wrong token', async () => {
    const origin = `http://127.0.0.1:${live.port}`;
    const missing = await call(live.port, { path: '/__live/status', headers: { host: `127.0.0.1:${live.port}`, origin } });
    expect(missing.status).toBe(401);
    const wrong = await api('/__live/status', {}, { [TOKEN_HEADER]: live.token.slice(0, -1) + (live.token.endsWith('A') ? 'B' : 'A') });
    expect(wrong.status).toBe(401);
  });

  it('rejects an oversized body', async () => {
    const r = await api(FORWARD_PATH, { pad: 'x'.repeat(MAX_API_BODY + 10) });
    expect(r.status).toBe(413);
  });

  it('refuses to forward before the account is confirmed, and confirms only the real account', async () => {
    const before = await api(FORWARD_PATH, envelope('https://sts.amazonaws.com/', BASE_IDENTITY_KEY_ID, 'Action=GetCallerIdentity&Version=2011-06-15'));
    expect(before.status).toBe(403);
    expect((await api('/__live/confirm', { accountId: '999999999999' })).status).toBe(409);
    const ok = await api('/__live/confirm', { accountId: ACCOUNT });
    expect(ok.status).toBe(200);
    const status = JSON.parse((await api('/__live/status', {})).body);
    expect(status).toMatchObject({ mode: 'live', accountId: ACCOUNT, confirmed: true, region: 'us-east-1' });
  });

  it('refuses hosts and services outside the allowed set, and other regions', async () => {
    await api('/__live/confirm', { accountId: ACCOUNT });
    for (const url of [
      'https://evil.example.com/',
      'https://ec2.us-east-1.amazonaws.com/',
      'https://cloudformation.eu-west-1.amazonaws.com/',
      'http://iam.amazonaws.com/',
      'https://iam.amazonaws.com:8443/',
      'https://169.254.169.254/latest/meta-data/',
      'https://iam.amazonaws.com.evil.example/',
    ]) {
      const r = await api(FORWARD_PATH, envelope(url, BASE_IDENTITY_KEY_ID, 'Action=ListRoles'));
      expect(r.status, url).toBe(403);
    }
  });

  it('signs base-identity calls with the learner credentials and forwards them to the AWS host', async () => {
    await api('/__live/confirm', { accountId: ACCOUNT });
    aws.seen.length = 0;
    const r = await api(FORWARD_PATH, envelope('https://iam.amazonaws.com/', BASE_IDENTITY_KEY_ID, 'Action=ListRoles&Version=2010-05-08'));
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body).status).toBe(200);
    expect(aws.seen).toHaveLength(1);
    expect(aws.seen[0].host).toBe('iam.amazonaws.com');
    expect(aws.seen[0].authorization).toMatch(new RegExp(`Credential=${BASE.accessKeyId}/\\d{8}/us-east-1/iam/aws4_request`));
  });

  it('forwards session-signed calls only for keys an AssumeRole through this server issued in the confirmed account', async () => {
    await api('/__live/confirm', { accountId: ACCOUNT });
    const unknown = await api(FORWARD_PATH, envelope('https://sts.amazonaws.com/', ISSUED.AccessKeyId, 'Action=GetCallerIdentity'));
    expect(unknown.status).toBe(403);
    const assumed = await api(FORWARD_PATH, envelope('https://sts.amazonaws.com/', BASE_IDENTITY_KEY_ID, 'Action=AssumeRole&RoleArn=x'));
    expect(assumed.status).toBe(200);
    const known = await api(FORWARD_PATH, envelope('https://sts.amazonaws.com/', ISSUED.AccessKeyId, 'Action=GetCallerIdentity'));
    expect(known.status).toBe(200);
    await api(FORWARD_PATH, envelope('https://sts.amazonaws.com/', BASE_IDENTITY_KEY_ID, 'Action=AssumeRole&RoleArn=other-account'));
    const foreign = await api(FORWARD_PATH, envelope('https://sts.amazonaws.com/', 'ASIAOTHERACCOUNTKEY1', 'Action=GetCallerIdentity'));
    expect(foreign.status).toBe(403);
  });

  it('never puts the base credentials in a response or a log line', async () => {
    await api('/__live/confirm', { accountId: ACCOUNT });
    const replies = [
      await api('/__live/status', {}),
      await api(FORWARD_PATH, envelope('https://iam.amazonaws.com/', BASE_IDENTITY_KEY_ID, 'Action=ListRoles')),
      await call(live.port, { path: '/welcome/', headers: { host: `127.0.0.1:${live.port}` } }),
    ];
    const everything = [...replies.map((r) => r.body + JSON.stringify(r.headers)), ...logs].join('\n');
    for (const secret of [BASE.secretAccessKey, BASE.sessionToken, BASE.accessKeyId]) expect(everything).not.toContain(secret);
    expect(logs.some((l) => l.includes('ListRoles'))).toBe(true);
  });
});

describe('account pinning', () => {
  it('refuses to start when the credentials belong to an account that is not pinned', async () => {
    const aws = fakeAws();
    const port = await listen(aws.server);
    await expect(
      startLiveServer({ distDir: tmpdir(), region: 'us-east-1', credentials: async () => BASE, upstream: `http://127.0.0.1:${port}`, accounts: ['444455556666'] }),
    ).rejects.toThrow(/not one of the pinned accounts/);
    aws.server.close();
  });
});
