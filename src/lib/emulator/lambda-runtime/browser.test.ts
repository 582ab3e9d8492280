/**
 * The browser runtime in a real Chromium: browser.ts and browser-worker.ts bundled with esbuild (as Vite would,
 * SDK packages resolved for the browser), each instance a module Web Worker.
 */
import { build } from 'esbuild';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from '@playwright/test';
import { requireTool } from '../../../../tests/support/referee';

const here = fileURLToPath(new URL('.', import.meta.url));
// https: a secure context, as the site is served (crypto.randomUUID needs one).
const ORIGIN = 'https://sandbox.test';
const hasChromium = requireTool('chromium');

describe.skipIf(!hasChromium)('browser Lambda runtime (Web Worker, Chromium)', () => {
  let dir: string;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lambda-browser-'));
    const entry = join(dir, 'page.ts');
    writeFileSync(
      entry,
      `import { createBrowserLambdaRuntime } from ${JSON.stringify(join(here, 'browser.ts'))};
(globalThis as any).runtime = createBrowserLambdaRuntime({ workerUrl: '/browser-worker.js' });`,
    );
    await build({
      entryPoints: { page: entry, 'browser-worker': join(here, 'browser-worker.ts') },
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'browser',
      outdir: join(dir, 'out'),
      logLevel: 'silent',
    });
    const chromiumPath = process.env.BOUNDARY_LAB_CHROMIUM || process.env.CHROME_PATH || '/usr/bin/chromium';
    browser = await chromium.launch({ executablePath: chromiumPath });
    page = await browser.newPage();
    await page.route(`${ORIGIN}/**`, async (route) => {
      const path = new URL(route.request().url()).pathname;
      if (path === '/') return route.fulfill({ contentType: 'text/html', body: '<script type="module" src="/page.js"></script>' });
      const type = extname(path) === '.js' ? 'text/javascript' : 'text/plain';
      return route.fulfill({ contentType: type, body: readFileSync(join(dir, 'out', path)) });
    });
    await page.goto(`${ORIGIN}/`);
    await page.waitForFunction(() => (globalThis as any).runtime !== undefined);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Runs one invocation in the page; `sts` answers the function's SDK call the way the gateway would. */
  const invoke = (files: Record<string, string>, event = '{}', timeoutMs = 3000) =>
    page.evaluate(
      async ({ files, event, timeoutMs }) => {
        const seen: string[] = [];
        const result = await (globalThis as any).runtime.invoke({
          instanceKey: crypto.randomUUID(),
          requestId: 'req-1',
          event,
          timeoutMs,
          context: {
            functionName: 'fn',
            functionVersion: '$LATEST',
            invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:fn',
            memoryLimitInMB: '128',
            logGroupName: '/aws/lambda/fn',
          },
          setup: async () => ({
            files,
            handler: 'index.handler',
            env: { GREETING: 'Hello' },
            sdk: { region: 'us-east-1', credentials: { accessKeyId: 'ASIABROWSER', secretAccessKey: 's', sessionToken: 't' } },
            logStreamName: 'stream',
          }),
          send: async (request: { hostname: string; headers: Record<string, string> }) => {
            seen.push(request.headers['authorization']);
            if (request.hostname.includes('s3')) {
              const error =
                '<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>User: x is not authorized to perform: ' +
                's3:CreateBucket because no permissions boundary allows the s3:CreateBucket action</Message><RequestId>1</RequestId></Error>';
              return { statusCode: 403, headers: { 'content-type': 'application/xml' }, body: new TextEncoder().encode(error) };
            }
            const xml =
              '<GetCallerIdentityResponse><GetCallerIdentityResult><Arn>arn:aws:sts::123456789012:assumed-role/r/fn</Arn>' +
              '<UserId>AROA:fn</UserId><Account>123456789012</Account></GetCallerIdentityResult></GetCallerIdentityResponse>';
            return { statusCode: 200, headers: { 'content-type': 'text/xml' }, body: new TextEncoder().encode(xml) };
          },
        });
        return { ...result, seen };
      },
      { files, event, timeoutMs },
    );

  it('runs a handler with console output in the Node.js runtime format', async () => {
    const r = await invoke(
      { 'index.mjs': `export const handler = async (e) => { console.log('got %s', e.who, { n: 1 }); return process.env.GREETING + ' ' + e.who; };` },
      '{"who":"Builder"}',
    );
    expect(r).toMatchObject({ outcome: 'success', payload: '"Hello Builder"' });
    expect(r.logs[0].message).toMatch(/^\S+Z\treq-1\tINFO\tgot Builder { n: 1 }\n$/);
  });

  it('gives the handler real SDK v3 clients whose signed requests go to the host', async () => {
    const r = await invoke({
      'index.js': `const { STSClient, GetCallerIdentityCommand } = require('@aws-sdk/client-sts');
exports.handler = async () => (await new STSClient({}).send(new GetCallerIdentityCommand({}))).Arn;`,
    });
    expect(r).toMatchObject({ outcome: 'success', payload: '"arn:aws:sts::123456789012:assumed-role/r/fn"' });
    expect(r.seen[0]).toMatch(/^AWS4-HMAC-SHA256 Credential=ASIABROWSER\//);

    const denied = await invoke({
      'index.js': `const { S3Client, CreateBucketCommand } = require('@aws-sdk/client-s3');
exports.handler = async () => { await new S3Client({}).send(new CreateBucketCommand({ Bucket: 'escalation' })); };`,
    });
    expect(denied.outcome).toBe('error');
    expect(JSON.parse(denied.payload)).toMatchObject({
      errorType: 'AccessDenied',
      errorMessage: expect.stringContaining('because no permissions boundary allows the s3:CreateBucket action'),
    });
  });

  it('reports errors and timeouts as Lambda does', async () => {
    const failed = await invoke({ 'index.js': `exports.handler = async () => { throw new RangeError('too far'); };` });
    expect(failed.outcome).toBe('error');
    expect(JSON.parse(failed.payload)).toMatchObject({ errorType: 'RangeError', errorMessage: 'too far' });
    expect(failed.logs.at(-1).message).toMatch(/\treq-1\tERROR\tInvoke Error \t\{"errorType":"RangeError","errorMessage":"too far"/);
    const slow = await invoke({ 'index.js': `exports.handler = () => new Promise(() => {});` }, '{}', 300);
    expect(slow.outcome).toBe('timeout');
    expect(JSON.parse(slow.payload).errorMessage).toBe('RequestId: req-1 Error: Task timed out after 0.30 seconds');
  });
});
