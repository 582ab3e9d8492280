import { describe, expect, it } from 'vitest';
import { inlinePolicySizeError, policySize, validatePolicyDocument } from './index';

const v = (doc: unknown, kind: Parameters<typeof validatePolicyDocument>[1] = 'identity') =>
  validatePolicyDocument(typeof doc === 'string' ? doc : JSON.stringify(doc), kind);
const st = (s: object) => ({ Version: '2012-10-17', Statement: [s] });
const ok = { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' };
const msg = (r: ReturnType<typeof validatePolicyDocument>) => (r.ok ? 'ok' : r.message);

// IAM's MalformedPolicyDocument messages (reference_policies_grammar.html, troubleshoot_policies.html).
describe('validatePolicyDocument', () => {
  it('accepts valid policies of each kind', () => {
    expect(v(st(ok))).toEqual({ ok: true });
    expect(v(st({ ...ok, Principal: { AWS: 'arn:aws:iam::111122223333:root' } }), 'resource')).toEqual({ ok: true });
    expect(v(st({ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }), 'trust')).toEqual({ ok: true });
    expect(v({ Version: '2012-10-17', Statement: ok })).toEqual({ ok: true });
  });

  it.each([
    ['{ not json', 'This policy contains invalid Json'],
    [[1, 2], 'Syntax errors in policy.'],
    [{ Version: '2012-10-17' }, 'Syntax errors in policy.'],
    [{ Version: '2012-10-17', Statement: [ok], Extra: 1 }, 'Syntax errors in policy.'],
    [{ Version: '2012-10-18', Statement: [ok] }, 'The policy failed legacy parsing'],
    [st({ ...ok, Effect: 'allow' }), 'The policy failed legacy parsing'],
    [st({ Action: 's3:GetObject', Resource: '*' }), 'Syntax errors in policy.'],
    [st({ Effect: 'Allow', Resource: '*' }), 'Policy statement must contain actions.'],
    [st({ Effect: 'Allow', Action: 's3:GetObject' }), 'Policy statement must contain resources.'],
    [st({ ...ok, NotAction: 's3:PutObject' }), 'Syntax errors in policy.'],
    [st({ ...ok, NotResource: 'arn:aws:s3:::b/*' }), 'Syntax errors in policy.'],
    [st({ ...ok, Principal: '*' }), 'Policy document should not specify a principal.'],
    [st({ ...ok, Action: 'GetObject' }), 'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.'],
    [st({ ...ok, Action: 's3:Get:Object' }), 'Actions/Condition can contain only one colon.'],
    [st({ ...ok, Action: 's*:GetObject' }), 'Action vendors (e.g., aws, ec2, etc.) must not contain wildcards'],
    [st({ ...ok, Resource: 'bucket' }), 'Resource bucket must be in ARN format or "*".'],
    [st({ ...ok, Condition: { StringEqualz: { 'aws:username': 'a' } } }), 'Invalid Condition type : StringEqualz'],
    [st({ ...ok, Sid: 'not valid!' }), 'Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*'],
    [{ Version: '2012-10-17', Statement: [{ ...ok, Sid: 'A' }, { ...ok, Sid: 'A' }] }, 'Statement IDs (SID) in a single policy must be unique.'],
  ])('identity policy %j → %s', (doc, expected) => {
    expect(msg(v(doc))).toBe(expected);
  });

  it('trust and resource-based policies need a Principal; trust policies have no Resource', () => {
    expect(msg(v(st({ Effect: 'Allow', Action: 'sts:AssumeRole' }), 'trust'))).toBe('Missing required field Principal');
    expect(msg(v(st({ ...ok }), 'resource'))).toBe('Missing required field Principal');
    expect(msg(v(st({ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole', Resource: '*' }), 'trust'))).toBe('Has prohibited field Resource');
    expect(msg(v(st({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject' }), 'trust'))).toBe('AssumeRole policy may only specify STS AssumeRole actions.');
    expect(msg(v(st({ Effect: 'Allow', Principal: { AWS: 'bob' }, Action: 'sts:AssumeRole' }), 'trust'))).toBe('Invalid principal in policy: "AWS":"bob"');
  });

  it('enforces the managed policy size quota of 6,144 characters without whitespace', () => {
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
