/**
 * AWS managed policies the labs use, with their real ARNs, paths and documents. They are the same in every
 * account, so they live here as data and not in the account's state.
 *
 * AWS difference: PolicyId, CreateDate, UpdateDate and DefaultVersionId are as AWS showed them when this was
 * written; AWS revises some policies (ReadOnlyAccess is at v1xx), so they drift.
 * AWS difference: ReadOnlyAccess here is a subset of the real document (which lists read actions for every AWS
 * service, ~7,000 characters of wildcards): the statement keeps the real actions for the services the sandbox
 * emulates, so what it allows there is what the real policy allows.
 * AWS difference: only the AWS managed policies listed here exist (ListPolicies --scope AWS shows these).
 */
export interface AwsManagedPolicy {
  PolicyName: string;
  PolicyId: string;
  Arn: string;
  Path: string;
  DefaultVersionId: string;
  Description: string;
  CreateDate: Date;
  UpdateDate: Date;
  Document: string;
}

function doc(statements: object[]): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 4);
}

function policy(
  name: string,
  path: string,
  id: string,
  version: string,
  created: string,
  updated: string,
  description: string,
  statements: object[],
): AwsManagedPolicy {
  return {
    PolicyName: name,
    PolicyId: id,
    Arn: `arn:aws:iam::aws:policy${path}${name}`,
    Path: path,
    DefaultVersionId: version,
    Description: description,
    CreateDate: new Date(created),
    UpdateDate: new Date(updated),
    Document: doc(statements),
  };
}

const READ_ONLY_ACTIONS = [
  'cloudformation:Describe*',
  'cloudformation:Detect*',
  'cloudformation:Estimate*',
  'cloudformation:Get*',
  'cloudformation:List*',
  'cloudformation:Validate*',
  'cloudtrail:Describe*',
  'cloudtrail:Get*',
  'cloudtrail:List*',
  'cloudtrail:LookupEvents',
  'iam:Generate*',
  'iam:Get*',
  'iam:List*',
  'iam:Simulate*',
  'lambda:Get*',
  'lambda:List*',
  'logs:Describe*',
  'logs:FilterLogEvents',
  'logs:Get*',
  'logs:ListTagsForResource',
  'logs:ListTagsLogGroup',
  'logs:StartQuery',
  'logs:StopQuery',
  'logs:TestMetricFilter',
  's3:Describe*',
  's3:Get*',
  's3:List*',
  'states:Describe*',
  'states:GetExecutionHistory',
  'states:List*',
  'sts:GetAccessKeyInfo',
  'sts:GetCallerIdentity',
  'sts:GetSessionToken',
];

