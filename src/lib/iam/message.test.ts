import { describe, expect, it } from 'vitest';
import { accessDeniedMessage, authorize, type AuthorizationRequest } from './index';
import { ACCT, OTHER, allow, deny, doc, policy, request, session, user } from './fixtures/requests';

const say = (req: AuthorizationRequest) => accessDeniedMessage(req, authorize(req));
const builder = session('builder', 'builder-test');

// Forms from "Troubleshoot access denied error messages" (troubleshoot_access-denied.html).
describe('accessDeniedMessage', () => {
  it('implicit deny by identity-based policies', () => {
    expect(say(request({ principal: builder, action: 'iam:CreateRole', resource: `arn:aws:iam::${ACCT}:role/x` }))).toBe(
      'User: arn:aws:sts::111122223333:assumed-role/builder/builder-test is not authorized to perform: iam:CreateRole on resource: arn:aws:iam::111122223333:role/x because no identity-based policy allows the iam:CreateRole action',
    );
  });

  it('implicit deny by the permissions boundary', () => {
    const app = session('app', 'hello', ACCT, '/application_roles/');
    const req = request({
      principal: app,
      action: 's3:CreateBucket',
      resource: 'arn:aws:s3:::hello-bucket',
      identityPolicies: [policy(allow('s3:CreateBucket'))],
      permissionsBoundary: { id: `arn:aws:iam::${ACCT}:policy/permissions_boundaries/application-boundary`, document: doc(allow('s3:GetObject')) },
    });
    expect(say(req)).toBe(
      'User: arn:aws:sts::111122223333:assumed-role/app/hello is not authorized to perform: s3:CreateBucket on resource: "arn:aws:s3:::hello-bucket" because no permissions boundary allows the s3:CreateBucket action',
    );
  });

  it('explicit deny in an identity-based policy names the managed policy', () => {
    const builderPolicy = { id: `arn:aws:iam::${ACCT}:policy/builder_policies/builder`, document: doc(allow('iam:*'), deny('iam:DeleteRolePermissionsBoundary')) };
    expect(say(request({ principal: builder, action: 'iam:DeleteRolePermissionsBoundary', resource: `arn:aws:iam::${ACCT}:role/application_roles/app`, identityPolicies: [builderPolicy] }))).toBe(
      'User: arn:aws:sts::111122223333:assumed-role/builder/builder-test is not authorized to perform: iam:DeleteRolePermissionsBoundary on resource: role app with an explicit deny in an identity-based policy: arn:aws:iam::111122223333:policy/builder_policies/builder',
    );
  });

  it('explicit deny in an inline policy has no ARN to name', () => {
    expect(say(request({ action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', identityPolicies: [{ id: 'user/alice/inline', document: doc(deny('s3:*')) }] }))).toBe(
      'User: arn:aws:iam::111122223333:user/alice is not authorized to perform: s3:GetObject on resource: "arn:aws:s3:::b/k" with an explicit deny in an identity-based policy',
    );
  });

  it('session, service control and resource-based policy forms', () => {
    const base = { principal: builder, action: 'codecommit:ListRepositories', resource: '*', identityPolicies: [policy(allow('*'))] };
    expect(say(request({ ...base, sessionPolicies: [policy(allow('s3:*'))] }))).toBe(
      'User: arn:aws:sts::111122223333:assumed-role/builder/builder-test is not authorized to perform: codecommit:ListRepositories because no session policy allows the codecommit:ListRepositories action',
    );
    expect(say(request({ ...base, sessionPolicies: [policy(deny('codecommit:*'), allow('*'))] }))).toBe(
      'User: arn:aws:sts::111122223333:assumed-role/builder/builder-test is not authorized to perform: codecommit:ListRepositories with an explicit deny in a session policy',
    );
    const scpArn = 'arn:aws:organizations::111111111111:policy/o-exampleorgid/service_control_policy/p-examplescp';
    expect(say(request({ ...base, serviceControlPolicies: [[{ id: scpArn, document: doc(allow('*'), deny('codecommit:*')) }]] }))).toBe(
      `User: arn:aws:sts::111122223333:assumed-role/builder/builder-test is not authorized to perform: codecommit:ListRepositories with an explicit deny in a service control policy: ${scpArn}`,
    );
    expect(say(request({ ...base, serviceControlPolicies: [[{ id: scpArn, document: doc(allow('s3:*')) }]] }))).toBe(
      'User: arn:aws:sts::111122223333:assumed-role/builder/builder-test is not authorized to perform: codecommit:ListRepositories because no service control policy allows the codecommit:ListRepositories action',
    );
    const bucket = 'arn:aws:s3:::amzn-s3-demo-bucket/object';
    const rp = { id: 'bucket-policy', document: doc(deny('s3:GetObject', '*', { Principal: '*' })) };
    expect(say(request({ action: 's3:GetObject', resource: bucket, identityPolicies: [policy(allow('*'))], resourcePolicy: rp }))).toBe(
      `User: arn:aws:iam::111122223333:user/alice is not authorized to perform: s3:GetObject on resource: "${bucket}" with an explicit deny in a resource-based policy`,
    );
    const carol = user('carol', OTHER);
    // S3 answers another account's caller with the bare sentence; other services name the policy type.
    expect(say(request({ principal: carol, action: 's3:GetObject', resource: bucket, resourceAccount: ACCT, identityPolicies: [policy(allow('*'))] }))).toBe('Access Denied');
    const queue = `arn:aws:sqs:us-east-1:${ACCT}:q`;
    expect(say(request({ principal: carol, action: 'sqs:SendMessage', resource: queue, resourceAccount: ACCT, identityPolicies: [policy(allow('*'))] }))).toBe(
      `User: arn:aws:iam::444455556666:user/carol is not authorized to perform: sqs:SendMessage on resource: ${queue} because no resource-based policy allows the sqs:SendMessage action`,
    );
    expect(say(request({ action: 's3:GetObject', resource: bucket, identityPolicies: [] }))).toBe(
      `User: arn:aws:iam::111122223333:user/alice is not authorized to perform: s3:GetObject on resource: "${bucket}" because no identity-based policy allows the s3:GetObject action`,
    );
  });

  it('names IAM resources as IAM does: role and user names, policy ARNs, ARNs for CreateRole and PassRole', async () => {
    const { iamResourceDescription } = await import('./index');
    const role = `arn:aws:iam::${ACCT}:role/application_roles/app`;
    expect(iamResourceDescription('iam:CreateRole', role)).toBe(role);
    expect(iamResourceDescription('iam:PassRole', role)).toBe(role);
    expect(iamResourceDescription('iam:PutRolePolicy', role)).toBe('role app');
    expect(iamResourceDescription('iam:GetUser', `arn:aws:iam::${ACCT}:user/dev/bob`)).toBe('user bob');
    expect(iamResourceDescription('iam:GetPolicy', `arn:aws:iam::${ACCT}:policy/p`)).toBe(`policy arn:aws:iam::${ACCT}:policy/p`);
    expect(iamResourceDescription('iam:CreatePolicy', `arn:aws:iam::${ACCT}:policy/application_policies/p`)).toBe('policy p');
    expect(iamResourceDescription('s3:GetObject', 'arn:aws:s3:::b/k')).toBe('arn:aws:s3:::b/k');
  });

  it('a trust policy that does not trust the caller gets the bare sentence', () => {
    const role = `arn:aws:iam::${ACCT}:role/builder`;
    const trust = { id: role, document: doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCT}:user/bob` }, Action: 'sts:AssumeRole' }) };
    expect(say(request({ action: 'sts:AssumeRole', resource: role, resourcePolicy: trust, resourcePolicyType: 'role trust' }))).toBe(
      'User: arn:aws:iam::111122223333:user/alice is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::111122223333:role/builder',
    );
  });
});
