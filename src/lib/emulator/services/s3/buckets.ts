/** Bucket operations: create, head, list, delete, location, bucket policy and Block Public Access. */
import { AwsError, type OperationContext, type OperationHandler } from '../../core/types';
import { authorizeBucket } from './access';
import {
  bucketAlreadyOwnedByYou,
  bucketNotEmpty,
  headNotFound,
  illegalLocationConstraint,
  invalidBucketName,
  invalidLocationConstraint,
  malformedXml,
  noSuchBucket,
  noSuchBucketPolicy,
  noSuchPublicAccessBlock,
} from './errors';
import { bucketArn, canonicalId, isValidBucketName, type Bucket, type PublicAccessBlock, type S3State } from './model';
import { isPublicPolicy, validateBucketPolicy } from './policy-validate';

type Ctx = OperationContext<S3State>;

export function getBucket(ctx: Ctx, name: string): Bucket {
  const bucket = ctx.state.buckets[name];
  if (!bucket) throw noSuchBucket();
  return bucket;
}

/** New buckets block public access since April 2023 (S3 User Guide, "Blocking public access"). */
const ALL_BLOCKED: PublicAccessBlock = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true };

export const bucketOperations: Record<string, OperationHandler<S3State>> = {
  CreateBucket(input, ctx) {
    const name: string = input.Bucket;
    authorizeBucket(ctx, 's3:CreateBucket', name);
    if (!isValidBucketName(name ?? '')) throw invalidBucketName();
    const constraint: string | undefined = input.CreateBucketConfiguration?.LocationConstraint || undefined;
    if (ctx.region === 'us-east-1') {
      if (constraint === 'us-east-1') throw invalidLocationConstraint();
      if (constraint) throw illegalLocationConstraint(constraint);
    } else if (constraint !== ctx.region) {
      throw illegalLocationConstraint(constraint);
    }
    const existing = ctx.state.buckets[name];
    // us-east-1 keeps S3's legacy answer: re-creating a bucket you own there succeeds.
    if (existing && ctx.region !== 'us-east-1') throw bucketAlreadyOwnedByYou();
    if (!existing) {
      ctx.state.buckets[name] = {
        name,
        region: ctx.region,
        creationDate: ctx.now().toISOString(),
        owner: ctx.accountId,
        objects: {},
        publicAccessBlock: { ...ALL_BLOCKED },
      };
    }
    return { Location: ctx.region === 'us-east-1' ? `/${name}` : `http://${name}.s3.amazonaws.com/` };
  },

  HeadBucket(input, ctx) {
    authorizeBucket(ctx, 's3:ListBucket', input.Bucket);
    const bucket = ctx.state.buckets[input.Bucket];
    if (!bucket) throw headNotFound();
    return { BucketRegion: bucket.region, AccessPointAlias: false };
  },

  GetBucketLocation(input, ctx) {
    authorizeBucket(ctx, 's3:GetBucketLocation', input.Bucket);
    const bucket = getBucket(ctx, input.Bucket);
    // us-east-1 answers an empty LocationConstraint.
    return bucket.region === 'us-east-1' ? {} : { LocationConstraint: bucket.region };
  },

  ListBuckets(_input, ctx) {
    ctx.authorize('s3:ListAllMyBuckets', '*');
    const buckets = Object.values(ctx.state.buckets).sort((a, b) => (a.name < b.name ? -1 : 1));
    return {
      Buckets: buckets.map((b) => ({ Name: b.name, CreationDate: new Date(b.creationDate), BucketRegion: b.region })),
      Owner: { ID: canonicalId(ctx.accountId) },
    };
  },

  DeleteBucket(input, ctx) {
    authorizeBucket(ctx, 's3:DeleteBucket', input.Bucket);
    const bucket = getBucket(ctx, input.Bucket);
    if (Object.keys(bucket.objects).length) throw bucketNotEmpty();
    delete ctx.state.buckets[input.Bucket];
  },

  PutBucketPolicy(input, ctx) {
    authorizeBucket(ctx, 's3:PutBucketPolicy', input.Bucket);
    const bucket = getBucket(ctx, input.Bucket);
    const text = typeof input.Policy === 'string' ? input.Policy : '';
    if (!text) throw malformedXml();
    const policy = validateBucketPolicy(text, bucket.name, { roleExists: (arn) => !!ctx.internal.getRole(arn), userExists: (arn) => !!ctx.internal.userExists?.(arn) });
    if (bucket.publicAccessBlock?.BlockPublicPolicy && isPublicPolicy(policy)) {
      throw new AwsError(
        'AccessDenied',
        `User: ${ctx.caller.arn} is not authorized to perform: s3:PutBucketPolicy on resource: "${bucketArn(bucket.name)}" because public policies are blocked by the BlockPublicPolicy block public access setting.`,
        403,
      );
    }
    bucket.policy = text;
  },

  GetBucketPolicy(input, ctx) {
    authorizeBucket(ctx, 's3:GetBucketPolicy', input.Bucket);
    const bucket = getBucket(ctx, input.Bucket);
    if (bucket.policy === undefined) throw noSuchBucketPolicy();
    return { Policy: bucket.policy };
  },

  DeleteBucketPolicy(input, ctx) {
    authorizeBucket(ctx, 's3:DeleteBucketPolicy', input.Bucket);
    delete getBucket(ctx, input.Bucket).policy;
  },

  GetBucketPolicyStatus(input, ctx) {
    authorizeBucket(ctx, 's3:GetBucketPolicyStatus', input.Bucket);
    const bucket = getBucket(ctx, input.Bucket);
    if (bucket.policy === undefined) throw noSuchBucketPolicy();
    return { PolicyStatus: { IsPublic: isPublicPolicy(JSON.parse(bucket.policy)) } };
  },

  PutPublicAccessBlock(input, ctx) {
    authorizeBucket(ctx, 's3:PutBucketPublicAccessBlock', input.Bucket);
    const bucket = getBucket(ctx, input.Bucket);
    const c = input.PublicAccessBlockConfiguration ?? {};
    bucket.publicAccessBlock = {
      BlockPublicAcls: c.BlockPublicAcls === true,
      IgnorePublicAcls: c.IgnorePublicAcls === true,
      BlockPublicPolicy: c.BlockPublicPolicy === true,
      RestrictPublicBuckets: c.RestrictPublicBuckets === true,
    };
  },

  GetPublicAccessBlock(input, ctx) {
    authorizeBucket(ctx, 's3:GetBucketPublicAccessBlock', input.Bucket);
    const bucket = getBucket(ctx, input.Bucket);
    if (!bucket.publicAccessBlock) throw noSuchPublicAccessBlock();
    return { PublicAccessBlockConfiguration: { ...bucket.publicAccessBlock } };
  },

  DeletePublicAccessBlock(input, ctx) {
    authorizeBucket(ctx, 's3:PutBucketPublicAccessBlock', input.Bucket);
    delete getBucket(ctx, input.Bucket).publicAccessBlock;
  },
};
