/**
 * What each service the kit knows gives the builder (control plane, scoped to the application stack prefix where the
 * service's names allow it) and application roles (data plane, in the boundary). Resource ARNs use CloudFormation's
 * ${AWS::Partition} and ${AWS::AccountId} so the template works in any account and partition.
 *
 * Names that CloudFormation generates start with the stack name (`builder-application-MyFunction-AbC123`), so a
 * builder limited to stacks named `<prefix>*` is also limited to functions, buckets, tables, queues and topics named
 * `<prefix>*` — and can no longer change an administrator's function or stack, the two escalations the blog's model
 * leaves open (update-function-code-of-privileged-function, update-stack-with-existing-role).
 */
import type { Service } from './config';

export type Statement = Record<string, unknown>;
const arn = (service: string, rest: string) => ({ 'Fn::Sub': `arn:\${AWS::Partition}:${service}:${rest}` });

export interface ServiceGrant {
  /** Statements for the builder policy. `p` is the application stack prefix. */
  builder(p: string): Statement[];
  /** The boundary's default actions for application roles. */
  boundary: string[];
  /** Actions a builder needs on every resource (listing), added to one shared statement. */
  list?: string[];
}

export const SERVICE_GRANTS: Record<Service, ServiceGrant> = {
  lambda: {
    builder: (p) => [
      {
        Sid: 'ManageLambdaFunctionsWithThePrefix',
        Effect: 'Allow',
        Action: [
          'lambda:AddPermission', 'lambda:CreateFunction', 'lambda:DeleteFunction', 'lambda:DeleteFunctionConcurrency',
          'lambda:GetFunction', 'lambda:GetFunctionCodeSigningConfig', 'lambda:GetFunctionConcurrency', 'lambda:GetFunctionConfiguration',
          'lambda:GetFunctionRecursionConfig', 'lambda:GetPolicy', 'lambda:GetRuntimeManagementConfig', 'lambda:InvokeFunction',
          'lambda:ListTags', 'lambda:ListVersionsByFunction', 'lambda:PublishVersion', 'lambda:PutFunctionConcurrency',
          'lambda:PutFunctionRecursionConfig', 'lambda:PutRuntimeManagementConfig', 'lambda:RemovePermission', 'lambda:TagResource',
          'lambda:UntagResource', 'lambda:UpdateFunctionCode', 'lambda:UpdateFunctionConfiguration',
        ],
        Resource: arn('lambda', `*:\${AWS::AccountId}:function:${p}*`),
      },
    ],
    boundary: ['lambda:InvokeFunction'],
    list: ['lambda:GetAccountSettings', 'lambda:ListFunctions'],
  },
  states: {
    // State machine names that CloudFormation makes start with the logical id, not the stack name, so the builder
    // keeps the blog's scope here (every state machine of the account).
    builder: () => [
      {
        Sid: 'ManageStepFunctionsStateMachines',
        Effect: 'Allow',
        Action: [
          'states:CreateStateMachine', 'states:DeleteStateMachine', 'states:DescribeExecution', 'states:DescribeStateMachine',
          'states:DescribeStateMachineForExecution', 'states:GetExecutionHistory', 'states:ListExecutions', 'states:ListTagsForResource',
          'states:StartExecution', 'states:StopExecution', 'states:TagResource', 'states:UntagResource', 'states:UpdateStateMachine',
        ],
        Resource: [arn('states', '*:${AWS::AccountId}:stateMachine:*'), arn('states', '*:${AWS::AccountId}:execution:*')],
      },
    ],
    boundary: [
      'states:DescribeExecution', 'states:SendTaskFailure', 'states:SendTaskHeartbeat', 'states:SendTaskSuccess',
      'states:StartExecution', 'states:StartSyncExecution', 'states:StopExecution',
    ],
    list: ['states:ListStateMachines'],
  },
  logs: {
    builder: () => [
      {
        Sid: 'ReadCloudWatchLogs',
        Effect: 'Allow',
        Action: ['logs:DescribeLogGroups', 'logs:DescribeLogStreams', 'logs:FilterLogEvents', 'logs:GetLogEvents'],
        Resource: '*',
      },
    ],
    boundary: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'],
  },
  s3: {
    builder: (p) => [
      {
        Sid: 'ManageS3BucketsWithThePrefix',
        Effect: 'Allow',
        // No s3:PutBucketPolicy: a bucket policy is a resource-based policy, which a boundary does not limit.
        Action: [
          's3:CreateBucket', 's3:DeleteBucket', 's3:GetBucketLocation', 's3:GetBucketTagging', 's3:GetBucketVersioning',
          's3:GetEncryptionConfiguration', 's3:ListBucket', 's3:PutBucketTagging', 's3:PutBucketVersioning',
          's3:PutEncryptionConfiguration', 's3:PutBucketPublicAccessBlock', 's3:GetBucketPublicAccessBlock',
        ],
        Resource: { 'Fn::Sub': `arn:\${AWS::Partition}:s3:::${p.toLowerCase()}*` },
      },
    ],
    boundary: ['s3:DeleteObject', 's3:GetObject', 's3:ListBucket', 's3:PutObject'],
    list: ['s3:ListAllMyBuckets'],
  },
  dynamodb: {
    builder: (p) => [
      {
        Sid: 'ManageDynamoDBTablesWithThePrefix',
        Effect: 'Allow',
        Action: [
          'dynamodb:CreateTable', 'dynamodb:DeleteTable', 'dynamodb:DescribeTable', 'dynamodb:DescribeTimeToLive',
          'dynamodb:UpdateTable', 'dynamodb:UpdateTimeToLive', 'dynamodb:TagResource', 'dynamodb:UntagResource',
          'dynamodb:ListTagsOfResource', 'dynamodb:DescribeContinuousBackups', 'dynamodb:UpdateContinuousBackups',
        ],
        Resource: arn('dynamodb', `*:\${AWS::AccountId}:table/${p}*`),
      },
    ],
    boundary: [
      'dynamodb:BatchGetItem', 'dynamodb:BatchWriteItem', 'dynamodb:ConditionCheckItem', 'dynamodb:DeleteItem', 'dynamodb:GetItem',
      'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:Scan', 'dynamodb:UpdateItem',
    ],
    list: ['dynamodb:ListTables'],
  },
  sqs: {
    builder: (p) => [
      {
        Sid: 'ManageSQSQueuesWithThePrefix',
        Effect: 'Allow',
        // No sqs:SetQueueAttributes / AddPermission: both can write the queue's resource-based policy.
        Action: ['sqs:CreateQueue', 'sqs:DeleteQueue', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:TagQueue', 'sqs:UntagQueue', 'sqs:ListQueueTags'],
        Resource: arn('sqs', `*:\${AWS::AccountId}:${p}*`),
      },
    ],
    boundary: ['sqs:ChangeMessageVisibility', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:ReceiveMessage', 'sqs:SendMessage'],
    list: ['sqs:ListQueues'],
  },
  sns: {
    builder: (p) => [
      {
        Sid: 'ManageSNSTopicsWithThePrefix',
        Effect: 'Allow',
        // No sns:SetTopicAttributes / AddPermission: both can write the topic's resource-based policy.
        Action: ['sns:CreateTopic', 'sns:DeleteTopic', 'sns:GetTopicAttributes', 'sns:Subscribe', 'sns:Unsubscribe', 'sns:TagResource', 'sns:UntagResource', 'sns:ListTagsForResource'],
        Resource: arn('sns', `*:\${AWS::AccountId}:${p}*`),
      },
    ],
    boundary: ['sns:Publish'],
    list: ['sns:ListTopics'],
  },
  xray: {
    builder: () => [],
    boundary: ['xray:GetSamplingRules', 'xray:GetSamplingTargets', 'xray:PutTelemetryRecords', 'xray:PutTraceSegments'],
  },
};
