import { describe, expect, it } from 'vitest';
import { compileCondition, evaluateCondition, parseOperator } from './conditions';

/** Evaluates a whole Condition block (keys AND-ed) against a request context. */
function matches(block: Record<string, Record<string, string | string[]>>, context: Record<string, string | string[]>): boolean {
  const ctx = new Map(Object.entries(context).map(([k, v]) => [k.toLowerCase(), v]));
  return Object.entries(block).every(([op, keys]) =>
    Object.entries(keys).every(([key, values]) => evaluateCondition(compileCondition(op, key, [values].flat()), ctx)),
  );
}

// Cases from "IAM JSON policy elements: Condition operators" (reference_policies_elements_condition_operators.html).
describe('string operators', () => {
  it('StringEquals is case-sensitive; StringEqualsIgnoreCase is not', () => {
    const c = { StringEquals: { 'aws:PrincipalTag/job-category': 'iamuser-admin' } };
    expect(matches(c, { 'aws:PrincipalTag/job-category': 'iamuser-admin' })).toBe(true);
    expect(matches(c, { 'aws:PrincipalTag/job-category': 'IAMUser-Admin' })).toBe(false);
    expect(matches({ StringEqualsIgnoreCase: { 'aws:PrincipalTag/job-category': 'IAMUSER-admin' } }, { 'aws:PrincipalTag/job-category': 'iamuser-admin' })).toBe(true);
  });

  it('StringLike supports * and ? and policy variables', () => {
    const c = { StringLike: { 's3:prefix': ['', 'home/', 'home/${aws:username}/'] } };
    expect(matches(c, { 's3:prefix': 'home/', 'aws:username': 'alice' })).toBe(true);
    expect(matches(c, { 's3:prefix': 'home/alice/', 'aws:username': 'alice' })).toBe(true);
    expect(matches(c, { 's3:prefix': 'home/bob/', 'aws:username': 'alice' })).toBe(false);
    expect(matches({ StringLike: { 'aws:PrincipalTag/team': 'b?u*' } }, { 'aws:PrincipalTag/team': 'blue-team' })).toBe(true);
  });

  it('condition key names are case-insensitive', () => {
    expect(matches({ StringEquals: { 'AWS:USERNAME': 'alice' } }, { 'aws:username': 'alice' })).toBe(true);
  });

  it('several values are OR-ed; a negated operator requires none to match', () => {
    expect(matches({ StringEquals: { 'aws:RequestedRegion': ['us-east-1', 'eu-west-1'] } }, { 'aws:RequestedRegion': 'eu-west-1' })).toBe(true);
    const not = { StringNotEquals: { 'aws:RequestedRegion': ['us-east-1', 'eu-west-1'] } };
    expect(matches(not, { 'aws:RequestedRegion': 'eu-west-1' })).toBe(false);
    expect(matches(not, { 'aws:RequestedRegion': 'ap-south-1' })).toBe(true);
  });

  it('several keys are AND-ed', () => {
    const c = { StringEquals: { 'aws:RequestedRegion': 'us-east-1', 'aws:PrincipalTag/team': 'blue' } };
    expect(matches(c, { 'aws:RequestedRegion': 'us-east-1', 'aws:PrincipalTag/team': 'blue' })).toBe(true);
    expect(matches(c, { 'aws:RequestedRegion': 'us-east-1', 'aws:PrincipalTag/team': 'red' })).toBe(false);
  });
});

