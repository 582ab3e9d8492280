/** Authentication failures, in each protocol family's own code and wording (as AWS answers them). */
import { AwsError } from '../core/types';
import type { ProtocolName } from '../protocol/model';

export type AuthFailure = 'missing' | 'incomplete' | 'invalidKey' | 'signature' | 'expired' | 'skew' | 'presignExpired';

const SIGNATURE_MESSAGE =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

export function authError(kind: AuthFailure, protocol: ProtocolName, detail = ''): AwsError {
  const json = protocol === 'json' || protocol === 'rest-json';
  const s3 = protocol === 'rest-xml';
  switch (kind) {
    case 'missing':
      // AWS difference: S3 serves anonymous requests to public buckets; the sandbox treats none as public.
      if (s3) return new AwsError('AccessDenied', 'Access Denied', 403);
      return json
        ? new AwsError('MissingAuthenticationTokenException', 'Missing Authentication Token', 403)
        : new AwsError('MissingAuthenticationToken', 'Request is missing Authentication Token', 403);
    case 'incomplete':
      if (s3) return new AwsError('AuthorizationHeaderMalformed', detail, 400);
      return new AwsError(json ? 'IncompleteSignatureException' : 'IncompleteSignature', detail, 400);
    case 'invalidKey':
      if (s3) return new AwsError('InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.', 403);
      return json
        ? new AwsError('UnrecognizedClientException', 'The security token included in the request is invalid.', 403)
        : new AwsError('InvalidClientTokenId', 'The security token included in the request is invalid.', 403);
    case 'signature':
      if (s3) {
        return new AwsError('SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided. Check your key and signing method.', 403);
      }
      return new AwsError(json ? 'InvalidSignatureException' : 'SignatureDoesNotMatch', SIGNATURE_MESSAGE, 403);
    case 'skew':
      if (s3) return new AwsError('RequestTimeTooSkewed', 'The difference between the request time and the current time is too large.', 403);
      return new AwsError(json ? 'InvalidSignatureException' : 'SignatureDoesNotMatch', detail, 403);
    case 'presignExpired':
      return new AwsError('AccessDenied', 'Request has expired', 403);
    case 'expired':
      if (s3) return new AwsError('ExpiredToken', 'The provided token has expired.', 400);
      return json
        ? new AwsError('ExpiredTokenException', 'The security token included in the request is expired', 403)
        : new AwsError('ExpiredToken', 'The security token included in the request is expired', 403);
  }
}
