/** S3 errors (restXml `<Error><Code>…`), worded as S3 words them. */
import { AwsError } from '../../core/types';

export const noSuchBucket = () => new AwsError('NoSuchBucket', 'The specified bucket does not exist', 404);

/** HeadBucket has no body: S3 answers a bare 404, which the SDK reports as `NotFound`. */
export const headNotFound = () => new AwsError('NotFound', 'Not Found', 404);

export const bucketNotEmpty = () => new AwsError('BucketNotEmpty', 'The bucket you tried to delete is not empty', 409);

export const bucketAlreadyOwnedByYou = () =>
  new AwsError(
    'BucketAlreadyOwnedByYou',
    'Your previous request to create the named bucket succeeded and you already own it.',
    409,
  );

export const invalidBucketName = () => new AwsError('InvalidBucketName', 'The specified bucket is not valid.', 400);

export const invalidLocationConstraint = () =>
  new AwsError('InvalidLocationConstraint', 'The specified location-constraint is not valid', 400);

export const illegalLocationConstraint = (constraint: string | undefined) =>
  new AwsError(
    'IllegalLocationConstraintException',
    constraint
      ? `The ${constraint} location constraint is incompatible for the region specific endpoint this request was sent to.`
      : 'The unspecified location constraint is incompatible for the region specific endpoint this request was sent to.',
    400,
  );

export const noSuchKey = () => new AwsError('NoSuchKey', 'The specified key does not exist.', 404);
