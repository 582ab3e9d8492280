/** AWS::S3::BucketPolicy through the real gateway: written, enforced, replaced on update, removed on delete, refused as S3 refuses. */
import { CloudFormationClient, CreateStackCommand, DeleteStackCommand, DescribeStackEventsCommand, DescribeStacksCommand, UpdateStackCommand } from '@aws-sdk/client-cloudformation';
import { GetBucketPolicyCommand, HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import { createEmulator, type Emulator } from '../../index';
import { createCloudFormationProvider } from '../../services/cloudformation/provider';
import { s3Provider } from '../../services/s3/provider';

let emu: Emulator;
let cfn: CloudFormationClient;
let s3: S3Client;
beforeAll(async () => {
  emu = createEmulator({ pace: 0, providers: [createCloudFormationProvider(), s3Provider] });
  await emu.ready;
  cfn = new CloudFormationClient(emu.sdkConfig() as any);
  s3 = new S3Client({ ...(emu.sdkConfig() as any), forcePathStyle: true });
});

const template = (principal: string) =>
  JSON.stringify({
    Resources: {
      Bucket: { Type: 'AWS::S3::Bucket', Properties: { BucketName: 'cfn-policy-bucket' } },
      Policy: {
        Type: 'AWS::S3::BucketPolicy',
        Properties: {
          Bucket: { Ref: 'Bucket' },
          PolicyDocument: {
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Principal: { AWS: principal }, Action: 's3:GetObject', Resource: { 'Fn::Sub': '${Bucket.Arn}/*' } }],
          },
        },
      },
    },
    Outputs: { Ref: { Value: { Ref: 'Policy' } } },
  });

async function status(name: string) {
  await emu.settled();
  return (await cfn.send(new DescribeStacksCommand({ StackName: name }))).Stacks![0];
}

describe('AWS::S3::BucketPolicy', () => {
  const session = `arn:aws:sts::${'123456789012'}:assumed-role/reader/s1`;
  it('puts the policy on create and update, Ref is the bucket name, and removes it with the stack', async () => {
    await cfn.send(new CreateStackCommand({ StackName: 'bp', TemplateBody: template(session.replace('123456789012', emu.accountId)) }));
    const s = await status('bp');
    expect(s.StackStatus).toBe('CREATE_COMPLETE');
    expect(s.Outputs).toEqual([expect.objectContaining({ OutputKey: 'Ref', OutputValue: 'cfn-policy-bucket' })]);
    const policy = JSON.parse((await s3.send(new GetBucketPolicyCommand({ Bucket: 'cfn-policy-bucket' }))).Policy!);
    expect(policy.Statement[0]).toMatchObject({ Principal: { AWS: session.replace('123456789012', emu.accountId) }, Resource: 'arn:aws:s3:::cfn-policy-bucket/*' });

    await cfn.send(new UpdateStackCommand({ StackName: 'bp', TemplateBody: template(`arn:aws:iam::${emu.accountId}:root`) }));
    expect((await status('bp')).StackStatus).toBe('UPDATE_COMPLETE');
    expect((await s3.send(new GetBucketPolicyCommand({ Bucket: 'cfn-policy-bucket' }))).Policy).toContain(`arn:aws:iam::${emu.accountId}:root`);

    await cfn.send(new DeleteStackCommand({ StackName: 'bp' }));
    await emu.settled();
    await expect(s3.send(new HeadBucketCommand({ Bucket: 'cfn-policy-bucket' }))).rejects.toMatchObject({ name: 'NotFound' });
  });

  it('fails the resource with S3’s MalformedPolicy message and rolls back', async () => {
    await cfn.send(new CreateStackCommand({ StackName: 'bad', TemplateBody: template(`arn:aws:iam::${emu.accountId}:role/does-not-exist`).replace('cfn-policy-bucket', 'cfn-bad-bucket') }));
    const s = await status('bad');
    expect(s.StackStatus).toBe('ROLLBACK_COMPLETE');
    const events = (await cfn.send(new DescribeStackEventsCommand({ StackName: 'bad' }))).StackEvents!;
    const failed = events.find((e) => e.LogicalResourceId === 'Policy' && e.ResourceStatus === 'CREATE_FAILED');
    expect(failed?.ResourceStatusReason).toContain('Invalid principal in policy');
    expect(failed?.ResourceStatusReason).toMatch(/^Resource handler returned message: "Invalid principal in policy \(Service: S3, Status Code: 400, /);
    await expect(s3.send(new HeadBucketCommand({ Bucket: 'cfn-bad-bucket' }))).rejects.toMatchObject({ name: 'NotFound' });
  });
});
