/** Lambda through the gateway with SDK v3 (restJson1): the response shapes and headers the CLI reads. */
import { CreateRoleCommand, CreateUserCommand, CreateAccessKeyCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import {
  AddPermissionCommand,
  CreateFunctionCommand,
  DeleteFunctionCommand,
  GetFunctionCommand,
  GetPolicyCommand,
  InvokeCommand,
  LambdaClient,
  ListFunctionsCommand,
  ListTagsCommand,
  RemovePermissionCommand,
  TagResourceCommand,
  UpdateFunctionConfigurationCommand,
} from '@aws-sdk/client-lambda';
import { strToU8, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmulator, type Credentials, type Emulator } from '../../index';
import { createNodeLambdaRuntime } from '../../lambda-runtime/node/runtime';
import { logsProvider } from '../logs/provider';
import { createLambdaProvider } from './provider';

const runtime = createNodeLambdaRuntime();
let emu: Emulator;
// The SDK's config types do not accept the emulator's requestHandler type as declared; it is one at runtime.
const sdk = (credentials?: Credentials): any => emu.sdkConfig(credentials);
let roleArn: string;
beforeAll(async () => {
  emu = createEmulator({ pace: 0, providers: [createLambdaProvider({ runtime }), logsProvider] });
  await emu.ready;
  const { Role } = await new IAMClient(sdk()).send(
    new CreateRoleCommand({
      RoleName: 'fn-role',
      AssumeRolePolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
      }),
    }),
  );
  roleArn = Role!.Arn!;
});
afterAll(() => runtime.close());

const zip = (code: string) => zipSync({ 'index.js': strToU8(code) });

describe('lambda through SDK v3', () => {
  it('creates, reads, invokes, permits, tags and deletes', async () => {
    const lambda = new LambdaClient(sdk());
    const created = await lambda.send(
      new CreateFunctionCommand({
        FunctionName: 'sdk-fn',
        Runtime: 'nodejs20.x',
        Role: roleArn,
        Handler: 'index.handler',
        Code: { ZipFile: zip(`exports.handler = async (e) => { if (e.fail) throw new TypeError('bad input'); return { ok: e.n }; };`) },
      }),
    );
    expect(created.FunctionArn).toBe(`arn:aws:lambda:us-east-1:${emu.accountId}:function:sdk-fn`);
    await expect(
      lambda.send(
        new CreateFunctionCommand({ FunctionName: 'sdk-fn', Runtime: 'nodejs20.x', Role: roleArn, Handler: 'index.handler', Code: { ZipFile: zip('') } }),
      ),
    ).rejects.toMatchObject({ name: 'ResourceConflictException', message: 'Function already exist: sdk-fn', $metadata: { httpStatusCode: 409 } });

    const got = await lambda.send(new GetFunctionCommand({ FunctionName: 'sdk-fn' }));
    expect(got.Configuration).toMatchObject({ State: 'Active', Runtime: 'nodejs20.x', Timeout: 3 });
    expect((await lambda.send(new ListFunctionsCommand({}))).Functions!.map((f) => f.FunctionName)).toEqual(['sdk-fn']);

    const ok = await lambda.send(
      new InvokeCommand({ FunctionName: 'sdk-fn', Payload: strToU8('{"n":1}'), LogType: 'Tail' }),
    );
    expect(ok).toMatchObject({ StatusCode: 200, ExecutedVersion: '$LATEST' });
    expect(ok.FunctionError).toBeUndefined();
    expect(new TextDecoder().decode(ok.Payload)).toBe('{"ok":1}');
    expect(atob(ok.LogResult!)).toMatch(/REPORT RequestId: \S+\tDuration: /);

    const failed = await lambda.send(new InvokeCommand({ FunctionName: 'sdk-fn', Payload: strToU8('{"fail":true}') }));
    expect(failed.FunctionError).toBe('Unhandled');
    expect(JSON.parse(new TextDecoder().decode(failed.Payload))).toMatchObject({ errorType: 'TypeError', errorMessage: 'bad input' });
    expect((await lambda.send(new InvokeCommand({ FunctionName: 'sdk-fn', InvocationType: 'Event' }))).StatusCode).toBe(202);
    expect((await lambda.send(new InvokeCommand({ FunctionName: 'sdk-fn', InvocationType: 'DryRun' }))).StatusCode).toBe(204);
    await emu.settled();

    const { Statement } = await lambda.send(
      new AddPermissionCommand({
        FunctionName: 'sdk-fn',
        StatementId: 'sfn',
        Action: 'lambda:InvokeFunction',
        Principal: 'states.amazonaws.com',
        SourceAccount: emu.accountId,
      }),
    );
    expect(JSON.parse(Statement!).Condition).toEqual({ StringEquals: { 'AWS:SourceAccount': emu.accountId } });
    const policy = JSON.parse((await lambda.send(new GetPolicyCommand({ FunctionName: 'sdk-fn' }))).Policy!);
    expect(policy.Statement.map((s: { Sid: string }) => s.Sid)).toEqual(['sfn']);
    await lambda.send(new RemovePermissionCommand({ FunctionName: 'sdk-fn', StatementId: 'sfn' }));
    await expect(lambda.send(new GetPolicyCommand({ FunctionName: 'sdk-fn' }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });

    await lambda.send(new TagResourceCommand({ Resource: created.FunctionArn, Tags: { team: 'builders' } }));
    expect((await lambda.send(new ListTagsCommand({ Resource: created.FunctionArn }))).Tags).toEqual({ team: 'builders' });
    const conf = await lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'sdk-fn', MemorySize: 256 }));
    expect(conf.MemorySize).toBe(256);

    await lambda.send(new DeleteFunctionCommand({ FunctionName: 'sdk-fn' }));
    await expect(lambda.send(new GetFunctionCommand({ FunctionName: 'sdk-fn' }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      message: `Function not found: arn:aws:lambda:us-east-1:${emu.accountId}:function:sdk-fn`,
      $metadata: { httpStatusCode: 404 },
    });
  });

  it('denies CreateFunction to a user without iam:PassRole, in the IAM engine’s words', async () => {
    const iam = new IAMClient(sdk());
    await iam.send(new CreateUserCommand({ UserName: 'dev' }));
    await iam.send(
      new PutUserPolicyCommand({
        UserName: 'dev',
        PolicyName: 'lambda-only',
        PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'lambda:*', Resource: '*' }] }),
      }),
    );
    const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: 'dev' }));
    const dev = new LambdaClient(sdk({ accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! }));
    await expect(
      dev.send(
        new CreateFunctionCommand({ FunctionName: 'dev-fn', Runtime: 'nodejs22.x', Role: roleArn, Handler: 'index.handler', Code: { ZipFile: zip('') } }),
      ),
    ).rejects.toMatchObject({
      name: 'AccessDeniedException',
      message: `User: arn:aws:iam::${emu.accountId}:user/dev is not authorized to perform: iam:PassRole on resource: ${roleArn} because no identity-based policy allows the iam:PassRole action`,
    });
  });
});
