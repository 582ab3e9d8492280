/**
 * What S3 checks when a bucket policy is written, with its MalformedPolicy messages, and whether a policy is
 * "public" in Block Public Access's sense (S3 User Guide, access-control-block-public-access.html#access-control-block-public-access-policy-status).
 */
import { malformedPolicy } from './errors';

type Json = Record<string, any>;
const list = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** Actions that apply to objects (`arn:aws:s3:::bucket/key`); the rest of the ones S3 knows apply to the bucket. */
const OBJECT_ACTIONS = new Set(
  [
    'GetObject', 'PutObject', 'DeleteObject', 'GetObjectTagging', 'PutObjectTagging', 'DeleteObjectTagging',
    'AbortMultipartUpload', 'ListMultipartUploadParts', 'GetObjectAcl', 'PutObjectAcl', 'GetObjectVersion',
    'DeleteObjectVersion', 'GetObjectVersionTagging', 'PutObjectVersionTagging', 'DeleteObjectVersionTagging',
    'GetObjectAttributes', 'GetObjectVersionAttributes', 'RestoreObject', 'GetObjectRetention', 'PutObjectRetention',
    'GetObjectLegalHold', 'PutObjectLegalHold', 'GetObjectVersionAcl', 'PutObjectVersionAcl', 'BypassGovernanceRetention',
  ].map((a) => a.toLowerCase()),
);
const BUCKET_ACTIONS = new Set(
  [
    'ListBucket', 'ListBucketVersions', 'ListBucketMultipartUploads', 'DeleteBucket', 'GetBucketLocation',
    'GetBucketPolicy', 'PutBucketPolicy', 'DeleteBucketPolicy', 'GetBucketPolicyStatus', 'GetBucketPublicAccessBlock',
    'PutBucketPublicAccessBlock', 'GetBucketTagging', 'PutBucketTagging', 'GetBucketAcl', 'PutBucketAcl',
    'GetBucketVersioning', 'PutBucketVersioning', 'GetLifecycleConfiguration', 'PutLifecycleConfiguration',
    'GetEncryptionConfiguration', 'PutEncryptionConfiguration', 'GetBucketCORS', 'PutBucketCORS',
    'GetBucketOwnershipControls', 'PutBucketOwnershipControls', 'GetBucketWebsite', 'PutBucketWebsite',
    'DeleteBucketWebsite', 'GetBucketLogging', 'PutBucketLogging', 'GetBucketNotification', 'PutBucketNotification',
    'GetReplicationConfiguration', 'PutReplicationConfiguration', 'GetBucketObjectLockConfiguration',
    'PutBucketObjectLockConfiguration', 'GetAccelerateConfiguration', 'PutAccelerateConfiguration',
    'GetBucketRequestPayment', 'PutBucketRequestPayment', 'CreateBucket',
  ].map((a) => a.toLowerCase()),
);

/** Glob match, case-insensitive, `*` and `?` as in policies. */
function glob(pattern: string, text: string): boolean {
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');
  return re.test(text);
}

/** Which kinds of resource an action pattern can reach: 'object', 'bucket', or both. */
function reach(action: string): Set<'object' | 'bucket'> {
  const out = new Set<'object' | 'bucket'>();
  const name = action === '*' ? '*' : action.slice(3);
  for (const a of OBJECT_ACTIONS) if (glob(name, a)) out.add('object');
  for (const a of BUCKET_ACTIONS) if (glob(name, a)) out.add('bucket');
  return out;
}

export interface PrincipalLookup {
  /** Does the role with this ARN exist (S3 resolves principals when the policy is saved)? */
  roleExists(arn: string): boolean;
  /** Does the IAM user with this ARN exist? */
  userExists(arn: string): boolean;
}

/**
 * Throws MalformedPolicy with S3's message for a policy S3 refuses. Roles and users of this account named in
 * Principal must exist, as S3 resolves them to unique IDs when it saves the policy.
 * AWS difference: another account's roles and users cannot be looked up here and are refused.
 */
