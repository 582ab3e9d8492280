/** Bad input: CloudFormation's and IAM's own messages, with line and column, before anything is attacked. */
import { describe, expect, it } from 'vitest';
import { BatteryInputError, runBattery } from './index';
import { checkTemplate, modelFromPolicies } from './model';

const role = { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [] } } };
const template = (resources: object) => JSON.stringify({ AWSTemplateFormatVersion: '2010-09-09', Resources: resources }, null, 2);
const policy = (statement: object) => JSON.stringify({ Version: '2012-10-17', Statement: [statement] });

describe('templates', () => {
  it('malformed JSON: line and column', () => {
    expect(() => checkTemplate('{\n  "Resources": {\n    "A": ,\n  }\n}', 't.json')).toThrow(new BatteryInputError('t.json: Template format error: JSON not well-formed. (line 3, column 10)'));
  });

  it('malformed YAML: line and column', () => {
    expect(() => checkTemplate('Resources:\n  Role:\n    Type: [AWS::IAM::Role\n', 't.yml')).toThrow('t.yml: Template format error: YAML not well-formed. (line 4, column 1)');
  });

  it('a template with no role, and one with several roles but no --builder-role', () => {
    expect(() => checkTemplate(template({ P: { Type: 'AWS::IAM::ManagedPolicy', Properties: {} } }), 't.json')).toThrow('t.json: the template makes no builder role (no resource of type AWS::IAM::Role).');
    expect(() => checkTemplate(template({ A: role, B: role }), 't.json')).toThrow('t.json: the template makes 2 roles (A, B); say which is the builder\'s with --builder-role NAME.');
    expect(checkTemplate(template({ A: role, B: role }), 't.json', 'B').roleLogicalId).toBe('B');
    expect(() => checkTemplate(template({ A: role }), 't.json', 'C')).toThrow('t.json: no AWS::IAM::Role named C (the template\'s roles: A).');
  });

  it('a template CloudFormation refuses to deploy: the stack events say why', async () => {
    const bad = template({ R: { Type: 'AWS::IAM::Role', Properties: { RoleName: 'builder', AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole' }] } } } });
    await expect(runBattery({ template: bad, templateName: 'bad.json' }, { only: ['create-role-without-boundary'] })).rejects.toThrow(/^bad\.json: the stack did not deploy \(ROLLBACK_COMPLETE\): R: /);
  });
});

describe('policy files', () => {
  it('malformed JSON: line and column', () => {
    expect(() => modelFromPolicies({ builderPolicy: '{\n "Version": "2012-10-17",\n "Statement": [}\n', boundary: '{}', builderPolicyName: 'b.json' })).toThrow(/^b\.json: JSON not well-formed\. \(line 3, column 16\)$/);
  });

  it('a policy IAM would refuse: IAM\'s own message', () => {
    const boundary = policy({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' });
    expect(() => modelFromPolicies({ builderPolicy: policy({ Effect: 'Allow', Action: 'iam:CreateRole' }), boundary, builderPolicyName: 'b.json' })).toThrow(
      'b.json: An error occurred (MalformedPolicyDocument) when calling the CreatePolicy operation: Policy statement must contain resources.',
    );
    expect(() => modelFromPolicies({ builderPolicy: boundary, boundary: policy({ Effect: 'Permit', Action: '*', Resource: '*' }), boundaryName: 'x.json' })).toThrow(/^x\.json: An error occurred \(MalformedPolicyDocument\) when calling the CreatePolicy operation: /);
  });

  it('the account, boundary and paths come from the builder policy', () => {
    const builder = policy({
      Effect: 'Allow',
      Action: 'iam:CreateRole',
      Resource: 'arn:aws:iam::111122223333:role/teams/*',
      Condition: { StringEquals: { 'iam:PermissionsBoundary': 'arn:aws:iam::111122223333:policy/guard/team-boundary' } },
    });
    const m = modelFromPolicies({ builderPolicy: builder, boundary: policy({ Effect: 'Allow', Action: 's3:*', Resource: '*' }) });
    expect(m).toMatchObject({ accountId: '111122223333', rolePath: '/teams/', boundary: { name: 'team-boundary', path: '/guard/' } });
  });

  it('an unknown technique id', async () => {
    await expect(runBattery({ builderPolicy: policy({ Effect: 'Allow', Action: '*', Resource: '*' }), boundary: policy({ Effect: 'Allow', Action: '*', Resource: '*' }) }, { only: ['no-such-thing'] })).rejects.toThrow(
      /^Unknown technique id\(s\): no-such-thing\. Known ids: create-role-without-boundary, /,
    );
  });
});
