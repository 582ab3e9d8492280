/** Lambda errors (restJson1: x-amzn-ErrorType + `{"Type":"User","message":…}`), worded as Lambda words them. */
import { AwsError } from '../../core/types';

export const functionNotFound = (arn: string) => new AwsError('ResourceNotFoundException', `Function not found: ${arn}`, 404);

export const resourceNotFound = (message = 'The resource you requested does not exist.') =>
  new AwsError('ResourceNotFoundException', message, 404);

export const functionExists = (name: string) =>
  new AwsError('ResourceConflictException', `Function already exist: ${name}`, 409);

export const statementExists = () =>
  new AwsError(
    'ResourceConflictException',
    'The statement id (sid) provided already exists. Please specify a new statement id, or remove the existing statement.',
    409,
  );

export const invalidParameter = (message: string) => new AwsError('InvalidParameterValueException', message, 400);

export const roleCannotBeAssumed = () => invalidParameter('The role defined for the function cannot be assumed by Lambda.');

export const validation = (value: unknown, member: string, constraint: string) =>
  new AwsError(
    'ValidationException',
    `1 validation error detected: Value '${value}' at '${member}' failed to satisfy constraint: ${constraint}`,
    400,
  );

export const invalidRequestContent = (detail: string) =>
  new AwsError('InvalidRequestContentException', `Could not parse request body into json: ${detail}`, 400);

export const preconditionFailed = () =>
  new AwsError(
    'PreconditionFailedException',
    'The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id',
    412,
  );

/** The gateway's AccessDenied becomes Lambda's AccessDeniedException (HTTP 403), same sentence. */
export function asAccessDeniedException(error: unknown): unknown {
  if (error instanceof AwsError && error.code === 'AccessDenied') {
    return new AwsError('AccessDeniedException', error.message, 403);
  }
  return error;
}
