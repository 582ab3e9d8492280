/**
 * How CloudFormation reports a resource handler's failure:
 *   Resource handler returned message: "<service message> (Service: Iam, Status Code: 403, Request ID: …)"
 *   (RequestToken: …, HandlerErrorCode: AccessDenied)
 */
import { HandlerError } from './resources/types';

/** The service name CloudFormation's handlers print, by resource type prefix. */
const SERVICE_NAMES: Record<string, string> = {
  'AWS::IAM::': 'Iam',
  'AWS::Lambda::': 'Lambda',
  'AWS::StepFunctions::': 'Sfn',
  'AWS::Logs::': 'CloudWatchLogs',
  'AWS::S3::': 'S3',
};

const HANDLER_ERROR_CODES: [RegExp, string][] = [
  [/^(AccessDenied|AccessDeniedException|UnauthorizedOperation|AuthorizationError)$/, 'AccessDenied'],
  [/^(NoSuchEntity|ResourceNotFoundException|NoSuchBucket|StateMachineDoesNotExist|NotFound)$/, 'NotFound'],
  [/AlreadyExists|AlreadyOwnedByYou|ResourceConflictException|ResourceInUseException/, 'AlreadyExists'],
  [/^(Throttling|ThrottlingException|TooManyRequestsException|SlowDown)$/, 'Throttling'],
  [/LimitExceeded|TooManyBuckets/, 'ServiceLimitExceeded'],
  [/^(InvalidClientTokenId|ExpiredToken|ExpiredTokenException|UnrecognizedClientException|InvalidAccessKeyId|SignatureDoesNotMatch)$/, 'InvalidCredentials'],
  [/Malformed|Invalid|Validation|UnsupportedOperation|DeleteConflict/, 'InvalidRequest'],
];

export function handlerErrorCode(errorName: string): string {
  for (const [pattern, code] of HANDLER_ERROR_CODES) if (pattern.test(errorName)) return code;
  return 'GeneralServiceException';
}

interface SdkError {
  name?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number; requestId?: string; extendedRequestId?: string };
  $fault?: string;
}

/** A failure the sandbox words itself (not a handler's message): the reason is the message as it is. */
export class PlainReason extends Error {}

/** The service name CloudFormation's handlers print for types without an entry above (Service: Sqs, Service: Ec2, …). */
function serviceNameOf(type: string): string {
  const known = Object.entries(SERVICE_NAMES).find(([prefix]) => type.startsWith(prefix))?.[1];
  if (known) return known;
  const service = type.split('::')[1];
  if (!service) return 'Unknown';
  if (service === 'DynamoDB') return 'DynamoDb';
  return service.charAt(0).toUpperCase() + service.slice(1).toLowerCase();
}

export function handlerFailureReason(error: unknown, resourceType: string, requestToken: string): string {
  if (error instanceof PlainReason) return error.message;
  if (error instanceof HandlerError) {
    return `Resource handler returned message: "${error.message}" (RequestToken: ${requestToken}, HandlerErrorCode: ${error.handlerErrorCode})`;
  }
  const e = (error ?? {}) as SdkError;
  const meta = e.$metadata;
  if (!meta?.httpStatusCode) {
    return `Resource handler returned message: "${e.message ?? String(error)}" (RequestToken: ${requestToken}, HandlerErrorCode: GeneralServiceException)`;
  }
  const service = serviceNameOf(resourceType);
  const details = [`Service: ${service}`, `Status Code: ${meta.httpStatusCode}`, `Request ID: ${meta.requestId ?? ''}`];
  if (service === 'S3' && meta.extendedRequestId) details.push(`Extended Request ID: ${meta.extendedRequestId}`);
  const message = e.message && e.message !== 'UnknownError' ? e.message : e.name ?? 'Internal Failure';
  return `Resource handler returned message: "${message} (${details.join(', ')})" (RequestToken: ${requestToken}, HandlerErrorCode: ${handlerErrorCode(e.name ?? '')})`;
}
