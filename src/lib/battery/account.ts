/**
 * The seeded account the battery attacks: what real accounts have (an administrator-made role with broad
 * permissions and a function running as it, a stack created with a powerful service role, a role that trusts the
 * account, privileged users and a group, a bucket the builder must never read), then the builder model deployed
 * by the administrator, and the builder's session. Made once per run; every technique gets a fresh copy.
 */
import { CloudFormationClient, CreateStackCommand, DescribeStackEventsCommand, DescribeStacksCommand, ListStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import {
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  AttachRolePolicyCommand,
  AttachUserPolicyCommand,
  CreateGroupCommand,
  CreateLoginProfileCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
  PutRolePolicyCommand,
  UpdateAssumeRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { CreateFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { zipInlineCode } from '../emulator/cloudformation/resources/zip';
import type { Emulator } from '../emulator';
import type { AccountNames, AttackEnv } from './attack';
import { BatteryInputError, checkTemplate, grantedPath, requiredBoundaryArns, splitPolicyArn, type BuilderModel, type BuilderPolicy, type PolicyDocument } from './model';

export const ADMIN_POLICY = 'arn:aws:iam::aws:policy/AdministratorAccess';

export const NAMES: AccountNames = {
  privilegedRole: 'platform-automation',
  privilegedFunction: 'platform-janitor',
  stackRole: 'cloudformation-deployer',
  stack: 'platform-network',
  trustingRole: 'break-glass',
  adminUser: 'alice',
  plainUser: 'bob',
  adminGroup: 'platform-admins',
  protectedBucket: 'crown-jewels',
  protectedKey: 'secret.txt',
  canaryUser: 'battery-canary',
};

const trust = (principal: Record<string, string | string[]>): string =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole' }] });

export const STACK_TEMPLATE = JSON.stringify({
  AWSTemplateFormatVersion: '2010-09-09',
  Description: 'The platform team\'s log group, deployed with a powerful service role',
  Resources: { Logs: { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: '/platform/network' } } },
});

const JANITOR_CODE = `exports.handler = async () => ({ swept: 0 });`;

/** The administrator's own resources: made before the builder model exists, as in a real account. */
async function seedPlatform(emu: Emulator) {
  const admin = emu.sdkConfig();
  const iam = new IAMClient(admin);
  const account = emu.accountId;
  const roleArn = (n: string) => `arn:aws:iam::${account}:role/${n}`;
  await iam.send(new CreateRoleCommand({ RoleName: NAMES.privilegedRole, AssumeRolePolicyDocument: trust({ Service: ['lambda.amazonaws.com', 'states.amazonaws.com'] }), Description: 'Runs the platform team\'s automation' }));
  await iam.send(new AttachRolePolicyCommand({ RoleName: NAMES.privilegedRole, PolicyArn: ADMIN_POLICY }));
  await iam.send(new CreateRoleCommand({ RoleName: NAMES.stackRole, AssumeRolePolicyDocument: trust({ Service: 'cloudformation.amazonaws.com' }) }));
  await iam.send(new AttachRolePolicyCommand({ RoleName: NAMES.stackRole, PolicyArn: ADMIN_POLICY }));
  await iam.send(new CreateRoleCommand({ RoleName: NAMES.trustingRole, AssumeRolePolicyDocument: trust({ AWS: `arn:aws:iam::${account}:root` }) }));
  await iam.send(new AttachRolePolicyCommand({ RoleName: NAMES.trustingRole, PolicyArn: ADMIN_POLICY }));
  await iam.send(new CreateUserCommand({ UserName: NAMES.adminUser }));
  await iam.send(new AttachUserPolicyCommand({ UserName: NAMES.adminUser, PolicyArn: ADMIN_POLICY }));
  await iam.send(new CreateLoginProfileCommand({ UserName: NAMES.adminUser, Password: 'Correct-Horse-Battery-9' }));
  await iam.send(new CreateUserCommand({ UserName: NAMES.plainUser }));
  await iam.send(new CreateGroupCommand({ GroupName: NAMES.adminGroup }));
  await iam.send(new AttachGroupPolicyCommand({ GroupName: NAMES.adminGroup, PolicyArn: ADMIN_POLICY }));
  await iam.send(new AddUserToGroupCommand({ GroupName: NAMES.adminGroup, UserName: NAMES.adminUser }));
  await iam.send(new CreateGroupCommand({ GroupName: 'readers' }));
  await iam.send(new AddUserToGroupCommand({ GroupName: 'readers', UserName: NAMES.plainUser }));
  await iam.send(new CreateRoleCommand({ RoleName: 'audit-reader', AssumeRolePolicyDocument: trust({ AWS: `arn:aws:iam::${account}:root` }), Description: 'Read-only auditors (no policies yet)' }));
  await new LambdaClient(admin).send(
    new CreateFunctionCommand({ FunctionName: NAMES.privilegedFunction, Runtime: 'nodejs22.x', Handler: 'index.handler', Role: roleArn(NAMES.privilegedRole), Code: { ZipFile: zipInlineCode(JANITOR_CODE, 'nodejs22.x') } }),
  );
  await new CloudFormationClient(admin).send(new CreateStackCommand({ StackName: NAMES.stack, TemplateBody: STACK_TEMPLATE, RoleARN: roleArn(NAMES.stackRole) }));
  const s3 = new S3Client({ ...admin, forcePathStyle: true });
  await s3.send(new CreateBucketCommand({ Bucket: bucketName(account) }));
  await s3.send(new PutObjectCommand({ Bucket: bucketName(account), Key: NAMES.protectedKey, Body: 'the data no builder may read' }));
  await emu.settled();
}

export const bucketName = (account: string) => `${NAMES.protectedBucket}-${account}`;

/** The model as plain IAM calls (the policy-files input, and every re-run with a fix). */
async function deployModel(emu: Emulator, m: BuilderModel) {
  const iam = new IAMClient(emu.sdkConfig());
  const fail = (what: string, op: string) => (e: any): never => {
    throw new BatteryInputError(`${what}: An error occurred (${e?.name}) when calling the ${op} operation: ${e?.message}`);
  };
  if (m.boundary) {
    await iam.send(new CreatePolicyCommand({ PolicyName: m.boundary.name, Path: m.boundary.path, PolicyDocument: JSON.stringify(m.boundary.document) })).catch(fail('boundary', 'CreatePolicy'));
  }
  await iam
    .send(new CreateRoleCommand({ RoleName: m.builderRole.name, Path: m.builderRole.path, AssumeRolePolicyDocument: JSON.stringify(m.builderRole.trust), ...(m.builderBoundaryArn ? { PermissionsBoundary: m.builderBoundaryArn } : {}) }))
    .catch(fail('builder role', 'CreateRole'));
  for (const p of m.policies) {
    const doc = JSON.stringify(p.document);
    if (p.kind === 'inline') await iam.send(new PutRolePolicyCommand({ RoleName: m.builderRole.name, PolicyName: p.name, PolicyDocument: doc })).catch(fail(`builder policy ${p.name}`, 'PutRolePolicy'));
    else {
      const created = await iam.send(new CreatePolicyCommand({ PolicyName: p.name, Path: p.path, PolicyDocument: doc })).catch(fail(`builder policy ${p.name}`, 'CreatePolicy'));
      await iam.send(new AttachRolePolicyCommand({ RoleName: m.builderRole.name, PolicyArn: created.Policy!.Arn }));
    }
  }
  for (const arn of m.awsManagedPolicyArns) await iam.send(new AttachRolePolicyCommand({ RoleName: m.builderRole.name, PolicyArn: arn }));
}

/** The template deployed by the administrator as the blog deploys builder-iam, then the model read back from IAM. */
async function deployTemplate(emu: Emulator, text: string, name: string, builderRole?: string): Promise<BuilderModel> {
  const { roleLogicalId } = checkTemplate(text, name, builderRole);
  const cfn = new CloudFormationClient(emu.sdkConfig());
  const stackName = 'builder-model';
  try {
    await cfn.send(new CreateStackCommand({ StackName: stackName, TemplateBody: text, Capabilities: ['CAPABILITY_NAMED_IAM', 'CAPABILITY_AUTO_EXPAND'] }));
  } catch (e: any) {
    throw new BatteryInputError(`${name}: An error occurred (${e?.name}) when calling the CreateStack operation: ${e?.message}`);
  }
  await emu.settled();
  const stack = (await cfn.send(new DescribeStacksCommand({ StackName: stackName }))).Stacks![0];
  if (stack.StackStatus !== 'CREATE_COMPLETE') {
    const events = (await cfn.send(new DescribeStackEventsCommand({ StackName: stackName }))).StackEvents ?? [];
    const failed = events.filter((e) => e.ResourceStatus === 'CREATE_FAILED' && e.ResourceStatusReason).reverse();
    const reasons = failed.map((e) => `${e.LogicalResourceId}: ${e.ResourceStatusReason}`).join('; ');
    throw new BatteryInputError(`${name}: the stack did not deploy (${stack.StackStatus}): ${reasons || stack.StackStatusReason || 'no reason given'}`);
  }
  const resources = (await cfn.send(new ListStackResourcesCommand({ StackName: stackName }))).StackResourceSummaries ?? [];
  const roleName = resources.find((r) => r.LogicalResourceId === roleLogicalId)!.PhysicalResourceId!;
  return readModel(emu, roleName, name);
}

/** What IAM holds for the builder role: its policies' default versions, its trust policy, its boundary. */
export async function readModel(emu: Emulator, roleName: string, source: string): Promise<BuilderModel> {
  const iam = new IAMClient(emu.sdkConfig());
  const role = (await iam.send(new GetRoleCommand({ RoleName: roleName }))).Role!;
  const policies: BuilderPolicy[] = [];
  const awsManaged: string[] = [];
  const awsManagedPolicies: { arn: string; document: PolicyDocument }[] = [];
  for (const a of (await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: roleName }))).AttachedPolicies ?? []) {
    if (a.PolicyArn!.startsWith('arn:aws:iam::aws:')) {
      awsManaged.push(a.PolicyArn!);
      awsManagedPolicies.push({ arn: a.PolicyArn!, document: (await managedPolicy(iam, a.PolicyArn!)).document });
      continue;
    }
    policies.push({ kind: 'managed', ...(await managedPolicy(iam, a.PolicyArn!)) });
  }
  for (const name of (await iam.send(new ListRolePoliciesCommand({ RoleName: roleName }))).PolicyNames ?? []) {
    const got = await iam.send(new GetRolePolicyCommand({ RoleName: roleName, PolicyName: name }));
    policies.push({ kind: 'inline', name, path: '', document: JSON.parse(decodeURIComponent(got.PolicyDocument!)) });
  }
  const docs = policies.map((p) => p.document);
  const required = requiredBoundaryArns(docs).find((a) => splitPolicyArn(a));
  let boundary: BuilderModel['boundary'];
  if (required) {
    const found = await managedPolicy(iam, required).catch(() => undefined);
    if (found) boundary = found;
  }
  return {
    accountId: emu.accountId,
    source,
    builderRole: { name: role.RoleName!, path: role.Path!, trust: JSON.parse(decodeURIComponent(role.AssumeRolePolicyDocument!)) },
    policies,
    awsManagedPolicyArns: awsManaged,
    awsManagedPolicies,
    ...(role.PermissionsBoundary?.PermissionsBoundaryArn ? { builderBoundaryArn: role.PermissionsBoundary.PermissionsBoundaryArn } : {}),
    ...(boundary ? { boundary } : {}),
    rolePath: grantedPath(docs, 'iam:CreateRole', 'role', '/application_roles/'),
    policyPath: grantedPath(docs, 'iam:CreatePolicy', 'policy', '/application_policies/'),
  };
}

