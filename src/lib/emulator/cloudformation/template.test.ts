import { describe, expect, it } from 'vitest';
import { parseTemplate, requiredCapabilities, declaredTransforms } from './template';

const prop = (yaml: string) =>
  parseTemplate(`Resources:\n  R:\n    Type: AWS::S3::Bucket\n    Properties:\n      P: ${yaml}\n`).Resources.R.Properties!.P;

const error = (body: string) => {
  try {
    parseTemplate(body);
  } catch (e) {
    return `${(e as { code: string }).code}: ${(e as Error).message}`;
  }
  return 'no error';
};

describe('templates: YAML short forms', () => {
  it.each([
    ['!Ref Env', { Ref: 'Env' }],
    ['!GetAtt Bucket.Arn', { 'Fn::GetAtt': ['Bucket', 'Arn'] }],
    ['!GetAtt [Bucket, Arn]', { 'Fn::GetAtt': ['Bucket', 'Arn'] }],
    ['!Sub "${AWS::StackName}-x"', { 'Fn::Sub': '${AWS::StackName}-x' }],
    ['!Sub ["${A}-y", {A: !Ref B}]', { 'Fn::Sub': ['${A}-y', { A: { Ref: 'B' } }] }],
    ['!Join ["-", [a, !Ref B]]', { 'Fn::Join': ['-', ['a', { Ref: 'B' }]] }],
    ['!Select [0, !GetAZs ""]', { 'Fn::Select': [0, { 'Fn::GetAZs': '' }] }],
    ['!Split [",", "a,b"]', { 'Fn::Split': [',', 'a,b'] }],
    ['!If [IsProd, !Ref A, !Ref "AWS::NoValue"]', { 'Fn::If': ['IsProd', { Ref: 'A' }, { Ref: 'AWS::NoValue' }] }],
    ['!FindInMap [Map, !Ref "AWS::Region", Ami]', { 'Fn::FindInMap': ['Map', { Ref: 'AWS::Region' }, 'Ami'] }],
    ['!ImportValue shared', { 'Fn::ImportValue': 'shared' }],
    ['!Base64 hello', { 'Fn::Base64': 'hello' }],
    ['!Equals [!Ref Env, prod]', { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] }],
    ['!And [!Not [!Condition A], !Or [!Condition B, !Equals [x, y]]]', { 'Fn::And': [{ 'Fn::Not': [{ Condition: 'A' }] }, { 'Fn::Or': [{ Condition: 'B' }, { 'Fn::Equals': ['x', 'y'] }] }] }],
    ['!Cidr [10.0.0.0/16, 6, 5]', { 'Fn::Cidr': ['10.0.0.0/16', 6, 5] }],
  ])('%s', (yaml, long) => {
    expect(prop(yaml)).toEqual(long);
  });

  it('reads block-style short forms and keeps YAML 1.1 look-alikes as strings', () => {
    const t = parseTemplate(`AWSTemplateFormatVersion: 2010-09-09
Resources:
  R:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: 2012-10-17
      Description: !Join
        - ""
        - - !Ref Prefix
          - !Sub
            - "\${X}"
            - X: !Select
                - 1
                - !Split [",", !ImportValue list]
`);
    expect(t.AWSTemplateFormatVersion).toBe('2010-09-09');
    expect(t.Resources.R.Properties!.AssumeRolePolicyDocument).toEqual({ Version: '2012-10-17' });
    expect(t.Resources.R.Properties!.Description).toEqual({
      'Fn::Join': ['', [{ Ref: 'Prefix' }, { 'Fn::Sub': ['${X}', { X: { 'Fn::Select': [1, { 'Fn::Split': [',', { 'Fn::ImportValue': 'list' }] }] } }] }]],
    });
  });

  it('parses JSON and YAML to the same tree', () => {
    const json = parseTemplate('{"Resources":{"B":{"Type":"AWS::S3::Bucket","DependsOn":"Q","Properties":{"BucketName":{"Fn::Sub":"${Env}-b"}}},"Q":{"Type":"AWS::Logs::LogGroup"}}}');
    const yaml = parseTemplate('Resources:\n  B:\n    Type: AWS::S3::Bucket\n    DependsOn: Q\n    Properties:\n      BucketName: !Sub "${Env}-b"\n  Q:\n    Type: AWS::Logs::LogGroup\n');
    expect(yaml).toEqual(json);
  });
});

