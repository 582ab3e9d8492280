/** The check kinds that read S3 (the resource-based policies lesson): a bucket policy's grant, a bucket gone. */
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { GetBucketPolicyCommand, HeadBucketCommand } from '@aws-sdk/client-s3';
import type { CheckOf } from '../../../labs/schema';
import type { CheckContext, CheckResult } from './types';
import { errorName, fail, pass } from './support';

const list = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

async function named(text: string, ctx: CheckContext): Promise<string> {
  const account = (await ctx.auditor.sts.send(new GetCallerIdentityCommand({}))).Account!;
  return text.replaceAll('${AWS::AccountId}', account).replaceAll('${AWS::Partition}', 'aws');
}

/** Does an Allow statement name exactly this principal (as `AWS`) for this action (or `s3:*` / `*`)? */
function grants(policy: { Statement?: unknown }, principal: string, action: string): boolean {
  return list(policy.Statement).some((raw) => {
    const s = raw as { Effect?: string; Principal?: { AWS?: unknown } | string; Action?: unknown };
    if (s.Effect !== 'Allow' || typeof s.Principal !== 'object') return false;
    const actions = list(s.Action).map((a) => String(a).toLowerCase());
    return list(s.Principal.AWS).includes(principal) && (actions.includes(action.toLowerCase()) || actions.includes('s3:*') || actions.includes('*'));
  });
}

export const s3Kinds = {
  async bucketPolicyNames(p: Omit<CheckOf<'bucketPolicyNames'>, 'kind' | 'hint' | 'label'>, ctx: CheckContext): Promise<CheckResult> {
    const bucket = await named(p.bucket, ctx);
    const principal = await named(p.principal, ctx);
    let text: string | undefined;
    try {
      text = (await ctx.auditor.s3.send(new GetBucketPolicyCommand({ Bucket: bucket }))).Policy;
    } catch (e) {
      const name = errorName(e);
      if (name === 'NoSuchBucketPolicy' || name === 'NoSuchBucket') return fail(`${bucket} has no bucket policy (${name}).`, [{ label: `bucket ${bucket}`, value: name }], '');
      throw e;
    }
    const policy = JSON.parse(text ?? '{}') as { Statement?: unknown };
    const evidence = [{ label: `policy of ${bucket}`, value: text ?? '' }];
    return grants(policy, principal, p.action)
      ? pass(`The bucket policy allows ${p.action} to ${principal}.`, evidence)
      : fail(`The bucket policy has no Allow of ${p.action} for ${principal}.`, evidence, '');
  },

  async bucketGone(p: Omit<CheckOf<'bucketGone'>, 'kind' | 'hint' | 'label'>, ctx: CheckContext): Promise<CheckResult> {
    const bucket = await named(p.bucket, ctx);
    try {
      await ctx.auditor.s3.send(new HeadBucketCommand({ Bucket: bucket }));
    } catch (e) {
      if (['NotFound', 'NoSuchBucket'].includes(errorName(e))) return pass(`There is no bucket ${bucket}.`, [{ label: `bucket ${bucket}`, value: 'does not exist' }]);
      throw e;
    }
    return fail(`The bucket ${bucket} still exists.`, [{ label: `bucket ${bucket}`, value: 'exists' }], '');
  },
};
