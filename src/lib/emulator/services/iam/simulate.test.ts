/** The simulator's whole response shape, as IAM answers (SourcePolicyId/Type, positions, per-resource results). */
import {
  AttachRolePolicyCommand, CreateRoleCommand, IAMClient, PutRolePolicyCommand, SimulateCustomPolicyCommand, SimulatePrincipalPolicyCommand,
} from '@aws-sdk/client-iam';
import { describe, expect, it } from 'vitest';
import { createEmulator } from '../..';

const ACCOUNT = '123456789012';
const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] });

async function iam() {
  const em = createEmulator({ pace: 0 });
  await em.ready;
  return new IAMClient(em.sdkConfig());
}

describe('SimulatePrincipalPolicy', () => {
  it('names policies as IAM does and places statements where IAM does', async () => {
    const c = await iam();
    await c.send(new CreateRoleCommand({ RoleName: 'app', AssumeRolePolicyDocument: trust }));
    await c.send(new AttachRolePolicyCommand({ RoleName: 'app', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }));
    await c.send(new PutRolePolicyCommand({
      RoleName: 'app', PolicyName: 'no-delete',
      PolicyDocument: '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:DeleteObject","Resource":"*"}]}',
    }));
    const r = await c.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: `arn:aws:iam::${ACCOUNT}:role/app`, ActionNames: ['s3:GetObject', 's3:DeleteObject'] }));
    const [get, del] = r.EvaluationResults!;
    // AWS's own answer for AdministratorAccess: "IAM Policy", 3:17 to 8:6.
    expect(get).toEqual({
      EvalActionName: 's3:GetObject',
      EvalResourceName: '*',
      EvalDecision: 'allowed',
      MatchedStatements: [{ SourcePolicyId: 'AdministratorAccess', SourcePolicyType: 'IAM Policy', StartPosition: { Line: 3, Column: 17 }, EndPosition: { Line: 8, Column: 6 } }],
      MissingContextValues: [],
      OrganizationsDecisionDetail: { AllowedByOrganizations: true },
    });
    expect(del.EvalDecision).toBe('explicitDeny');
    expect(del.MatchedStatements).toEqual([
      { SourcePolicyId: 'role_app_no-delete', SourcePolicyType: 'IAM Policy', StartPosition: { Line: 1, Column: 38 }, EndPosition: { Line: 1, Column: 97 } },
    ]);
    expect(del.EvalDecisionDetails).toBeUndefined();
    expect(del.ResourceSpecificResults).toBeUndefined();
  });

  it('adds EvalDecisionDetails and ResourceSpecificResults when resources are named', async () => {
    const c = await iam();
    await c.send(new CreateRoleCommand({ RoleName: 'app', AssumeRolePolicyDocument: trust }));
    await c.send(new PutRolePolicyCommand({
      RoleName: 'app', PolicyName: 'tagged',
      PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::lab/*', Condition: { StringEquals: { 'aws:PrincipalTag/team': 'blue' } } }] }),
    }));
    const r = await c.send(new SimulatePrincipalPolicyCommand({
      PolicySourceArn: `arn:aws:iam::${ACCOUNT}:role/app`, ActionNames: ['s3:GetObject'], ResourceArns: ['arn:aws:s3:::lab/a', 'arn:aws:s3:::other/a'],
      ContextEntries: [{ ContextKeyName: 'aws:PrincipalTag/team', ContextKeyValues: ['blue'], ContextKeyType: 'string' }],
    }));
    const [lab, other] = r.EvaluationResults!;
    expect(lab).toMatchObject({ EvalResourceName: 'arn:aws:s3:::lab/a', EvalDecision: 'allowed', EvalDecisionDetails: {}, OrganizationsDecisionDetail: { AllowedByOrganizations: true } });
    expect(lab.ResourceSpecificResults).toEqual([{
      EvalResourceName: 'arn:aws:s3:::lab/a',
      EvalResourceDecision: 'allowed',
      MatchedStatements: [expect.objectContaining({ SourcePolicyId: 'role_app_tagged', SourcePolicyType: 'IAM Policy' })],
      MissingContextValues: [],
      EvalDecisionDetails: {},
    }]);
    expect(other.ResourceSpecificResults![0]).toMatchObject({ EvalResourceName: 'arn:aws:s3:::other/a', EvalResourceDecision: 'implicitDeny', MatchedStatements: [] });
  });
});

describe('SimulateCustomPolicy', () => {
  it('names input policies PolicyInputList.N and reports the boundary’s decision', async () => {
    const c = await iam();
    const policy = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:CreateRole", "Resource": "*"}]}';
    const r = await c.send(new SimulateCustomPolicyCommand({
      PolicyInputList: [policy], ActionNames: ['iam:CreateRole'],
      PermissionsBoundaryPolicyInputList: ['{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}'],
    }));
    expect(r.EvaluationResults![0]).toMatchObject({
      EvalDecision: 'implicitDeny',
      PermissionsBoundaryDecisionDetail: { AllowedByPermissionsBoundary: false },
      OrganizationsDecisionDetail: { AllowedByOrganizations: true },
    });
    const ok = await c.send(new SimulateCustomPolicyCommand({ PolicyInputList: [policy], ActionNames: ['iam:CreateRole'] }));
    // A one-line policy with blanks: AWS's recorded answer starts this statement at 1:41.
    expect(ok.EvaluationResults![0].MatchedStatements).toEqual([
      { SourcePolicyId: 'PolicyInputList.1', SourcePolicyType: 'IAM Policy', StartPosition: { Line: 1, Column: 41 }, EndPosition: { Line: 1, Column: 105 } },
    ]);
  });
});