describe('templates: format errors, worded as AWS words them', () => {
  it.each([
    ['  \n', 'ValidationError: Either Template URL or Template Body must be specified.'],
    ['{bad', 'ValidationError: Template format error: JSON not well-formed. (line 1, column 2)'],
    ['{\n  "Resources": {,\n}', 'ValidationError: Template format error: JSON not well-formed. (line 2, column 17)'],
    ['Resources:\n  B:\n    Type: X\n    Properties:\n      Arn: !GetAttr B.Arn\n', 'ValidationError: Template format error: YAML not well-formed. (line 5, column 12)'],
    ['Resources:\n  A: {Type: X}\n  A: {Type: Y}\n', 'ValidationError: Template format error: YAML not well-formed. (line 3, column 3)'],
    ['Resources:\n  A: &a {Type: X}\n  B: *a\n', 'ValidationError: Template error: YAML aliases are not allowed in CloudFormation templates'],
    ['{"Resources":{}}', 'ValidationError: Template format error: At least one Resources member must be defined.'],
    ['Description: x\n', 'ValidationError: Template format error: At least one Resources member must be defined.'],
    ['Resources:\n  B:\n    Properties: {}\n', 'ValidationError: Template format error: [/Resources/B] Every Resources object must contain a Type member.'],
    ['Resources:\n  B: {Type: X}\nBogus: 1\nOther: 2\n', 'ValidationError: Template format error: Invalid template property or properties [Bogus, Other]'],
    ['Resources:\n  B: {Type: X, Propertes: {}}\n', "ValidationError: Template format error: Invalid template resource property 'Propertes'"],
    ['Parameters:\n  P: {Default: x}\nResources:\n  B: {Type: X}\n', 'ValidationError: Template format error: Every Parameters object must contain a Type member.'],
    ['Parameters:\n  P: {Type: Strin}\nResources:\n  B: {Type: X}\n', 'ValidationError: Template format error: Unrecognized parameter type: Strin'],
    ['Resources:\n  B: {Type: X}\nOutputs:\n  O: {Description: d}\n', 'ValidationError: Template format error: Every Outputs member must contain a Value object'],
    ['Description: [a]\nResources:\n  B: {Type: X}\n', 'ValidationError: Template format error: Every Description member must be a string.'],
  ])('%j', (body, message) => {
    expect(error(body)).toBe(message);
  });
});

describe('templates: capabilities and transforms', () => {
  it('needs CAPABILITY_IAM for IAM resources and CAPABILITY_NAMED_IAM when they are named', () => {
    expect(requiredCapabilities(parseTemplate('Resources:\n  B: {Type: AWS::S3::Bucket}\n'))).toEqual({});
    expect(requiredCapabilities(parseTemplate('Resources:\n  R: {Type: AWS::IAM::Role}\n  P: {Type: AWS::IAM::Policy}\n'))).toEqual({
      capability: 'CAPABILITY_IAM', reason: 'The following resource(s) require capabilities: [AWS::IAM::Policy, AWS::IAM::Role]',
    });
    expect(requiredCapabilities(parseTemplate('Resources:\n  R:\n    Type: AWS::IAM::Role\n    Properties: {RoleName: fixed}\n')).capability).toBe('CAPABILITY_NAMED_IAM');
    expect(requiredCapabilities(parseTemplate('Resources:\n  R:\n    Type: AWS::IAM::ManagedPolicy\n    Properties: {ManagedPolicyName: !Ref N}\n')).capability).toBe('CAPABILITY_NAMED_IAM');
  });

  it('lists declared transforms', () => {
    expect(declaredTransforms(parseTemplate('Transform: [AWS::Serverless-2016-10-31, M]\nResources:\n  B: {Type: X}\n'))).toEqual(['AWS::Serverless-2016-10-31', 'M']);
  });
});
