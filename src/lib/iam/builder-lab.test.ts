/** The lab's own policies (labs/builder-iam.json) through the engine: every step the workshop relies on. */
import { describe, expect, it } from 'vitest';
import { accessDeniedMessage, authorize, validatePolicyDocument, type AuthorizationRequest } from './index';
import { ACCOUNT, BOUNDARY_ARN, BUILDER_POLICY_ARN, builderLab } from './fixtures/builder-lab';
import { allow, doc, session, user } from './fixtures/requests';

const lab = builderLab();
const builder = session('builder', 'builder-test', ACCOUNT);
const appRole = (name: string) => `arn:aws:iam::${ACCOUNT}:role/application_roles/${name}`;

const asBuilder = (action: string, resource: string, context: AuthorizationRequest['context'] = {}): AuthorizationRequest => ({
  principal: builder,
  action,
  resource,
  context,
  identityPolicies: [{ id: BUILDER_POLICY_ARN, document: lab.builderPolicy }],
});

describe('the lab policies', () => {
  it('are valid IAM policies', () => {
    expect(validatePolicyDocument(lab.builderPolicy, 'identity')).toEqual({ ok: true });
    expect(validatePolicyDocument(lab.boundary, 'boundary')).toEqual({ ok: true });
    expect(validatePolicyDocument(lab.builderTrust, 'trust')).toEqual({ ok: true });
  });
});

