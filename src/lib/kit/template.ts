/**
 * The CloudFormation template of an organization's builder model: the builder policy, the boundary and the builder
 * role, in the blog's shape with the configuration's names, paths, services, regions and tags — and with the builder's
 * CloudFormation and service writes limited to stacks (and the resources they name) that start with the application
 * stack prefix, which closes the two escalations the blog's own model leaves open.
 */
import type { OrgConfig } from './config';
import { SERVICE_GRANTS, type Statement } from './services';

const sub = (s: string) => ({ 'Fn::Sub': s });
const iamArn = (rest: string) => sub(`arn:\${AWS::Partition}:iam::\${AWS::AccountId}:${rest}`);

export const builderIamStackName = (c: OrgConfig) => `${c.organization.prefix}builder-iam`;
export const boundaryArnSub = (c: OrgConfig) => `arn:\${AWS::Partition}:iam::\${AWS::AccountId}:policy${c.boundary.path}${c.boundary.name}`;

/** Global services whose requests are not bound to a Region (the Region guard must not deny them). */
const GLOBAL_ACTIONS = ['iam:*', 'sts:*', 'organizations:*', 'support:*', 'cloudfront:*', 'route53:*', 's3:ListAllMyBuckets'];

export function builderPolicyDocument(c: OrgConfig): { Version: string; Statement: Statement[] } {
  const p = c.applicationStackPrefix;
  const services = c.services.map((s) => SERVICE_GRANTS[s]);
  const passTo = [...(c.services.includes('lambda') ? ['lambda.amazonaws.com'] : []), ...(c.services.includes('states') ? ['states.amazonaws.com'] : [])];
  const roles = `role${c.applicationRoles.path}*`;
  const statements: Statement[] = [
    {
      Sid: 'ReadCloudFormation',
      Effect: 'Allow',
      Action: [
        'cloudformation:Describe*', 'cloudformation:List*', 'cloudformation:Get*', 'cloudformation:ValidateTemplate',
        'cloudformation:EstimateTemplateCost', 'cloudformation:DetectStackDrift', 'cloudformation:DetectStackResourceDrift',
      ],
      Resource: '*',
    },
    {
      Sid: 'ManageStacksWithThePrefix',
      Effect: 'Allow',
      Action: [
        'cloudformation:CreateStack', 'cloudformation:UpdateStack', 'cloudformation:DeleteStack', 'cloudformation:CancelUpdateStack',
        'cloudformation:ContinueUpdateRollback', 'cloudformation:RollbackStack', 'cloudformation:CreateChangeSet',
        'cloudformation:ExecuteChangeSet', 'cloudformation:DeleteChangeSet', 'cloudformation:TagResource', 'cloudformation:UntagResource',
      ],
      Resource: sub(`arn:\${AWS::Partition}:cloudformation:*:\${AWS::AccountId}:stack/${p}*/*`),
    },
    ...services.flatMap((g) => g.builder(p)),
  ];
  const lists = services.flatMap((g) => g.list ?? []);
  if (lists.length) statements.push({ Sid: 'ListApplicationResources', Effect: 'Allow', Action: lists.sort(), Resource: '*' });
  statements.push(
    {
      Sid: 'ReadIAM',
      Effect: 'Allow',
      Action: [
        'iam:GetPolicy', 'iam:GetPolicyVersion', 'iam:GetRole', 'iam:GetRolePolicy', 'iam:ListAttachedRolePolicies', 'iam:ListEntitiesForPolicy',
        'iam:ListInstanceProfilesForRole', 'iam:ListPolicies', 'iam:ListPolicyTags', 'iam:ListPolicyVersions', 'iam:ListRolePolicies',
        'iam:ListRoleTags', 'iam:ListRoles',
      ],
      Resource: '*',
    },
    {
      Sid: 'ManageApplicationPolicies',
      Effect: 'Allow',
      Action: ['iam:CreatePolicy', 'iam:CreatePolicyVersion', 'iam:DeletePolicy', 'iam:DeletePolicyVersion', 'iam:SetDefaultPolicyVersion', 'iam:TagPolicy', 'iam:UntagPolicy'],
      Resource: iamArn(`policy${c.applicationPolicies.path}*`),
    },
    {
      Sid: 'CreateAndChangeApplicationRolesWithBoundary',
      Effect: 'Allow',
      Action: ['iam:AttachRolePolicy', 'iam:CreateRole', 'iam:DeleteRolePolicy', 'iam:DetachRolePolicy', 'iam:PutRolePermissionsBoundary', 'iam:PutRolePolicy'],
      Resource: iamArn(roles),
      Condition: { StringEquals: { 'iam:PermissionsBoundary': sub(boundaryArnSub(c)) } },
    },
    {
      Sid: 'ManageApplicationRoles',
      Effect: 'Allow',
      Action: ['iam:DeleteRole', 'iam:TagRole', 'iam:UntagRole', 'iam:UpdateAssumeRolePolicy', 'iam:UpdateRole', 'iam:UpdateRoleDescription'],
      Resource: iamArn(roles),
    },
  );
  if (passTo.length) {
    statements.push({
      Sid: 'PassApplicationRolesToTheirServices',
      Effect: 'Allow',
      Action: 'iam:PassRole',
      Resource: iamArn(roles),
      Condition: { StringEquals: { 'iam:PassedToService': passTo } },
    });
  }
  statements.push(
    { Sid: 'DenyDeletingPermissionsBoundaries', Effect: 'Deny', Action: 'iam:DeleteRolePermissionsBoundary', Resource: '*' },
    {
      Sid: 'DenyChangingBuilderAndBoundaryPolicies',
      Effect: 'Deny',
      Action: ['iam:CreatePolicy', 'iam:CreatePolicyVersion', 'iam:DeletePolicy', 'iam:DeletePolicyVersion', 'iam:SetDefaultPolicyVersion', 'iam:TagPolicy', 'iam:UntagPolicy'],
      Resource: [iamArn(`policy${c.builderPolicy.path}*`), iamArn(`policy${c.boundary.path}*`)],
    },
  );
  if (c.regions.length) {
    statements.push({
      Sid: 'DenyOutsideAllowedRegions',
      Effect: 'Deny',
      NotAction: GLOBAL_ACTIONS,
      Resource: '*',
      Condition: { StringNotEquals: { 'aws:RequestedRegion': c.regions } },
    });
  }
  return { Version: '2012-10-17', Statement: statements };
}

