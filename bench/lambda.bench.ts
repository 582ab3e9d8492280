/**
 * Lambda in the Node sandbox, through the gateway with SDK v3 clients in-process:
 * - cold start: the first Invoke in a fresh sandbox (worker_threads spawn, package load, role assumption,
 *   log writes), for a bare handler and for one that loads @aws-sdk/client-s3 as the lab's function does;
 * - cold start once the runtime's spare instance has had time to preload the SDK (a learner's later stacks);
 * - warm invoke. Medians of several runs. Prints one JSON line per metric.
 */
import { CreateFunctionCommand, InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { strToU8, zipSync } from 'fflate';
import { createEmulator } from '../src/lib/emulator/index';
import { createNodeLambdaRuntime } from '../src/lib/emulator/lambda-runtime/node/runtime';
import { createLambdaProvider } from '../src/lib/emulator/services/lambda/provider';
import { logsProvider } from '../src/lib/emulator/services/logs/provider';

const BARE = `exports.handler = async () => 'Hello Builder!';`;
const WITH_SDK = `const { S3Client } = require('@aws-sdk/client-s3'); const s3 = new S3Client({}); exports.handler = async () => 'Hello Builder!';`;

async function sandbox() {
  const runtime = createNodeLambdaRuntime();
  const emu = createEmulator({ pace: 0, providers: [createLambdaProvider({ runtime }), logsProvider] });
  await emu.ready;
  // The SDK's config types do not accept the emulator's requestHandler type as declared; it is one at runtime.
  const config: any = emu.sdkConfig();
  const lambda = new LambdaClient(config);
  const { Role } = await new IAMClient(config).send(
    new CreateRoleCommand({
      RoleName: 'bench-role',
      AssumeRolePolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
      }),
    }),
  );
  let n = 0;
  const create = async (code: string) => {
    const name = `bench-${++n}`;
    await lambda.send(
      new CreateFunctionCommand({
        FunctionName: name,
        Runtime: 'nodejs22.x',
        Role: Role!.Arn,
        Handler: 'index.handler',
        Code: { ZipFile: zipSync({ 'index.js': strToU8(code) }) },
      }),
    );
    return name;
  };
  const invoke = (name: string) => lambda.send(new InvokeCommand({ FunctionName: name }));
  return { runtime, create, invoke };
}

async function time(f: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await f();
  return performance.now() - t;
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const round = (x: number) => Math.round(x * 100) / 100;
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

const cold: number[] = [];
const coldSdk: number[] = [];
const spareSdk: number[] = [];
const warm: number[] = [];
for (let i = 0; i < 5; i++) {
  const a = await sandbox();
  cold.push(await time(async () => a.invoke(await a.create(BARE))));
  a.runtime.close();
  const b = await sandbox();
  const sdkFn = await b.create(WITH_SDK);
  coldSdk.push(await time(() => b.invoke(sdkFn)));
  for (let j = 0; j < 10; j++) warm.push(await time(() => b.invoke(sdkFn)));
  await pause(1500);
  const next = await b.create(WITH_SDK);
  spareSdk.push(await time(() => b.invoke(next)));
  b.runtime.close();
}

console.log(
  JSON.stringify({
    metric: 'lambda.cold_start_ms',
    value: round(median(cold)),
    unit: 'ms',
    goal: '< 500',
    comparison: {
      'cold start loading @aws-sdk/client-s3 ms': round(median(coldSdk)),
      'cold start loading @aws-sdk/client-s3 on a preloaded spare ms': round(median(spareSdk)),
      'warm invoke ms': round(median(warm)),
    },
  }),
);
console.log(
  JSON.stringify({
    metric: 'lambda.warm_invoke_ms',
    value: round(median(warm)),
    unit: 'ms',
    goal: '< 20',
    comparison: { 'cold start ms': round(median(cold)) },
  }),
);
