/**
 * The LambdaRuntime contract, run against the Node implementation (worker_threads). The browser
 * implementation shares runtime.ts and worker-core.ts; only its spawn differs (covered in Playwright).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createNodeLambdaRuntime } from './node/runtime';
import type { LambdaRuntime, RuntimeInvocation, WireHttpRequest } from './types';

export function runtimeConformance(name: string, make: () => LambdaRuntime) {
  describe(name, () => {
    const runtime = make();
    afterAll(() => runtime.close());
    let key = 0;

    const invocation = (files: Record<string, string>, over: Partial<RuntimeInvocation> = {}): RuntimeInvocation => ({
      instanceKey: `fn-${++key}`,
      requestId: crypto.randomUUID(),
      event: '{"who":"Builder"}',
      timeoutMs: 3000,
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
        sdk: { region: 'us-east-1', credentials: { accessKeyId: 'ASIAEXAMPLE', secretAccessKey: 'secret', sessionToken: 'token' } },
        logStreamName: '2026/11/29/[$LATEST]0123456789abcdef0123456789abcdef',
      }),
      send: async () => {
        throw new Error('no gateway in this test');
      },
      ...over,
    });

    it('runs CommonJS and ES module handlers with the event, context and environment', async () => {
      const cjs = await runtime.invoke(
        invocation({ 'index.js': `exports.handler = async (e, ctx) => process.env.GREETING + ' ' + e.who + ' from ' + ctx.functionName;` }),
      );
      expect(cjs).toMatchObject({ outcome: 'success', payload: '"Hello Builder from fn"' });
      expect(cjs.initDurationMs).toBeGreaterThan(0);
      const esm = await runtime.invoke(
        invocation({
          'index.mjs': `import { greet } from './lib/greet.mjs';\nconst prefix = await Promise.resolve('Hi');\nexport const handler = async (e) => greet(prefix, e.who);`,
          'lib/greet.mjs': `export function greet(p, who) { return p + ' ' + who; }`,
        }),
      );
      expect(esm).toMatchObject({ outcome: 'success', payload: '"Hi Builder"' });
      const callback = await runtime.invoke(
        invocation({ 'index.js': `exports.handler = (e, ctx, cb) => setTimeout(() => cb(null, { ok: true }), 5);` }),
      );
      expect(callback.payload).toBe('{"ok":true}');
    });

    it('formats console output as the Node.js runtime, init-phase lines with an undefined request id', async () => {
      const inv = invocation({
        'index.js': `console.log('loading'); exports.handler = async () => { console.log('n=%d', 42, { a: 'x' }); console.warn('careful'); console.error(new Error('bad').message); };`,
      });
      const r = await runtime.invoke(inv);
      expect(r.payload).toBe('null');
      const lines = r.logs.map((l) => l.message);
      expect(lines[0]).toMatch(/^\S+Z\tundefined\tINFO\tloading\n$/);
      expect(r.logs[0].init).toBe(true);
      expect(lines[1].replace(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/, '')).toBe(`\t${inv.requestId}\tINFO\tn=42 { a: 'x' }\n`);
      expect(lines[2]).toMatch(new RegExp(`\\t${inv.requestId}\\tWARN\\tcareful\\n$`));
      expect(lines[3]).toMatch(new RegExp(`\\t${inv.requestId}\\tERROR\\tbad\\n$`));
    });

    it('reports init errors as the Node.js runtime does', async () => {
      const missing = await runtime.invoke(invocation({ 'other.js': '' }));
      expect(JSON.parse(missing.payload)).toMatchObject({
        errorType: 'Runtime.ImportModuleError',
        errorMessage: "Error: Cannot find module 'index'\nRequire stack:\n- /var/runtime/index.mjs",
      });
      const noHandler = await runtime.invoke(invocation({ 'index.js': 'exports.other = 1;' }));
      expect(JSON.parse(noHandler.payload)).toMatchObject({
        errorType: 'Runtime.HandlerNotFound',
        errorMessage: 'index.handler is undefined or not exported',
      });
      const esmInCjs = await runtime.invoke(invocation({ 'index.js': `import x from 'y';\nexports.handler = () => x;` }));
      expect(JSON.parse(esmInCjs.payload)).toMatchObject({
        errorType: 'Runtime.UserCodeSyntaxError',
        errorMessage: 'SyntaxError: Cannot use import statement outside a module',
      });
      expect(esmInCjs.logs[0].message).toMatch(/\tundefined\tERROR\tUncaught Exception \t\{"errorType":"Runtime.UserCodeSyntaxError"/);
      const v2 = await runtime.invoke(invocation({ 'index.js': `const AWS = require('aws-sdk'); exports.handler = async () => 1;` }));
      expect(JSON.parse(v2.payload).errorMessage).toContain("Cannot find module 'aws-sdk'");
    });

    it('sends SDK requests to the host, signed with the instance credentials', async () => {
      const seen: WireHttpRequest[] = [];
      const r = await runtime.invoke(
        invocation(
          {
            'index.js': `const { STSClient, GetCallerIdentityCommand } = require('@aws-sdk/client-sts');
exports.handler = async () => (await new STSClient({}).send(new GetCallerIdentityCommand({}))).Arn;`,
          },
          {
            send: async (request) => {
              seen.push(request);
              const xml = `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:sts::123456789012:assumed-role/r/fn</Arn><UserId>AROA:fn</UserId><Account>123456789012</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></GetCallerIdentityResponse>`;
              return { statusCode: 200, headers: { 'content-type': 'text/xml' }, body: new TextEncoder().encode(xml) };
            },
          },
        ),
      );
      expect(r).toMatchObject({ outcome: 'success', payload: '"arn:aws:sts::123456789012:assumed-role/r/fn"' });
      expect(seen).toHaveLength(1);
      expect(seen[0].headers['authorization']).toMatch(/^AWS4-HMAC-SHA256 Credential=ASIAEXAMPLE\/\d{8}\/us-east-1\/sts\/aws4_request/);
      expect(seen[0].headers['x-amz-security-token']).toBe('token');
    });

    it('times out, stops the instance, and starts cold next time', async () => {
      const inv = invocation({ 'index.js': `exports.handler = (e) => (e.hang ? new Promise(() => {}) : 'ok');` }, { timeoutMs: 200, event: '{"hang":true}' });
      const r = await runtime.invoke(inv);
      expect(r.outcome).toBe('timeout');
      expect(JSON.parse(r.payload)).toEqual({
        errorType: 'Sandbox.Timedout',
        errorMessage: `RequestId: ${inv.requestId} Error: Task timed out after 0.20 seconds`,
      });
      expect(r.logs.at(-1)!.message).toContain(`${inv.requestId} Task timed out after 0.20 seconds`);
      const again = await runtime.invoke({ ...inv, requestId: crypto.randomUUID(), event: '{}' });
      expect(again).toMatchObject({ outcome: 'success', payload: '"ok"' });
      expect(again.initDurationMs).toBeDefined();
    });

    it('reuses a warm instance for the same key and runs concurrent invocations in separate instances', async () => {
      const files = { 'index.js': `let count = 0; exports.handler = async () => { await new Promise((r) => setTimeout(r, 50)); return ++count; };` };
      const inv = invocation(files);
      const [a, b] = await Promise.all([runtime.invoke(inv), runtime.invoke({ ...inv, requestId: 'r2' })]);
      expect([a.payload, b.payload]).toEqual(['1', '1']);
      expect(a.logStreamName).toBeDefined();
      const c = await runtime.invoke({ ...inv, requestId: 'r3' });
      expect(c.payload).toBe('2');
      expect(c.initDurationMs).toBeUndefined();
      runtime.reset(inv.instanceKey);
      expect((await runtime.invoke({ ...inv, requestId: 'r4' })).payload).toBe('1');
    });
  });
}

runtimeConformance('Node Lambda runtime (worker_threads)', createNodeLambdaRuntime);

describe('instance lifetime', () => {
  it('stops an instance that stays idle past idleMs, so the next invocation starts cold', async () => {
    const runtime = createNodeLambdaRuntime({ idleMs: 50, preload: [] });
    try {
      const inv: RuntimeInvocation = {
        instanceKey: 'idle-fn',
        requestId: 'r1',
        event: '{}',
        timeoutMs: 3000,
        context: { functionName: 'f', functionVersion: '$LATEST', invokedFunctionArn: 'arn', memoryLimitInMB: '128', logGroupName: 'g' },
        setup: async () => ({
          files: { 'index.js': 'exports.handler = async () => 1;' },
          handler: 'index.handler',
          env: {},
          sdk: { region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } },
          logStreamName: 's',
        }),
        send: async () => {
          throw new Error('unused');
        },
      };
      expect((await runtime.invoke(inv)).initDurationMs).toBeDefined();
      expect((await runtime.invoke(inv)).initDurationMs).toBeUndefined();
      await new Promise((r) => setTimeout(r, 150));
      expect((await runtime.invoke(inv)).initDurationMs).toBeDefined();
    } finally {
      runtime.close();
    }
  });
});