export const AWS_MANAGED_POLICIES: AwsManagedPolicy[] = [
  policy('AdministratorAccess', '/', 'ANPAIWMBCKSKIEE64ZLYK', 'v1', '2015-02-06T18:39:46Z', '2015-02-06T18:39:46Z',
    'Provides full access to AWS services and resources.',
    [{ Effect: 'Allow', Action: '*', Resource: '*' }]),
  policy('ReadOnlyAccess', '/', 'ANPAILL3HVNFSB6DCOWYQ', 'v1', '2015-02-06T18:39:48Z', '2015-02-06T18:39:48Z',
    'Provides read-only access to AWS services and resources.',
    [{ Sid: 'ReadOnlyActions', Effect: 'Allow', Action: READ_ONLY_ACTIONS, Resource: '*' }]),
  policy('PowerUserAccess', '/', 'ANPAJYRXTHIB4FOVS3ZXS', 'v5', '2015-02-06T18:39:47Z', '2023-07-06T22:04:00Z',
    'Provides full access to AWS services and resources, but does not allow management of Users and groups.',
    [
      { Effect: 'Allow', NotAction: ['iam:*', 'organizations:*', 'account:*'], Resource: '*' },
      {
        Effect: 'Allow',
        Action: [
          'iam:CreateServiceLinkedRole', 'iam:DeleteServiceLinkedRole', 'iam:ListRoles', 'organizations:DescribeOrganization',
          'account:GetAccountInformation', 'account:ListRegions', 'account:GetPrimaryEmail',
        ],
        Resource: '*',
      },
    ]),
  policy('IAMFullAccess', '/', 'ANPAI7XKCFMBPM3QQRRVQ', 'v2', '2015-02-06T18:40:38Z', '2019-06-21T19:40:00Z',
    'Provides full access to IAM via the AWS Management Console.',
    [{
      Effect: 'Allow',
      Action: [
        'iam:*', 'organizations:DescribeAccount', 'organizations:DescribeOrganization', 'organizations:DescribeOrganizationalUnit',
        'organizations:DescribePolicy', 'organizations:ListChildren', 'organizations:ListParents',
        'organizations:ListPoliciesForTarget', 'organizations:ListRoots', 'organizations:ListPolicies',
        'organizations:ListTargetsForPolicy',
      ],
      Resource: '*',
    }]),
  policy('IAMReadOnlyAccess', '/', 'ANPAJKSO7NDY4T57MWDSQ', 'v4', '2015-02-06T18:40:39Z', '2018-01-25T19:11:27Z',
    'Provides read only access to IAM via the AWS Management Console.',
    [{
      Effect: 'Allow',
      Action: ['iam:GenerateCredentialReport', 'iam:GenerateServiceLastAccessedDetails', 'iam:Get*', 'iam:List*',
        'iam:SimulateCustomPolicy', 'iam:SimulatePrincipalPolicy'],
      Resource: '*',
    }]),
  policy('AmazonS3FullAccess', '/', 'ANPAIFIR6V6BVTRAHWINE', 'v2', '2015-02-06T18:40:58Z', '2021-09-27T20:16:37Z',
    'Provides full access to all buckets via the AWS Management Console.',
    [{ Effect: 'Allow', Action: ['s3:*', 's3-object-lambda:*'], Resource: '*' }]),
  policy('AmazonS3ReadOnlyAccess', '/', 'ANPAIZTJ4DXE7G6AGAE6M', 'v3', '2015-02-06T18:40:59Z', '2023-08-10T21:31:39Z',
    'Provides read only access to all buckets via the AWS Management Console.',
    [{ Effect: 'Allow', Action: ['s3:Get*', 's3:List*', 's3:Describe*', 's3-object-lambda:Get*', 's3-object-lambda:List*'], Resource: '*' }]),
  policy('AWSLambdaBasicExecutionRole', '/service-role/', 'ANPAJNCQGXC42545SKXIK', 'v1', '2015-04-09T15:03:43Z', '2015-04-09T15:03:43Z',
    'Provides write permissions to CloudWatch Logs.',
    [{ Effect: 'Allow', Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'], Resource: '*' }]),
  policy('AWSLambdaRole', '/service-role/', 'ANPAJX4DPCRGTC4NFDUXI', 'v1', '2015-02-06T18:41:28Z', '2015-02-06T18:41:28Z',
    'Default policy for AWS Lambda service role.',
    [{ Effect: 'Allow', Action: ['lambda:InvokeFunction'], Resource: ['*'] }]),
  policy('AWSLambda_ReadOnlyAccess', '/', 'ANPAZKAPJZG4BWDMJT3N3', 'v1', '2020-11-19T00:00:00Z', '2020-11-19T00:00:00Z',
    'Grants read-only access to AWS Lambda service, AWS Lambda console features, and other related AWS services.',
    [{ Effect: 'Allow', Action: ['lambda:Get*', 'lambda:List*', 'iam:GetRole', 'iam:GetPolicy', 'iam:GetPolicyVersion',
      'iam:GetRolePolicy', 'iam:ListAttachedRolePolicies', 'iam:ListRolePolicies', 'iam:ListRoles', 'logs:DescribeLogGroups',
      'logs:GetLogEvents', 'logs:FilterLogEvents', 'states:DescribeStateMachine', 'states:ListStateMachines'], Resource: '*' }]),
  policy('CloudWatchLogsReadOnlyAccess', '/', 'ANPAJ2YIYDYSNNEHK3VKW', 'v3', '2015-02-06T18:40:36Z', '2023-05-12T00:00:00Z',
    'Provides read only access to CloudWatch Logs',
    [{ Effect: 'Allow', Action: ['logs:Describe*', 'logs:Get*', 'logs:List*', 'logs:StartQuery', 'logs:StopQuery',
      'logs:TestMetricFilter', 'logs:FilterLogEvents', 'logs:StartLiveTail', 'logs:StopLiveTail'], Resource: '*' }]),
  policy('AWSCloudTrail_ReadOnlyAccess', '/', 'ANPAJDU7KJADWBSEQ3E7S', 'v1', '2016-12-14T20:41:52Z', '2016-12-14T20:41:52Z',
    'Provides read only access to AWS CloudTrail.',
    [{ Effect: 'Allow', Action: ['cloudtrail:Get*', 'cloudtrail:Describe*', 'cloudtrail:List*', 'cloudtrail:LookupEvents'], Resource: '*' }]),
];

const byArn = new Map(AWS_MANAGED_POLICIES.map((p) => [p.Arn, p]));

export function awsManagedPolicy(arn: string): AwsManagedPolicy | undefined {
  return byArn.get(arn);
}

export const ADMINISTRATOR_ACCESS = 'arn:aws:iam::aws:policy/AdministratorAccess';
export const READ_ONLY_ACCESS = 'arn:aws:iam::aws:policy/ReadOnlyAccess';
