import { describe, it, expect } from 'vitest';
import { IAMClient, GetRoleCommand, CreateRoleCommand } from '@aws-sdk/client-iam';
import { STSClient, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { createEmulator } from '../../emulator/index';
import { inProcessRequestHandler } from '../../emulator/sdk';
import { Sandbox } from '../sandbox';
import { createLabBridge } from './lab-bridge';
import { remoteTarget, type LabOp } from '../../lab-runtime/remote';

async function setup() {
  const emulator = createEmulator({ pace: 0 });
  await emulator.ready;
  const sandbox = await Sandbox.open({ target: { emulator }, labs: {} });
  const bridge = createLabBridge(emulator, () => sandbox);
  // Through structured cloning, as postMessage would carry it.
  const call = async (op: LabOp) => structuredClone(await bridge(structuredClone(op)));
  return { emulator, sandbox, call };
}

describe('the lab bridge between the page and the sandbox worker', () => {
  it('carries signed SDK calls to the gateway and back', async () => {
    const { emulator, call } = await setup();
    const config = { region: 'us-east-1', credentials: emulator.adminCredentials, endpoint: 'http://sandbox.boundary-lab.internal', requestHandler: inProcessRequestHandler(remoteTarget(call)) };
    const me = await new STSClient(config).send(new GetCallerIdentityCommand({}));
    expect(me.Arn).toBe('arn:aws:iam::123456789012:user/admin');
    await expect(new IAMClient(config).send(new GetRoleCommand({ RoleName: 'nope' }))).rejects.toMatchObject({ name: 'NoSuchEntityException' });
  });

  it("reports the terminal's identity from the shell's exported variables", async () => {
    const { emulator, sandbox, call } = await setup();
    expect(((await call({ op: 'identity' })) as any).terminal.accessKeyId).toBe(emulator.adminCredentials.accessKeyId);
    await sandbox.run('export AWS_ACCESS_KEY_ID=ASIAEXAMPLE AWS_SECRET_ACCESS_KEY=s AWS_SESSION_TOKEN=t');
    expect(((await call({ op: 'identity' })) as any).terminal).toEqual({ accessKeyId: 'ASIAEXAMPLE', secretAccessKey: 's', sessionToken: 't' });
  });

  it("explains the terminal's last denied call", async () => {
    const { emulator, sandbox, call } = await setup();
    expect(await call({ op: 'explainLast' })).toBeUndefined();
    // A user with no policies: creating a role is denied because no identity-based policy allows it.
    const admin = new IAMClient(emulator.sdkConfig() as any);
    await admin.send(new CreateRoleCommand({ RoleName: 'x', AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: '123456789012' }, Action: 'sts:AssumeRole' }] }) }));
    const r = await sandbox.run(`aws iam create-user --user-name nobody >/dev/null && aws iam create-access-key --user-name nobody > key.json && export AWS_ACCESS_KEY_ID=$(jq -r .AccessKey.AccessKeyId key.json) AWS_SECRET_ACCESS_KEY=$(jq -r .AccessKey.SecretAccessKey key.json) && aws iam delete-role --role-name x`);
    expect(r.exitCode).not.toBe(0);
    const e = (await call({ op: 'explainLast' })) as any;
    expect(e).toMatchObject({ action: 'iam:DeleteRole', decision: 'ImplicitDeny', region: 'outside-identity' });
    expect(e.sentence).toContain('because no identity-based policy allows the iam:DeleteRole action');
  });
});
