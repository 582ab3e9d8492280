/**
 * Every S3 request is decided by the IAM engine with the bucket policy as the resource-based policy, so the
 * caller's identity policies, permissions boundary and session policies combine with it by IAM's same-account and
 * cross-account rules (reference_policies_evaluation-logic.html), as they do for trust and Lambda policies.
 */
import type { ContextValue } from '../../../iam/api';
import type { OperationContext } from '../../core/types';
import { bucketArn, objectArn, type S3State } from './model';

type Ctx = OperationContext<S3State>;

function authorizeOn(ctx: Ctx, action: string, bucket: string, resource: string, context?: Record<string, ContextValue | undefined>) {
  const b = ctx.state.buckets[bucket];
  return ctx.authorize(action, resource, {
    ...(context ? { context } : {}),
    ...(b?.policy ? { resourcePolicy: { id: bucketArn(bucket), document: b.policy }, resourcePolicyType: 'resource-based' as const } : {}),
    ...(b ? { resourceAccount: b.owner ?? ctx.accountId } : {}),
  });
}

/** A bucket-level action (s3:ListBucket, s3:PutBucketPolicy…) on `arn:aws:s3:::bucket`. */
export const authorizeBucket = (ctx: Ctx, action: string, bucket: string, context?: Record<string, ContextValue | undefined>) =>
  authorizeOn(ctx, action, bucket, bucketArn(bucket ?? ''), context);

/** An object-level action (s3:GetObject, s3:PutObject…) on `arn:aws:s3:::bucket/key`. */
export const authorizeObject = (ctx: Ctx, action: string, bucket: string, key: string, context?: Record<string, ContextValue | undefined>) =>
  authorizeOn(ctx, action, bucket, objectArn(bucket ?? '', key ?? ''), context);

/** Whether the caller may do `action` on the bucket, without failing the request (GetObject's 404-or-403 rule). */
export function mayOnBucket(ctx: Ctx, action: string, bucket: string): boolean {
  try {
    authorizeBucket(ctx, action, bucket);
    return true;
  } catch {
    return false;
  }
}
