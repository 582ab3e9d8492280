/** The resource types the sandbox's CloudFormation can create. Any other type fails its resource with a clear reason. */
import { iamManagedPolicy } from './iam-managed-policy';
import { iamPolicy } from './iam-policy';
import { iamRole } from './iam-role';
import { lambdaFunction } from './lambda-function';
import { lambdaPermission } from './lambda-permission';
import { logsLogGroup } from './logs-log-group';
import { s3Bucket } from './s3-bucket';
import { s3BucketPolicy } from './s3-bucket-policy';
import { sfnStateMachine } from './sfn-state-machine';
import type { ResourceType } from './types';

export const RESOURCE_TYPES: Record<string, ResourceType> = Object.fromEntries(
  [iamRole, iamManagedPolicy, iamPolicy, lambdaFunction, lambdaPermission, sfnStateMachine, logsLogGroup, s3Bucket, s3BucketPolicy].map((t) => [t.type, t]),
);

/** Fn::GetAtt attributes each type documents (checked before the stack starts). */
export const ATTRIBUTES: Record<string, readonly string[]> = {
  'AWS::IAM::Role': ['Arn', 'RoleId'],
  'AWS::IAM::ManagedPolicy': ['PolicyArn', 'PolicyId', 'DefaultVersionId', 'AttachmentCount', 'IsAttachable', 'CreateDate', 'UpdateDate'],
  'AWS::IAM::Policy': ['Id'],
  'AWS::Lambda::Function': ['Arn'],
  'AWS::Lambda::Permission': ['Id'],
  'AWS::StepFunctions::StateMachine': ['Arn', 'Name', 'StateMachineRevisionId'],
  'AWS::Logs::LogGroup': ['Arn'],
  'AWS::S3::Bucket': ['Arn', 'DomainName', 'RegionalDomainName', 'DualStackDomainName', 'WebsiteURL'],
};

export function unsupportedTypeReason(type: string): string {
  // AWS difference: AWS supports this type; the sandbox does not, and says so rather than pretending.
  return `Resource type ${type} is not supported by the sandbox. Boundary Lab's CloudFormation supports ${Object.keys(RESOURCE_TYPES).join(', ')}.`;
}

export type { ResourceType } from './types';