async function managedPolicy(iam: IAMClient, arn: string): Promise<{ name: string; path: string; document: PolicyDocument }> {
  const p = (await iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy!;
  const v = (await iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: p.DefaultVersionId! }))).PolicyVersion!;
  return { name: p.PolicyName!, path: p.Path!, document: JSON.parse(decodeURIComponent(v.Document!)) };
}

/** Become the builder; an administrator may always be let in (the model's trust policy is not under test). */
async function builderSession(emu: Emulator, m: BuilderModel): Promise<{ credentials: AttackEnv['builder']; arn: string }> {
  const admin = emu.sdkConfig();
  const roleArn = `arn:aws:iam::${m.accountId}:role${m.builderRole.path}${m.builderRole.name}`;
  const sts = new STSClient(admin);
  const assume = () => sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'battery' }));
  let out = await assume().catch(() => undefined);
  if (!out) {
    await new IAMClient(admin).send(new UpdateAssumeRolePolicyCommand({ RoleName: m.builderRole.name, PolicyDocument: trust({ AWS: `arn:aws:iam::${m.accountId}:root` }) }));
    out = await assume();
  }
  const c = out.Credentials!;
  return { credentials: { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken }, arn: out.AssumedRoleUser!.Arn! };
}

export type ModelSource = { template: string; name: string; builderRole?: string } | { model: BuilderModel };

