/**
 * AWS::S3::BucketPolicy. Ref: the bucket name (the resource's primary identifier is its Bucket). No GetAtt.
 * Changing Bucket replaces the resource; changing PolicyDocument writes the new policy in place.
 */
import { DeleteBucketPolicyCommand, PutBucketPolicyCommand } from '@aws-sdk/client-s3';
import { HandlerError, ignoreNotFound, policyJson, type ResourceType } from './types';

export const s3BucketPolicy: ResourceType = {
  type: 'AWS::S3::BucketPolicy',
  replaceOn: ['Bucket'],

  async create(props, rc) {
    const bucket = props.Bucket;
    if (typeof bucket !== 'string' || !bucket) throw new HandlerError('Property validation failure: [The property {/Bucket} is required]');
    if (props.PolicyDocument === undefined) throw new HandlerError('Property validation failure: [The property {/PolicyDocument} is required]');
    await rc.clients.s3.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: policyJson(props.PolicyDocument) }));
    return { physicalId: bucket, attributes: {} };
  },

  async update(bucket, props, _previous, rc) {
    await rc.clients.s3.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: policyJson(props.PolicyDocument) }));
    return { physicalId: bucket, attributes: {} };
  },

  async delete(bucket, _props, rc) {
    // A bucket already gone, or without a policy, is what the delete handler wanted.
    await ignoreNotFound(rc.clients.s3.send(new DeleteBucketPolicyCommand({ Bucket: bucket })));
  },
};
