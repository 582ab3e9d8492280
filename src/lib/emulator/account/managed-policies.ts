/**
 * Every AWS managed policy, with its real ARN, path, current version and document. They are the same in every
 * account, so they live here as data and not in the account's state.
 *
 * The data is a build-time snapshot (gen-managed-policies.mjs; source and date in `catalogueSnapshot()`), in two
 * chunks of their own in the browser build, neither of them loaded before the terminal opens: the few policies the
 * sandbox attaches itself and the labs use (aws-managed-core.json, 5 KB), loaded by the gateway before the first
 * request it answers (`loadCoreManagedPolicies`), and the whole catalogue (~1,600 policies, 3.4 MB), loaded before a
 * request that names an AWS managed policy the core does not hold, lists AWS policies, or meets such a policy
 * already attached in the saved state (`loadAwsManagedPolicies`).
 *
 * AWS difference: versions and documents are as AWS published them on the snapshot's date; AWS revises some
 * policies (ReadOnlyAccess is past v180), so a snapshot drifts until it is taken again.
 * AWS difference: the snapshot has no PolicyId or Description. PolicyIds AWS shows for the policies the sandbox held
 * before are kept; the others are derived from the ARN (ANPA + 17 characters, stable across snapshots), and only
 * the policies below carry a Description.
 * AWS difference: until the catalogue is loaded, ReadOnlyAccess is a stand-in (its real document lists read actions
 * for every AWS service, ~90 KB): it keeps the real actions for the services the sandbox emulates, so what it allows
 * there is what the real policy allows.
 */
export interface AwsManagedPolicy {
  PolicyName: string;
  PolicyId: string;
  Arn: string;
  Path: string;
  DefaultVersionId: string;
  Description?: string;
  CreateDate: Date;
  UpdateDate: Date;
  Document: string;
}

/** [name, path, policyId, versionId, created, updated, document], as gen-managed-policies.mjs writes them. */
type Row = [string, string, string, string, string, string, unknown];
interface Catalogue {
  snapshot: { source: string; taken: string; newestUpdate: string; count: number };
  policies: Row[];
}

const DESCRIPTIONS: Record<string, string> = {
  AdministratorAccess: 'Provides full access to AWS services and resources.',
  ReadOnlyAccess: 'Provides read-only access to AWS services and resources.',
  PowerUserAccess: 'Provides full access to AWS services and resources, but does not allow management of Users and groups.',
  IAMFullAccess: 'Provides full access to IAM via the AWS Management Console.',
  IAMReadOnlyAccess: 'Provides read only access to IAM via the AWS Management Console.',
  AmazonS3FullAccess: 'Provides full access to all buckets via the AWS Management Console.',
  AmazonS3ReadOnlyAccess: 'Provides read only access to all buckets via the AWS Management Console.',
  AWSLambdaBasicExecutionRole: 'Provides write permissions to CloudWatch Logs.',
  AWSLambdaRole: 'Default policy for AWS Lambda service role.',
  AWSLambdaExecute: 'Provides Put, Get access to S3 and full access to CloudWatch Logs.',
  AWSLambda_ReadOnlyAccess: 'Grants read-only access to AWS Lambda service, AWS Lambda console features, and other related AWS services.',
  CloudWatchLogsReadOnlyAccess: 'Provides read only access to CloudWatch Logs',
  AWSCloudTrail_ReadOnlyAccess: 'Provides read only access to AWS CloudTrail.',
};

// AWS keeps its managed policies as two-space JSON: the simulator's statement positions for AdministratorAccess
// (3:17 to 8:6) are those of that text.
const show = (document: unknown) => JSON.stringify(document, null, 2);

function fromRow([name, path, id, version, created, updated, document]: Row): AwsManagedPolicy {
  return {
    PolicyName: name,
    PolicyId: id,
    Arn: `arn:aws:iam::aws:policy${path}${name}`,
    Path: path,
    DefaultVersionId: version,
    ...(DESCRIPTIONS[name] ? { Description: DESCRIPTIONS[name] } : {}),
    CreateDate: new Date(created),
    UpdateDate: new Date(updated),
    Document: show(document),
  };
}

