/**
 * "Why denied?": turns the IAM engine's decision (data) into what the page draws: the verdict, AWS's sentence,
 * each policy type's part with the statements that matched, and where the action fell in the picture of
 * identity-based policies ∩ permissions boundary. Pure: no DOM, so it is tested as data.
 */
import type { AuthorizationRequest, AuthorizationResult, PolicyType, StatementMatch } from '../iam/api';
import { resourcePolicyPart, type ResourcePolicyPart } from './resource-policy';

export type { ResourcePolicyPart } from './resource-policy';

/** Where the action falls: inside both circles (allowed), in one only, or in neither. */
export type Region = 'both' | 'identity-only' | 'boundary-only' | 'neither' | 'identity' | 'outside-identity';

export interface ExplainSection {
  policyType: PolicyType;
  decision: 'Allowed' | 'ImplicitDeny' | 'ExplicitDeny';
  /** One line per matched statement: policy, Sid, effect, what matched, conditions with their values. */
  statements: { policy: string; sid: string; effect: 'Allow' | 'Deny'; matched: string; conditions: string[] }[];
}

export interface Explanation {
  action: string;
  resource: string;
  principal: string;
  decision: AuthorizationResult['decision'];
  decidingPolicyType?: PolicyType;
  sentence: string;
  hasBoundary: boolean;
  region: Region;
  explicitDeny?: { policy: string; sid: string };
  sections: ExplainSection[];
  missingContextValues: string[];
  /** The resource-based policy's part (a bucket policy, a function policy), when the request had one. */
  resourcePolicy?: ResourcePolicyPart;
}

function describe(m: StatementMatch): ExplainSection['statements'][number] {
  return {
    policy: m.policyId,
    sid: m.sid ?? `statement ${m.statementIndex + 1}`,
    effect: m.effect,
    matched: [`action ${m.action}`, `resource ${m.resource}`, m.principal ? `principal ${m.principal}` : ''].filter(Boolean).join(', '),
    conditions: m.conditions.map(
      (c) => `${c.operator} ${c.key}: policy ${JSON.stringify(c.policyValues)} vs request ${c.requestValues === undefined ? '(absent)' : JSON.stringify(c.requestValues)} → ${c.matched ? 'match' : 'no match'}`,
    ),
  };
}

export function explain(req: AuthorizationRequest, result: AuthorizationResult, sentence: string): Explanation {
  const part = (t: PolicyType) => result.details.find((d) => d.policyType === t);
  const identity = part('identity-based');
  const boundary = part('permissions boundary');
  const identityAllows = identity?.decision === 'Allowed';
  const boundaryAllows = boundary?.decision === 'Allowed';
  const hasBoundary = req.permissionsBoundary !== undefined;
  const region: Region = hasBoundary
    ? identityAllows && boundaryAllows
      ? 'both'
      : identityAllows
        ? 'identity-only'
        : boundaryAllows
          ? 'boundary-only'
          : 'neither'
    : identityAllows
      ? 'identity'
      : 'outside-identity';
  const deny = result.details.flatMap((d) => d.matches).find((m) => m.effect === 'Deny');
  return {
    action: req.action,
    resource: req.resource,
    principal: req.principal.arn,
    decision: result.decision,
    decidingPolicyType: result.decidingPolicyType,
    sentence,
    hasBoundary,
    region,
    explicitDeny: deny && { policy: deny.policyId, sid: deny.sid ?? `statement ${deny.statementIndex + 1}` },
    sections: result.details.map((d) => ({ policyType: d.policyType, decision: d.decision, statements: d.matches.map(describe) })),
    missingContextValues: result.missingContextValues,
    ...(() => {
      const rp = resourcePolicyPart(req, result);
      return rp ? { resourcePolicy: rp } : {};
    })(),
  };
}

