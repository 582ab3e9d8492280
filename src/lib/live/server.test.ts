/**
 * The live server's own guards, with real HTTP against a running server whose upstream is the sandbox endpoint
 * (what `npm run sandbox` serves): Host, Origin, the one-time link and its session cookie, body limits and malformed
 * bodies. What it signs is tested in forwarder.test.ts.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { tmpdir } from 'node:os';
import { MAX_API_BODY, startLiveServer } from './server';
import { FORWARD_PATH, ENTER_PATH } from './envelope';
import { Sessions } from './guards';
import { loadWorkshopPolicy } from './policy/node';
import { call, enter, root, startLive, startSandbox, type LiveFixture } from './test-support';
import type { Emulator } from '../emulator';
import type { RunningServer } from '../emulator/node/http-server';

describe('the live server', () => {
  let emulator: Emulator;
  let sandbox: RunningServer;
  let f: LiveFixture;

  beforeAll(async () => {
    ({ emulator, http: sandbox } = await startSandbox());
    f = await startLive(sandbox.url, async () => emulator.adminCredentials);
  });
  afterAll(async () => {
    await f.close();
    await sandbox.close();
  });

  it('binds 127.0.0.1 only, learns the account at start and prints a one-time link with a long token', () => {
    expect(f.live.server.address()).toMatchObject({ address: '127.0.0.1' });
    expect(f.live.identity).toEqual({ accountId: emulator.accountId, arn: `arn:aws:iam::${emulator.accountId}:user/admin` });
    const link = new URL(f.live.url);
    expect(link.pathname).toBe(ENTER_PATH);
    expect(Buffer.from(link.searchParams.get('token')!, 'base64url').length).toBeGreaterThanOrEqual(32);
  });

  it('serves pages with a CSP that hashes the inline scripts, security headers and the live-mode marker', async () => {
    const r = await call(f.live.port, { path: '/welcome/', headers: { host: `localhost:${f.live.port}` } });
    expect(r.status).toBe(200);
    expect(r.body).toContain('<meta name="boundary-lab-mode" content="live">');
    expect(r.headers['content-security-policy']).toMatch(/script-src 'self' 'wasm-unsafe-eval' 'sha256-[A-Za-z0-9+/=]+'/);
    expect(r.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(r.headers['x-content-type-options']).toBe('nosniff');
  });

  it('caches hashed assets as immutable, revalidates pages (304) and compresses, as every server of the project does', async () => {
    const host = { host: `127.0.0.1:${f.live.port}` };
    const asset = await call(f.live.port, { path: '/_astro/app.Ab12Cd34.js', headers: { ...host, 'accept-encoding': 'gzip, br' } });
    expect(asset.status).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(asset.headers['content-encoding']).toMatch(/^(br|gzip)$/);
    const page = await call(f.live.port, { path: '/welcome/', headers: host });
    expect(page.headers['cache-control']).toBe('no-cache');
    const etag = String(page.headers.etag);
    expect(etag).toMatch(/^(W\/)?"/);
    const again = await call(f.live.port, { path: '/welcome/', headers: { ...host, 'if-none-match': etag } });
    expect([again.status, again.body]).toEqual([304, '']);
  });

  it('does not serve files outside the site through path traversal', async () => {
    const r = await call(f.live.port, { path: '/welcome/../../etc/passwd', headers: { host: `127.0.0.1:${f.live.port}` } });
    expect(r.status).toBe(404);
    expect(r.body).not.toContain('root:');
  });

  it('rejects a wrong Host (DNS rebinding)', async () => {
    expect((await call(f.live.port, { path: '/welcome/', headers: { host: `evil.example:${f.live.port}` } })).status).toBe(421);
  });

  it('rejects a foreign Origin, even for static files', async () => {
    expect((await call(f.live.port, { path: '/welcome/', headers: { host: `127.0.0.1:${f.live.port}`, origin: 'http://evil.example' } })).status).toBe(403);
    expect((await f.api('/__live/status', {}, { origin: 'http://evil.example' })).status).toBe(403);
  });

  it('rejects an API call without Origin', async () => {
    const r = await call(f.live.port, { method: 'POST', path: '/__live/status', headers: { host: `127.0.0.1:${f.live.port}`, cookie: f.cookie }, body: '{}' });
    expect(r.status).toBe(403);
  });

  it('rejects an API call without a session, or with a made-up one', async () => {
    expect((await f.api('/__live/status', {}, { cookie: '' })).status).toBe(401);
    expect((await f.api('/__live/status', {}, { cookie: 'boundary_lab_live=made-up' })).status).toBe(401);
    expect((await f.api('/__live/status', {})).status).toBe(200);
  });

  it('trades the link once for an HttpOnly, SameSite=Strict cookie; a second use shows how to get a new link', async () => {
    const link = f.live.newLink();
    const first = await enter(f.live.port, link);
    expect(first.reply.status).toBe(303);
    expect(first.reply.headers.location).toBe('/welcome/');
    expect(first.reply.headers['set-cookie']![0]).toMatch(/^boundary_lab_live=[A-Za-z0-9_-]{43}; HttpOnly; SameSite=Strict; Path=\/$/);
    const again = await enter(f.live.port, link);
    expect(again.reply.status).toBe(410);
    expect(again.cookie).toBeUndefined();
    expect(again.reply.body).toContain('new-link');
    expect(again.reply.body).toContain('start it again');
  });

  it('lets an unused link expire', () => {
    const sessions = new Sessions(1_000);
    const token = sessions.issueLink(0);
    expect(sessions.exchange(token, 1_001)).toEqual({ problem: 'expired' });
    expect(sessions.exchange(token, 0)).toEqual({ problem: 'unknown' });
    const fresh = sessions.issueLink(0);
    expect(sessions.exchange(fresh, 999)).toHaveProperty('session');
  });

  it('keeps the session when another site links to a made-up token: nothing replaces it unless the server accepts the token', async () => {
    const r = await call(f.live.port, { path: `${ENTER_PATH}?token=${'A'.repeat(43)}`, headers: { host: `127.0.0.1:${f.live.port}`, cookie: f.cookie } });
    expect(r.status).toBe(410);
    expect(r.headers['set-cookie']).toBeUndefined();
    expect((await f.api('/__live/status', {})).status).toBe(200);
  });

  it('rejects an oversized body', async () => {
    expect((await f.api(FORWARD_PATH, { pad: 'x'.repeat(MAX_API_BODY + 10) })).status).toBe(413);
  });

  it('answers 400 to every malformed body, null included', async () => {
    for (const path of ['/__live/confirm', '/__live/status', FORWARD_PATH]) {
      for (const body of ['null', '[]', '"x"', '7', '{not json', '']) {
        const r = await call(f.live.port, { method: 'POST', path, headers: { host: `127.0.0.1:${f.live.port}`, origin: f.origin, cookie: f.cookie, 'content-type': 'application/json' }, body });
        expect(r.status, `${path} ${body}`).toBe(400);
      }
    }
    expect((await f.api('/__live/confirm', { accountId: 7 })).status).toBe(400);
    expect((await f.api(FORWARD_PATH, { url: 'https://iam.amazonaws.com/', method: 'POST', headers: null })).status).toBe(400);
    expect((await f.api(FORWARD_PATH, { url: 'https://iam.amazonaws.com/', method: 'POST', headers: {}, body: 5 })).status).toBe(400);
  });

  it('refuses to forward before the account is confirmed, and confirms only the real account', async () => {
    const fresh = await startLive(sandbox.url, async () => emulator.adminCredentials);
    const { STSClient, GetCallerIdentityCommand } = await import('@aws-sdk/client-sts');
    const sts = new STSClient({ region: 'us-east-1', credentials: { accessKeyId: 'BOUNDARYLABBASEKEY00', secretAccessKey: 'x' }, requestHandler: fresh.handler() });
    await expect(sts.send(new GetCallerIdentityCommand({}))).rejects.toThrow(/Confirm the AWS account/);
    expect((await fresh.api('/__live/confirm', { accountId: '999999999999' })).status).toBe(409);
    expect((await fresh.api('/__live/confirm', { accountId: emulator.accountId })).status).toBe(200);
    expect(JSON.parse((await fresh.api('/__live/status', {})).body)).toMatchObject({ mode: 'live', accountId: emulator.accountId, confirmed: true, region: 'us-east-1' });
    expect((await sts.send(new GetCallerIdentityCommand({}))).Account).toBe(emulator.accountId);
    await fresh.close();
  });

  it('never puts the learner credentials in a response or a log line', async () => {
    await f.api('/__live/confirm', { accountId: emulator.accountId });
    const { IAMClient, ListRolesCommand } = await import('@aws-sdk/client-iam');
    await new IAMClient({ region: 'us-east-1', credentials: { accessKeyId: 'BOUNDARYLABBASEKEY00', secretAccessKey: 'x' }, requestHandler: f.handler() }).send(new ListRolesCommand({ PathPrefix: '/application_roles/' }));
    const replies = [await f.api('/__live/status', {}), await call(f.live.port, { path: '/welcome/', headers: { host: `127.0.0.1:${f.live.port}` } })];
    const everything = [...replies.map((r) => r.body + JSON.stringify(r.headers)), ...f.logs].join('\n');
    for (const secret of [emulator.adminCredentials.secretAccessKey, emulator.adminCredentials.accessKeyId]) expect(everything).not.toContain(secret);
    expect(f.logs.some((l) => l.includes('iam:ListRoles → 200'))).toBe(true);
  });
});

describe('account pinning', () => {
  it('refuses to start when the credentials belong to an account that is not pinned', async () => {
    const { emulator, http } = await startSandbox();
    await expect(
      startLiveServer({ distDir: tmpdir(), region: 'us-east-1', credentials: async () => emulator.adminCredentials, upstream: http.url, accounts: ['444455556666'], policy: loadWorkshopPolicy(root) }),
    ).rejects.toThrow(/not one of the pinned accounts/);
    await http.close();
  });
});
