import { describe, expect, it } from 'vitest';
import { authorize } from './index';
import { ACCT, OTHER, allow, deny, doc, policy, request, session, user } from './fixtures/requests';

const bucket = 'arn:aws:s3:::amzn-s3-demo-bucket/file.txt';

// "Policy evaluation logic" (reference_policies_evaluation-logic.html).
describe('identity-based policies', () => {
  it('denies by default', () => {
    const r = authorize(request({ action: 's3:GetObject', resource: bucket }));
    expect(r).toMatchObject({ decision: 'ImplicitDeny', decidingPolicyType: 'identity-based' });
  });

  it('allows with an applicable Allow', () => {
    const r = authorize(request({ action: 's3:GetObject', resource: bucket, identityPolicies: [policy(allow('s3:GetObject', 'arn:aws:s3:::amzn-s3-demo-bucket/*'))] }));
    expect(r).toMatchObject({ decision: 'Allowed', decidingPolicyType: 'identity-based' });
  });

  it('an explicit deny in any policy overrides any allow', () => {
    const denier = policy(deny('s3:*'));
    const r = authorize(request({ action: 's3:GetObject', resource: bucket, identityPolicies: [policy(allow('*')), denier] }));
    expect(r).toMatchObject({ decision: 'ExplicitDeny', decidingPolicyType: 'identity-based', decidingPolicyId: denier.id });
  });

  it('NotAction and NotResource apply to everything except what they list', () => {
    const p = policy(allow([], '*', {}), { Effect: 'Allow', NotAction: 'iam:*', NotResource: 'arn:aws:s3:::secret/*' });
    expect(authorize(request({ action: 's3:GetObject', resource: bucket, identityPolicies: [p] })).decision).toBe('Allowed');
    expect(authorize(request({ action: 'iam:GetRole', resource: `arn:aws:iam::${ACCT}:role/x`, identityPolicies: [p] })).decision).toBe('ImplicitDeny');
    expect(authorize(request({ action: 's3:GetObject', resource: 'arn:aws:s3:::secret/x', identityPolicies: [p] })).decision).toBe('ImplicitDeny');
  });

  it('a statement with a condition applies only when the condition holds', () => {
    const p = policy(allow('s3:GetObject', '*', { Condition: { Bool: { 'aws:SecureTransport': 'true' } } }));
    expect(authorize(request({ action: 's3:GetObject', resource: bucket, identityPolicies: [p], context: { 'aws:SecureTransport': true } })).decision).toBe('Allowed');
    expect(authorize(request({ action: 's3:GetObject', resource: bucket, identityPolicies: [p], context: { 'aws:SecureTransport': false } })).decision).toBe('ImplicitDeny');
  });

  it('actions without a resource type (resource `*`) are granted only by Resource "*"', () => {
    const specific = policy(allow('iam:ListRoles', `arn:aws:iam::${ACCT}:role/*`));
    expect(authorize(request({ action: 'iam:ListRoles', resource: '*', identityPolicies: [specific] })).decision).toBe('ImplicitDeny');
    expect(authorize(request({ action: 'iam:ListRoles', resource: '*', identityPolicies: [policy(allow('iam:List*'))] })).decision).toBe('Allowed');
  });

  it('accepts documents as objects and a single Statement object', () => {
    const document = { Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' } };
    expect(authorize(request({ action: 's3:GetObject', resource: bucket, identityPolicies: [{ id: 'inline', document }] })).decision).toBe('Allowed');
  });
});

// "Permissions boundaries for IAM entities" (access_policies_boundaries.html).
describe('permissions boundaries', () => {
  const boundary = { id: `arn:aws:iam::${ACCT}:policy/boundary`, document: doc(allow(['s3:*', 'cloudwatch:*', 'ec2:*'])) };
  const identity = policy(allow('iam:CreateUser'));

  it('effective permissions are the intersection of identity policy and boundary', () => {
    const r = authorize(request({ action: 'iam:CreateUser', resource: `arn:aws:iam::${ACCT}:user/x`, identityPolicies: [identity], permissionsBoundary: boundary }));
    expect(r).toMatchObject({ decision: 'ImplicitDeny', decidingPolicyType: 'permissions boundary' });
    const s3 = authorize(request({ action: 's3:GetObject', resource: bucket, identityPolicies: [policy(allow('s3:*'))], permissionsBoundary: boundary }));
    expect(s3.decision).toBe('Allowed');
  });

  it('the boundary alone grants nothing', () => {
    const r = authorize(request({ action: 's3:GetObject', resource: bucket, permissionsBoundary: boundary }));
    expect(r).toMatchObject({ decision: 'ImplicitDeny', decidingPolicyType: 'identity-based' });
  });

  it('an explicit deny in the boundary is an explicit deny', () => {
    const b = { id: 'arn:aws:iam::111122223333:policy/b', document: doc(allow('*'), deny('s3:DeleteObject')) };
    const r = authorize(request({ action: 's3:DeleteObject', resource: bucket, identityPolicies: [policy(allow('*'))], permissionsBoundary: b }));
    expect(r).toMatchObject({ decision: 'ExplicitDeny', decidingPolicyType: 'permissions boundary' });
  });

  it('within an account, a resource-based policy naming the user ARN is not limited by the boundary', () => {
    const rp = { id: 'bucket-policy', document: doc(allow('s3:GetObject', '*', { Principal: { AWS: `arn:aws:iam::${ACCT}:user/alice` } })) };
    const r = authorize(request({ action: 's3:GetObject', resource: bucket, permissionsBoundary: boundary, identityPolicies: [], resourcePolicy: rp }));
    expect(r.decision).toBe('Allowed');
    const b = { id: 'b', document: doc(allow('ec2:*')) };
    expect(authorize(request({ action: 's3:GetObject', resource: bucket, permissionsBoundary: b, resourcePolicy: rp })).decision).toBe('Allowed');
  });

  it('a resource-based policy naming the role session is not limited by the boundary; naming the role is', () => {
    const b = { id: 'b', document: doc(allow('ec2:*')) };
    const caller = session('app', 's1', ACCT, '/application_roles/');
    const namesSession = { id: 'rp', document: doc(allow('s3:GetObject', '*', { Principal: { AWS: caller.arn } })) };
    const namesRole = { id: 'rp', document: doc(allow('s3:GetObject', '*', { Principal: { AWS: caller.roleArn } })) };
    expect(authorize(request({ principal: caller, action: 's3:GetObject', resource: bucket, permissionsBoundary: b, resourcePolicy: namesSession })).decision).toBe('Allowed');
    expect(authorize(request({ principal: caller, action: 's3:GetObject', resource: bucket, permissionsBoundary: b, resourcePolicy: namesRole }))).toMatchObject({
      decision: 'ImplicitDeny',
      decidingPolicyType: 'permissions boundary',
    });
    // Without a boundary, naming the role grants the session.
    expect(authorize(request({ principal: caller, action: 's3:GetObject', resource: bucket, resourcePolicy: namesRole })).decision).toBe('Allowed');
  });

  it('a Deny with NotPrincipal in a resource-based policy always denies a principal with a boundary', () => {
    const rp = { id: 'rp', document: doc(allow('s3:*', '*', { Principal: '*' }), { Effect: 'Deny', NotPrincipal: { AWS: `arn:aws:iam::${ACCT}:user/alice` }, Action: 's3:*', Resource: '*' }) };
    expect(authorize(request({ action: 's3:GetObject', resource: bucket, resourcePolicy: rp })).decision).toBe('Allowed');
    expect(authorize(request({ action: 's3:GetObject', resource: bucket, resourcePolicy: rp, identityPolicies: [policy(allow('*'))], permissionsBoundary: { id: 'b', document: doc(allow('*')) } })).decision).toBe('ExplicitDeny');
  });
});

// Session policies (access_policies.html#policies_session).
describe('session policies', () => {
  const caller = session();
  it('limit the identity-based permissions of the session', () => {
    const base = { principal: caller, action: 's3:GetObject', resource: bucket, identityPolicies: [policy(allow('s3:*'))] };
    expect(authorize(request({ ...base, sessionPolicies: [policy(allow('s3:GetObject'))] })).decision).toBe('Allowed');
    expect(authorize(request({ ...base, sessionPolicies: [policy(allow('ec2:*'))] }))).toMatchObject({ decision: 'ImplicitDeny', decidingPolicyType: 'session' });
    expect(authorize(request({ ...base, sessionPolicies: [policy(allow('*'), deny('s3:GetObject'))] }))).toMatchObject({ decision: 'ExplicitDeny', decidingPolicyType: 'session' });
  });

  it('do not limit a resource-based policy that names the session ARN, but do limit one that names the role', () => {
    const sp = [policy(allow('ec2:*'))];
    const namesSession = { id: 'rp', document: doc(allow('s3:GetObject', '*', { Principal: { AWS: caller.arn } })) };
    const namesRole = { id: 'rp', document: doc(allow('s3:GetObject', '*', { Principal: { AWS: caller.roleArn } })) };
    expect(authorize(request({ principal: caller, action: 's3:GetObject', resource: bucket, sessionPolicies: sp, resourcePolicy: namesSession })).decision).toBe('Allowed');
    expect(authorize(request({ principal: caller, action: 's3:GetObject', resource: bucket, sessionPolicies: sp, resourcePolicy: namesRole })).decision).toBe('ImplicitDeny');
  });
});

// Resource-based policies and cross-account access (reference_policies_evaluation-logic-cross-account.html).
describe('resource-based policies', () => {
  it('within an account, either the identity-based or the resource-based policy can allow', () => {
    const rp = { id: 'rp', document: doc(allow('s3:GetObject', bucket, { Principal: { AWS: `arn:aws:iam::${ACCT}:user/alice` } })) };
    expect(authorize(request({ action: 's3:GetObject', resource: bucket, resourcePolicy: rp }))).toMatchObject({ decision: 'Allowed', decidingPolicyType: 'resource-based' });
  });

  it('a resource-based policy that trusts the account delegates to identity-based policies', () => {
    const rp = { id: 'rp', document: doc(allow('s3:GetObject', bucket, { Principal: { AWS: `arn:aws:iam::${ACCT}:root` } })) };
    expect(authorize(request({ action: 's3:GetObject', resource: bucket, resourcePolicy: rp })).decision).toBe('ImplicitDeny');
    expect(authorize(request({ action: 's3:GetObject', resource: bucket, resourcePolicy: rp, identityPolicies: [policy(allow('s3:GetObject'))] })).decision).toBe('Allowed');
  });

  it('an explicit deny in a resource-based policy wins, including one for the whole account', () => {
    const rp = { id: 'rp', document: doc(deny('s3:*', '*', { Principal: { AWS: ACCT } })) };
    const r = authorize(request({ action: 's3:GetObject', resource: bucket, resourcePolicy: rp, identityPolicies: [policy(allow('*'))] }));
    expect(r).toMatchObject({ decision: 'ExplicitDeny', decidingPolicyType: 'resource-based' });
  });

  it('cross-account access needs both the resource-based policy and the caller’s identity-based policy', () => {
    const carol = user('carol', OTHER);
    const rp = { id: 'rp', document: doc(allow('s3:GetObject', bucket, { Principal: { AWS: OTHER } })) };
    const idp = [policy(allow('s3:GetObject'))];
    const base = { principal: carol, action: 's3:GetObject', resource: bucket, resourceAccount: ACCT };
    expect(authorize(request({ ...base, identityPolicies: idp, resourcePolicy: rp })).decision).toBe('Allowed');
    expect(authorize(request({ ...base, resourcePolicy: rp }))).toMatchObject({ decision: 'ImplicitDeny', decidingPolicyType: 'identity-based' });
    expect(authorize(request({ ...base, identityPolicies: idp }))).toMatchObject({ decision: 'ImplicitDeny', decidingPolicyType: 'resource-based' });
    // Across accounts the boundary applies even when the resource policy names the caller.
    const named = { id: 'rp', document: doc(allow('s3:GetObject', bucket, { Principal: { AWS: carol.arn } })) };
    expect(authorize(request({ ...base, identityPolicies: idp, resourcePolicy: named, permissionsBoundary: { id: 'b', document: doc(allow('ec2:*')) } })).decision).toBe('ImplicitDeny');
  });

  it('service principals are allowed by the resource-based policy alone', () => {
    const lambda = { arn: 'lambda.amazonaws.com', accountId: ACCT, type: 'Service' as const };
    const rp = { id: 'rp', document: doc(allow('sqs:SendMessage', '*', { Principal: { Service: 'lambda.amazonaws.com' } })) };
    expect(authorize(request({ principal: lambda, action: 'sqs:SendMessage', resource: `arn:aws:sqs:us-east-1:${ACCT}:q`, resourcePolicy: rp })).decision).toBe('Allowed');
    expect(authorize(request({ principal: lambda, action: 'sqs:DeleteQueue', resource: `arn:aws:sqs:us-east-1:${ACCT}:q`, resourcePolicy: rp })).decision).toBe('ImplicitDeny');
  });
});

describe('anonymous requests', () => {
  it('are allowed only by a resource-based policy with Principal "*"', () => {
    const anonymous = { arn: '*', accountId: '', type: 'Anonymous' as const };
    const bucket = 'arn:aws:s3:::public-bucket/file.txt';
    const pub = { id: 'rp', document: doc(allow('s3:GetObject', 'arn:aws:s3:::public-bucket/*', { Principal: '*' })) };
    const acct = { id: 'rp', document: doc(allow('s3:GetObject', 'arn:aws:s3:::public-bucket/*', { Principal: { AWS: ACCT } })) };
    expect(authorize(request({ principal: anonymous, action: 's3:GetObject', resource: bucket, resourceAccount: ACCT, resourcePolicy: pub })).decision).toBe('Allowed');
    expect(authorize(request({ principal: anonymous, action: 's3:GetObject', resource: bucket, resourceAccount: ACCT, resourcePolicy: acct })).decision).toBe('ImplicitDeny');
    expect(authorize(request({ principal: anonymous, action: 's3:GetObject', resource: bucket, resourceAccount: ACCT })).decision).toBe('ImplicitDeny');
  });
});

// Service control policies (orgs_manage_policies_scps_evaluation.html).
describe('service control policies', () => {
  const full = { id: 'p-FullAWSAccess', document: doc(allow('*')) };
  const idp = [policy(allow('*'))];
  it('every level of the organization must allow', () => {
    const onlyS3 = { id: 'arn:aws:organizations::111111111111:policy/o-a/service_control_policy/p-s3', document: doc(allow('s3:*')) };
    expect(authorize(request({ action: 's3:GetObject', resource: bucket, identityPolicies: idp, serviceControlPolicies: [[full], [onlyS3]] })).decision).toBe('Allowed');
    expect(authorize(request({ action: 'ec2:RunInstances', resource: '*', identityPolicies: idp, serviceControlPolicies: [[full], [onlyS3]] }))).toMatchObject({
      decision: 'ImplicitDeny',
      decidingPolicyType: 'service control',
    });
  });

  it('an SCP grants nothing by itself and its deny wins', () => {
    expect(authorize(request({ action: 's3:GetObject', resource: bucket, serviceControlPolicies: [[full]] })).decision).toBe('ImplicitDeny');
    const denyS3 = { id: 'scp-deny', document: doc(allow('*'), deny('s3:*')) };
    expect(authorize(request({ action: 's3:GetObject', resource: bucket, identityPolicies: idp, serviceControlPolicies: [[denyS3]] }))).toMatchObject({
      decision: 'ExplicitDeny',
      decidingPolicyType: 'service control',
    });
  });
});

// Role trust policies: "IAM roles" and "Cross account resource access" (id_roles_terms-and-concepts.html).
describe('role trust policies (sts:AssumeRole)', () => {
  const role = `arn:aws:iam::${ACCT}:role/builder`;
  const trustAccount = { id: role, document: doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCT}:root` }, Action: 'sts:AssumeRole' }) };
  const trustAlice = { id: role, document: doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCT}:user/alice` }, Action: 'sts:AssumeRole' }) };
  const base = { action: 'sts:AssumeRole', resource: role, resourcePolicyType: 'role trust' as const };

  it('a trust policy that trusts the account needs the caller’s own permission', () => {
    expect(authorize(request({ ...base, resourcePolicy: trustAccount }))).toMatchObject({ decision: 'ImplicitDeny', decidingPolicyType: 'identity-based' });
    expect(authorize(request({ ...base, resourcePolicy: trustAccount, identityPolicies: [policy(allow('sts:AssumeRole', role))] }))).toMatchObject({ decision: 'Allowed' });
  });

  it('a trust policy that names the caller is enough in the same account', () => {
    expect(authorize(request({ ...base, resourcePolicy: trustAlice }))).toMatchObject({ decision: 'Allowed', decidingPolicyType: 'role trust' });
  });

  it('identity permission alone does not let a caller the trust policy does not trust assume the role', () => {
    const r = authorize(request({ ...base, principal: user('bob'), resourcePolicy: trustAlice, identityPolicies: [policy(allow('sts:AssumeRole'))] }));
    expect(r).toMatchObject({ decision: 'ImplicitDeny', decidingPolicyType: 'role trust' });
    expect(r.details.map((d) => d.policyType)).toContain('role trust');
  });

  it('across accounts both the trust policy and the caller’s policy must allow', () => {
    const trustOther = { id: role, document: doc({ Effect: 'Allow', Principal: { AWS: OTHER }, Action: 'sts:AssumeRole' }) };
    const carol = user('carol', OTHER);
    expect(authorize(request({ ...base, principal: carol, resourceAccount: ACCT, resourcePolicy: trustOther })).decision).toBe('ImplicitDeny');
    expect(authorize(request({ ...base, principal: carol, resourceAccount: ACCT, resourcePolicy: trustOther, identityPolicies: [policy(allow('sts:AssumeRole'))] })).decision).toBe('Allowed');
  });

  it('service principals assume roles whose trust policy names the service', () => {
    const trust = { id: role, document: doc({ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }) };
    const lambda = { arn: 'lambda.amazonaws.com', accountId: ACCT, type: 'Service' as const };
    expect(authorize(request({ ...base, principal: lambda, resourcePolicy: trust })).decision).toBe('Allowed');
    expect(authorize(request({ ...base, principal: { ...lambda, arn: 'states.amazonaws.com' }, resourcePolicy: trust })).decision).toBe('ImplicitDeny');
  });
});

