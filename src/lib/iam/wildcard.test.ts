import { describe, expect, it } from 'vitest';
import { matchesAction, matchesArnPattern } from './index';

// reference_policies_elements_action.html: action names are case-insensitive; * and ? wildcards.
describe('matchesAction', () => {
  it.each([
    ['iam:CreateRole', 'iam:CreateRole', true],
    ['IAM:createrole', 'iam:CreateRole', true],
    ['iam:Create*', 'iam:CreateRole', true],
    ['iam:*Role', 'iam:CreateRole', true],
    ['iam:CreateRol?', 'iam:CreateRole', true],
    ['iam:CreateRol?', 'iam:CreateRoles', false],
    ['s3:*', 'iam:CreateRole', false],
    ['*', 'iam:CreateRole', true],
    ['iam:Get*', 'iam:CreateRole', false],
    ['iam*:CreateRole', 'iam:CreateRole', false],
    ['iam', 'iam:CreateRole', false],
  ])('%s matches %s: %s', (pattern, action, expected) => {
    expect(matchesAction(pattern, action)).toBe(expected);
  });
});

// reference_policies_elements_resource.html and reference-arns.html: wildcards within segments; resource
// part case-sensitive; policy variables in the resource.
describe('matchesArnPattern', () => {
  it.each([
    ['arn:aws:iam::111122223333:role/application_roles/*', 'arn:aws:iam::111122223333:role/application_roles/app', true],
    ['arn:aws:iam::111122223333:role/application_roles/*', 'arn:aws:iam::111122223333:role/app', false],
    ['arn:aws:iam::*:role/*', 'arn:aws:iam::444455556666:role/x', true],
    ['arn:aws:s3:::amzn-s3-demo-bucket/*', 'arn:aws:s3:::amzn-s3-demo-bucket/a/b/c.txt', true],
    ['arn:aws:s3:::amzn-s3-demo-bucket/*', 'arn:aws:s3:::AMZN-S3-DEMO-BUCKET/a', false],
    ['arn:aws:lambda:*:111122223333:function:*', 'arn:aws:lambda:us-east-1:111122223333:function:hello', true],
    ['arn:aws:lambda:us-*:111122223333:function:*', 'arn:aws:lambda:eu-west-1:111122223333:function:hello', false],
    // `*` in the region segment does not reach into the account segment.
    ['arn:aws:lambda:*:function:*', 'arn:aws:lambda:us-east-1:111122223333:function:hello', false],
    ['arn:aws:logs:us-east-1:111122223333:log-group:*', 'arn:aws:logs:us-east-1:111122223333:log-group:/aws/lambda/x:log-stream:y', true],
    ['arn:aws:dynamodb:us-east-1:111122223333:table/Order?', 'arn:aws:dynamodb:us-east-1:111122223333:table/Orders', true],
    ['*', 'arn:aws:s3:::anything', true],
  ])('%s ~ %s: %s', (pattern, arn, expected) => {
    expect(matchesArnPattern(pattern, arn)).toBe(expected);
  });

  it('resolves policy variables in the resource (reference_policies_variables.html)', () => {
    const p = 'arn:aws:s3:::amzn-s3-demo-bucket/home/${aws:username}/*';
    expect(matchesArnPattern(p, 'arn:aws:s3:::amzn-s3-demo-bucket/home/alice/notes.txt', { 'aws:username': 'alice' })).toBe(true);
    expect(matchesArnPattern(p, 'arn:aws:s3:::amzn-s3-demo-bucket/home/bob/notes.txt', { 'aws:username': 'alice' })).toBe(false);
    // A variable with no value matches nothing.
    expect(matchesArnPattern(p, 'arn:aws:s3:::amzn-s3-demo-bucket/home/alice/notes.txt', {})).toBe(false);
    // A resolved value is literal: a `*` in it is not a wildcard.
    expect(matchesArnPattern(p, 'arn:aws:s3:::amzn-s3-demo-bucket/home/alice/x', { 'aws:username': '*' })).toBe(false);
    expect(matchesArnPattern('arn:aws:iam::${aws:PrincipalAccount}:role/*', 'arn:aws:iam::111122223333:role/r', { 'aws:PrincipalAccount': '111122223333' })).toBe(true);
  });

  it('uses defaults and the special characters ${*}, ${?}, ${$}', () => {
    const ctx = { 'aws:PrincipalTag/team': 'blue' };
    expect(matchesArnPattern("arn:aws:s3:::b/${aws:PrincipalTag/dept, 'shared'}/*", 'arn:aws:s3:::b/shared/x', ctx)).toBe(true);
    expect(matchesArnPattern("arn:aws:s3:::b/${aws:PrincipalTag/team, 'shared'}/*", 'arn:aws:s3:::b/blue/x', ctx)).toBe(true);
    expect(matchesArnPattern('arn:aws:s3:::b/${*}', 'arn:aws:s3:::b/*')).toBe(true);
    expect(matchesArnPattern('arn:aws:s3:::b/${*}', 'arn:aws:s3:::b/x')).toBe(false);
    expect(matchesArnPattern('arn:aws:s3:::b/a${?}', 'arn:aws:s3:::b/a?')).toBe(true);
    expect(matchesArnPattern('arn:aws:s3:::b/${$}x', 'arn:aws:s3:::b/$x')).toBe(true);
  });
});