const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/** Where the dot for the action sits in a 320×180 picture of two circles (identity left, boundary right). */
const DOT: Record<Region, [number, number]> = {
  both: [160, 90],
  'identity-only': [95, 90],
  'boundary-only': [225, 90],
  neither: [160, 165],
  identity: [130, 90],
  'outside-identity': [280, 160],
};

/** An accessible SVG of identity-based policies ∩ permissions boundary with the action placed in it. */
export function explainSvg(e: Explanation): string {
  let [x, y] = DOT[e.region];
  const colour = e.decision === 'Allowed' ? '#2f9e44' : '#e03131';
  const title = `${e.action} ${e.decision === 'Allowed' ? 'is allowed' : 'is denied'}: ${regionWords(e)}`;
  const circles = e.hasBoundary
    ? `<circle cx="120" cy="85" r="70" fill="currentColor" fill-opacity="0.08" stroke="currentColor"/>
  <circle cx="200" cy="85" r="70" fill="currentColor" fill-opacity="0.08" stroke="currentColor" stroke-dasharray="6 4"/>
  <text x="70" y="20" font-size="11" fill="currentColor">identity-based policies</text>
  <text x="190" y="20" font-size="11" fill="currentColor">permissions boundary</text>
  <text x="142" y="60" font-size="10" fill="currentColor">effective</text>`
    : `<circle cx="130" cy="85" r="70" fill="currentColor" fill-opacity="0.08" stroke="currentColor"/>
  <text x="80" y="20" font-size="11" fill="currentColor">identity-based policies</text>`;
  const rp = e.resourcePolicy;
  if (rp && e.decision === 'Allowed' && e.decidingPolicyType === 'resource-based') [x, y] = [282, 150];
  const box = rp
    ? `<rect x="246" y="118" width="70" height="56" rx="6" fill="currentColor" fill-opacity="0.05" stroke="currentColor" stroke-dasharray="2 3"/>
  <text x="250" y="132" font-size="9" fill="currentColor">resource-based</text>
  <text x="250" y="143" font-size="9" fill="currentColor">${esc(rp.named ? `names the ${rp.named}` : 'no grant')}</text>`
    : '';
  const mark = e.decision === 'ExplicitDeny' ? `<path d="M${x - 6} ${y - 6} L${x + 6} ${y + 6} M${x + 6} ${y - 6} L${x - 6} ${y + 6}" stroke="${colour}" stroke-width="3"/>` : `<circle cx="${x}" cy="${y}" r="6" fill="${colour}"/>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 320 180" role="img" aria-labelledby="explain-title"><title id="explain-title">${esc(title)}</title>
  ${circles}
  ${box}
  ${mark}
  <text x="${Math.min(x + 9, 250)}" y="${y + 4}" font-size="10" fill="${colour}">${esc(e.action)}</text>
</svg>`;
}

export function regionWords(e: Explanation): string {
  const rp = e.resourcePolicy;
  // A resource-based policy that granted on its own, or that was refused by the boundary, is the story to tell.
  if (rp && e.decision === 'Allowed' && e.decidingPolicyType === 'resource-based') return rp.words;
  if (rp && e.decision === 'ImplicitDeny' && rp.named) return `${identityWords(e)}; ${rp.words}`;
  return identityWords(e);
}

function identityWords(e: Explanation): string {
  if (e.decision === 'ExplicitDeny') return `an explicit Deny in ${e.explicitDeny?.policy ?? 'a policy'} (${e.explicitDeny?.sid ?? ''}) overrides every Allow`;
  switch (e.region) {
    case 'both':
      return 'both the identity-based policies and the permissions boundary allow it';
    case 'identity-only':
      return 'an identity-based policy allows it, but the permissions boundary does not';
    case 'boundary-only':
      return 'the permissions boundary would allow it, but no identity-based policy does';
    case 'neither':
      return 'neither an identity-based policy nor the permissions boundary allows it';
    case 'identity':
      return 'an identity-based policy allows it';
    case 'outside-identity':
      return 'no identity-based policy allows it';
  }
}
