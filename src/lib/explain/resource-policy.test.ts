/** "Why denied?" for a bucket policy: the lesson's three reads, a grant to the account, another account, an explicit deny. */
import { describe, expect, it } from 'vitest';
import { accessDeniedMessage, authorize } from '../iam';
import type { AuthorizationRequest } from '../iam/api';
import { explain, explainSvg, regionWords } from './index';

const ACCT = '111122223333';
const ROLE = `arn:aws:iam::${ACCT}:role/going_further/bucket-reader`;
const SESSION = `arn:aws:sts::${ACCT}:assumed-role/bucket-reader/reader`;
const BUCKET = 'arn:aws:s3:::reports';
const doc = (...Statement: object[]) => ({ Version: '2012-10-17', Statement });
const grant = (AWS: string, Effect = 'Allow') => ({ id: BUCKET, document: doc({ Sid: 'ReadReports', Effect, Principal: { AWS }, Action: 's3:GetObject', Resource: `${BUCKET}/*` }) });
const request = (over: Partial<AuthorizationRequest> = {}): AuthorizationRequest => ({
  principal: { arn: SESSION, accountId: ACCT, type: 'AssumedRole', roleArn: ROLE },
  action: 's3:GetObject',
  resource: `${BUCKET}/report.txt`,
  context: {},
  identityPolicies: [{ id: 'role/bucket-reader/read-reports', document: doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }) }],
  permissionsBoundary: { id: `arn:aws:iam::${ACCT}:policy/going_further/reader-boundary`, document: doc({ Effect: 'Allow', Action: 's3:ListBucket', Resource: '*' }) },
  ...over,
});
const run = (req: AuthorizationRequest) => {
  const r = authorize(req);
  return explain(req, r, accessDeniedMessage(req, r));
};

describe('why denied, with a resource-based policy', () => {
  it('without a bucket policy, only the identity-based policies and the boundary are drawn', () => {
    const e = run(request());
    expect(e.resourcePolicy).toBeUndefined();
    expect(regionWords(e)).toBe('an identity-based policy allows it, but the permissions boundary does not');
  });

  it('a grant to the session is allowed past the boundary, and says why', () => {
    const e = run(request({ resourcePolicy: grant(SESSION) }));
    expect([e.decision, e.decidingPolicyType]).toEqual(['Allowed', 'resource-based']);
    expect(e.resourcePolicy).toMatchObject({ named: 'session', principal: SESSION, limitedByBoundary: false, sameAccount: true });
    expect(regionWords(e)).toBe(`the resource-based policy ${BUCKET} allows this role session itself (${SESSION}); in the same account IAM does not limit that grant by the permissions boundary or a session policy`);
    expect(explainSvg(e)).toContain('names the session');
  });

  it('a grant to the role is denied by the boundary, and the difference is named', () => {
    const e = run(request({ resourcePolicy: grant(ROLE) }));
    expect(e.decision).toBe('ImplicitDeny');
    expect(e.sentence).toContain('because no permissions boundary allows the s3:GetObject action');
    expect(e.resourcePolicy).toMatchObject({ named: 'role', limitedByBoundary: true });
    expect(regionWords(e)).toBe(
      `an identity-based policy allows it, but the permissions boundary does not; the resource-based policy ${BUCKET} allows ${ROLE}, the role rather than this session; a grant to the role reaches the session through the role, so the permissions boundary and any session policy limit it as they limit the role's own policies`,
    );
    expect(e.sections.find((s) => s.policyType === 'resource-based')?.statements[0].matched).toContain(`principal ${ROLE}`);
  });

  it('a grant to a user is not limited by the user’s boundary', () => {
    const user = `arn:aws:iam::${ACCT}:user/alice`;
    const e = run(request({ principal: { arn: user, accountId: ACCT, type: 'User' }, identityPolicies: [], resourcePolicy: grant(user) }));
    expect(e.decision).toBe('Allowed');
    expect(e.resourcePolicy).toMatchObject({ named: 'user', limitedByBoundary: false });
  });

  it('a grant to the account hands the decision to the identity-based policies', () => {
    const e = run(request({ resourcePolicy: grant(`arn:aws:iam::${ACCT}:root`) }));
    expect(e.decision).toBe('ImplicitDeny');
    expect(e.resourcePolicy).toMatchObject({ named: 'account', limitedByBoundary: true });
  });

  it('across accounts even a grant to the session needs the caller’s own policies, boundary included', () => {
    const e = run(request({ resourcePolicy: grant(SESSION), resourceAccount: '444455556666' }));
    expect(e.decision).toBe('ImplicitDeny');
    expect(e.sentence).toBe('Access Denied');
    expect(e.resourcePolicy).toMatchObject({ sameAccount: false, limitedByBoundary: true });
    expect(regionWords(e)).toContain('the resource is in another account');
  });

  it('an explicit deny in the bucket policy is named as one', () => {
    const e = run(request({ resourcePolicy: grant('*', 'Deny') }));
    expect(e.decision).toBe('ExplicitDeny');
    expect(e.sentence).toContain('with an explicit deny in a resource-based policy');
    expect(e.resourcePolicy).toMatchObject({ decision: 'ExplicitDeny' });
    expect(regionWords(e)).toBe(`an explicit Deny in ${BUCKET} (ReadReports) overrides every Allow`);
  });
});
