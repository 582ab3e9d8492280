/** CloudTrail errors (awsJson1_1), worded as CloudTrail words them. */
import { AwsError } from '../../core/types';

export const invalidLookupAttributes = (message: string) => new AwsError('InvalidLookupAttributesException', message);

export const invalidTimeRange = () =>
  new AwsError('InvalidTimeRangeException', 'Start time must be earlier than end time.');

export const invalidMaxResults = () =>
  new AwsError('InvalidMaxResultsException', 'Value for MaxResults must be between 1 and 50.');

export const invalidNextToken = () => new AwsError('InvalidNextTokenException', 'Invalid NextToken.');

export { asAccessDeniedException } from '../logs/errors';
