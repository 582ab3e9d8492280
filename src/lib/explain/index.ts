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

/**
 * Where the dot for the action sits in a 360×230 picture: two circles (identity left, boundary right) centred at
 * y 120 with radius 70, their labels above them at the picture's edges, the action's name in a legend below.
 */
const DOT: Record<Region, [number, number]> = {
  both: [180, 140],
  'identity-only': [105, 120],
  'boundary-only': [255, 120],
  neither: [335, 120],
  identity: [180, 120],
  'outside-identity': [320, 120],
};

/**
 * An accessible SVG of identity-based policies ∩ permissions boundary with the action placed in it. Labels never
 * share a line with each other or the circles, so they stay legible when the picture is drawn small (a phone); the
 * colours follow the site's theme.
 */
export function explainSvg(e: Explanation): string {
  let [x, y] = DOT[e.region];
  const tone = e.decision === 'Allowed' ? 'var(--sl-color-green-high, #2f9e44)' : 'var(--sl-color-red-high, #e03131)';
  const title = `${e.action} ${e.decision === 'Allowed' ? 'is allowed' : 'is denied'}:`;
  const label = (lines: string[], x0: number, anchor: 'start' | 'end') =>
    `<text x="${x0}" y="20" font-size="13" fill="currentColor" text-anchor="${anchor}">${lines.map((l, i) => `<tspan x="${x0}" dy="${i ? 15 : 0}">${l}</tspan>`).join('')}</text>`;
  const circles = e.hasBoundary
    ? `<circle cx="140" cy="120" r="70" fill="currentColor" fill-opacity="0.08" stroke="currentColor"/>
  <circle cx="220" cy="120" r="70" fill="currentColor" fill-opacity="0.08" stroke="currentColor" stroke-dasharray="6 4"/>
  ${label(['identity-based', 'policies'], 8, 'start')}
  ${label(['permissions', 'boundary'], 352, 'end')}
  <text x="180" y="100" font-size="12" fill="currentColor" text-anchor="middle">effective</text>`
    : `<circle cx="180" cy="120" r="70" fill="currentColor" fill-opacity="0.08" stroke="currentColor"/>
  ${label(['identity-based', 'policies'], 8, 'start')}`;
  // A resource-based policy (a bucket policy) is drawn as a box of its own beside the circles: a grant it makes to a
  // role session or a user is not limited by the boundary, so the dot sits in the box when that grant decided.
  const rp = e.resourcePolicy;
  if (rp && e.decision === 'Allowed' && e.decidingPolicyType === 'resource-based') [x, y] = [318, 196];
  const box = rp
    ? `<rect x="284" y="166" width="72" height="58" rx="6" fill="currentColor" fill-opacity="0.05" stroke="currentColor" stroke-dasharray="2 3"/>
  <text x="320" y="180" font-size="10" fill="currentColor" text-anchor="middle">resource-based</text>
  <text x="320" y="192" font-size="10" fill="currentColor" text-anchor="middle">${esc(rp.named ? `names the ${rp.named}` : 'no grant')}</text>`
    : '';
  const mark = (cx: number, cy: number) =>
    e.decision === 'ExplicitDeny'
      ? `<path d="M${cx - 6} ${cy - 6} L${cx + 6} ${cy + 6} M${cx + 6} ${cy - 6} L${cx - 6} ${cy + 6}" stroke="currentColor" stroke-width="3"/>`
      : `<circle cx="${cx}" cy="${cy}" r="6" fill="currentColor"/>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 360 230" role="img" aria-labelledby="explain-title explain-desc"><title id="explain-title">${esc(title)}</title><desc id="explain-desc">${esc(`${regionWords(e)}.`)}</desc>
  ${circles}
  ${box}
  <g style="color: ${tone}">${mark(x, y)}
  ${mark(16, 215)}<text x="30" y="220" font-size="13" fill="currentColor">${esc(e.action)}</text></g>
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
