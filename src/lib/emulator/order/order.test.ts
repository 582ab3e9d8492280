/**
 * The order AWS answers in: the request's shape (model constraints, ARN syntax), then authorization (also for an
 * operation the sandbox does not implement), then lookups. And AWS managed policies from the whole catalogue.
 */
import {
  AttachRolePolicyCommand, CreateRoleCommand, GetPolicyCommand, GetPolicyVersionCommand, IAMClient, ListAttachedRolePoliciesCommand,
  ListPoliciesCommand, UpdateUserCommand,
} from '@aws-sdk/client-iam';
import { GetBucketCorsCommand, S3Client } from '@aws-sdk/client-s3';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { describe, expect, it } from 'vitest';
import { createEmulator, type Credentials } from '..';
import { awsManagedCatalogueLoaded, catalogueSnapshot } from '../account/managed-policies';
import { s3Provider } from '../services/s3/provider';

const ACCOUNT = '123456789012';
const trust = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' }],
});

async function setup() {
  const em = createEmulator({ pace: 0 });
  await em.ready;
  const iam = new IAMClient(em.sdkConfig());
  await iam.send(new CreateRoleCommand({ RoleName: 'nobody', AssumeRolePolicyDocument: trust }));
  const s = await new STSClient(em.sdkConfig()).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/nobody`, RoleSessionName: 'n' + 'obody' }));
  const nobody: Credentials = { accessKeyId: s.Credentials!.AccessKeyId!, secretAccessKey: s.Credentials!.SecretAccessKey!, sessionToken: s.Credentials!.SessionToken! };
  return { em, iam, nobodyIam: new IAMClient(em.sdkConfig(nobody)), nobodySts: new STSClient(em.sdkConfig(nobody)) };
}

describe('shape before authorization', () => {
  it('AssumeRole with a RoleArn that is no ARN: ValidationError "<arn> is invalid", even for a caller without permission', async () => {
    const { nobodySts } = await setup();
    const e = await nobodySts.send(new AssumeRoleCommand({ RoleArn: 'this-is-not-a-role-arn', RoleSessionName: 'x1' })).catch((x) => x);
    expect(e.name).toBe('ValidationError');
    expect(e.message).toBe('this-is-not-a-role-arn is invalid');
    expect(e.$metadata.httpStatusCode).toBe(400);
    // A well-formed ARN of a role that does not exist is a matter of authorization: AccessDenied.
    const missing = await nobodySts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/missing`, RoleSessionName: 'x1' })).catch((x) => x);
    expect(missing.name).toBe('AccessDenied');
  });

  it('AttachRolePolicy with a PolicyArn that is no ARN: "Invalid ARN:  Could not be parsed!" before authorization', async () => {
    const { iam, nobodyIam } = await setup();
    for (const client of [iam, nobodyIam]) {
      const e = await client.send(new AttachRolePolicyCommand({ RoleName: 'nobody', PolicyArn: 'AWSLambdaExecute-policy' })).catch((x) => x);
      expect(e.name).toBe('ValidationError');
      expect(e.message).toBe('Invalid ARN:  Could not be parsed!');
    }
    // Model constraints come first and are reported in AWS's form.
    const short = await nobodyIam.send(new AttachRolePolicyCommand({ RoleName: 'nobody', PolicyArn: 'arn:aws:iam::aws:x' })).catch((x) => x);
    expect(short.message).toBe("1 validation error detected: Value 'arn:aws:iam::aws:x' at 'policyArn' failed to satisfy constraint: Member must have length greater than or equal to 20");
  });
});

