/** AWS::S3::Bucket. Ref: the bucket name. GetAtt: Arn, DomainName, RegionalDomainName, DualStackDomainName, WebsiteURL. */
import { CreateBucketCommand, DeleteBucketCommand, type BucketLocationConstraint } from '@aws-sdk/client-s3';
import { ignoreNotFound, type ResourceContext, type ResourceType } from './types';

// Regions whose website endpoint is `s3-website-REGION`; newer ones use `s3-website.REGION`.
const DASH_WEBSITE = new Set(['us-east-1', 'us-west-1', 'us-west-2', 'eu-west-1', 'ap-southeast-1', 'ap-southeast-2', 'ap-northeast-1', 'sa-east-1', 'us-gov-west-1']);

export function bucketAttributes(name: string, rc: Pick<ResourceContext, 'region' | 'partition'>) {
  const r = rc.region;
  const suffix = rc.partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com';
  return {
    Arn: `arn:${rc.partition}:s3:::${name}`,
    DomainName: `${name}.s3.${suffix}`,
    RegionalDomainName: `${name}.s3.${r}.${suffix}`,
    DualStackDomainName: `${name}.s3.dualstack.${r}.${suffix}`,
    WebsiteURL: `http://${name}.s3-website${DASH_WEBSITE.has(r) ? '-' : '.'}${r}.${suffix}`,
  };
}

export const s3Bucket: ResourceType = {
  type: 'AWS::S3::Bucket',
  replaceOn: ['BucketName', 'ObjectLockEnabled'],

  async create(props, rc) {
    const name = props.BucketName ?? rc.generateName();
    await rc.clients.s3.send(new CreateBucketCommand({
      Bucket: name,
      CreateBucketConfiguration: rc.region === 'us-east-1' ? undefined : { LocationConstraint: rc.region as BucketLocationConstraint },
    }));
    // AWS difference: bucket configuration properties (Tags, encryption, versioning, policies…) are accepted but not
    // applied: the sandbox's S3 keeps buckets only.
    return { physicalId: name, attributes: bucketAttributes(name, rc) };
  },

  async update(name, _props, _prev, _rc, attributes) {
    return { physicalId: name, attributes };
  },

  async delete(name, _props, rc) {
    await ignoreNotFound(rc.clients.s3.send(new DeleteBucketCommand({ Bucket: name })));
  },
};