describe('numeric, date, bool, binary, IP and ARN operators', () => {
  it('Numeric*', () => {
    expect(matches({ NumericLessThanEquals: { 's3:max-keys': '10' } }, { 's3:max-keys': '10' })).toBe(true);
    expect(matches({ NumericLessThanEquals: { 's3:max-keys': '10' } }, { 's3:max-keys': '11' })).toBe(false);
    expect(matches({ NumericGreaterThan: { 's3:max-keys': '10' } }, { 's3:max-keys': '10.5' })).toBe(true);
    expect(matches({ NumericEquals: { 's3:max-keys': '10' } }, { 's3:max-keys': 'ten' })).toBe(false);
    expect(matches({ NumericNotEquals: { 's3:max-keys': '10' } }, { 's3:max-keys': 'ten' })).toBe(false);
  });

  it('Date* with ISO 8601 and epoch seconds', () => {
    const c = { DateGreaterThan: { 'aws:TokenIssueTime': '2020-01-01T00:00:01Z' } };
    expect(matches(c, { 'aws:TokenIssueTime': '2020-01-01T00:00:02Z' })).toBe(true);
    expect(matches(c, { 'aws:TokenIssueTime': '2019-12-31T23:59:59Z' })).toBe(false);
    expect(matches({ DateLessThan: { 'aws:CurrentTime': '2020-01-01' } }, { 'aws:CurrentTime': '1577750400' })).toBe(true);
    expect(matches({ DateEquals: { 'aws:EpochTime': '1577836800' } }, { 'aws:EpochTime': '2020-01-01T00:00:00Z' })).toBe(true);
  });

  it('Bool', () => {
    expect(matches({ Bool: { 'aws:SecureTransport': 'true' } }, { 'aws:SecureTransport': 'true' })).toBe(true);
    expect(matches({ Bool: { 'aws:SecureTransport': 'true' } }, { 'aws:SecureTransport': 'false' })).toBe(false);
    expect(matches({ Bool: { 'aws:SecureTransport': 'TRUE' } }, { 'aws:SecureTransport': 'true' })).toBe(true);
  });

  it('BinaryEquals compares the base-64 text', () => {
    expect(matches({ BinaryEquals: { key: 'QmluYXJ5VmFsdWVJbkJhc2U2NA==' } }, { key: 'QmluYXJ5VmFsdWVJbkJhc2U2NA==' })).toBe(true);
    expect(matches({ BinaryEquals: { key: 'QmluYXJ5VmFsdWVJbkJhc2U2NA==' } }, { key: 'QmluYXJ5' })).toBe(false);
  });

  it('IpAddress / NotIpAddress with IPv4 and IPv6 CIDR blocks', () => {
    const c = { IpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '2001:DB8:1234:5678::/64'] } };
    expect(matches(c, { 'aws:SourceIp': '203.0.113.7' })).toBe(true);
    expect(matches(c, { 'aws:SourceIp': '203.0.114.7' })).toBe(false);
    expect(matches(c, { 'aws:SourceIp': '2001:db8:1234:5678::1' })).toBe(true);
    expect(matches(c, { 'aws:SourceIp': '2001:db8:1234:5679::1' })).toBe(false);
    expect(matches({ NotIpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }, { 'aws:SourceIp': '198.51.100.1' })).toBe(true);
    expect(matches({ IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } }, { 'aws:SourceIp': '10.255.1.1' })).toBe(true);
  });

  it('ArnLike / ArnEquals match segment by segment', () => {
    const c = { ArnLike: { 'aws:SourceArn': 'arn:aws:sns:*:123456789012:TOPIC-*' } };
    expect(matches(c, { 'aws:SourceArn': 'arn:aws:sns:us-east-1:123456789012:TOPIC-1' })).toBe(true);
    expect(matches(c, { 'aws:SourceArn': 'arn:aws:sns:us-east-1:444455556666:TOPIC-1' })).toBe(false);
    expect(matches({ ArnEquals: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/admin' } }, { 'aws:PrincipalArn': 'arn:aws:iam::123456789012:role/admin' })).toBe(true);
    expect(matches({ ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/admin' } }, { 'aws:PrincipalArn': 'arn:aws:iam::123456789012:role/dev' })).toBe(true);
    expect(matches(c, { 'aws:SourceArn': 'not-an-arn' })).toBe(false);
  });
});

describe('missing keys: Null, IfExists and negated operators', () => {
  it('Null tests presence', () => {
    expect(matches({ Null: { 'aws:TokenIssueTime': 'true' } }, {})).toBe(true);
    expect(matches({ Null: { 'aws:TokenIssueTime': 'true' } }, { 'aws:TokenIssueTime': '2020-01-01T00:00:00Z' })).toBe(false);
    expect(matches({ Null: { 'aws:TokenIssueTime': 'false' } }, { 'aws:TokenIssueTime': '2020-01-01T00:00:00Z' })).toBe(true);
  });

  it('…IfExists is true when the key is absent and evaluates normally when present', () => {
    const c = { StringLikeIfExists: { 'ec2:InstanceType': ['t1.*', 't2.*', 'm3.*'] } };
    expect(matches(c, {})).toBe(true);
    expect(matches(c, { 'ec2:InstanceType': 't2.micro' })).toBe(true);
    expect(matches(c, { 'ec2:InstanceType': 'c5.large' })).toBe(false);
  });

  it('a positive operator on an absent key is false; a negated one is true', () => {
    expect(matches({ StringEquals: { 'aws:ResourceTag/env': 'prod' } }, {})).toBe(false);
    expect(matches({ StringNotEquals: { 'aws:ResourceTag/env': 'prod' } }, {})).toBe(true);
    expect(matches({ NotIpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }, {})).toBe(true);
  });
});

// "Single-valued vs. multivalued context keys" (reference_policies_condition-single-vs-multi-valued-context-keys.html).
describe('multivalued keys: ForAllValues and ForAnyValue', () => {
  const all = { 'ForAllValues:StringLike': { 'aws:TagKeys': ['key1*', 'key2*'] } };
  const any = { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['environment', 'cost-center'] } };

  it('ForAllValues: every request value must match one policy value', () => {
    expect(matches(all, { 'aws:TagKeys': ['key1a', 'key2b'] })).toBe(true);
    expect(matches(all, { 'aws:TagKeys': ['key1a', 'other'] })).toBe(false);
  });

  it('ForAllValues is true for a missing key or an empty set', () => {
    expect(matches(all, {})).toBe(true);
    expect(matches(all, { 'aws:TagKeys': [] })).toBe(true);
  });

  it('ForAnyValue: at least one request value must match; false when missing', () => {
    expect(matches(any, { 'aws:TagKeys': ['environment', 'owner'] })).toBe(true);
    expect(matches(any, { 'aws:TagKeys': ['owner'] })).toBe(false);
    expect(matches(any, {})).toBe(false);
    expect(matches(any, { 'aws:TagKeys': [] })).toBe(false);
  });

  it('ForAllValues with a negated operator: no request value may match', () => {
    const c = { 'ForAllValues:StringNotEquals': { 'aws:TagKeys': ['secret'] } };
    expect(matches(c, { 'aws:TagKeys': ['env', 'team'] })).toBe(true);
    expect(matches(c, { 'aws:TagKeys': ['env', 'secret'] })).toBe(false);
  });

  it('a set operator treats a single-valued key as a one-element set', () => {
    expect(matches({ 'ForAnyValue:StringEquals': { 'aws:RequestedRegion': ['us-east-1'] } }, { 'aws:RequestedRegion': 'us-east-1' })).toBe(true);
  });

  it('a single-valued operator never matches a multivalued key', () => {
    expect(matches({ StringEquals: { 'aws:TagKeys': 'env' } }, { 'aws:TagKeys': ['env'] })).toBe(false);
  });
});

describe('policy variables in condition values (reference_policies_variables.html)', () => {
  it('resolves variables, defaults, and fails closed when a variable has no value', () => {
    expect(matches({ StringEquals: { 's3:prefix': 'home/${aws:username}' } }, { 's3:prefix': 'home/alice', 'aws:username': 'alice' })).toBe(true);
    expect(matches({ StringEquals: { 's3:prefix': 'home/${aws:username}' } }, { 's3:prefix': 'home/alice' })).toBe(false);
    expect(matches({ StringNotEquals: { 's3:prefix': 'home/${aws:username}' } }, { 's3:prefix': 'home/alice' })).toBe(false);
    expect(matches({ StringEquals: { 'aws:ResourceTag/team': "${aws:PrincipalTag/team, 'company-wide'}" } }, { 'aws:ResourceTag/team': 'company-wide' })).toBe(true);
    expect(matches({ StringEquals: { 'aws:ResourceTag/team': '${aws:PrincipalTag/team}' } }, { 'aws:ResourceTag/team': 'blue', 'aws:PrincipalTag/team': 'blue' })).toBe(true);
  });

  it('a multivalued key cannot be used as a variable', () => {
    expect(matches({ StringEquals: { 'aws:ResourceTag/x': '${aws:TagKeys}' } }, { 'aws:ResourceTag/x': 'a', 'aws:TagKeys': ['a'] })).toBe(false);
  });

  it('${*} is a literal asterisk', () => {
    expect(matches({ StringLike: { 's3:prefix': 'a${*}' } }, { 's3:prefix': 'a*' })).toBe(true);
    expect(matches({ StringLike: { 's3:prefix': 'a${*}' } }, { 's3:prefix': 'ab' })).toBe(false);
  });
});

describe('parseOperator', () => {
  it('splits set operator, base and IfExists; rejects unknown operators', () => {
    expect(parseOperator('ForAnyValue:StringLikeIfExists')).toMatchObject({ set: 'ForAnyValue', baseName: 'stringlike', ifExists: true });
    expect(parseOperator('StringEqualz').base).toBeUndefined();
    expect(parseOperator('Null').base?.kind).toBe('null');
  });
});