/** Seed a fresh account, deploy the model, become the builder. The emulator's export is the copy each technique starts from. */
export async function prepareAccount(emu: Emulator, source: ModelSource): Promise<{ env: AttackEnv; snapshot: string }> {
  await emu.reset();
  await seedPlatform(emu);
  let model: BuilderModel;
  if ('model' in source) {
    await deployModel(emu, source.model);
    model = { ...source.model };
  } else model = await deployTemplate(emu, source.template, source.name, source.builderRole);
  // An application role the builder made earlier, as the model allows: what put-weaker-role-boundary and
  // delete-role-boundary attack.
  const boundary = model.boundary ? `arn:aws:iam::${model.accountId}:policy${model.boundary.path}${model.boundary.name}` : undefined;
  await new IAMClient(emu.sdkConfig()).send(
    new CreateRoleCommand({ RoleName: 'orders-function', Path: model.rolePath, AssumeRolePolicyDocument: trust({ Service: 'lambda.amazonaws.com' }), ...(boundary ? { PermissionsBoundary: boundary } : {}) }),
  );
  const session = await builderSession(emu, model);
  await emu.settled();
  const env: AttackEnv = { emulator: emu, model, names: NAMES, admin: emu.adminCredentials, builder: session.credentials, builderArn: session.arn };
  return { env, snapshot: emu.export() };
}
