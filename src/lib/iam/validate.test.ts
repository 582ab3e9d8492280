import { describe, expect, it } from 'vitest';
import { inlinePolicySizeError, policySize, validatePolicyDocument } from './index';

const v = (doc: unknown, kind: Parameters<typeof validatePolicyDocument>[1] = 'identity') =>
  validatePolicyDocument(typeof doc === 'string' ? doc : JSON.stringify(doc), kind);
const msg = (r: ReturnType<typeof validatePolicyDocument>) => (r.ok ? 'ok' : r.message);
const V = '2012-10-17';
const st = (s: object | object[]) => ({ Version: V, Statement: s });
const ok = { Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::example_bucket' };

// IAM's responses to CreatePolicy, as recorded against IAM in moto's test suite (tests/test_iam/test_iam_policies.py),
// and the grammar in reference_policies_grammar.html.
describe('validatePolicyDocument: identity policies', () => {
  it.each([
    ['This is not a json document', 'Syntax errors in policy.'],
    ['{"Version": "2012-10-17", "Statement": [', 'This policy contains invalid Json'],
    [' [{"Effect": "Allow",}]', 'This policy contains invalid Json'],
    [{ Statement: ok }, 'Policy document must be version 2012-10-17 or greater.'],
    [{ Version: '2008-10-17', Statement: ok }, 'Policy document must be version 2012-10-17 or greater.'],
    [{ Version: '2013-10-17', Statement: ok }, 'Syntax errors in policy.'],
    [{ Version: V }, 'Syntax errors in policy.'],
    [{ Version: V, Statement: ['afd'] }, 'Syntax errors in policy.'],
    [{ Version: V, Statement: [] }, 'Syntax errors in policy.'],
    [{ ...st(ok), 'Extra field': 'value' }, 'Syntax errors in policy.'],
    [st({ ...ok, 'Extra field': 'value' }), 'Syntax errors in policy.'],
    [{ ...st(ok), Id: {} }, 'Syntax errors in policy.'],
    [st({ ...ok, Effect: 'invalid' }), 'Syntax errors in policy.'],
    [st({ ...ok, Effect: 'denY' }), 'The policy failed legacy parsing'],
    [st({ Action: 's3:ListBucket', Resource: 'arn:aws:s3:::example_bucket' }), 'Syntax errors in policy.'],
    [st({ ...ok, Action: 'invalid' }), 'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.'],
    [st({ Effect: 'Allow', NotAction: '', Resource: 'arn:aws:s3:::example_bucket' }), 'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.'],
    [st({ ...ok, Action: 'a a:ListBucket' }), 'Vendor a a is not valid'],
    [st({ ...ok, Action: 's3:List:Bucket' }), 'Actions/Condition can contain only one colon.'],
    [st({ ...ok, Action: 's*:ListBucket' }), 'Action vendors (e.g., aws, ec2, etc.) must not contain wildcards'],
    [st({ ...ok, Resource: 'invalid resource' }), 'Resource invalid resource must be in ARN format or "*".'],
    [st({ ...ok, Resource: '' }), 'Resource  must be in ARN format or "*".'],
    [st({ Effect: 'Allow', NotAction: 's3s:ListBucket', Resource: 'a:bsdfdsafsad' }), 'Partition "bsdfdsafsad" is not valid for resource "arn:bsdfdsafsad:*:*:*:*".'],
    [st({ Effect: 'Allow', NotAction: 's3s:ListBucket', Resource: 'a:b:c:d:e:f:g:h' }), 'Partition "b" is not valid for resource "arn:b:c:d:e:f:g:h".'],
    [st({ ...ok, Resource: 'aws:s3:::example_bucket' }), 'Partition "s3" is not valid for resource "arn:s3:::example_bucket:*".'],
    [st({ ...ok, Resource: 'arn:aws' }), 'Resource vendor must be fully qualified and cannot contain regexes.'],
    [st({ ...ok, Resource: 'arn:aws:iam:::example_bucket' }), 'IAM resource path must either be "*" or start with user/, federated-user/, role/, group/, instance-profile/, mfa/, server-certificate/, policy/, sms-mfa/, saml-provider/, oidc-provider/, report/, access-report/.'],
    [st({ ...ok, Resource: 'arn:aws:iam:us-east-1::example_bucket' }), 'IAM resource arn:aws:iam:us-east-1::example_bucket cannot contain region information.'],
    [st({ ...ok, Resource: 'arn:aws:s3:us-east-1::example_bucket' }), 'Resource arn:aws:s3:us-east-1::example_bucket can not contain region information.'],
    [st({ ...ok, Resource: 'arn:aws:s3::example_bucket' }), 'The policy failed legacy parsing'],
    [st({ Effect: 'Allow', Resource: 'arn:aws:s3::example_bucket' }), 'The policy failed legacy parsing'],
    [st({ ...ok, Resource: 'arn:aws::fdsasf' }), 'The policy failed legacy parsing'],
    [st({ Effect: 'Allow', NotAction: 's3:ListBucket', Resource: 'arn:aws::::example_bucket' }), 'The policy failed legacy parsing'],
    [st({ Effect: 'Allow', Action: 's3:ListBucket' }), 'Policy statement must contain resources.'],
    [st({ ...ok, Resource: [] }), 'Policy statement must contain resources.'],
    [st({ Effect: 'Allow', Action: 'invalid' }), 'Policy statement must contain resources.'],
    [st({ Effect: 'Allow', Resource: 'arn:aws:s3:::example_bucket' }), 'Policy statement must contain actions.'],
    [st({ ...ok, Action: [] }), 'Policy statement must contain actions.'],
    [st([{ Effect: 'Deny' }, ok]), 'Policy statement must contain actions.'],
    [st({ ...ok, NotAction: 'iam:dsf' }), 'Syntax errors in policy.'],
    [st({ ...ok, NotResource: '*' }), 'Syntax errors in policy.'],
    [st({ ...ok, Resource: { a: 'arn:aws:s3:::example_bucket' } }), 'Syntax errors in policy.'],
    [st({ ...ok, Condition: [] }), 'Syntax errors in policy.'],
    [st({ ...ok, Condition: { DateGreaterThan: 'b' } }), 'Syntax errors in policy.'],
    [st({ ...ok, Condition: { DateGreaterThan: { a: {} } } }), 'Syntax errors in policy.'],
    [st({ ...ok, Condition: { x: { a: '1' } } }), 'Syntax errors in policy.'],
    [st({ ...ok, Condition: { 'ForAnyValue::StringEqualsIfExists': { a: 'asf' } } }), 'Syntax errors in policy.'],
    [st({ ...ok, Condition: { DateGreaterThan: { a: 'sdfdsf' } } }), 'The policy failed legacy parsing'],
    [st({ ...ok, Condition: { DateLessThanEquals: { a: '2016-12-13t2:00:00.593194+1' } } }), 'The policy failed legacy parsing'],
    [st({ ...ok, Condition: { DateLessThan: { a: '9223372036854775808' } } }), 'The policy failed legacy parsing'],
    [st({ ...ok, Sid: {} }), 'Syntax errors in policy.'],
    [st([{ ...ok, Sid: 'sdf' }, { Sid: 'sdf', Effect: 'Allow' }]), 'Statement IDs (SID) in a single policy must be unique.'],
    [st([{ ...ok, Sid: 'sdf', Effect: 'aLLow' }, { Sid: 'sdf', Effect: 'Allow' }]), 'The policy failed legacy parsing'],
    [st({ ...ok, Sid: 'not valid!' }), 'Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*'],
    [st({ ...ok, Principal: '*' }), 'Policy document should not specify a principal.'],
  ])('%j → %s', (doc, expected) => {
    expect(msg(v(doc))).toBe(expected);
  });

  it.each([
    st({ ...ok, Action: 'iam: asdf safdsf af ' }),
    st({ ...ok, Resource: ['arn:aws:s3:::example_bucket', '*'] }),
    st({ ...ok, Resource: 'arn:aws:iam:::user/example_bucket' }),
    st({ ...ok, Resource: 'arn:aws:fdsasf' }),
    st({ ...ok, Resource: 'arn:aws:ec2:region:account-id:instance/*' }),
    st({ ...ok, Condition: {} }),
    st({ ...ok, Condition: { x: {}, y: {} } }),
    st({ ...ok, Condition: { DateGreaterThan: { a: '01T' } } }),
    st({ ...ok, Condition: { DateLessThanEquals: { a: '2016-12-13T21:20:37.593194+00:00' } } }),
    st({ ...ok, Condition: { DateLessThan: { a: '-292275054' } } }),
    st({ ...ok, Condition: { 'ForAnyValue:StringEqualsIfExists': { a: 'asf' } } }),
    st({ Effect: 'Allow', NotAction: 's3:ListBucket', NotResource: '*' }),
    st({ Effect: 'Allow', Action: 'iam:ChangePassword', Resource: 'arn:aws:iam::*:user/${aws:username}' }),
  ])('accepts %j', (doc) => {
    expect(v(doc)).toEqual({ ok: true });
  });
});

describe('validatePolicyDocument: trust and resource-based policies', () => {
  const trust = (s: object) => st({ Effect: 'Allow', Action: 'sts:AssumeRole', ...s });
  it('accepts trust policies that name principals', () => {
    expect(v(trust({ Principal: { Service: 'lambda.amazonaws.com' } }), 'trust')).toEqual({ ok: true });
    expect(v(trust({ Principal: { AWS: 'arn:aws:iam::111122223333:root' } }), 'trust')).toEqual({ ok: true });
    expect(v({ Statement: { Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { AWS: '111122223333' } } }, 'trust')).toEqual({ ok: true });
  });

  it.each([
    [trust({}), 'Missing required field Principal'],
    [trust({ Principal: '*', Resource: '*' }), 'Has prohibited field Resource'],
    [trust({ Principal: '*', Action: 's3:GetObject' }), 'AssumeRole policy may only specify STS AssumeRole actions.'],
    [trust({ Principal: { AWS: 'bob' } }), 'Invalid principal in policy: "AWS":"bob"'],
  ])('trust %j → %s', (doc, expected) => {
    expect(msg(v(doc, 'trust'))).toBe(expected);
  });

  it('resource-based policies need a Principal', () => {
    expect(msg(v(st(ok), 'resource'))).toBe('Missing required field Principal');
    expect(v(st({ ...ok, Principal: { AWS: 'arn:aws:iam::111122223333:user/alice' } }), 'resource')).toEqual({ ok: true });
  });
});

describe('size quotas (reference_iam-quotas.html)', () => {
  it('a managed policy may have 6,144 characters without whitespace', () => {
    const actions = Array.from({ length: 400 }, (_, i) => `s3:GetObjectNumber${i}`);
    const big = JSON.stringify(st({ ...ok, Action: actions }));
    expect(policySize(big)).toBeGreaterThan(6_144);
    expect(v(big)).toEqual({ ok: false, message: 'Cannot exceed quota for PolicySize: 6144', code: 'LimitExceeded' });
    const spaced = JSON.stringify(st({ ...ok, Action: actions.slice(0, 200) }), null, 8);
    expect(spaced.length).toBeGreaterThan(6_144);
    expect(v(spaced)).toEqual({ ok: true });
  });

  it('inline policies of a role may total 10,240 characters', () => {
    const p = JSON.stringify(st({ ...ok, Action: Array.from({ length: 150 }, (_, i) => `s3:GetObjectNumber${i}`) }));
    expect(inlinePolicySizeError('app', [p])).toBeUndefined();
    expect(inlinePolicySizeError('app', [p, p, p])).toBe('Maximum policy size of 10240 bytes exceeded for role app');
  });
});
