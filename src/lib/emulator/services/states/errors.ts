/** Step Functions errors (awsJson1_0), worded as Step Functions words them. */
import { AwsError } from '../../core/types';

export const stateMachineDoesNotExist = (arn: string) =>
  new AwsError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`);

export const stateMachineAlreadyExists = (arn: string) =>
  new AwsError('StateMachineAlreadyExists', `State Machine Already Exists: '${arn}'`);

export const executionDoesNotExist = (arn: string) =>
  new AwsError('ExecutionDoesNotExist', `Execution Does Not Exist: '${arn}'`);

export const executionAlreadyExists = (arn: string) =>
  new AwsError('ExecutionAlreadyExists', `Execution Already Exists: '${arn}'`);

export const invalidDefinition = (detail: string) =>
  new AwsError('InvalidDefinition', `Invalid State Machine Definition: '${detail}'`);

export const invalidName = (name: string) => new AwsError('InvalidName', `Invalid Name: '${name}'`);

export const invalidArn = (arn: string) =>
  new AwsError('InvalidArn', `Invalid Arn: 'Resource type not valid in this context: ${arn}'`);

export const invalidExecutionInput = (detail: string) =>
  new AwsError('InvalidExecutionInput', `Invalid State Machine Execution Input: '${detail}'`);

export const resourceNotFound = (arn: string) => new AwsError('ResourceNotFound', `Resource not found: '${arn}'`);

export const missingRequiredParameter = () =>
  new AwsError(
    'MissingRequiredParameter',
    'Either the definition, the role ARN, the LoggingConfiguration, or the TracingConfiguration must be specified',
  );

export const roleCannotBeAssumed = () =>
  new AwsError(
    'AccessDeniedException',
    'Neither the global service principal states.amazonaws.com, nor the regional one is authorized to assume the provided role.',
  );

export { asAccessDeniedException } from '../logs/errors';
