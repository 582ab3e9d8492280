import { describe, it, expect } from 'vitest';
import { authorize, accessDeniedMessage } from '../iam';
import type { AuthorizationRequest } from '../iam/api';
import { explain, explainSvg, regionWords } from './index';

const ACCT = '111122223333';
const role = (statements: object[]) => ({ id: `arn:aws:iam::${ACCT}:policy/p`, document: { Version: '2012-10-17', Statement: statements } });
const base = (over: Partial<AuthorizationRequest>): AuthorizationRequest => ({
  principal: { arn: `arn:aws:sts::${ACCT}:assumed-role/app/fn`, accountId: ACCT, type: 'AssumedRole', roleArn: `arn:aws:iam::${ACCT}:role/application_roles/app` },
  action: 's3:CreateBucket',
  resource: 'arn:aws:s3:::b',
  context: {},
  identityPolicies: [role([{ Sid: 'Widened', Effect: 'Allow', Action: 's3:CreateBucket', Resource: '*' }])],
  ...over,
});
const run = (req: AuthorizationRequest) => {
  const r = authorize(req);
  return explain(req, r, accessDeniedMessage(req, r));
};

describe('why denied', () => {
  it('places an action the role allows but the boundary does not in the identity-only part', () => {
    const e = run(base({ permissionsBoundary: { id: `arn:aws:iam::${ACCT}:policy/permissions_boundaries/application-boundary`, document: role([{ Effect: 'Allow', Action: 'logs:*', Resource: '*' }]).document } }));
    expect(e.decision).toBe('ImplicitDeny');
    expect(e.region).toBe('identity-only');
    expect(e.sentence).toContain('because no permissions boundary allows the s3:CreateBucket action');
    expect(regionWords(e)).toBe('an identity-based policy allows it, but the permissions boundary does not');
    expect(e.sections.find((s) => s.policyType === 'identity-based')?.statements[0]).toMatchObject({ sid: 'Widened', effect: 'Allow' });
    expect(explainSvg(e)).toContain('<title id="explain-title">s3:CreateBucket is denied');
  });

  it('places an action both allow in the intersection', () => {
    const e = run(base({ permissionsBoundary: { id: 'b', document: role([{ Effect: 'Allow', Action: 's3:*', Resource: '*' }]).document } }));
    expect(e).toMatchObject({ decision: 'Allowed', region: 'both' });
  });

  it('names the explicit deny and its Sid', () => {
    const e = run(base({ identityPolicies: [role([{ Effect: 'Allow', Action: '*', Resource: '*' }, { Sid: 'NoBuckets', Effect: 'Deny', Action: 's3:*', Resource: '*' }])] }));
    expect(e.decision).toBe('ExplicitDeny');
    expect(e.explicitDeny).toEqual({ policy: `arn:aws:iam::${ACCT}:policy/p`, sid: 'NoBuckets' });
    expect(regionWords(e)).toMatch(/explicit Deny .* \(NoBuckets\)/);
  });

  it('without a boundary, draws one circle and says no identity-based policy allows it', () => {
    const e = run(base({ identityPolicies: [] }));
    expect(e).toMatchObject({ hasBoundary: false, region: 'outside-identity' });
    expect(explainSvg(e)).not.toContain('permissions boundary');
  });

  it('escapes what it draws', () => {
    const e = run(base({ action: 's3:<x>' }));
    expect(explainSvg(e)).not.toContain('<x>');
  });
});