describe('authorization before "not implemented"', () => {
  it('an operation the sandbox lacks is AccessDenied for a caller without permission, InvalidAction only for an allowed one', async () => {
    const { iam, nobodyIam } = await setup();
    const denied = await nobodyIam.send(new UpdateUserCommand({ UserName: 'someone', NewUserName: 'other' })).catch((x) => x);
    expect(denied.name).toBe('AccessDenied');
    // (How IAM writes the resource in this sentence is the IAM engine's business; the resource is the user named.)
    expect(denied.message).toMatch(
      new RegExp(`^User: arn:aws:sts::${ACCOUNT}:assumed-role/nobody/nobody is not authorized to perform: iam:UpdateUser on resource: .*user.someone because no identity-based policy allows the iam:UpdateUser action$`),
    );
    const admin = await iam.send(new UpdateUserCommand({ UserName: 'someone', NewUserName: 'other' })).catch((x) => x);
    expect(admin.name).toBe('InvalidAction');
    // Shape still comes first for such an operation.
    const shape = await nobodyIam.send(new UpdateUserCommand({ UserName: 'bad name' })).catch((x) => x);
    expect(shape.name).toBe('ValidationError');
  });
});

describe('authorization before "not implemented" in S3', () => {
  it('names the bucket an unauthorized caller may not use', async () => {
    const em = createEmulator({ pace: 0, providers: [s3Provider] });
    await em.ready;
    const iam = new IAMClient(em.sdkConfig());
    await iam.send(new CreateRoleCommand({ RoleName: 'nobody', AssumeRolePolicyDocument: trust }));
    const s = await new STSClient(em.sdkConfig()).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/nobody`, RoleSessionName: 'nobody' }));
    const nobody = { accessKeyId: s.Credentials!.AccessKeyId!, secretAccessKey: s.Credentials!.SecretAccessKey!, sessionToken: s.Credentials!.SessionToken! };
    const e = await new S3Client({ ...em.sdkConfig(nobody), forcePathStyle: true }).send(new GetBucketCorsCommand({ Bucket: 'some-bucket' })).catch((x) => x);
    expect(e.name).toBe('AccessDenied');
    expect(e.$metadata.httpStatusCode).toBe(403);
    expect(e.message).toContain('s3:GetBucketCors on resource: ');
    expect(e.message).toContain('arn:aws:s3:::some-bucket');
  });
});

describe('every AWS managed policy', () => {
  it('attaches AWSLambdaExecute (loaded on first use) and shows its real version and document', async () => {
    const { iam } = await setup();
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'nobody', PolicyArn: 'arn:aws:iam::aws:policy/AWSLambdaExecute' }));
    const attached = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: 'nobody' }));
    expect(attached.AttachedPolicies).toEqual([{ PolicyName: 'AWSLambdaExecute', PolicyArn: 'arn:aws:iam::aws:policy/AWSLambdaExecute' }]);
    const vpc = 'arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole';
    const p = (await iam.send(new GetPolicyCommand({ PolicyArn: vpc }))).Policy!;
    expect(p).toMatchObject({ PolicyName: 'AWSLambdaVPCAccessExecutionRole', Path: '/service-role/', Arn: vpc });
    expect(p.PolicyId).toMatch(/^ANPA[A-Z2-7]{17}$/);
    const v = (await iam.send(new GetPolicyVersionCommand({ PolicyArn: vpc, VersionId: p.DefaultVersionId }))).PolicyVersion!;
    expect(decodeURIComponent(v.Document!)).toContain('ec2:CreateNetworkInterface');
    expect(awsManagedCatalogueLoaded()).toBe(true);
    expect(catalogueSnapshot().count).toBeGreaterThan(1200);
    const missing = await iam.send(new GetPolicyCommand({ PolicyArn: 'arn:aws:iam::aws:policy/NoSuchPolicyAtAll' })).catch((x) => x);
    expect(missing.name).toBe('NoSuchEntityException');
  });

  it('lists the whole catalogue with --scope AWS', async () => {
    const { iam } = await setup();
    let marker: string | undefined;
    let n = 0;
    do {
      const page = await iam.send(new ListPoliciesCommand({ Scope: 'AWS', Marker: marker, MaxItems: 1000 }));
      n += page.Policies!.length;
      marker = page.IsTruncated ? page.Marker : undefined;
    } while (marker);
    expect(n).toBe(catalogueSnapshot().count);
  });
});