export function validateBucketPolicy(text: string, bucket: string, principals: PrincipalLookup): Json {
  if (!text.trimStart().startsWith('{')) throw malformedPolicy("Policies must be valid JSON and the first byte must be '{'");
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw malformedPolicy('This policy contains invalid Json');
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw malformedPolicy('This policy contains invalid Json');
  const policy = doc as Json;
  if (policy.Version !== undefined && policy.Version !== '2012-10-17' && policy.Version !== '2008-10-17') {
    throw malformedPolicy('Invalid policy version');
  }
  if (policy.Statement === undefined) throw malformedPolicy('Missing required field Statement');
  const statements = list(policy.Statement);
  if (statements.length === 0) throw malformedPolicy('Could not parse the policy: Statement is empty!');
  for (const raw of statements) {
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw malformedPolicy('This policy contains invalid Json');
    const s = raw as Json;
    if (s.Effect === undefined) throw malformedPolicy('Missing required field Effect');
    if (s.Effect !== 'Allow' && s.Effect !== 'Deny') throw malformedPolicy('Invalid effect: ' + String(s.Effect));
    if (s.Principal === undefined && s.NotPrincipal === undefined) throw malformedPolicy('Missing required field Principal');
    if (s.Action === undefined && s.NotAction === undefined) throw malformedPolicy('Missing required field Action');
    if (s.Resource === undefined && s.NotResource === undefined) throw malformedPolicy('Missing required field Resource');
    checkPrincipal(s.Principal ?? s.NotPrincipal, principals);
    const actions = list(s.Action ?? s.NotAction);
    for (const a of actions) {
      if (typeof a !== 'string' || !(a === '*' || /^s3:[A-Za-z*?]+$/i.test(a))) throw malformedPolicy('Policy has invalid action');
      if (a !== '*' && !/[*?]/.test(a) && reach(a).size === 0) throw malformedPolicy('Policy has invalid action');
    }
    const resources = list(s.Resource ?? s.NotResource);
    const kinds = new Set<'object' | 'bucket'>();
    for (const r of resources) {
      if (typeof r !== 'string') throw malformedPolicy('Policy has invalid resource');
      if (r === '*') {
        kinds.add('object').add('bucket');
        continue;
      }
      const m = /^arn:aws:s3:::([^/]+)(\/.*)?$/.exec(r);
      if (!m || !glob(m[1], bucket)) throw malformedPolicy('Policy has invalid resource');
      kinds.add(m[2] === undefined ? 'bucket' : 'object');
    }
    if (s.Action !== undefined && s.Resource !== undefined) {
      const applies = actions.some((a) => [...reach(a as string)].some((k) => kinds.has(k)) || reach(a as string).size === 0);
      if (!applies) throw malformedPolicy('Action does not apply to any resource(s) in statement');
    }
  }
  return policy;
}

function checkPrincipal(p: unknown, principals: PrincipalLookup) {
  if (p === '*') return;
  if (!p || typeof p !== 'object' || Array.isArray(p)) throw malformedPolicy('Invalid principal in policy');
  for (const [type, value] of Object.entries(p as Json)) {
    if (!['AWS', 'Service', 'CanonicalUser', 'Federated'].includes(type)) throw malformedPolicy('Invalid principal in policy');
    for (const v of list(value)) {
      if (typeof v !== 'string') throw malformedPolicy('Invalid principal in policy');
      if (type !== 'AWS' || v === '*' || /^\d{12}$/.test(v)) continue;
      if (/^arn:aws:iam::\d{12}:root$/.test(v) || /^arn:aws:sts::\d{12}:(assumed-role\/[^/]+\/.+|federated-user\/.+)$/.test(v)) continue;
      if (/^arn:aws:iam::\d{12}:user\/.+$/.test(v) && principals.userExists(v)) continue;
      if (/^arn:aws:iam::\d{12}:role\/.+$/.test(v) && principals.roleExists(v)) continue;
      throw malformedPolicy('Invalid principal in policy');
    }
  }
}

/** Keys whose fixed (non-wildcard) value makes an Allow for `*` non-public. */
const LIMITING_KEYS = [
  'aws:sourcearn', 'aws:sourcevpc', 'aws:sourcevpce', 'aws:sourceaccount', 'aws:sourceowner', 'aws:principalaccount',
  'aws:principalorgid', 'aws:principalarn', 'aws:userid', 'aws:sourceip', 's3:dataaccesspointarn', 's3:dataaccesspointaccount',
];

/** A statement that allows everyone (`*`) without a condition that pins the caller or its network is public. */
export function isPublicPolicy(policy: Json): boolean {
  return list(policy.Statement).some((raw) => {
    const s = raw as Json;
    if (s.Effect !== 'Allow') return false;
    const p = s.Principal;
    const everyone = p === '*' || (p && typeof p === 'object' && list((p as Json).AWS).includes('*'));
    if (!everyone) return false;
    for (const op of Object.values((s.Condition ?? {}) as Json)) {
      for (const [key, value] of Object.entries(op as Json)) {
        if (LIMITING_KEYS.includes(key.toLowerCase()) && list(value).every((v) => typeof v === 'string' && !/[*?]/.test(v) && v !== '0.0.0.0/0')) return false;
      }
    }
    return true;
  });
}