describe('the builder role', () => {
  it('can be assumed by a principal of the account whose own policy allows it', () => {
    const req: AuthorizationRequest = {
      principal: user('admin', ACCOUNT),
      action: 'sts:AssumeRole',
      resource: `arn:aws:iam::${ACCOUNT}:role/builder`,
      context: {},
      identityPolicies: [{ id: 'admin', document: doc(allow('*')) }],
      resourcePolicy: { id: `arn:aws:iam::${ACCOUNT}:role/builder`, document: lab.builderTrust },
      resourcePolicyType: 'role trust',
    };
    expect(authorize(req).decision).toBe('Allowed');
    expect(authorize({ ...req, identityPolicies: [] }).decision).toBe('ImplicitDeny');
    expect(authorize({ ...req, principal: user('mallory', '444455556666'), resourceAccount: ACCOUNT }).decision).toBe('ImplicitDeny');
  });

  it('cannot create a role outside /application_roles/ (lesson: launch without a boundary)', () => {
    const req = asBuilder('iam:CreateRole', `arn:aws:iam::${ACCOUNT}:role/hello-role`);
    const r = authorize(req);
    expect(r.decision).toBe('ImplicitDeny');
    expect(accessDeniedMessage(req, r)).toBe(
      'User: arn:aws:sts::111122223333:assumed-role/builder/builder-test is not authorized to perform: iam:CreateRole on resource: arn:aws:iam::111122223333:role/hello-role because no identity-based policy allows the iam:CreateRole action',
    );
  });

  it('can create an application role only with the application boundary', () => {
    expect(authorize(asBuilder('iam:CreateRole', appRole('hello'), { 'iam:PermissionsBoundary': BOUNDARY_ARN })).decision).toBe('Allowed');
    expect(authorize(asBuilder('iam:CreateRole', appRole('hello'))).decision).toBe('ImplicitDeny');
    expect(authorize(asBuilder('iam:CreateRole', appRole('hello'), { 'iam:PermissionsBoundary': `arn:aws:iam::${ACCOUNT}:policy/other` })).decision).toBe('ImplicitDeny');
    expect(authorize(asBuilder('iam:PutRolePolicy', appRole('hello'), { 'iam:PermissionsBoundary': BOUNDARY_ARN })).decision).toBe('Allowed');
  });

  it('passes application roles only to Lambda and Step Functions', () => {
    expect(authorize(asBuilder('iam:PassRole', appRole('hello'), { 'iam:PassedToService': 'lambda.amazonaws.com' })).decision).toBe('Allowed');
    expect(authorize(asBuilder('iam:PassRole', appRole('hello'), { 'iam:PassedToService': 'states.amazonaws.com' })).decision).toBe('Allowed');
    expect(authorize(asBuilder('iam:PassRole', appRole('hello'), { 'iam:PassedToService': 'ec2.amazonaws.com' })).decision).toBe('ImplicitDeny');
    expect(authorize(asBuilder('iam:PassRole', `arn:aws:iam::${ACCOUNT}:role/builder`, { 'iam:PassedToService': 'lambda.amazonaws.com' })).decision).toBe('ImplicitDeny');
  });

  it('escalation 1: cannot change the builder policy or the boundary', () => {
    for (const arn of [BUILDER_POLICY_ARN, BOUNDARY_ARN]) {
      const req = asBuilder('iam:CreatePolicyVersion', arn);
      const r = authorize(req);
      expect(r).toMatchObject({ decision: 'ExplicitDeny', decidingPolicyType: 'identity-based', decidingPolicyId: BUILDER_POLICY_ARN });
      expect(accessDeniedMessage(req, r)).toBe(
        `User: arn:aws:sts::111122223333:assumed-role/builder/builder-test is not authorized to perform: iam:CreatePolicyVersion on resource: policy ${arn} with an explicit deny in an identity-based policy: ${BUILDER_POLICY_ARN}`,
      );
    }
    expect(authorize(asBuilder('iam:CreatePolicyVersion', `arn:aws:iam::${ACCOUNT}:policy/application_policies/app`)).decision).toBe('Allowed');
  });

  it('escalation 2: cannot attach a policy to its own role', () => {
    const req = asBuilder('iam:AttachRolePolicy', `arn:aws:iam::${ACCOUNT}:role/builder`, { 'iam:PolicyARN': 'arn:aws:iam::aws:policy/AdministratorAccess' });
    const r = authorize(req);
    expect(r.decision).toBe('ImplicitDeny');
    expect(accessDeniedMessage(req, r)).toBe(
      'User: arn:aws:sts::111122223333:assumed-role/builder/builder-test is not authorized to perform: iam:AttachRolePolicy on resource: role builder because no identity-based policy allows the iam:AttachRolePolicy action',
    );
  });

  it('cannot remove a permissions boundary', () => {
    expect(authorize(asBuilder('iam:DeleteRolePermissionsBoundary', appRole('hello'))).decision).toBe('ExplicitDeny');
  });

  it('deploys the application: CloudFormation, Lambda, Step Functions, logs', () => {
    expect(authorize(asBuilder('cloudformation:CreateStack', `arn:aws:cloudformation:us-east-1:${ACCOUNT}:stack/app/1`)).decision).toBe('Allowed');
    expect(authorize(asBuilder('lambda:CreateFunction', `arn:aws:lambda:us-east-1:${ACCOUNT}:function:hello`)).decision).toBe('Allowed');
    expect(authorize(asBuilder('states:CreateStateMachine', `arn:aws:states:us-east-1:${ACCOUNT}:stateMachine:hello`)).decision).toBe('Allowed');
    expect(authorize(asBuilder('logs:GetLogEvents', `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/lambda/hello`)).decision).toBe('Allowed');
    expect(authorize(asBuilder('lambda:ListFunctions', '*')).decision).toBe('Allowed');
  });
});

describe('an application role with the boundary (escalation 3)', () => {
  const app = session('hello-role', 'hello', ACCOUNT, '/application_roles/');
  const inline = { id: 'role/application_roles/hello-role/logs-and-buckets', document: doc(allow(['logs:*', 's3:CreateBucket'])) };
  const req = (action: string, resource: string): AuthorizationRequest => ({
    principal: app,
    action,
    resource,
    context: {},
    identityPolicies: [inline],
    permissionsBoundary: { id: BOUNDARY_ARN, document: lab.boundary },
  });

  it('can write logs', () => {
    expect(authorize(req('logs:PutLogEvents', `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/lambda/hello:log-stream:x`)).decision).toBe('Allowed');
  });

  it('cannot create a bucket although its own policy allows it', () => {
    const q = req('s3:CreateBucket', 'arn:aws:s3:::hello-builder-bucket');
    const r = authorize(q);
    expect(r).toMatchObject({ decision: 'ImplicitDeny', decidingPolicyType: 'permissions boundary' });
    expect(accessDeniedMessage(q, r)).toBe(
      'User: arn:aws:sts::111122223333:assumed-role/hello-role/hello is not authorized to perform: s3:CreateBucket on resource: "arn:aws:s3:::hello-builder-bucket" because no permissions boundary allows the s3:CreateBucket action',
    );
  });
});