const READ_ONLY_STAND_IN_ACTIONS = [
  'cloudformation:Describe*',
  'cloudformation:Detect*',
  'cloudformation:Estimate*',
  'cloudformation:Get*',
  'cloudformation:List*',
  'cloudformation:Validate*',
  'cloudtrail:Describe*',
  'cloudtrail:Get*',
  'cloudtrail:List*',
  'cloudtrail:LookupEvents',
  'iam:Generate*',
  'iam:Get*',
  'iam:List*',
  'iam:Simulate*',
  'lambda:Get*',
  'lambda:List*',
  'logs:Describe*',
  'logs:FilterLogEvents',
  'logs:Get*',
  'logs:ListTagsForResource',
  'logs:ListTagsLogGroup',
  'logs:StartQuery',
  'logs:StopQuery',
  'logs:TestMetricFilter',
  's3:Describe*',
  's3:Get*',
  's3:List*',
  'states:Describe*',
  'states:GetExecutionHistory',
  'states:List*',
  'sts:GetAccessKeyInfo',
  'sts:GetCallerIdentity',
  'sts:GetSessionToken',
];

const readOnlyStandIn: AwsManagedPolicy = fromRow([
  'ReadOnlyAccess', '/', 'ANPAILL3HVNFSB6DCOWYQ', 'v1', '2015-02-06T18:39:48Z', '2015-02-06T18:39:48Z',
  { Version: '2012-10-17', Statement: [{ Sid: 'ReadOnlyActions', Effect: 'Allow', Action: READ_ONLY_STAND_IN_ACTIONS, Resource: '*' }] },
]);

/**
 * The AWS managed policies known now: the core ones, then every one once the catalogue is loaded. The array is
 * filled in place so that code holding it sees the catalogue when it arrives.
 */
export const AWS_MANAGED_POLICIES: AwsManagedPolicy[] = [readOnlyStandIn];
const byArn = new Map(AWS_MANAGED_POLICIES.map((p) => [p.Arn, p]));
let snapshot: Catalogue['snapshot'] | undefined;
let coreLoaded: Promise<void> | undefined;
let coreReady = false;
let loaded: Promise<void> | undefined;
let complete = false;

/** True once the core policies are there (the gateway checks this on every request before it awaits anything). */
export const coreManagedPoliciesLoaded = () => coreReady || complete;

/** Loads the core policies (once; later calls wait for the same load). */
export function loadCoreManagedPolicies(): Promise<void> {
  coreLoaded ??= import('./aws-managed-core.json').then((m) => {
    const core = (m.default ?? m) as Catalogue;
    if (complete) return;
    for (const row of core.policies) {
      const p = fromRow(row);
      AWS_MANAGED_POLICIES.push(p);
      byArn.set(p.Arn, p);
    }
    snapshot ??= core.snapshot;
    coreReady = true;
  }, (e) => {
    coreLoaded = undefined;
    throw e;
  });
  return coreLoaded;
}

export function awsManagedPolicy(arn: string): AwsManagedPolicy | undefined {
  return byArn.get(arn);
}

/** True once the whole catalogue is loaded: from then on an ARN awsManagedPolicy() does not know does not exist. */
export const awsManagedCatalogueLoaded = () => complete;

/** Whether a request or a saved state naming `arn` needs the catalogue before it can be answered. */
export const needsCatalogue = (arn: string) => !complete && arn.startsWith('arn:aws:iam::aws:policy/') && !byArn.has(arn);

/** Where the data came from and when the snapshot was taken (once either chunk is loaded). */
export const catalogueSnapshot = () => snapshot!;

/** Loads the whole catalogue (once; later calls wait for the same load). */
export function loadAwsManagedPolicies(): Promise<void> {
  loaded ??= import('./aws-managed-policies.json').then((m) => {
    const catalogue = (m.default ?? m) as Catalogue;
    AWS_MANAGED_POLICIES.length = 0;
    byArn.clear();
    for (const row of catalogue.policies) {
      const p = fromRow(row);
      AWS_MANAGED_POLICIES.push(p);
      byArn.set(p.Arn, p);
    }
    snapshot = catalogue.snapshot;
    complete = true;
  }, (e) => {
    // A failed load (a chunk the browser could not fetch) is tried again by the next request that needs it.
    loaded = undefined;
    throw e;
  });
  return loaded;
}

export const ADMINISTRATOR_ACCESS = 'arn:aws:iam::aws:policy/AdministratorAccess';
export const READ_ONLY_ACCESS = 'arn:aws:iam::aws:policy/ReadOnlyAccess';
