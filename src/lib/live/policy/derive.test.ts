/** How the allowlist reads the lessons' shell text, and how a new lesson's commands widen it with nothing else. */
import { describe, it, expect } from 'vitest';
import { awsInvocations } from './commands';
import { derivePolicy } from './derive';
import { workshopSources } from './node';
import { judge } from './rules';
import { root } from '../test-support';
import { lab } from '../../../../labs/lab';
import type { Lab } from '../../../../labs/schema';

const sources = workshopSources(root);
const withStep = (identity: 'administrator' | 'builder', ...runs: string[]) =>
  derivePolicy({ ...sources, lab: { steps: [...lab.steps, { id: 'new', lesson: 'going-further', title: 't', identity, commands: runs.map((run) => ({ run, expect: 'success' })), checks: [] }] } as unknown as Lab });

describe('reading aws commands out of shell text', () => {
  it('finds commands inside $( ), pipes, loops and continuation lines, with their options', () => {
    const found = awsInvocations(
      "for g in $(aws logs describe-log-groups --log-group-name-prefix /aws/lambda/x- | jq -r '.x'); do aws logs delete-log-group --log-group-name $g; done",
    );
    expect(found.map((i) => `${i.service} ${i.command}`)).toEqual(['logs describe-log-groups', 'logs delete-log-group']);
    expect(found[0].options.get('--log-group-name-prefix')).toEqual(['/aws/lambda/x-']);
    const [wait] = awsInvocations('aws --region us-east-1 cloudformation wait stack-create-complete \\\n--stack-name builder-iam');
    expect(wait).toMatchObject({ service: 'cloudformation', command: 'wait', subcommand: 'stack-create-complete' });
    expect(awsInvocations('echo aws iam list-users; jq .aws file')).toEqual([]);
  });
});

describe('a new lesson', () => {
  it('gets exactly the operations its commands make, high-level aws s3 and waiters included, and its bucket prefix', () => {
    const before = derivePolicy(sources);
    const after = withStep(
      'builder',
      'aws s3 cp notes.txt s3://boundary-lab-$AWS_ACCOUNT-files/notes.txt',
      'aws s3api put-bucket-policy --bucket boundary-lab-$AWS_ACCOUNT-files --policy file://bucket-policy.json',
      "aws s3api put-bucket-tagging --bucket boundary-lab-$AWS_ACCOUNT-files --tagging 'TagSet=[{Key=a,Value=b}]'",
      'aws s3api get-bucket-tagging --bucket boundary-lab-$AWS_ACCOUNT-files',
      'aws cloudformation update-stack --stack-name escalation-stack --template-body file://labs/builder-application-2.yml',
      'aws cloudformation wait stack-update-complete --stack-name escalation-stack',
    );
    const added = [...after.operations.keys()].filter((k) => !before.operations.has(k)).sort();
    // The lab's own S3 lesson already uploads objects and writes bucket policies; tagging is new.
    expect(added).toEqual(['s3:GetBucketTagging', 's3:PutBucketTagging']);
    for (const op of ['s3:PutObject', 's3:PutBucketPolicy', 's3:CreateMultipartUpload']) expect(after.operations.has(op), op).toBe(true);
    expect(added.every((k) => k.startsWith('s3:'))).toBe(true);
    expect(after.bucketPrefixes).toContain('boundary-lab-');
    expect(after.stacks).toContain('escalation-stack');
    expect(after.operations.get('cloudformation:UpdateStack')).toContain('session');
    const account = '123456789012';
    expect(judge({ service: 's3', operation: 'PutBucketPolicy', input: { Bucket: `boundary-lab-${account}-files` } }, { policy: after, account, signer: 'session' })).toBeUndefined();
    expect(judge({ service: 's3', operation: 'PutBucketPolicy', input: { Bucket: 'payroll' } }, { policy: after, account, signer: 'session' })).toMatch(/not one of the workshop's/);
    expect(judge({ service: 's3', operation: 'PutBucketPolicy', input: { Bucket: `boundary-lab-${account}-files` } }, { policy: before, account, signer: 'session' })).toMatch(/only as your own identity/);
  });

  it('fails loudly on a command the AWS CLI does not have, instead of allowing nothing silently', () => {
    expect(() => withStep('builder', 'aws iam list-userz')).toThrow(/aws iam list-userz: no such command/);
    expect(() => withStep('builder', 'aws cloudformation wait stack-eaten')).toThrow(/no such waiter/);
  });
});
