/**
 * The steps of the "What a boundary does not limit" lesson (src/content/docs/resource-policies.mdx): a role whose
 * permissions boundary leaves out s3:GetObject reads an object through a bucket policy that names its session, and
 * is refused again when the bucket policy names the role. Appended to the lab's steps by labs/lab.ts.
 *
 * Every step starts and ends as the administrator: the reader role is used inside the step, with the same
 * assume-role block as the builder's, and given up with `unset`. Bucket names are global, so the bucket carries the
 * account id. S3 reads are data events that CloudTrail's event history does not show, so the checks read the bucket
 * policy and the resources rather than the reader's calls.
 */
import type { LabInput } from '../schema';

type StepInput = LabInput['steps'][number];

const lesson = 'resource-policies';
const role = 'bucket-reader';
const path = '/going_further/';
const boundary = { policyName: 'reader-boundary', path };
const bucket = 'boundary-lab-${AWS::AccountId}-reports';
const sessionArn = 'arn:${AWS::Partition}:sts::${AWS::AccountId}:assumed-role/bucket-reader/reader';
const roleArn = 'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/going_further/bucket-reader';

const assumeReader = [
  `reader=$(aws sts assume-role --output json --role-arn arn:aws:iam::$AWS_ACCOUNT:role/going_further/${role} --role-session-name reader); \\`,
  `export AWS_ACCESS_KEY_ID=$(echo $reader | jq -r '.Credentials.AccessKeyId'); \\`,
  `export AWS_SECRET_ACCESS_KEY=$(echo $reader | jq -r '.Credentials.SecretAccessKey'); \\`,
  `export AWS_SESSION_TOKEN=$(echo $reader | jq -r '.Credentials.SessionToken')`,
].join('\n');
const whoAmI = { run: 'aws sts get-caller-identity --query Arn --output text', shows: ':assumed-role/bucket-reader/reader' };
// s3api get-object rather than `aws s3 cp … -`: the CLI's cp asks HeadObject first, whose bodiless 403 says only
// "Forbidden", where GetObject's answer carries AWS's sentence.
const readReport = 'aws s3api get-object --bucket $BUCKET --key report.txt report-copy.txt && cat report-copy.txt';
const giveUpReader = { run: 'unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN' };
const boundaryDenies = 'because no permissions boundary allows the s3:GetObject action';

/** A bucket policy that allows s3:GetObject on the bucket's objects to one principal (ARN with `$AWS_ACCOUNT`). */
const bucketPolicy = (principal: string) =>
  `aws s3api put-bucket-policy \\\n--bucket $BUCKET \\\n--policy '{"Version":"2012-10-17","Statement":[{"Sid":"ReadReports","Effect":"Allow","Principal":{"AWS":"${principal}"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::'$BUCKET'/*"}]}'`;

const backToAdministrator = {
  kind: 'callerIsNotAssumedRole' as const,
  role,
  hint: 'Every step ends as the administrator: run the unset line at the end of the step.',
};

