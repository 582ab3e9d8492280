/**
 * The blog's whole flow in-process at instant pace (issue 5: goal < 500 ms), with SDK v3 clients against a fresh
 * emulator: builder-iam, the denied application, the bounded one, an execution, the three escalations, clean-up.
 * Compared in the same run with the same flow typed into the sandbox shell (the lab's own commands).
 */
import { readFileSync } from 'node:fs';
import { CloudFormationClient, CreateStackCommand, DeleteStackCommand, UpdateStackCommand } from '@aws-sdk/client-cloudformation';
import { IAMClient, AttachRolePolicyCommand, CreatePolicyCommand, CreatePolicyVersionCommand, DeletePolicyCommand } from '@aws-sdk/client-iam';
import { SFNClient, StartExecutionCommand, DescribeExecutionCommand } from '@aws-sdk/client-sfn';
import { STSClient, AssumeRoleCommand } from '@aws-sdk/client-sts';
import { createEmulator } from '../src/lib/emulator';
import { createNodeLambdaRuntime } from '../src/lib/emulator/lambda-runtime/node/runtime';
import { sandboxProviders } from '../src/lib/shell/providers';
import { Sandbox } from '../src/lib/shell/sandbox';
import { lab } from '../labs/lab';
import { templateFiles } from '../labs/templates';

const text = (f: string) => readFileSync(new URL(`../labs/${f}`, import.meta.url), 'utf8');
const runtime = createNodeLambdaRuntime();
const caps = ['CAPABILITY_NAMED_IAM' as const];

async function sdkFlow(): Promise<number> {
  const emu = createEmulator({ pace: 0, providers: sandboxProviders({ lambdaRuntime: runtime }) });
  await emu.ready;
  const t0 = performance.now();
  const admin = emu.sdkConfig() as any;
  const account = emu.accountId;
  await new CloudFormationClient(admin).send(new CreateStackCommand({ StackName: 'builder-iam', TemplateBody: text('builder-iam.json'), Capabilities: caps }));
  await emu.settled();
  const c = (await new STSClient(admin).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${account}:role/builder`, RoleSessionName: 'builder-test' }))).Credentials!;
  const builder = emu.sdkConfig({ accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken }) as any;
  const cfn = new CloudFormationClient(builder);
  const iam = new IAMClient(builder);
  const sfn = new SFNClient(builder);
  await cfn.send(new CreateStackCommand({ StackName: 'builder-application', TemplateBody: text('builder-application-1.yml'), Capabilities: caps }));
  await emu.settled();
  await cfn.send(new DeleteStackCommand({ StackName: 'builder-application' }));
  await emu.settled();
  await cfn.send(new CreateStackCommand({ StackName: 'builder-application', TemplateBody: text('builder-application-2.yml'), Capabilities: caps }));
  await emu.settled();
  const sm = `arn:aws:states:${emu.region}:${account}:stateMachine:`;
  const machines = (await import('@aws-sdk/client-sfn')).ListStateMachinesCommand;
  const arn = (await sfn.send(new machines({}))).stateMachines!.find((m) => m.stateMachineArn!.startsWith(sm))!.stateMachineArn!;
  const exec = await sfn.send(new StartExecutionCommand({ stateMachineArn: arn }));
  await emu.settled();
  const out = await sfn.send(new DescribeExecutionCommand({ executionArn: exec.executionArn }));
  if (out.output !== '"Hello Builder!"') throw new Error(`unexpected output ${out.output}`);
  const doc = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
  await iam.send(new CreatePolicyVersionCommand({ PolicyArn: `arn:aws:iam::${account}:policy/builder_policies/builder`, PolicyDocument: doc, SetAsDefault: true })).catch(() => {});
  await iam.send(new CreatePolicyCommand({ PolicyName: 'sneaky-policy', Path: '/application_policies/', PolicyDocument: doc }));
  await iam.send(new AttachRolePolicyCommand({ RoleName: 'builder', PolicyArn: `arn:aws:iam::${account}:policy/application_policies/sneaky-policy` })).catch(() => {});
  await cfn.send(new UpdateStackCommand({ StackName: 'builder-application', TemplateBody: text('builder-application-3.yml'), Capabilities: caps }));
  await emu.settled();
  await sfn.send(new StartExecutionCommand({ stateMachineArn: arn }));
  await emu.settled();
  await cfn.send(new DeleteStackCommand({ StackName: 'builder-application' }));
  await iam.send(new DeletePolicyCommand({ PolicyArn: `arn:aws:iam::${account}:policy/application_policies/sneaky-policy` }));
  await emu.settled();
  await new CloudFormationClient(admin).send(new DeleteStackCommand({ StackName: 'builder-iam' }));
  await emu.settled();
  return performance.now() - t0;
}

async function shellFlow(): Promise<number> {
  const emu = createEmulator({ pace: 0, providers: sandboxProviders({ lambdaRuntime: runtime }) });
  await emu.ready;
  const labs = Object.fromEntries(templateFiles.map((f) => [f, text(f)]));
  const sandbox = await Sandbox.open({ target: { emulator: emu }, labs, sleep: async () => {} });
  const t0 = performance.now();
  for (const step of lab.steps) for (const c of step.commands) {
    await sandbox.run(c.run);
    await emu.settled();
  }
  return performance.now() - t0;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
try {
  const cold = await sdkFlow();
  const sdk: number[] = [];
  for (let i = 0; i < 5; i++) sdk.push(await sdkFlow());
  const shell: number[] = [];
  for (let i = 0; i < 3; i++) shell.push(await shellFlow());
  console.log(JSON.stringify({
    metric: 'workshop.sdk_flow_in_process_ms',
    value: Math.round(median(sdk)),
    unit: 'ms',
    goal: '< 500',
    comparison: { firstRunWithColdLambdaMs: Math.round(cold), sameFlowTypedIntoTheShellMs: Math.round(median(shell)) },
  }));
} finally {
  await runtime.close();
}
