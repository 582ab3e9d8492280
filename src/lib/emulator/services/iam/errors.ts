/** IAM's errors with AWS's codes and sentences. */
import { AwsError } from '../../core/types';

export const noSuchRole = (name: string) => new AwsError('NoSuchEntity', `The role with name ${name} cannot be found.`, 404);
export const noSuchUser = (name: string) => new AwsError('NoSuchEntity', `The user with name ${name} cannot be found.`, 404);
export const noSuchRolePolicy = (role: string, name: string) =>
  new AwsError('NoSuchEntity', `The role policy with name ${name} cannot be found.`, 404);
export const noSuchUserPolicy = (user: string, name: string) =>
  new AwsError('NoSuchEntity', `The user policy with name ${name} cannot be found.`, 404);
export const noSuchPolicy = (arn: string) => new AwsError('NoSuchEntity', `Policy ${arn} does not exist or is not attachable.`, 404);
export const policyNotFound = (arn: string) => new AwsError('NoSuchEntity', `Policy ${arn} was not found.`, 404);
export const noSuchPolicyVersion = (arn: string, version: string) =>
  new AwsError('NoSuchEntity', `Policy ${arn} version ${version} does not exist or is not attachable.`, 404);
export const noSuchAccessKey = (id: string) => new AwsError('NoSuchEntity', `The Access Key with id ${id} cannot be found.`, 404);

export const roleExists = (name: string) => new AwsError('EntityAlreadyExists', `Role with name ${name} already exists.`, 409);
export const userExists = (name: string) => new AwsError('EntityAlreadyExists', `User with name ${name} already exists.`, 409);
export const policyExists = (name: string) =>
  new AwsError('EntityAlreadyExists', `A policy called ${name} already exists. Duplicate names are not allowed.`, 409);

export const deleteConflict = (message: string) => new AwsError('DeleteConflict', message, 409);
export const limitExceeded = (message: string) => new AwsError('LimitExceeded', message, 409);
export const malformedPolicy = (message: string) => new AwsError('MalformedPolicyDocument', message, 400);
export const invalidInput = (message: string) => new AwsError('InvalidInput', message, 400);
export const validationError = (message: string) => new AwsError('ValidationError', message, 400);
