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

export const noSuchGroup = (name: string) => new AwsError('NoSuchEntity', `The group with name ${name} cannot be found.`, 404);
export const noSuchGroupPolicy = (group: string, name: string) =>
  new AwsError('NoSuchEntity', `The group policy with name ${name} cannot be found.`, 404);
export const groupExists = (name: string) => new AwsError('EntityAlreadyExists', `Group with name ${name} already exists.`, 409);
export const noSuchInstanceProfile = (name: string) => new AwsError('NoSuchEntity', `Instance Profile ${name} cannot be found.`, 404);
export const instanceProfileExists = (name: string) => new AwsError('EntityAlreadyExists', `Instance Profile ${name} already exists.`, 409);
export const noSuchLoginProfile = (user: string) => new AwsError('NoSuchEntity', `Login Profile for User ${user} cannot be found.`, 404);
/** Service-linked roles: only AWS may change them. */
export const unmodifiableRole = (name: string) =>
  new AwsError('UnmodifiableEntity', `Cannot perform the operation on the protected role '${name}' - this role is only modifiable by AWS`, 400);
