/**
 * Differential test: the engine against @cloud-copilot/iam-simulate (AGPL-3.0, a devDependency imported by this
 * test file only) on seeded generated cases. Every mismatch must be explained by a deviation listed in DEVIATIONS.md:
 * rewriting the case so that the deviation cannot arise must leave the engine's decision unchanged and make the
 * simulator agree. Anything else fails with the seed that reproduces it:
 *   IAM_DIFF_SEED=<seed> IAM_DIFF_CASES=1 npx vitest run src/lib/iam/differential.test.ts
 */
import { describe, expect, it } from 'vitest';
import { loadPolicy } from '@cloud-copilot/iam-policy';
// Deep imports of the simulator's core: its public runSimulation is async, validates actions and context keys
// against its service catalogue and has no session-policy input; the core authorize is the evaluation itself.
import { authorize as simAuthorize } from '../../../node_modules/@cloud-copilot/iam-simulate/dist/esm/core_engine/CoreSimulatorEngine.js';
import { AwsRequestImpl } from '../../../node_modules/@cloud-copilot/iam-simulate/dist/esm/request/request.js';
import { RequestContextImpl } from '../../../node_modules/@cloud-copilot/iam-simulate/dist/esm/requestContext.js';
import { DiscoveryContextKeyConstraints } from '../../../node_modules/@cloud-copilot/iam-simulate/dist/esm/context_keys/discoveryContextKeyConstraints.js';
import { authorize, type AuthorizationRequest, type AuthorizationResult, type Decision, type NamedPolicy } from './index';
import { generateCase } from './differential/generator';

const CASES = Number(process.env.IAM_DIFF_CASES ?? 12_000);
const BASE_SEED = Number(process.env.IAM_DIFF_SEED ?? 20261129);

const oracleDecision: Record<string, Decision> = { Allowed: 'Allowed', ImplicitlyDenied: 'ImplicitDeny', ExplicitlyDenied: 'ExplicitDeny' };

function oracle(req: AuthorizationRequest): Decision {
  const load = (doc: string | object, name: string) => loadPolicy(typeof doc === 'string' ? JSON.parse(doc) : doc, { name });
  const context: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(req.context)) if (v !== undefined) context[k] = v as string | string[];
  const analysis = simAuthorize({
    request: new AwsRequestImpl(
      req.principal.arn,
      { resource: req.resource, accountId: req.resourceAccount ?? req.principal.accountId },
      req.action,
      new RequestContextImpl(context),
      // Our emulator sends `*` only for actions without a resource type: only a `*` Resource grants those.
      req.resource === '*',
    ),
    sessionPolicy: req.sessionPolicies?.[0] ? load(req.sessionPolicies[0].document, 'session') : undefined,
    identityPolicies: req.identityPolicies.map((p) => load(p.document, p.id)),
    serviceControlPolicies: (req.serviceControlPolicies ?? []).map((level, i) => ({
      orgIdentifier: `ou-${i}`,
      policies: level.map((p) => load(p.document, p.id)),
    })),
    resourceControlPolicies: [],
    resourcePolicy: req.resourcePolicy ? load(req.resourcePolicy.document, req.resourcePolicy.id) : undefined,
    permissionBoundaries: req.permissionsBoundary ? [load(req.permissionsBoundary.document, req.permissionsBoundary.id)] : undefined,
    vpcEndpointPolicies: undefined,
    simulationParameters: { simulationMode: 'Strict', discoveryContextKeyConstraints: new DiscoveryContextKeyConstraints([]) },
  });
  return oracleDecision[analysis.result];
}

type Values = string | string[];
type ConditionBlock = Record<string, Record<string, Values>>;

/** The request with every condition value under an operator matching `operator` rewritten by `rewrite`. */
function rewriteConditions(req: AuthorizationRequest, operator: RegExp, rewrite: (v: string) => string): AuthorizationRequest {
  const fix = (p: NamedPolicy): NamedPolicy => {
    const doc = typeof p.document === 'string' ? JSON.parse(p.document) : structuredClone(p.document);
    for (const st of [doc.Statement].flat()) {
      for (const [op, block] of Object.entries((st?.Condition ?? {}) as ConditionBlock)) {
        if (!operator.test(op)) continue;
        for (const [k, v] of Object.entries(block)) block[k] = Array.isArray(v) ? v.map(rewrite) : rewrite(v);
      }
    }
    return { id: p.id, document: JSON.stringify(doc) };
  };
  return {
    ...req,
    identityPolicies: req.identityPolicies.map(fix),
    permissionsBoundary: req.permissionsBoundary && fix(req.permissionsBoundary),
    sessionPolicies: req.sessionPolicies?.map(fix),
    resourcePolicy: req.resourcePolicy && fix(req.resourcePolicy),
    serviceControlPolicies: req.serviceControlPolicies?.map((level) => level.map(fix)),
  };
}

interface Deviation {
  name: string;
  /** Whether the case has what the deviation is about. */
  applies(req: AuthorizationRequest, ours: AuthorizationResult): boolean;
  /** The same case written so that the deviation cannot arise: the engine must decide it the same way. */
  neutralise(req: AuthorizationRequest): AuthorizationRequest;
}

