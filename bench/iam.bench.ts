/**
 * IAM engine throughput: decisions per second for the lab's builder policy + application boundary (from
 * labs/builder-iam.json), compared in the same run with @cloud-copilot/iam-simulate (a devDependency, used here
 * only to measure, never shipped). Prints one JSON line.
 */
import { authorize, type AuthorizationRequest } from '../src/lib/iam/index';
import { builderLab, ACCOUNT, BOUNDARY_ARN, BUILDER_POLICY_ARN } from '../src/lib/iam/fixtures/builder-lab';
import { loadPolicy } from '@cloud-copilot/iam-policy';
// Deep imports: the package's public runSimulation is async and revalidates every policy on every call, which
// would measure validation rather than decisions.
import { authorize as simAuthorize } from '../node_modules/@cloud-copilot/iam-simulate/dist/esm/core_engine/CoreSimulatorEngine.js';
import { AwsRequestImpl } from '../node_modules/@cloud-copilot/iam-simulate/dist/esm/request/request.js';
import { RequestContextImpl } from '../node_modules/@cloud-copilot/iam-simulate/dist/esm/requestContext.js';
import { DiscoveryContextKeyConstraints } from '../node_modules/@cloud-copilot/iam-simulate/dist/esm/context_keys/discoveryContextKeyConstraints.js';

const lab = builderLab();
const sessionArn = `arn:aws:sts::${ACCOUNT}:assumed-role/builder/builder-test`;
const roleArn = `arn:aws:iam::${ACCOUNT}:role/builder`;
const cases: [string, string, Record<string, string>][] = [
  ['iam:CreateRole', `arn:aws:iam::${ACCOUNT}:role/application_roles/hello`, { 'iam:PermissionsBoundary': BOUNDARY_ARN }],
  ['iam:CreateRole', `arn:aws:iam::${ACCOUNT}:role/hello`, {}],
  ['iam:PassRole', `arn:aws:iam::${ACCOUNT}:role/application_roles/hello`, { 'iam:PassedToService': 'lambda.amazonaws.com' }],
  ['lambda:CreateFunction', `arn:aws:lambda:us-east-1:${ACCOUNT}:function:hello`, {}],
  ['cloudformation:CreateStack', `arn:aws:cloudformation:us-east-1:${ACCOUNT}:stack/app/1`, {}],
  ['iam:CreatePolicyVersion', BUILDER_POLICY_ARN, {}],
  ['s3:CreateBucket', 'arn:aws:s3:::bucket', {}],
  ['logs:GetLogEvents', `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:x`, {}],
];
const baseContext = { 'aws:PrincipalArn': roleArn, 'aws:PrincipalAccount': ACCOUNT, 'aws:PrincipalType': 'AssumedRole', 'aws:RequestedRegion': 'us-east-1' };
const requests: AuthorizationRequest[] = cases.map(([action, resource, ctx]) => ({
  principal: { arn: sessionArn, accountId: ACCOUNT, type: 'AssumedRole', roleArn },
  action,
  resource,
  context: { ...baseContext, ...ctx },
  identityPolicies: [{ id: BUILDER_POLICY_ARN, document: lab.builderPolicy }],
  permissionsBoundary: { id: BOUNDARY_ARN, document: lab.boundary },
}));

const identity = [loadPolicy(JSON.parse(lab.builderPolicy), { name: BUILDER_POLICY_ARN })];
const boundary = [loadPolicy(JSON.parse(lab.boundary), { name: BOUNDARY_ARN })];
const simulate = (i: number) =>
  simAuthorize({
    request: new AwsRequestImpl(sessionArn, { resource: cases[i][1], accountId: ACCOUNT }, cases[i][0], new RequestContextImpl({ ...baseContext, ...cases[i][2] })),
    sessionPolicy: undefined,
    identityPolicies: identity,
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    resourcePolicy: undefined,
    permissionBoundaries: boundary,
    vpcEndpointPolicies: undefined,
    simulationParameters: { simulationMode: 'Strict', discoveryContextKeyConstraints: new DiscoveryContextKeyConstraints([]) },
  });

function rate(run: (i: number) => unknown, ms: number): number {
  for (let i = 0; i < 2_000; i++) run(i % cases.length);
  let n = 0;
  const start = performance.now();
  let now = start;
  while (now - start < ms) {
    for (let i = 0; i < 1_000; i++) run(n++ % cases.length);
    now = performance.now();
  }
  return Math.round((n * 1000) / (now - start));
}

const ours = rate((i) => authorize(requests[i]), 2_000);
const theirs = rate(simulate, 2_000);
console.log(
  JSON.stringify({
    metric: 'iam.decisions_per_second',
    value: ours,
    unit: 'decisions/s',
    goal: '>= 100000',
    comparison: { 'iam-simulate decisions/s': theirs },
  }),
);