export const resourcePolicySteps: StepInput[] = [
  {
    id: 'reader-setup',
    lesson,
    title: 'Create the reader role, its boundary and the bucket; the boundary refuses the read',
    identity: 'administrator',
    commands: [
      { run: `export AWS_ACCOUNT=$(aws sts get-caller-identity | jq -r '.Account'); export BUCKET=boundary-lab-$AWS_ACCOUNT-reports` },
      {
        run: `aws iam create-policy \\\n--policy-name reader-boundary \\\n--path ${path} \\\n--policy-document '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*"}]}'`,
        shows: '"PolicyName": "reader-boundary"',
      },
      {
        run: `aws iam create-role \\\n--role-name ${role} \\\n--path ${path} \\\n--permissions-boundary arn:aws:iam::$AWS_ACCOUNT:policy/going_further/reader-boundary \\\n--assume-role-policy-document '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::'$AWS_ACCOUNT':root"},"Action":"sts:AssumeRole"}]}'`,
        shows: '"RoleName": "bucket-reader"',
      },
      {
        run: `aws iam put-role-policy \\\n--role-name ${role} \\\n--policy-name read-reports \\\n--policy-document '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::'$BUCKET'/*"}]}'`,
      },
      { run: 'aws s3 mb s3://$BUCKET', shows: 'make_bucket: boundary-lab-' },
      { run: 'echo "quarterly numbers" > report.txt; aws s3 cp report.txt s3://$BUCKET/report.txt', shows: 'upload: ./report.txt to s3://boundary-lab-' },
      // The reader tries before any bucket policy exists: its own policy allows, its boundary does not.
      { run: assumeReader },
      whoAmI,
      { run: readReport, expect: 'failure', shows: boundaryDenies },
      giveUpReader,
    ],
    checks: [
      { kind: 'roleExists', roleName: role, path, attachedPolicies: [], hint: 'Create the bucket-reader role in /going_further/ with the create-role command.' },
      { kind: 'policyExists', ...boundary, hint: 'Create reader-boundary in /going_further/ before the role that uses it.' },
      backToAdministrator,
    ],
  },
  {
    id: 'reader-allowed-by-session-grant',
    lesson,
    title: 'Name the role session in the bucket policy: the read succeeds',
    identity: 'administrator',
    commands: [
      { run: bucketPolicy(`arn:aws:sts::'$AWS_ACCOUNT':assumed-role/${role}/reader`) },
      { run: assumeReader },
      whoAmI,
      { run: readReport, shows: 'quarterly numbers' },
      giveUpReader,
    ],
    checks: [
      {
        kind: 'bucketPolicyNames',
        bucket,
        principal: sessionArn,
        action: 's3:GetObject',
        hint: 'Put the bucket policy that names the session arn:aws:sts::…:assumed-role/bucket-reader/reader.',
      },
      backToAdministrator,
    ],
  },
  {
    id: 'reader-denied-with-role-grant',
    lesson,
    title: 'Name the role instead: the boundary refuses again',
    identity: 'administrator',
    commands: [
      { run: bucketPolicy(`arn:aws:iam::'$AWS_ACCOUNT':role/going_further/${role}`) },
      { run: assumeReader },
      whoAmI,
      { run: readReport, expect: 'failure', shows: boundaryDenies },
      giveUpReader,
    ],
    checks: [
      {
        kind: 'bucketPolicyNames',
        bucket,
        principal: roleArn,
        action: 's3:GetObject',
        hint: 'Put the bucket policy that names the role arn:aws:iam::…:role/going_further/bucket-reader.',
      },
      backToAdministrator,
    ],
  },
  {
    id: 'reader-clean-up',
    lesson,
    title: 'Delete the bucket, the role and the boundary',
    identity: 'administrator',
    commands: [
      { run: 'aws s3 rm s3://$BUCKET --recursive', shows: 'delete: s3://boundary-lab-' },
      { run: 'rm -f report.txt report-copy.txt' },
      { run: 'aws s3 rb s3://$BUCKET', shows: 'remove_bucket: boundary-lab-' },
      { run: `aws iam delete-role-policy --role-name ${role} --policy-name read-reports` },
      { run: `aws iam delete-role --role-name ${role}` },
      { run: 'aws iam delete-policy --policy-arn arn:aws:iam::$AWS_ACCOUNT:policy/going_further/reader-boundary' },
    ],
    checks: [
      { kind: 'bucketGone', bucket, hint: 'Empty the bucket with aws s3 rm --recursive, then remove it with aws s3 rb.' },
      { kind: 'roleAbsent', roleName: role, hint: 'Delete the role’s inline policy first, then the role.' },
      { kind: 'policyAbsent', ...boundary, hint: 'Delete reader-boundary after the role that used it.' },
    ],
  },
];
