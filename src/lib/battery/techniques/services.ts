/** Techniques through Lambda, CloudFormation and Step Functions (catalogue rows 20–26, 35). */
import { ALLOW_ALL, appRoleArn, canaryCode, invokeForCanary, roleArn, runAsRole, src, trustDoc, unlessGranted, type Technique } from './common';
import { STACK_TEMPLATE } from '../account';

/** The stack's template plus a role outside the path, without the boundary, with AdministratorAccess. */
function escalatingTemplate(base: string) {
  const t = JSON.parse(base);
  t.Resources.BatteryRole = {
    Type: 'AWS::IAM::Role',
    Properties: { RoleName: 'battery-from-stack', AssumeRolePolicyDocument: JSON.parse(trustDoc({ Service: 'lambda.amazonaws.com' })), ManagedPolicyArns: ['arn:aws:iam::aws:policy/AdministratorAccess'] },
  };
  return JSON.stringify(t);
}
const STACK_CANARY = 'the stack\'s service role made an administrator role outside the path without the boundary';

export const serviceTechniques: Technique[] = [
  {
    id: 'pass-role-to-lambda',
    title: 'Pass a privileged role to a new function',
    calls: ['iam:PassRole + lambda:CreateFunction (platform-automation)', 'lambda:InvokeFunction', 'iam:CreateUser (as the role)'],
    gains: 'Code running with the privileged role.',
    stoppedBy: 'PASS: PassRole only within the path',
    sources: [src.rhino('15'), src.pacu, src.bishop('privesc15'), src.pmapper('lambda_edges'), src.pathfinding('lambda-001')],
    notApplicable: unlessGranted('lambda:CreateFunction'),
    fix: 'pass-in-path',
    async run(a) {
      await runAsRole(a, roleArn(a, a.names.privilegedRole), 'battery-pass-role', 'code the builder wrote runs as platform-automation and can create IAM users');
    },
  },
  {
    id: 'update-function-code-of-privileged-function',
    title: "Replace the code of a function that runs as a privileged role",
    calls: ['lambda:UpdateFunctionCode (platform-janitor)', 'lambda:InvokeFunction', 'iam:CreateUser (as platform-automation)'],
    gains: 'Code running with the function\'s role, with no iam:PassRole check at all.',
    stoppedBy: 'GAP: scope Lambda writes to the builders\' own functions (name prefix) or an SCP',
    sources: [src.rhino('18'), src.bishop('privesc17'), src.pmapper('lambda_edges'), src.pathfinding('lambda-003')],
    notApplicable: unlessGranted('lambda:UpdateFunctionCode'),
    fix: 'function-prefix',
    async run(a) {
      const fn = a.names.privilegedFunction;
      const r = await a.builder('lambda', 'UpdateFunctionCode', { FunctionName: fn, ZipFile: canaryCode('CreateUser', a.names.canaryUser) }, `function ${fn}`);
      if (r.ok) await invokeForCanary(a, fn, 'iam:CreateUser', 'the builder\'s code runs as platform-automation and can create IAM users');
    },
  },
  {
    id: 'application-role-creates-role',
    title: 'A bounded application role creates an unbounded role',
    calls: ['iam:PutRolePolicy (application role, iam:*)', 'lambda:CreateFunction', 'lambda:InvokeFunction', 'iam:CreateRole (as the application role)'],
    gains: 'The bounded role re-escalates on its own.',
    stoppedBy: 'BND: the boundary grants nothing in IAM',
    sources: [src.awsDocs('XCompanyBoundaries'), src.sample],
    notApplicable: unlessGranted('iam:PutRolePolicy'),
    fix: 'boundary-no-iam',
    async run(a) {
      const role = appRoleArn(a);
      const put = await a.builder('iam', 'PutRolePolicy', { RoleName: 'orders-function', PolicyName: 'battery-iam', PolicyDocument: ALLOW_ALL }, `role ${role}`);
      if (!put.ok) return;
      const fn = 'battery-app-role';
      const made = await a.builder('lambda', 'CreateFunction', { FunctionName: fn, Runtime: 'nodejs22.x', Handler: 'index.handler', Role: role, Code: { ZipFile: canaryCode('CreateRole', 'battery-from-app-role') } }, `function ${fn} as ${role}`);
      if (made.ok) await invokeForCanary(a, fn, 'iam:CreateRole', 'an application role made a role without the boundary');
    },
  },
  {
    id: 'pass-role-to-cloudformation',
    title: 'Create a stack with a privileged service role',
    calls: ['iam:PassRole + cloudformation:CreateStack --role-arn cloudformation-deployer', 'iam:CreateRole (as the service role)'],
    gains: 'Any resource, made with the service role\'s permissions.',
    stoppedBy: 'PASS',
    sources: [src.rhino('21'), src.bishop('privesc20'), src.pmapper('cloudformation_edges'), src.pathfinding('cloudformation-001')],
    notApplicable: unlessGranted('cloudformation:CreateStack'),
    fix: 'pass-in-path',
    async run(a) {
      const r = await a.builder('cloudformation', 'CreateStack', { StackName: 'battery-pass-role', TemplateBody: escalatingTemplate(STACK_TEMPLATE.replace('/platform/network', '/battery/pass-role')), RoleARN: roleArn(a, a.names.stackRole), Capabilities: ['CAPABILITY_NAMED_IAM'] }, 'stack battery-pass-role');
      if (r.ok) a.markInner(r, 'iam:CreateRole', STACK_CANARY);
    },
  },
  {
    id: 'update-stack-with-existing-role',
    title: 'Update a stack that was created with a privileged service role',
    calls: ['cloudformation:UpdateStack (platform-network, no --role-arn)', 'iam:CreateRole (as the stack\'s service role)'],
    gains: 'The stack\'s service role works for the attacker, with no iam:PassRole check.',
    stoppedBy: 'GAP: scope CloudFormation writes to the builders\' own stacks (name prefix) or an SCP',
    sources: [src.bishop('cfUpdateStack'), src.pmapper('cloudformation_edges'), src.pathfinding('cloudformation-002'), src.hacktricks('cloudformation')],
    notApplicable: unlessGranted('cloudformation:UpdateStack'),
    fix: 'stack-prefix',
    async run(a) {
      const r = await a.builder('cloudformation', 'UpdateStack', { StackName: a.names.stack, TemplateBody: escalatingTemplate(STACK_TEMPLATE), Capabilities: ['CAPABILITY_NAMED_IAM'] }, `stack ${a.names.stack}`);
      if (r.ok) a.markInner(r, 'iam:CreateRole', STACK_CANARY);
    },
  },
  {
    id: 'change-set-with-existing-role',
    title: 'Create and execute a change set on a stack with a privileged service role',
    calls: ['cloudformation:CreateChangeSet (platform-network)', 'cloudformation:ExecuteChangeSet', 'iam:CreateRole (as the stack\'s service role)'],
    gains: 'As update-stack-with-existing-role, through change sets.',
    stoppedBy: 'GAP: as update-stack-with-existing-role',
    sources: [src.pathfinding('cloudformation-005'), src.pmapper('cloudformation_edges')],
    notApplicable: unlessGranted('cloudformation:CreateChangeSet'),
    fix: 'stack-prefix',
    async run(a) {
      const made = await a.builder('cloudformation', 'CreateChangeSet', { StackName: a.names.stack, ChangeSetName: 'battery', TemplateBody: escalatingTemplate(STACK_TEMPLATE), Capabilities: ['CAPABILITY_NAMED_IAM'] }, `stack ${a.names.stack}`);
      if (!made.ok) return;
      const r = await a.builder('cloudformation', 'ExecuteChangeSet', { StackName: a.names.stack, ChangeSetName: 'battery' }, `change set battery of ${a.names.stack}`);
      if (r.ok) a.markInner(r, 'iam:CreateRole', STACK_CANARY);
    },
  },
  {
    id: 'pass-role-to-stepfunctions',
    title: 'Create a state machine that runs as a privileged role',
    calls: ['iam:PassRole + states:CreateStateMachine (platform-automation)', 'states:StartExecution'],
    gains: 'Every task of the machine acts with the privileged role.',
    stoppedBy: 'PASS',
    sources: [src.hacktricks('stepfunctions')],
    notApplicable: unlessGranted('states:CreateStateMachine'),
    fix: 'pass-in-path',
    async run(a) {
      const role = roleArn(a, a.names.privilegedRole);
      const definition = JSON.stringify({ StartAt: 'Done', States: { Done: { Type: 'Pass', End: true } } });
      await a.builder('states', 'CreateStateMachine', { name: 'battery-pass-role', definition, roleArn: role }, `state machine battery-pass-role as ${role}`, 'a state machine the builder controls runs as platform-automation');
    },
  },
];


