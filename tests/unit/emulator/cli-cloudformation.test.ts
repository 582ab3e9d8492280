/**
 * Conformance with the real AWS CLI v1 against `bin/sandbox.ts` (at a small pace, so stack operations run in the
 * background as they do for a learner): change sets, UpdateStack riding the stack's service role with no
 * iam:PassRole, failed handlers that end in DELETE_FAILED / ROLLBACK_FAILED while the sandbox keeps answering, and
 * a resource type the sandbox does not model, authorized first.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireTool } from '../../support/referee';
import { allow, aws, cliError, envFor, startSandbox, stopCli, type SandboxProcess } from './harness';

const A = '123456789012';
const TRUST_CFN = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'cloudformation.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
const LOGS = (...names: string[]) => JSON.stringify({
  Resources: Object.fromEntries(names.map((n) => [n, { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: `cli-${n.toLowerCase()}` } }])),
});

describe.skipIf(!requireTool('aws'))('AWS CLI v1 against the sandbox: CloudFormation change sets and failures', () => {
  let sb: SandboxProcess;
  let stderr = '';
  const cli = async (args: string[], env: Record<string, string> = {}) => {
    const r = await aws(sb, args, env);
    expect(r.status, `aws ${args.join(' ')}\n${r.stderr}`).toBe(0);
    return r;
  };
  const fails = async (args: string[], code: string, message?: string | RegExp, env: Record<string, string> = {}) => {
    const r = await aws(sb, args, env);
    expect(r.status, r.stdout).not.toBe(0);
    const e = cliError(r);
    expect(e, r.stderr).toBeDefined();
    expect(e!.code).toBe(code);
    if (typeof message === 'string') expect(e!.message).toBe(message);
    else if (message) expect(e!.message).toMatch(message);
    return e!;
  };
  /** A user with these permissions and an access key, as the CLI's environment. */
  const user = async (name: string, actions: string[]) => {
    await cli(['iam', 'create-user', '--user-name', name]);
    await cli(['iam', 'put-user-policy', '--user-name', name, '--policy-name', 'p', '--policy-document', allow(actions)]);
    return envFor((await cli(['iam', 'create-access-key', '--user-name', name])).json.AccessKey);
  };
  const status = async (stack: string) => (await cli(['cloudformation', 'describe-stacks', '--stack-name', stack])).json.Stacks[0];
  const settle = async (stack: string) => {
    for (let i = 0; i < 200; i++) {
      const s = await status(stack);
      if (!s.StackStatus.endsWith('_IN_PROGRESS') || s.StackStatus === 'REVIEW_IN_PROGRESS') return s;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`${stack} never settled`);
  };

  beforeAll(async () => {
    sb = await startSandbox(['--pace', '0.02']);
    sb.child.stderr!.on('data', (d) => (stderr += d));
    await cli(['iam', 'create-role', '--role-name', 'cfn-admin', '--assume-role-policy-document', TRUST_CFN]);
    await cli(['iam', 'attach-role-policy', '--role-name', 'cfn-admin', '--policy-arn', 'arn:aws:iam::aws:policy/AdministratorAccess']);
  });
  afterAll(async () => {
    stopCli();
    await sb?.stop();
  });

  it('change sets: create, wait, describe, list, execute, and the errors AWS gives', async () => {
    const made = (await cli(['cloudformation', 'create-change-set', '--stack-name', 'cs-app', '--change-set-name', 'first', '--change-set-type', 'CREATE', '--template-body', LOGS('A')])).json;
    expect(made.Id).toMatch(new RegExp(`^arn:aws:cloudformation:us-east-1:${A}:changeSet/first/`));
    await cli(['cloudformation', 'wait', 'change-set-create-complete', '--change-set-name', made.Id]);
    expect((await status('cs-app')).StackStatus).toBe('REVIEW_IN_PROGRESS');
    const described = (await cli(['cloudformation', 'describe-change-set', '--stack-name', 'cs-app', '--change-set-name', 'first'])).json;
    expect(described).toMatchObject({ Status: 'CREATE_COMPLETE', ExecutionStatus: 'AVAILABLE', Changes: [{ Type: 'Resource', ResourceChange: { Action: 'Add', LogicalResourceId: 'A' } }] });
    await cli(['cloudformation', 'execute-change-set', '--change-set-name', made.Id]);
    expect((await settle('cs-app')).StackStatus).toBe('CREATE_COMPLETE');
    await cli(['cloudformation', 'create-change-set', '--stack-name', 'cs-app', '--change-set-name', 'same', '--use-previous-template']);
    const same = (await cli(['cloudformation', 'describe-change-set', '--stack-name', 'cs-app', '--change-set-name', 'same'])).json;
    expect(same).toMatchObject({ Status: 'FAILED', ExecutionStatus: 'UNAVAILABLE', StatusReason: "The submitted information didn't contain changes. Submit different information to create a change set." });
    await fails(['cloudformation', 'execute-change-set', '--stack-name', 'cs-app', '--change-set-name', 'same'], 'InvalidChangeSetStatus', `ChangeSet [${same.ChangeSetId}] cannot be executed in its current status of [FAILED]`);
    await fails(['cloudformation', 'describe-change-set', '--stack-name', 'cs-app', '--change-set-name', 'nope'], 'ChangeSetNotFound', 'ChangeSet [nope] does not exist');
    await fails(['cloudformation', 'create-change-set', '--stack-name', 'nope', '--change-set-name', 'x', '--template-body', LOGS('A')], 'ValidationError', 'Stack [nope] does not exist');
    expect((await cli(['cloudformation', 'list-change-sets', '--stack-name', 'cs-app'])).json.Summaries.map((s: any) => `${s.ChangeSetName} ${s.ExecutionStatus}`)).toEqual(['first EXECUTE_COMPLETE', 'same UNAVAILABLE']);
    await cli(['cloudformation', 'delete-change-set', '--stack-name', 'cs-app', '--change-set-name', 'same']);
    expect((await cli(['cloudformation', 'list-change-sets', '--stack-name', 'cs-app'])).json.Summaries.map((s: any) => s.ChangeSetName)).toEqual(['first']);
  });

  it("UpdateStack and change sets without a role ride the stack's service role; the rider needs no iam:PassRole", async () => {
    await cli(['cloudformation', 'create-stack', '--stack-name', 'platform', '--template-body', LOGS('P'), '--role-arn', `arn:aws:iam::${A}:role/cfn-admin`]);
    await settle('platform');
    const rider = await user('rider', ['cloudformation:UpdateStack', 'cloudformation:DescribeStacks', 'cloudformation:CreateChangeSet', 'cloudformation:ExecuteChangeSet', 'cloudformation:DescribeChangeSet']);
    // The rider may not create roles itself, nor pass the stack's role …
    await fails(['iam', 'create-role', '--role-name', 'escalated', '--assume-role-policy-document', TRUST_CFN], 'AccessDenied', undefined, rider);
    await fails(['cloudformation', 'update-stack', '--stack-name', 'platform', '--template-body', LOGS('P', 'Q'), '--role-arn', `arn:aws:iam::${A}:role/cfn-admin`], 'AccessDenied',
      `User: arn:aws:iam::${A}:user/rider is not authorized to perform: iam:PassRole on resource: arn:aws:iam::${A}:role/cfn-admin because no identity-based policy allows the iam:PassRole action`, rider);
    // … but without --role-arn CloudFormation uses the stack's role, and the role makes what the rider asks for.
    const escalated = JSON.stringify({ Resources: {
      P: { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: 'cli-p' } },
      Admin: { Type: 'AWS::IAM::Role', Properties: { RoleName: 'escalated', AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:user/rider` }, Action: 'sts:AssumeRole' }] }, ManagedPolicyArns: ['arn:aws:iam::aws:policy/AdministratorAccess'] } },
    } });
    await cli(['cloudformation', 'update-stack', '--stack-name', 'platform', '--template-body', escalated, '--capabilities', 'CAPABILITY_NAMED_IAM'], rider);
    expect((await settle('platform')).StackStatus).toBe('UPDATE_COMPLETE');
    expect((await cli(['iam', 'list-attached-role-policies', '--role-name', 'escalated'])).json.AttachedPolicies.map((p: any) => p.PolicyName)).toEqual(['AdministratorAccess']);
    await cli(['cloudformation', 'create-change-set', '--stack-name', 'platform', '--change-set-name', 'ride', '--template-body', LOGS('P'), '--capabilities', 'CAPABILITY_NAMED_IAM'], rider);
    await cli(['cloudformation', 'execute-change-set', '--stack-name', 'platform', '--change-set-name', 'ride'], rider);
    expect((await settle('platform')).StackStatus).toBe('UPDATE_COMPLETE');
    await fails(['iam', 'get-role', '--role-name', 'escalated'], 'NoSuchEntity');
  });

  it('a delete the caller may not finish ends DELETE_FAILED with the handler message, and the sandbox keeps answering', async () => {
    const template = JSON.stringify({ Resources: { R: { Type: 'AWS::IAM::Role', Properties: { RoleName: 'kept', AssumeRolePolicyDocument: JSON.parse(TRUST_CFN), ManagedPolicyArns: ['arn:aws:iam::aws:policy/ReadOnlyAccess'] } } } });
    await cli(['cloudformation', 'create-stack', '--stack-name', 'keeper', '--template-body', template, '--capabilities', 'CAPABILITY_NAMED_IAM']);
    expect((await settle('keeper')).StackStatus).toBe('CREATE_COMPLETE');
    const deleter = await user('deleter', ['cloudformation:DeleteStack', 'cloudformation:DescribeStacks', 'iam:DeleteRole']);
    await cli(['cloudformation', 'delete-stack', '--stack-name', 'keeper'], deleter);
    const s = await settle('keeper');
    expect(s).toMatchObject({ StackStatus: 'DELETE_FAILED', StackStatusReason: 'The following resource(s) failed to delete: [R]. ' });
    const events = (await cli(['cloudformation', 'describe-stack-events', '--stack-name', 'keeper'])).json.StackEvents;
    expect(events.find((e: any) => e.ResourceStatus === 'DELETE_FAILED' && e.LogicalResourceId === 'R').ResourceStatusReason).toMatch(
      new RegExp(`^Resource handler returned message: "User: arn:aws:iam::${A}:user/deleter is not authorized to perform: iam:DetachRolePolicy on resource: role kept because no identity-based policy allows the iam:DetachRolePolicy action \\(Service: Iam, Status Code: 403, Request ID: [^)]+\\)" \\(RequestToken: [0-9a-f-]+, HandlerErrorCode: AccessDenied\\)$`),
    );
    expect((await cli(['iam', 'get-role', '--role-name', 'kept'])).json.Role.RoleName).toBe('kept');
    expect((await cli(['sts', 'get-caller-identity'])).json.Account).toBe(A);
    expect(sb.child.exitCode).toBeNull();
    // The administrator finishes the delete.
    await cli(['cloudformation', 'delete-stack', '--stack-name', 'keeper']);
    expect((await settle(s.StackId)).StackStatus).toBe('DELETE_COMPLETE');
    await fails(['iam', 'get-role', '--role-name', 'kept'], 'NoSuchEntity');
  });

  it('a create whose rollback may not delete what it made ends ROLLBACK_FAILED, and the sandbox keeps answering', async () => {
    const builder = await user('builder', ['cloudformation:CreateStack', 'cloudformation:DescribeStacks', 'cloudformation:DescribeStackEvents', 'logs:CreateLogGroup']);
    const template = JSON.stringify({ Resources: {
      G: { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: 'cli-orphan' } },
      R: { Type: 'AWS::IAM::Role', DependsOn: 'G', Properties: { AssumeRolePolicyDocument: JSON.parse(TRUST_CFN) } },
    } });
    await cli(['cloudformation', 'create-stack', '--stack-name', 'orphaner', '--template-body', template, '--capabilities', 'CAPABILITY_IAM'], builder);
    const s = await settle('orphaner');
    expect(s).toMatchObject({ StackStatus: 'ROLLBACK_FAILED', StackStatusReason: 'The following resource(s) failed to delete: [G]. ' });
    expect((await cli(['sts', 'get-caller-identity'])).json.Account).toBe(A);
    expect(stderr).not.toMatch(/unhandled|uncaught/i);
  });

  it('an unmodelled type authorizes its create call first: AccessDenied in the handler message, else not supported', async () => {
    const queue = JSON.stringify({ Resources: { Q: { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'cli-jobs' } } } });
    const queuer = await user('queuer', ['cloudformation:CreateStack', 'cloudformation:DescribeStacks', 'cloudformation:DescribeStackEvents']);
    await cli(['cloudformation', 'create-stack', '--stack-name', 'queue-denied', '--template-body', queue], queuer);
    expect((await settle('queue-denied')).StackStatus).toBe('ROLLBACK_COMPLETE');
    const denied = (await cli(['cloudformation', 'describe-stack-events', '--stack-name', 'queue-denied'])).json.StackEvents.find((e: any) => e.ResourceStatus === 'CREATE_FAILED');
    expect(denied.ResourceStatusReason).toMatch(new RegExp(`^Resource handler returned message: "User: arn:aws:iam::${A}:user/queuer is not authorized to perform: sqs:CreateQueue on resource: arn:aws:sqs:us-east-1:${A}:cli-jobs because no identity-based policy allows the sqs:CreateQueue action \\(Service: Sqs, Status Code: 403, Request ID: [^)]+\\)" \\(RequestToken: [0-9a-f-]+, HandlerErrorCode: AccessDenied\\)$`));
    await cli(['cloudformation', 'create-stack', '--stack-name', 'queue-allowed', '--template-body', queue]);
    expect((await settle('queue-allowed')).StackStatus).toBe('ROLLBACK_COMPLETE');
    const refused = (await cli(['cloudformation', 'describe-stack-events', '--stack-name', 'queue-allowed'])).json.StackEvents.find((e: any) => e.ResourceStatus === 'CREATE_FAILED');
    expect(refused.ResourceStatusReason).toMatch(/^Resource type AWS::SQS::Queue is not supported by the sandbox\./);
  });

  it('an update whose rollback the caller may not make ends UPDATE_ROLLBACK_FAILED; continue-update-rollback finishes it', async () => {
    await cli(['iam', 'create-role', '--role-name', 'cli-target', '--assume-role-policy-document', TRUST_CFN]);
    const policy = (action: string) => JSON.stringify({ Resources: { P: { Type: 'AWS::IAM::Policy', Properties: {
      PolicyName: 'p', Roles: ['cli-target'], PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }] },
    } } } });
    await cli(['cloudformation', 'create-stack', '--stack-name', 'rolling', '--template-body', policy('s3:GetObject'), '--capabilities', 'CAPABILITY_IAM']);
    expect((await settle('rolling')).StackStatus).toBe('CREATE_COMPLETE');
    const updater = await user('updater', ['cloudformation:UpdateStack', 'cloudformation:ContinueUpdateRollback']);
    await cli(['cloudformation', 'update-stack', '--stack-name', 'rolling', '--template-body', policy('s3:PutObject'), '--capabilities', 'CAPABILITY_IAM'], updater);
    expect(await settle('rolling')).toMatchObject({ StackStatus: 'UPDATE_ROLLBACK_FAILED', StackStatusReason: 'The following resource(s) failed to update: [P]. ' });
    await fails(['cloudformation', 'update-stack', '--stack-name', 'rolling', '--use-previous-template', '--capabilities', 'CAPABILITY_IAM'], 'ValidationError', /is in UPDATE_ROLLBACK_FAILED state and can not be updated\.$/);
    // The updater's second try fails the same way; the administrator's finishes the rollback.
    await cli(['cloudformation', 'continue-update-rollback', '--stack-name', 'rolling'], updater);
    expect((await settle('rolling')).StackStatus).toBe('UPDATE_ROLLBACK_FAILED');
    await cli(['cloudformation', 'continue-update-rollback', '--stack-name', 'rolling']);
    expect((await settle('rolling')).StackStatus).toBe('UPDATE_ROLLBACK_COMPLETE');
    const doc = (await cli(['iam', 'get-role-policy', '--role-name', 'cli-target', '--policy-name', 'p'])).json.PolicyDocument;
    expect(doc.Statement[0].Action).toBe('s3:GetObject');
    await fails(['cloudformation', 'continue-update-rollback', '--stack-name', 'rolling'], 'ValidationError', /is in UPDATE_ROLLBACK_COMPLETE state and can not continue update rollback\.$/);
  });
});
