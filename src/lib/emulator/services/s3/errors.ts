/** S3 errors (restXml `<Error><Code>…`), worded as S3 words them. */
import { AwsError } from '../../core/types';

export const noSuchBucket = () => new AwsError('NoSuchBucket', 'The specified bucket does not exist', 404);

/** HeadBucket and HeadObject have no body: S3 answers a bare 404, which the SDK reports as `NotFound`. */
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

export const invalidRange = () => new AwsError('InvalidRange', 'The requested range is not satisfiable', 416);

export const preconditionFailed = () =>
  new AwsError('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', 412);

/** 304 has no body; the SDK reports it as `NotModified`. */
export const notModified = () => new AwsError('NotModified', 'Not Modified', 304);

export const badDigest = (algorithm: string) =>
  new AwsError('BadDigest', `The ${algorithm} you specified did not match the calculated checksum.`, 400);

export const invalidDigest = () => new AwsError('InvalidDigest', 'The Content-MD5 you specified was invalid.', 400);
export const contentMd5Mismatch = () => new AwsError('BadDigest', 'The Content-MD5 you specified did not match what we received.', 400);

export const invalidArgument = (message: string) => new AwsError('InvalidArgument', message, 400);

export const noSuchBucketPolicy = () => new AwsError('NoSuchBucketPolicy', 'The bucket policy does not exist', 404);

export const noSuchPublicAccessBlock = () =>
  new AwsError('NoSuchPublicAccessBlockConfiguration', 'The public access block configuration was not found', 404);

export const malformedPolicy = (message: string) => new AwsError('MalformedPolicy', message, 400);

export const noSuchUpload = () =>
  new AwsError(
    'NoSuchUpload',
    'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.',
    404,
  );

export const invalidPart = () =>
  new AwsError(
    'InvalidPart',
    'One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not match the part\'s entity tag.',
    400,
  );

export const invalidPartOrder = () =>
  new AwsError('InvalidPartOrder', 'The list of parts was not in ascending order. Parts must be ordered by part number.', 400);

export const entityTooSmall = () =>
  new AwsError('EntityTooSmall', 'Your proposed upload is smaller than the minimum allowed object size.', 400);

export const malformedXml = () =>
  new AwsError('MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema', 400);

export const invalidTag = (message: string) => new AwsError('InvalidTag', message, 400);

export const noSuchTagSet = () => new AwsError('NoSuchTagSet', 'The TagSet does not exist', 404);
