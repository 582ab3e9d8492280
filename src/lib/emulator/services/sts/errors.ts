/** STS's errors with AWS's codes and sentences. */
import { AwsError } from '../../core/types';

export const validationError = (message: string) => new AwsError('ValidationError', message, 400);
export const invalidParameterValue = (message: string) => new AwsError('InvalidParameterValue', message, 400);
export const accessDenied = (message: string) => new AwsError('AccessDenied', message, 403);
export const malformedPolicy = (message: string) => new AwsError('MalformedPolicyDocument', message, 400);
export const packedPolicyTooLarge = (percent: number) =>
  new AwsError('PackedPolicyTooLarge', `Packed policy consumes ${percent}% of allotted space, please use smaller policy for this session.`, 400);

export const DURATION_OVER_MAX = 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.';
export const DURATION_OVER_CHAIN = 'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.';
