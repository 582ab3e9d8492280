/**
 * The blog's application in a real Chromium: the emulator with the Lambda (Web Worker runtime), Step Functions
 * (aws-local-stepfunctions' browser build), Logs and S3 providers, bundled with esbuild as the site's bundler
 * would, driven by SDK v3 clients in the page. The execution returns "Hello Builder!", and the boundary
 * denies the function's s3:CreateBucket.
 */
import { build } from 'esbuild';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireTool } from '../../../../../tests/support/referee';

const emulatorDir = fileURLToPath(new URL('../../', import.meta.url));
const ORIGIN = 'https://sandbox.test';

const PAGE = `
import { createEmulator } from ${JSON.stringify(join(emulatorDir, 'index.ts'))};
import { createBrowserLambdaRuntime } from ${JSON.stringify(join(emulatorDir, 'lambda-runtime/browser.ts'))};
import { createLambdaProvider } from ${JSON.stringify(join(emulatorDir, 'services/lambda/provider.ts'))};
import { createStatesProvider } from ${JSON.stringify(join(emulatorDir, 'services/states/provider.ts'))};
import { logsProvider } from ${JSON.stringify(join(emulatorDir, 'services/logs/provider.ts'))};
import { s3Provider } from ${JSON.stringify(join(emulatorDir, 'services/s3/provider.ts'))};
import { IAMClient, CreateRoleCommand, PutRolePolicyCommand, CreatePolicyCommand } from '@aws-sdk/client-iam';
import { LambdaClient, CreateFunctionCommand } from '@aws-sdk/client-lambda';
import { SFNClient, CreateStateMachineCommand, StartExecutionCommand, DescribeExecutionCommand } from '@aws-sdk/client-sfn';
import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { strToU8, zipSync } from 'fflate';

const doc = (Statement) => JSON.stringify({ Version: '2012-10-17', Statement });
const trust = (Service) => doc([{ Effect: 'Allow', Principal: { Service }, Action: 'sts:AssumeRole' }]);

globalThis.runFlow = async (code) => {
  const emu = createEmulator({
    pace: 0,
    providers: [
      createLambdaProvider({ runtime: createBrowserLambdaRuntime({ workerUrl: '/browser-worker.js' }) }),
      createStatesProvider(), logsProvider, s3Provider,
    ],
  });
  await emu.ready;
  const config = emu.sdkConfig();
  const iam = new IAMClient(config);
  const boundary = await iam.send(new CreatePolicyCommand({ PolicyName: 'boundary', PolicyDocument:
    doc([{ Effect: 'Allow', Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'], Resource: '*' }]) }));
  const fnRole = await iam.send(new CreateRoleCommand({ RoleName: 'fn', AssumeRolePolicyDocument: trust('lambda.amazonaws.com'),
    PermissionsBoundary: boundary.Policy.Arn }));
  await iam.send(new PutRolePolicyCommand({ RoleName: 'fn', PolicyName: 'p', PolicyDocument:
    doc([{ Effect: 'Allow', Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents', 's3:CreateBucket'], Resource: '*' }]) }));
  const fn = await new LambdaClient(config).send(new CreateFunctionCommand({ FunctionName: 'MyLambdaFunction', Runtime: 'nodejs22.x',
    Role: fnRole.Role.Arn, Handler: 'index.handler', Code: { ZipFile: zipSync({ 'index.js': strToU8(code) }) } }));
  const smRole = await iam.send(new CreateRoleCommand({ RoleName: 'sm', AssumeRolePolicyDocument: trust('states.amazonaws.com') }));
  await iam.send(new PutRolePolicyCommand({ RoleName: 'sm', PolicyName: 'p', PolicyDocument:
    doc([{ Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: fn.FunctionArn }]) }));
  const sfn = new SFNClient(config);
  const sm = await sfn.send(new CreateStateMachineCommand({ name: 'MyStateMachine', roleArn: smRole.Role.Arn,
    definition: JSON.stringify({ StartAt: 'State1', States: { State1: { Type: 'Task', Resource: fn.FunctionArn, End: true } } }) }));
  const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: sm.stateMachineArn }));
  await emu.settled();
  const execution = await sfn.send(new DescribeExecutionCommand({ executionArn }));
  const logs = await new CloudWatchLogsClient(config).send(new FilterLogEventsCommand({ logGroupName: '/aws/lambda/MyLambdaFunction' }));
  return { status: execution.status, output: execution.output, error: execution.error, cause: execution.cause,
    log: logs.events.map((e) => e.message).join('') };
};
`;

describe.skipIf(!requireTool('chromium'))('the blog application in Chromium', () => {
  let dir: string;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'blog-browser-'));
    writeFileSync(join(dir, 'page.ts'), PAGE);
    await build({
      entryPoints: { page: join(dir, 'page.ts'), 'browser-worker': join(emulatorDir, 'lambda-runtime/browser-worker.ts') },
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'browser',
      outdir: join(dir, 'out'),
      logLevel: 'silent',
      nodePaths: [fileURLToPath(new URL('../../../../../node_modules', import.meta.url))],
    });
    browser = await chromium.launch({ executablePath: process.env.BOUNDARY_LAB_CHROMIUM || process.env.CHROME_PATH || '/usr/bin/chromium' });
    page = await browser.newPage();
    await page.route(`${ORIGIN}/**`, (route) => {
      const path = new URL(route.request().url()).pathname;
      if (path === '/') return route.fulfill({ contentType: 'text/html', body: '<script type="module" src="/page.js"></script>' });
      return route.fulfill({ contentType: extname(path) === '.js' ? 'text/javascript' : 'text/plain', body: readFileSync(join(dir, 'out', path)) });
    });
    await page.goto(`${ORIGIN}/`);
    await page.waitForFunction(() => (globalThis as any).runFlow !== undefined);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('returns "Hello Builder!"', async () => {
    const r = await page.evaluate((code) => (globalThis as any).runFlow(code), `exports.handler = async () => 'Hello Builder!';`);
    expect(r).toMatchObject({ status: 'SUCCEEDED', output: '"Hello Builder!"' });
    expect(r.log).toMatch(/START RequestId: .*END RequestId: .*REPORT RequestId: /s);
  });

  it('fails when the boundary denies s3:CreateBucket, and the log says why', async () => {
    const code = `const { S3Client, CreateBucketCommand } = require('@aws-sdk/client-s3');
exports.handler = async () => { await new S3Client({}).send(new CreateBucketCommand({ Bucket: 'escalation' })); return 'Hello Builder!'; };`;
    const r = await page.evaluate((c) => (globalThis as any).runFlow(c), code);
    expect(r).toMatchObject({ status: 'FAILED', error: 'AccessDenied' });
    expect(r.log).toContain('because no permissions boundary allows the s3:CreateBucket action');
    expect(r.log).toMatch(/\tERROR\tInvoke Error \t\{"errorType":"AccessDenied"/);
  });
});