const SIDS: Record<string, string> = {
  lambda: 'InvokeLambdaFunctions',
  states: 'RunStepFunctionsExecutions',
  logs: 'WriteCloudWatchLogs',
  s3: 'ReadAndWriteS3Objects',
  dynamodb: 'ReadAndWriteDynamoDBItems',
  sqs: 'SendAndReceiveSQSMessages',
  sns: 'PublishSNSMessages',
  xray: 'WriteXRayTraces',
};

export function boundaryDocument(c: OrgConfig): { Version: string; Statement: Statement[] } {
  // Every function writes its logs, so application roles may always write CloudWatch Logs.
  const services = c.services.includes('logs') ? c.services : (['logs', ...c.services] as typeof c.services);
  return {
    Version: '2012-10-17',
    Statement: services.map((s) => {
      const actions = [...(c.boundary.actions?.[s] ?? SERVICE_GRANTS[s].boundary)].sort();
      return { Sid: SIDS[s], Effect: 'Allow', Action: actions.length === 1 ? actions[0] : actions, Resource: '*' };
    }),
  };
}

export function trustDocument(c: OrgConfig) {
  const statement: Statement = {
    Sid: c.builderRole.trustedPrincipalArns.length ? 'TrustNamedPrincipalsOfThisAccount' : 'TrustPrincipalsOfThisAccount',
    Effect: 'Allow',
    Principal: { AWS: sub('arn:${AWS::Partition}:iam::${AWS::AccountId}:root') },
    Action: 'sts:AssumeRole',
  };
  // Principal cannot hold wildcards (an SSO role's name has a random suffix): name them in aws:PrincipalArn instead.
  if (c.builderRole.trustedPrincipalArns.length) {
    statement.Condition = { ArnLike: { 'aws:PrincipalArn': c.builderRole.trustedPrincipalArns.map((a) => (a.includes('${') ? sub(a) : a)) } };
  }
  return { Version: '2012-10-17', Statement: [statement] };
}

export function builderTemplate(c: OrgConfig): Record<string, unknown> {
  const tags = Object.entries(c.tags).map(([Key, Value]) => ({ Key, Value }));
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: `${builderIamStackName(c)}: the builder policy, the ${c.boundary.name} permissions boundary and the ${c.builderRole.name} role for ${c.organization.name} (Boundary Lab org kit)`,
    Resources: {
      BuilderPolicy: {
        Type: 'AWS::IAM::ManagedPolicy',
        Properties: {
          ManagedPolicyName: c.builderPolicy.name,
          Path: c.builderPolicy.path,
          Description: `Lets builders deploy applications in stacks named ${c.applicationStackPrefix}* and create roles and policies only under ${c.applicationRoles.path} and ${c.applicationPolicies.path}, only with the ${c.boundary.name} permissions boundary.`,
          PolicyDocument: builderPolicyDocument(c),
        },
      },
      ApplicationBoundaryPolicy: {
        Type: 'AWS::IAM::ManagedPolicy',
        Properties: {
          ManagedPolicyName: c.boundary.name,
          Path: c.boundary.path,
          Description: 'Permissions boundary for application roles created by builders: the most any application role can do.',
          PolicyDocument: boundaryDocument(c),
        },
      },
      BuilderRole: {
        Type: 'AWS::IAM::Role',
        Properties: {
          RoleName: c.builderRole.name,
          ...(c.builderRole.path === '/' ? {} : { Path: c.builderRole.path }),
          Description: `Assumed by ${c.organization.name} builders to deploy applications.`,
          AssumeRolePolicyDocument: trustDocument(c),
          ManagedPolicyArns: [{ Ref: 'BuilderPolicy' }],
          ...(tags.length ? { Tags: tags } : {}),
        },
      },
    },
    Outputs: {
      BuilderRoleArn: { Description: 'The builder role', Value: { 'Fn::GetAtt': ['BuilderRole', 'Arn'] } },
      BuilderPolicyArn: { Description: 'The builder policy', Value: { Ref: 'BuilderPolicy' } },
      ApplicationBoundaryArn: { Description: 'The permissions boundary every application role must carry', Value: { Ref: 'ApplicationBoundaryPolicy' } },
    },
  };
}
