/**
 * Clean-up for the "What a boundary does not limit" lesson (labs/going-further/resource-policies.ts): its bucket
 * (emptied first), the bucket-reader role and the reader-boundary policy. Only what the lesson made: the bucket by
 * its account-specific name, the role and the policy by name *and* their /going_further/ path. Idempotent.
 */
import { DeleteBucketCommand, DeleteObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import {
  DeletePolicyCommand,
  DeletePolicyVersionCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  DetachRolePolicyCommand,
  GetPolicyCommand,
  GetRoleCommand,
  ListAttachedRolePoliciesCommand,
  ListPolicyVersionsCommand,
  ListRolePoliciesCommand,
} from '@aws-sdk/client-iam';
import type { Check } from '../../../labs/schema';
import type { AwsClients } from '../checks/types';
import { errorName } from '../checks/support';

const PATH = '/going_further/';
const ROLE = 'bucket-reader';
const BOUNDARY = 'reader-boundary';
export const readerBucket = (account: string) => `boundary-lab-${account}-reports`;

/** What verification looks for after the clean-up. */
export const RESOURCE_POLICY_LESSON_LEFTOVERS: Check[] = [
  { kind: 'bucketGone', bucket: 'boundary-lab-${AWS::AccountId}-reports', hint: 'Empty and delete the lesson’s bucket.' },
  { kind: 'roleAbsent', roleName: ROLE, hint: 'Delete the bucket-reader role.' },
  { kind: 'policyAbsent', policyName: BOUNDARY, path: PATH, hint: 'Delete the reader-boundary policy.' },
];

const gone = (e: unknown) => ['NoSuchBucket', 'NotFound', 'NoSuchEntityException', 'NoSuchEntity'].includes(errorName(e));

async function deleteBucket(clients: AwsClients, bucket: string): Promise<string | undefined> {
  try {
    for (;;) {
      const page = await clients.s3.send(new ListObjectsV2Command({ Bucket: bucket }));
      for (const o of page.Contents ?? []) await clients.s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: o.Key! }));
      if (!page.IsTruncated) break;
    }
    await clients.s3.send(new DeleteBucketCommand({ Bucket: bucket }));
    return `bucket ${bucket}`;
  } catch (e) {
    if (gone(e)) return undefined;
    throw e;
  }
}

async function deleteRole(clients: AwsClients): Promise<string | undefined> {
  let path: string | undefined;
  try {
    path = (await clients.iam.send(new GetRoleCommand({ RoleName: ROLE }))).Role?.Path;
  } catch (e) {
    if (gone(e)) return undefined;
    throw e;
  }
  if (path !== PATH) throw new Error(`A role named ${ROLE} exists at ${path}, not ${PATH}: the lesson did not make it; left alone.`);
  for (const name of (await clients.iam.send(new ListRolePoliciesCommand({ RoleName: ROLE }))).PolicyNames ?? []) {
    await clients.iam.send(new DeleteRolePolicyCommand({ RoleName: ROLE, PolicyName: name }));
  }
  for (const p of (await clients.iam.send(new ListAttachedRolePoliciesCommand({ RoleName: ROLE }))).AttachedPolicies ?? []) {
    await clients.iam.send(new DetachRolePolicyCommand({ RoleName: ROLE, PolicyArn: p.PolicyArn! }));
  }
  await clients.iam.send(new DeleteRoleCommand({ RoleName: ROLE }));
  return `role ${ROLE}`;
}

async function deleteBoundary(clients: AwsClients, account: string): Promise<string | undefined> {
  const arn = `arn:aws:iam::${account}:policy${PATH}${BOUNDARY}`;
  try {
    await clients.iam.send(new GetPolicyCommand({ PolicyArn: arn }));
  } catch (e) {
    if (gone(e)) return undefined;
    throw e;
  }
  for (const v of (await clients.iam.send(new ListPolicyVersionsCommand({ PolicyArn: arn }))).Versions ?? []) {
    if (!v.IsDefaultVersion) await clients.iam.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: v.VersionId! }));
  }
  await clients.iam.send(new DeletePolicyCommand({ PolicyArn: arn }));
  return `policy ${arn}`;
}

/** The role goes before its boundary (IAM refuses to delete a policy in use as a boundary). */
export async function cleanUpResourcePolicyLesson(clients: AwsClients, account: string): Promise<{ status: 'done' | 'skipped'; detail: string }> {
  const deleted = [await deleteBucket(clients, readerBucket(account)), await deleteRole(clients), await deleteBoundary(clients, account)].filter(Boolean);
  return deleted.length
    ? { status: 'done', detail: `Deleted ${deleted.join(', ')}.` }
    : { status: 'skipped', detail: 'Nothing of the resource-based policies lesson is left.' };
}