describe('explanations', () => {
  it('lists every matched statement with the action, resource and condition values used', () => {
    const p = policy(
      { Sid: 'PassToLambda', ...allow('iam:PassRole', `arn:aws:iam::${ACCT}:role/application_roles/*`, { Condition: { StringEquals: { 'iam:PassedToService': ['lambda.amazonaws.com', 'states.amazonaws.com'] } } }) },
      allow('iam:Get*'),
    );
    const r = authorize(request({ action: 'iam:PassRole', resource: `arn:aws:iam::${ACCT}:role/application_roles/app`, identityPolicies: [p], context: { 'iam:PassedToService': 'lambda.amazonaws.com' } }));
    expect(r.decision).toBe('Allowed');
    expect(r.details).toEqual([
      {
        policyType: 'identity-based',
        decision: 'Allowed',
        matches: [
          {
            policyType: 'identity-based',
            policyId: p.id,
            sid: 'PassToLambda',
            statementIndex: 0,
            effect: 'Allow',
            action: 'iam:PassRole',
            resource: `arn:aws:iam::${ACCT}:role/application_roles/*`,
            conditions: [{ operator: 'StringEquals', key: 'iam:PassedToService', policyValues: ['lambda.amazonaws.com', 'states.amazonaws.com'], requestValues: ['lambda.amazonaws.com'], matched: true }],
          },
        ],
      },
    ]);
  });

  it('reports near misses: statements that failed only on their condition, and which condition', () => {
    const p = policy(
      { Sid: 'CreateWithBoundary', ...allow('iam:CreateRole', `arn:aws:iam::${ACCT}:role/application_roles/*`, { Condition: { StringEquals: { 'iam:PermissionsBoundary': `arn:aws:iam::${ACCT}:policy/b` }, Bool: { 'aws:SecureTransport': 'true' } } }) },
    );
    const r = authorize(request({ action: 'iam:CreateRole', resource: `arn:aws:iam::${ACCT}:role/application_roles/app`, identityPolicies: [p], context: { 'iam:PermissionsBoundary': `arn:aws:iam::${ACCT}:policy/other`, 'aws:SecureTransport': true } }));
    expect(r.decision).toBe('ImplicitDeny');
    expect(r.details[0].matches).toEqual([]);
    expect(r.details[0].conditionMisses).toMatchObject([
      {
        sid: 'CreateWithBoundary',
        action: 'iam:CreateRole',
        conditions: [
          { key: 'iam:PermissionsBoundary', policyValues: [`arn:aws:iam::${ACCT}:policy/b`], requestValues: [`arn:aws:iam::${ACCT}:policy/other`], matched: false },
          { key: 'aws:SecureTransport', requestValues: ['true'], matched: true },
        ],
      },
    ]);
  });

  it('reports context keys that conditions needed but the request did not carry', () => {
    const p = policy(allow('iam:PassRole', '*', { Condition: { StringEquals: { 'iam:PassedToService': 'lambda.amazonaws.com' } } }));
    const r = authorize(request({ action: 'iam:PassRole', resource: `arn:aws:iam::${ACCT}:role/r`, identityPolicies: [p] }));
    expect(r.decision).toBe('ImplicitDeny');
    expect(r.missingContextValues).toEqual(['iam:PassedToService']);
  });

  it('accepts the context value types the emulator fills: strings, lists, booleans, numbers and Dates', () => {
    const p = policy(
      allow('s3:PutObject', '*', {
        Condition: {
          Bool: { 'aws:SecureTransport': 'true' },
          DateLessThan: { 'aws:CurrentTime': '2030-01-01T00:00:00Z' },
          NumericGreaterThan: { 'aws:EpochTime': '1700000000' },
          'ForAllValues:StringEquals': { 'aws:TagKeys': ['env', 'team'] },
          StringEquals: { 'aws:RequestedRegion': 'us-east-1', 'aws:RequestTag/env': 'dev' },
        },
      }),
    );
    const context = {
      'aws:SecureTransport': true,
      'aws:CurrentTime': new Date('2026-11-29T05:00:00Z'),
      'aws:EpochTime': 1795928400,
      'aws:TagKeys': ['env'],
      'aws:RequestedRegion': 'us-east-1',
      'aws:RequestTag/env': 'dev',
    };
    expect(authorize(request({ action: 's3:PutObject', resource: bucket, identityPolicies: [p], context })).decision).toBe('Allowed');
    expect(authorize(request({ action: 's3:PutObject', resource: bucket, identityPolicies: [p], context: { ...context, 'aws:CurrentTime': new Date('2031-01-01T00:00:00Z') } })).decision).toBe('ImplicitDeny');
    expect(authorize(request({ action: 's3:PutObject', resource: bucket, identityPolicies: [p], context: { ...context, 'aws:TagKeys': ['env', 'owner'] } })).decision).toBe('ImplicitDeny');
  });

  it('fills aws:PrincipalArn, aws:PrincipalAccount and aws:PrincipalType when the caller did not', () => {
    const s = session();
    const p = policy(allow('s3:*', '*', { Condition: { ArnEquals: { 'aws:PrincipalArn': s.roleArn }, StringEquals: { 'aws:PrincipalAccount': ACCT, 'aws:PrincipalType': 'AssumedRole' } } }));
    expect(authorize(request({ principal: s, action: 's3:GetObject', resource: bucket, identityPolicies: [p] })).decision).toBe('Allowed');
  });
});