const IP_OPERATOR = /^(forallvalues:|foranyvalue:)?(not)?ipaddress(ifexists)?$/i;
const STRING_EQUALS = /^(forallvalues:|foranyvalue:)?string(not)?equals(ignorecase)?(ifexists)?$/i;

/** Deviations from the simulator that AWS's documentation backs (DEVIATIONS.md). */
const DEVIATIONS: Deviation[] = [
  {
    name: 'D1 session policy vs resource-based policy naming the session',
    applies: (req, ours) =>
      ours.details.some((d) => d.policyType === 'session' && d.decision === 'ImplicitDeny') &&
      ours.details.some((d) => (d.policyType === 'resource-based' || d.policyType === 'role trust') && d.matches.some((m) => m.effect === 'Allow' && m.principal === req.principal.arn)),
    // Without the session policy the simulator has nothing to limit the resource-based grant with.
    neutralise: (req) => ({ ...req, sessionPolicies: undefined }),
  },
  {
    name: 'D2 bare IP address in IpAddress/NotIpAddress',
    applies: (req) => typeof req.context['aws:SourceIp'] === 'string' && JSON.stringify(req).includes('IpAddress'),
    neutralise: (req) => rewriteConditions(req, IP_OPERATOR, (v) => (v.includes('/') ? v : `${v}/${v.includes(':') ? 128 : 32}`)),
  },
  {
    name: 'D3 ${*} ${?} ${$} in StringEquals operators',
    applies: (req) => /\$\{[*?$]\}/.test(JSON.stringify(req)),
    neutralise: (req) => rewriteConditions(req, STRING_EQUALS, (v) => v.replace(/\$\{([*?$])\}/g, '$1')),
  },
  {
    name: 'D4 policy variable in an Arn* condition value',
    applies: (req) => /Arn[A-Za-z]*":\{[^}]*\$\{/.test(JSON.stringify(req).replace(/\\"/g, '"')),
    // The simulator splits the value at every `:`, including the one inside `${aws:…}`: substitute the variables.
    neutralise: (req) => rewriteConditions(req, ARN_OPERATOR, (v) => substitute(v, req.context)),
  },
];

const ARN_OPERATOR = /^(forallvalues:|foranyvalue:)?arn(not)?(equals|like)(ifexists)?$/i;

/** Policy variables replaced by their values from the request context (as IAM does before comparing). */
function substitute(value: string, context: AuthorizationRequest['context']): string {
  const lower = new Map(Object.entries(context).map(([k, v]) => [k.toLowerCase(), v]));
  return value.replace(/\$\{([^}]+)\}/g, (whole, inner: string) => {
    const [name, fallback] = inner.split(',').map((x) => x.trim());
    const v = lower.get(name.toLowerCase());
    if (typeof v === 'string') return v;
    return fallback?.startsWith("'") ? fallback.slice(1, -1) : whole;
  });
}

/**
 * The deviations that explain a mismatch: neutralising them leaves the engine's decision unchanged and makes the
 * simulator agree. Undefined when no combination of applicable deviations does.
 */
function explain(req: AuthorizationRequest, ours: AuthorizationResult): string | undefined {
  const applicable = DEVIATIONS.filter((d) => d.applies(req, ours));
  const subsets = applicable.map((d) => [d]);
  if (applicable.length > 1) subsets.push(applicable);
  for (const subset of subsets) {
    const neutral = subset.reduce((r, d) => d.neutralise(r), req);
    if (authorize(neutral).decision === ours.decision && oracle(neutral) === ours.decision) return subset.map((d) => d.name).join(' + ');
  }
  return undefined;
}

describe(`differential: engine vs @cloud-copilot/iam-simulate (${CASES} seeded cases from seed ${BASE_SEED})`, () => {
  it('agrees on every decision, or the difference is a documented deviation', () => {
    const tally: Record<string, number> = { Allowed: 0, ImplicitDeny: 0, ExplicitDeny: 0 };
    const deviations: Record<string, number> = {};
    const failures: string[] = [];
    for (let i = 0; i < CASES; i++) {
      const seed = BASE_SEED + i;
      const { request } = generateCase(seed);
      const ours = authorize(request);
      const theirs = oracle(request);
      tally[ours.decision]++;
      if (ours.decision === theirs) continue;
      const deviation = explain(request, ours);
      if (deviation) {
        deviations[deviation] = (deviations[deviation] ?? 0) + 1;
        continue;
      }
      failures.push(`seed ${seed}: engine ${ours.decision}, iam-simulate ${theirs}\n${JSON.stringify(request, null, 1)}`);
      if (failures.length >= 3) break;
    }
    if (failures.length) console.error(`Differential mismatches (rerun one with IAM_DIFF_SEED=<seed> IAM_DIFF_CASES=1):\n${failures.join('\n\n')}`);
    console.log(`differential: ${JSON.stringify({ cases: CASES, decisions: tally, deviations })}`);
    expect(failures, failures[0]).toEqual([]);
    // The generator must exercise every outcome, or agreement means little (checked on full runs, not on one seed).
    if (CASES < 1_000) return;
    expect(tally.Allowed).toBeGreaterThan(CASES * 0.1);
    expect(tally.ImplicitDeny).toBeGreaterThan(CASES * 0.1);
    expect(tally.ExplicitDeny).toBeGreaterThan(CASES * 0.05);
  }, Math.max(30_000, CASES * 2));
});

