/**
 * The workshop as data: every step of the blog in order, the commands a learner runs (exactly as the lessons show
 * them, and as Solve types them), and the checks that confirm the step through AWS APIs. Validated by labs/schema.ts.
 *
 * The learner's shell starts in ~, whose labs/ folder holds the templates. Where the blog differs:
 * - `--template-body file://labs/…` replaces the blog's S3 `--template-url`, which is not available.
 * - `aws cloudformation wait …` (a real AWS CLI command) replaces the blog's "after a few minutes", and a loop waits
 *   for an execution to leave RUNNING, so every step can be run unattended by Solve.
 * - The SneakyBuilder statement is added with jq (the lesson also offers the editor).
 * - Escalation 3 reads the function's log with filter-log-events instead of picking "the latest log stream" by
 *   LastEventTime, which CloudWatch Logs updates only eventually, and the blog's `<value>` placeholder is gone.
 * - The Node.js runtime logs "ERROR … Invoke Error … AccessDenied" where the blog's Python printed "[ERROR] ClientError".
 * - Clean-up returns to the administrator with `unset` and also deletes the function's log group, which the blog
 *   leaves behind.
 */
import { defineLab } from './schema';
import { updateStackWithExistingRoleSteps } from './going-further/update-stack-with-existing-role';
import { resourcePolicySteps } from './going-further/resource-policies';
import { orgizeLab } from './org';

const app = 'builder-application';
const boundary = { policyName: 'application-boundary', path: '/permissions_boundaries/' };
const builderPolicy = { policyName: 'builder', path: '/builder_policies/' };
const sneakyPolicy = { policyName: 'sneaky-policy', path: '/application_policies/' };
const applicationRoles = ['MyLambdaFunctionExecutionRole', 'MyStateMachineExecutionRole'];

const stateMachineArn = `state_machine_arn=$(aws cloudformation describe-stack-resources --stack-name ${app} | jq '.StackResources[] | select (.LogicalResourceId=="MyStateMachine") | .PhysicalResourceId' | tr -d '"')`;
const startExecution = `execution_arn=$(aws stepfunctions start-execution --state-machine-arn $state_machine_arn | jq '.executionArn' | tr -d '"')`;
const waitForExecution = `while [ "$(aws stepfunctions describe-execution --execution-arn $execution_arn | jq -r '.status')" = "RUNNING" ]; do sleep 2; done`;
const describeStatus = (stack: string) => `aws cloudformation describe-stacks \\\n--stack-name ${stack} | jq '.Stacks[].StackStatus'`;

