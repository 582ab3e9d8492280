/** CloudFormation's errors, worded as AWS words them. */
import { AwsError } from '../../core/types';

export const validationError = (message: string) => new AwsError('ValidationError', message, 400);

export const templateFormatError = (message: string) => validationError(`Template format error: ${message}`);

export const templateError = (message: string) => validationError(`Template error: ${message}`);

export const alreadyExists = (stackName: string) =>
  new AwsError('AlreadyExistsException', `Stack [${stackName}] already exists`, 400);

export const insufficientCapabilities = (capabilities: string[]) =>
  new AwsError('InsufficientCapabilitiesException', `Requires capabilities : [${capabilities.join(', ')}]`, 400);

/** DescribeStacks, DescribeStackResources, ListStackResources, GetTemplate, UpdateStack. */
export const stackNotFound = (nameOrId: string) => validationError(`Stack with id ${nameOrId} does not exist`);

/** DescribeStackEvents words it differently. */
export const stackEventsNotFound = (nameOrId: string) => validationError(`Stack [${nameOrId}] does not exist`);

/** DescribeStackResource, too. */
export const stackResourceStackNotFound = (nameOrId: string) => validationError(`Stack '${nameOrId}' does not exist`);

export const noUpdates = () => validationError('No updates are to be performed.');

export const notUpdatable = (stackId: string, status: string) =>
  validationError(`Stack:${stackId} is in ${status} state and can not be updated.`);

export const changeSetNotFound = (name: string) => new AwsError('ChangeSetNotFound', `ChangeSet [${name}] does not exist`, 404);

export const changeSetExists = (name: string) => new AwsError('AlreadyExistsException', `ChangeSet [${name}] already exists`, 400);

export const invalidChangeSetStatus = (message: string) => new AwsError('InvalidChangeSetStatus', message, 400);