/** What the bucket policy's Allow statements named, for the tally of the focused run. */
function namedKind(req: AuthorizationRequest): string {
  const text = JSON.stringify(req.resourcePolicy?.document ?? '');
  const p = req.principal;
  if (text.includes(JSON.stringify(p.arn).slice(1, -1))) return p.type === 'AssumedRole' ? 'session' : p.type === 'User' ? 'user' : 'caller';
  if (p.roleArn && text.includes(p.roleArn)) return 'role';
  return 'other';
}

const FOCUSED = Math.max(1, Math.round(CASES / 4));
describe(`differential, resource-based policies with boundaries (${FOCUSED} focused cases)`, () => {
  it('agrees on every S3 request with a bucket policy and a boundary, or the difference is a documented deviation', () => {
    const tally: Record<string, Record<Decision, number>> = {};
    const failures: string[] = [];
    for (let i = 0; i < FOCUSED; i++) {
      const seed = BASE_SEED + 1_000_000 + i;
      const { request } = generateCase(seed, { focus: 'resource-boundary' });
      const ours = authorize(request);
      const theirs = oracle(request);
      const kind = `${namedKind(request)}/${request.resourceAccount === request.principal.accountId ? 'same' : 'cross'}`;
      (tally[kind] ??= { Allowed: 0, ImplicitDeny: 0, ExplicitDeny: 0 })[ours.decision]++;
      if (ours.decision === theirs || explain(request, ours)) continue;
      failures.push(`seed ${seed} (focus resource-boundary): engine ${ours.decision}, iam-simulate ${theirs}\n${JSON.stringify(request, null, 1)}`);
      if (failures.length >= 3) break;
    }
    console.log(`differential resource-boundary: ${JSON.stringify(tally)}`);
    expect(failures, failures[0]).toEqual([]);
    if (FOCUSED < 500) return;
    // Each rule must have been decided both ways: a session, a user and a role named in the bucket policy, same account.
    for (const kind of ['session/same', 'user/same', 'role/same']) {
      expect(tally[kind]?.Allowed, kind).toBeGreaterThan(0);
      expect(tally[kind]?.ImplicitDeny, kind).toBeGreaterThan(0);
    }
  }, Math.max(30_000, FOCUSED * 2));
});

describe('each documented deviation is real and explained by its neutralisation', () => {
  const caller = { arn: 'arn:aws:sts::111122223333:assumed-role/app/s1', accountId: '111122223333', type: 'AssumedRole' as const, roleArn: 'arn:aws:iam::111122223333:role/app' };
  const doc = (...Statement: object[]) => JSON.stringify({ Version: '2012-10-17', Statement });
  const cases: [string, AuthorizationRequest][] = [
    [
      'D1',
      {
        principal: caller,
        action: 's3:GetObject',
        resource: 'arn:aws:s3:::b/k',
        context: {},
        identityPolicies: [],
        sessionPolicies: [{ id: 'session', document: doc({ Effect: 'Allow', Action: 'ec2:*', Resource: '*' }) }],
        resourcePolicy: { id: 'rp', document: doc({ Effect: 'Allow', Principal: { AWS: caller.arn }, Action: 's3:GetObject', Resource: '*' }) },
      },
    ],
    [
      'D2',
      {
        principal: caller,
        action: 's3:GetObject',
        resource: 'arn:aws:s3:::b/k',
        context: { 'aws:SourceIp': '2001:db8::1' },
        identityPolicies: [{ id: 'p', document: doc({ Effect: 'Allow', Action: '*', Resource: '*', Condition: { NotIpAddress: { 'aws:SourceIp': '203.0.113.7' } } }) }],
      },
    ],
    [
      'D3',
      {
        principal: caller,
        action: 's3:ListBucket',
        resource: 'arn:aws:s3:::b',
        context: { 's3:prefix': 'home/*/' },
        identityPolicies: [{ id: 'p', document: doc({ Effect: 'Allow', Action: '*', Resource: '*', Condition: { StringEquals: { 's3:prefix': 'home/${*}/' } } }) }],
      },
    ],
    [
      'D4',
      {
        principal: caller,
        action: 's3:GetObject',
        resource: 'arn:aws:s3:::b/k',
        context: { 'aws:PrincipalAccount': '111122223333', 'aws:PrincipalArn': caller.roleArn },
        identityPolicies: [{ id: 'p', document: doc({ Effect: 'Allow', Action: '*', Resource: '*', Condition: { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::${aws:PrincipalAccount}:role/*' } } }) }],
      },
    ],
  ];
  it.each(cases)('%s', (name, req) => {
    const ours = authorize(req);
    expect(ours.decision).toBe('Allowed');
    expect(oracle(req)).not.toBe(ours.decision);
    expect(explain(req, ours)).toMatch(new RegExp(`^${name} `));
  });
});