/** In the blog's names; `orgizeLab` gives the configuration's (labs/org.ts), the identity for the default build. */
export const lab = orgizeLab(defineLab({
  steps: [
    {
      id: 'create-builder-iam-stack',
      lesson: 'create-builder-iam',
      title: 'Launch the builder-iam stack',
      identity: 'administrator',
      commands: [
        {
          run: 'aws cloudformation create-stack \\\n--stack-name builder-iam \\\n--template-body file://labs/builder-iam.json \\\n--capabilities CAPABILITY_NAMED_IAM',
          shows: 'StackId',
        },
        { run: 'aws cloudformation wait stack-create-complete --stack-name builder-iam' },
        { run: describeStatus('builder-iam'), shows: '"CREATE_COMPLETE"' },
      ],
      checks: [
        {
          kind: 'stackStatus',
          stack: 'builder-iam',
          status: 'CREATE_COMPLETE',
          hint: 'Run the `create-stack` command, then wait: the stack takes a minute or two. If it is `ROLLBACK_COMPLETE`, read its events, delete it and create it again.',
        },
        {
          kind: 'roleExists',
          roleName: 'builder',
          path: '/',
          attachedPolicies: [builderPolicy],
          hint: 'The builder role comes from the `builder-iam` stack: wait until the stack is `CREATE_COMPLETE`.',
        },
        { kind: 'policyExists', ...builderPolicy, hint: 'The builder policy comes from the `builder-iam` stack.' },
        { kind: 'policyExists', ...boundary, hint: 'The application-boundary policy comes from the `builder-iam` stack.' },
      ],
    },
    {
      id: 'assume-builder-role',
      lesson: 'assume-builder',
      title: 'Assume the builder role',
      identity: 'administrator',
      commands: [
        {
          run: [
            'export AWS_DEFAULT_OUTPUT="json"; \\',
            'role=builder; \\',
            'aws_role=$(aws iam get-role --role-name $role); \\',
            `role_arn=$(echo $aws_role|jq '.Role.Arn'|tr -d '"'); \\`,
            'aws_credentials=$(aws sts assume-role --role-arn $role_arn --role-session-name builder-test); \\',
            `export AWS_ACCESS_KEY_ID=$(echo $aws_credentials|jq '.Credentials.AccessKeyId'|tr -d '"'); \\`,
            `export AWS_SECRET_ACCESS_KEY=$(echo $aws_credentials|jq '.Credentials.SecretAccessKey'|tr -d '"'); \\`,
            `export AWS_SESSION_TOKEN=$(echo $aws_credentials|jq '.Credentials.SessionToken'|tr -d '"')`,
          ].join('\n'),
        },
        { run: 'aws sts get-caller-identity', shows: ':assumed-role/builder/builder-test' },
      ],
      checks: [
        {
          kind: 'callerIsAssumedRole',
          role: 'builder',
          sessionName: 'builder-test',
          hint: 'Run the whole block in one go. If `get-caller-identity` shows another identity, run the block again; if your session expired, open a new terminal and run it again.',
        },
      ],
    },
    {
      id: 'launch-application-1',
      lesson: 'launch-without-boundary',
      title: 'Launch the application without a path or boundary',
      identity: 'builder',
      commands: [
        {
          run: `aws cloudformation create-stack \\\n--stack-name ${app} \\\n--template-body file://labs/builder-application-1.yml \\\n--capabilities CAPABILITY_NAMED_IAM`,
          shows: 'StackId',
        },
        { run: `aws cloudformation wait stack-create-complete --stack-name ${app}`, expect: 'failure', shows: 'ROLLBACK_COMPLETE' },
        { run: describeStatus(app), shows: '"ROLLBACK_COMPLETE"' },
        {
          run: `aws cloudformation describe-stack-events \\\n--stack-name ${app} | jq '.StackEvents[] | select(.ResourceStatus=="CREATE_FAILED") | .ResourceStatusReason'`,
          shows: 'because no identity-based policy allows the iam:CreateRole action',
        },
      ],
      checks: [
        {
          kind: 'stackFailedOnCreateRole',
          stack: app,
          reasonIncludes: 'because no identity-based policy allows the iam:CreateRole action',
          hint: 'Launch `builder-application-1.yml` as the builder (check with `aws sts get-caller-identity`) and wait for `ROLLBACK_COMPLETE`.',
        },
        {
          kind: 'stackStatus',
          stack: app,
          status: ['ROLLBACK_IN_PROGRESS', 'ROLLBACK_COMPLETE'],
          hint: 'The stack should fail and roll back. If it is `CREATE_COMPLETE`, you launched it with an identity that may create any role: assume the builder role, delete the stack and launch it again.',
        },
      ],
    },
    {
      id: 'delete-failed-application',
      lesson: 'launch-without-boundary',
      title: 'Delete the failed stack',
      identity: 'builder',
      commands: [
        { run: `aws cloudformation delete-stack \\\n--stack-name ${app}` },
        { run: `aws cloudformation wait stack-delete-complete --stack-name ${app}` },
      ],
      checks: [
        {
          kind: 'stackAbsent',
          stack: app,
          deleted: true,
          hint: 'Delete the stack and wait for the deletion to finish before you launch the next template under the same name.',
        },
      ],
    },
    {
      id: 'launch-application-2',
      lesson: 'launch-with-boundary',
      title: 'Launch the application with the path and the boundary',
      identity: 'builder',
      commands: [
        {
          run: `aws cloudformation create-stack \\\n--stack-name ${app} \\\n--template-body file://labs/builder-application-2.yml \\\n--capabilities CAPABILITY_NAMED_IAM`,
          shows: 'StackId',
        },
        { run: `aws cloudformation wait stack-create-complete --stack-name ${app}` },
        { run: describeStatus(app), shows: '"CREATE_COMPLETE"' },
      ],
      checks: [
        {
          kind: 'stackStatus',
          stack: app,
          status: 'CREATE_COMPLETE',
          hint: 'Launch `builder-application-2.yml` and wait. If `create-stack` says the stack already exists, delete the failed one first.',
        },
        {
          kind: 'applicationRolesBounded',
          stack: app,
          logicalResourceIds: applicationRoles,
          path: '/application_roles/',
          permissionsBoundary: boundary,
          hint: 'Both roles must come from `builder-application-2.yml`, which sets `Path` and `PermissionsBoundary`.',
        },
      ],
    },
    {
      id: 'run-application',
      lesson: 'verify-application',
      title: 'Run the state machine',
      identity: 'builder',
      commands: [
        { run: stateMachineArn },
        { run: startExecution },
        { run: waitForExecution },
        { run: 'aws stepfunctions describe-execution --execution-arn $execution_arn | jq \'.output\'', shows: '"\\"Hello Builder!\\""' },
      ],
      checks: [
        {
          kind: 'executionOutput',
          stack: app,
          logicalResourceId: 'MyStateMachine',
          expected: '"Hello Builder!"',
          hint: 'Start an execution of `MyStateMachine` and give it a few seconds to finish.',
        },
      ],
    },
    {
      id: 'get-builder-policy',
      lesson: 'escalation-builder-policy',
      title: 'Save the builder policy to a file',
      identity: 'builder',
      commands: [
        { run: `export AWS_ACCOUNT=$(aws sts get-caller-identity | jq '.Account' | tr -d '"')` },
        {
          run: "aws iam get-policy-version \\\n--policy-arn arn:aws:iam::$AWS_ACCOUNT:policy/builder_policies/builder \\\n--version-id v1 | jq '.PolicyVersion.Document' > builder-policy.json",
        },
      ],
      checks: [
        {
          kind: 'cloudTrailAllowed',
          eventSource: 'iam.amazonaws.com',
          eventName: 'GetPolicyVersion',
          role: 'builder',
          requestParameters: { policyArn: 'arn:${AWS::Partition}:iam::${AWS::AccountId}:policy/builder_policies/builder' },
          hint: 'Run `get-policy-version` as the builder: it is allowed, which shows your builder credentials work.',
        },
      ],
    },
    {
      id: 'change-builder-policy',
      lesson: 'escalation-builder-policy',
      title: 'Try to give the builder policy every permission',
      identity: 'builder',
      commands: [
        {
          run: `jq '.Statement += [{"Sid":"SneakyBuilder","Effect":"Allow","Action":"*","Resource":"*"}]' builder-policy.json > builder-policy.tmp && mv builder-policy.tmp builder-policy.json`,
        },
        {
          run: 'aws iam create-policy-version \\\n--policy-arn arn:aws:iam::$AWS_ACCOUNT:policy/builder_policies/builder \\\n--policy-document file://builder-policy.json \\\n--set-as-default',
          expect: 'failure',
          shows: 'An error occurred (AccessDenied) when calling the CreatePolicyVersion operation',
        },
      ],
      checks: [
        {
          kind: 'cloudTrailDenied',
          eventSource: 'iam.amazonaws.com',
          eventName: 'CreatePolicyVersion',
          role: 'builder',
          errorCode: 'AccessDenied',
          requestParameters: { policyArn: 'arn:${AWS::Partition}:iam::${AWS::AccountId}:policy/builder_policies/builder' },
          hint: 'Run `create-policy-version` as the builder; it should answer `AccessDenied`.',
        },
        {
          kind: 'policyDefaultVersion',
          ...builderPolicy,
          versionId: 'v1',
          versionCount: 1,
          hint: 'The builder policy must still be at `v1`. If it changed, you ran the command as an administrator: clean up and start again.',
        },
      ],
    },
    {
      id: 'create-sneaky-policy',
      lesson: 'escalation-attach-policy',
      title: 'Create sneaky-policy under /application_policies/',
      identity: 'builder',
      commands: [
        { run: 'cp builder-policy.json sneaky-policy.json' },
        {
          run: 'aws iam create-policy \\\n--policy-name sneaky-policy \\\n--path /application_policies/ \\\n--policy-document file://sneaky-policy.json',
          shows: '"Arn": "arn:aws:iam::',
        },
      ],
      checks: [
        {
          kind: 'policyExists',
          ...sneakyPolicy,
          hint: 'Create `sneaky-policy` with `--path /application_policies/`: the builder may create policies there.',
        },
        {
          kind: 'cloudTrailAllowed',
          eventSource: 'iam.amazonaws.com',
          eventName: 'CreatePolicy',
          role: 'builder',
          requestParameters: { policyName: 'sneaky-policy', path: '/application_policies/' },
          hint: 'Create `sneaky-policy` as the builder (not as an administrator): this success is what makes the next denial meaningful.',
        },
      ],
    },
    {
      id: 'attach-sneaky-policy',
      lesson: 'escalation-attach-policy',
      title: 'Try to attach sneaky-policy to the builder role',
      identity: 'builder',
      commands: [
        {
          run: 'aws iam attach-role-policy \\\n--role-name builder \\\n--policy-arn arn:aws:iam::$AWS_ACCOUNT:policy/application_policies/sneaky-policy',
          expect: 'failure',
          shows: 'An error occurred (AccessDenied) when calling the AttachRolePolicy operation',
        },
      ],
      checks: [
        {
          kind: 'cloudTrailDenied',
          eventSource: 'iam.amazonaws.com',
          eventName: 'AttachRolePolicy',
          role: 'builder',
          errorCode: 'AccessDenied',
          requestParameters: { roleName: 'builder' },
          hint: 'Run `attach-role-policy` as the builder; it should answer `AccessDenied`.',
        },
        {
          kind: 'policyAttachedToNothing',
          ...sneakyPolicy,
          hint: '`sneaky-policy` must be attached to nothing. If it is attached, you ran the command as an administrator.',
        },
      ],
    },
    {
      id: 'update-application-3',
      lesson: 'escalation-beyond-boundary',
      title: 'Give the Lambda role s3:CreateBucket',
      identity: 'builder',
      commands: [
        {
          run: `aws cloudformation update-stack \\\n--stack-name ${app} \\\n--template-body file://labs/builder-application-3.yml \\\n--capabilities CAPABILITY_NAMED_IAM`,
          shows: 'StackId',
        },
        { run: `aws cloudformation wait stack-update-complete --stack-name ${app}` },
        { run: describeStatus(app), shows: '"UPDATE_COMPLETE"' },
      ],
      checks: [
        {
          kind: 'stackStatus',
          stack: app,
          status: 'UPDATE_COMPLETE',
          hint: 'Update the stack with `builder-application-3.yml` and wait for `UPDATE_COMPLETE`.',
        },
        {
          kind: 'roleInlinePolicyAllows',
          stack: app,
          logicalResourceId: 'MyLambdaFunctionExecutionRole',
          policyName: 'MyLambdaFunctionBasicExecutionPolicy',
          action: 's3:CreateBucket',
          hint: 'The update adds `s3:CreateBucket` to the Lambda role’s inline policy: update the stack with `builder-application-3.yml`.',
        },
      ],
    },
    {
      id: 'run-application-3',
      lesson: 'escalation-beyond-boundary',
      title: 'Run the state machine again',
      identity: 'builder',
      commands: [
        { run: stateMachineArn },
        { run: startExecution },
        { run: waitForExecution },
        { run: 'aws stepfunctions describe-execution --execution-arn $execution_arn | jq \'.status\'', shows: '"FAILED"' },
      ],
      checks: [
        {
          kind: 'executionStatus',
          stack: app,
          logicalResourceId: 'MyStateMachine',
          status: 'FAILED',
          hint: 'Start a new execution after the update has completed, and let it finish.',
        },
      ],
    },
    {
      id: 'read-function-log',
      lesson: 'escalation-beyond-boundary',
      title: 'Read why the function failed',
      identity: 'builder',
      commands: [
        {
          run: `lambda_function_name=$(aws cloudformation describe-stack-resources --stack-name ${app} | jq '.StackResources[] | select (.LogicalResourceId=="MyLambdaFunction") | .PhysicalResourceId' | tr -d '"')`,
        },
        {
          run: "aws logs filter-log-events \\\n--log-group-name /aws/lambda/$lambda_function_name \\\n--filter-pattern ERROR | jq -r '.events[].message'",
          shows: 'AccessDenied',
        },
      ],
      checks: [
        {
          kind: 'functionLogContains',
          stack: app,
          logicalResourceId: 'MyLambdaFunction',
          includes: ['AccessDenied'],
          hint: 'The function logs its error when an execution fails: run the state machine after the update. Logs can take a few seconds to arrive.',
        },
        {
          kind: 'bucketAbsent',
          stack: app,
          outputKey: 'BucketName',
          hint: 'The bucket must not exist: the boundary denies `s3:CreateBucket`. If it exists, the role was created without the boundary.',
        },
      ],
    },
    {
      id: 'delete-application-stack',
      lesson: 'clean-up',
      title: 'Delete the builder-application stack',
      identity: 'builder',
      commands: [
        { run: `aws cloudformation delete-stack --stack-name ${app}` },
        { run: `aws cloudformation wait stack-delete-complete --stack-name ${app}` },
      ],
      checks: [{ kind: 'stackAbsent', stack: app, deleted: true, hint: 'Delete `builder-application` as the builder and wait for the deletion.' }],
    },
    {
      id: 'delete-sneaky-policy',
      lesson: 'clean-up',
      title: 'Delete sneaky-policy',
      identity: 'builder',
      commands: [{ run: 'aws iam delete-policy \\\n--policy-arn arn:aws:iam::$AWS_ACCOUNT:policy/application_policies/sneaky-policy' }],
      checks: [
        {
          kind: 'policyAbsent',
          ...sneakyPolicy,
          hint: 'Delete `sneaky-policy`. If `AWS_ACCOUNT` is empty, set it again with `aws sts get-caller-identity`.',
        },
      ],
    },
    {
      id: 'return-to-administrator',
      lesson: 'clean-up',
      title: 'Stop using the builder role',
      identity: 'builder',
      commands: [
        { run: 'unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN' },
        { run: 'aws sts get-caller-identity' },
      ],
      checks: [
        {
          kind: 'callerIsNotAssumedRole',
          role: 'builder',
          hint: 'The builder may not delete the builder resources. Unset the three `AWS_` variables to return to your own identity.',
        },
      ],
    },
    {
      id: 'delete-builder-iam-stack',
      lesson: 'clean-up',
      title: 'Delete the builder-iam stack',
      identity: 'administrator',
      commands: [
        { run: 'aws cloudformation delete-stack --stack-name builder-iam' },
        { run: 'aws cloudformation wait stack-delete-complete --stack-name builder-iam' },
      ],
      checks: [
        { kind: 'stackAbsent', stack: 'builder-iam', deleted: true, hint: 'Delete `builder-iam` as the administrator, after `builder-application`.' },
        { kind: 'roleAbsent', roleName: 'builder', hint: 'The builder role goes with the `builder-iam` stack.' },
        { kind: 'policyAbsent', ...builderPolicy, hint: 'The builder policy goes with the `builder-iam` stack.' },
        { kind: 'policyAbsent', ...boundary, hint: 'The boundary goes with the `builder-iam` stack.' },
        { kind: 'pathEmpty', path: '/application_roles/', entity: 'roles', hint: 'Delete `builder-application` first: its roles live under `/application_roles/`.' },
        { kind: 'pathEmpty', path: '/application_policies/', entity: 'policies', hint: 'Delete `sneaky-policy`: it lives under `/application_policies/`.' },
      ],
    },
    {
      id: 'delete-function-log-group',
      lesson: 'clean-up',
      title: 'Delete the function’s log group',
      identity: 'administrator',
      commands: [
        {
          run: "for log_group in $(aws logs describe-log-groups --log-group-name-prefix /aws/lambda/builder-application-MyLambdaFunction- | jq -r '.logGroups[].logGroupName'); do aws logs delete-log-group --log-group-name $log_group; done",
        },
      ],
      checks: [
        {
          kind: 'logGroupsAbsent',
          prefix: '/aws/lambda/builder-application-MyLambdaFunction-',
          hint: 'Lambda created the log group on the first run and CloudFormation does not delete it: delete it as the administrator.',
        },
      ],
    },
    ...updateStackWithExistingRoleSteps,
    ...resourcePolicySteps,
  ],
}));

/**
 * Lessons that run only in the sandbox: the stack-role lesson has the administrator make a role with
 * AdministratorAccess and a stack that uses it, which the live server does not sign in a real account.
 */
export const SANDBOX_ONLY_LESSONS: readonly string[] = ['update-stack-with-existing-role'];

/** The blog's own steps (through clean-up), without the "Going further" lessons appended after them. */
export const blogSteps = () => lab.steps.slice(0, lab.steps.findIndex((s) => s.id === 'delete-function-log-group') + 1);

/** The steps of one lesson, in order. */
export const stepsOf = (lesson: string) => lab.steps.filter((s) => s.lesson === lesson);

/** Everything Solve must run, in order, to bring a fresh sandbox to the start of `stepId`. */
export function commandsBefore(stepId: string) {
  const index = lab.steps.findIndex((s) => s.id === stepId);
  if (index < 0) throw new Error(`no lab step "${stepId}"`);
  return lab.steps.slice(0, index).flatMap((s) => s.commands);
}

export type { Check, Command, Lab, Step } from './schema';
