/** CloudWatch Logs errors, worded as the service words them (awsJson1_1: `__type` + `message`). */
import { AwsError } from '../../core/types';

export const logGroupNotFound = () =>
  new AwsError('ResourceNotFoundException', 'The specified log group does not exist.');

export const logStreamNotFound = () =>
  new AwsError('ResourceNotFoundException', 'The specified log stream does not exist.');

// AWS words these without a final period.
export const logGroupExists = () =>
  new AwsError('ResourceAlreadyExistsException', 'The specified log group already exists');

export const logStreamExists = () =>
  new AwsError('ResourceAlreadyExistsException', 'The specified log stream already exists');

export const invalidParameter = (message: string) => new AwsError('InvalidParameterException', message);

/** The gateway's AccessDenied becomes the JSON services' AccessDeniedException, same sentence. */
export function asAccessDeniedException(error: unknown): unknown {
  if (error instanceof AwsError && error.code === 'AccessDenied') {
    return new AwsError('AccessDeniedException', error.message, 400);
  }
  return error;
}
