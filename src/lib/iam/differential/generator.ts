/**
 * A seeded generator of authorization cases for the differential test: random identity policies, boundaries,
 * session policies, SCPs, resource-based and trust policies, and request contexts, from a small grammar that
 * covers the engine's features. Same seed, same case.
 */
import type { AuthorizationRequest, NamedPolicy, RequestPrincipal } from '../api';

export function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    chance: (p: number) => next() < p,
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
    pick<T>(xs: readonly T[]): T {
      return xs[Math.floor(next() * xs.length)];
    },
  };
}
type Rng = ReturnType<typeof rng>;

const A = '111122223333';
const B = '444455556666';

interface Caller { principal: RequestPrincipal; username?: string; tags: Record<string, string> }

const callers: Caller[] = [
  { principal: { arn: `arn:aws:iam::${A}:user/alice`, accountId: A, type: 'User' }, username: 'alice', tags: { team: 'blue' } },
  { principal: { arn: `arn:aws:iam::${A}:user/dev/bob`, accountId: A, type: 'User' }, username: 'bob', tags: { team: 'red' } },
  {
    principal: { arn: `arn:aws:sts::${A}:assumed-role/builder/builder-test`, accountId: A, type: 'AssumedRole', roleArn: `arn:aws:iam::${A}:role/builder` },
    tags: { team: 'blue' },
  },
  {
    principal: { arn: `arn:aws:sts::${A}:assumed-role/app/lambda-1`, accountId: A, type: 'AssumedRole', roleArn: `arn:aws:iam::${A}:role/application_roles/app` },
    tags: {},
  },
  { principal: { arn: `arn:aws:iam::${B}:user/carol`, accountId: B, type: 'User' }, username: 'carol', tags: { team: 'blue' } },
  {
    principal: { arn: `arn:aws:sts::${B}:assumed-role/ops/night`, accountId: B, type: 'AssumedRole', roleArn: `arn:aws:iam::${B}:role/ops` },
    tags: { team: 'green' },
  },
  { principal: { arn: `arn:aws:sts::${A}:federated-user/dave`, accountId: A, type: 'FederatedUser' }, tags: { team: 'blue' } },
  { principal: { arn: 'lambda.amazonaws.com', accountId: A, type: 'Service' }, tags: {} },
];

/** Actions with the resources they act on and the account that owns each resource. */
const actions: { action: string; resources: [string, string][] }[] = [
  { action: 'iam:CreateRole', resources: [[`arn:aws:iam::${A}:role/application_roles/app`, A], [`arn:aws:iam::${A}:role/builder`, A]] },
  { action: 'iam:PassRole', resources: [[`arn:aws:iam::${A}:role/application_roles/app`, A]] },
  { action: 'iam:CreatePolicyVersion', resources: [[`arn:aws:iam::${A}:policy/builder_policies/builder`, A], [`arn:aws:iam::${A}:policy/application_policies/p1`, A]] },
  { action: 'iam:ListRoles', resources: [['*', A]] },
  { action: 's3:GetObject', resources: [['arn:aws:s3:::bucket-a/home/alice/notes.txt', A], ['arn:aws:s3:::bucket-b/shared/x.txt', B]] },
  { action: 's3:PutObject', resources: [['arn:aws:s3:::bucket-a/home/bob/y.txt', A]] },
  { action: 's3:CreateBucket', resources: [['arn:aws:s3:::bucket-a', A]] },
  { action: 'lambda:InvokeFunction', resources: [[`arn:aws:lambda:us-east-1:${A}:function:hello`, A], [`arn:aws:lambda:eu-west-1:${B}:function:remote`, B]] },
  { action: 'logs:PutLogEvents', resources: [[`arn:aws:logs:us-east-1:${A}:log-group:/aws/lambda/hello:log-stream:abc`, A]] },
  { action: 'dynamodb:GetItem', resources: [[`arn:aws:dynamodb:us-east-1:${A}:table/Orders`, A]] },
  { action: 'states:StartExecution', resources: [[`arn:aws:states:us-east-1:${A}:stateMachine:hello`, A]] },
  { action: 'sts:AssumeRole', resources: [[`arn:aws:iam::${A}:role/application_roles/app`, A], [`arn:aws:iam::${B}:role/ops`, B]] },
];

type KeyType = 'string' | 'arn' | 'numeric' | 'date' | 'epoch' | 'bool' | 'ip' | 'multi' | 'binary';
interface KeySpec { key: string; type: KeyType; present: () => string | string[] | undefined; values: string[] }

function keySpecs(r: Rng, caller: Caller): KeySpec[] {
  const maybe = <T>(v: T, p = 0.75) => (r.chance(p) ? v : undefined);
  return [
    { key: 'aws:username', type: 'string', present: () => caller.username, values: ['alice', 'bob', 'ALICE', 'a*', '${aws:username}', 'carol'] },
    { key: 'aws:PrincipalTag/team', type: 'string', present: () => caller.tags.team, values: ['blue', 'red', 'BLUE', 'b?ue', '${aws:PrincipalTag/team}', "${aws:PrincipalTag/dept, 'blue'}"] },
    { key: 'aws:RequestedRegion', type: 'string', present: () => maybe(r.pick(['us-east-1', 'eu-west-1'])), values: ['us-east-1', 'eu-*', 'us-?ast-1', 'ap-south-1'] },
    { key: 'iam:PassedToService', type: 'string', present: () => maybe(r.pick(['lambda.amazonaws.com', 'states.amazonaws.com', 'ec2.amazonaws.com'])), values: ['lambda.amazonaws.com', 'states.amazonaws.com', '*.amazonaws.com'] },
    { key: 'aws:ResourceTag/env', type: 'string', present: () => maybe(r.pick(['prod', 'dev', 'Prod'])), values: ['prod', 'dev', 'PROD', 'p*'] },
    { key: 's3:prefix', type: 'string', present: () => maybe(r.pick(['home/alice/', 'home/bob/docs/', '', 'home/*/'])), values: ['home/${aws:username}/*', 'home/*', '', 'home/alice/', 'home/${*}/', 'home/${?}/', "home/${aws:username, 'shared'}/*"] },
    {
      key: 'iam:PermissionsBoundary',
      type: 'arn',
      present: () => maybe(r.pick([`arn:aws:iam::${A}:policy/permissions_boundaries/application-boundary`, `arn:aws:iam::${A}:policy/other`])),
      values: [`arn:aws:iam::${A}:policy/permissions_boundaries/application-boundary`, `arn:aws:iam::${A}:policy/permissions_boundaries/*`, `arn:aws:iam::*:policy/*`],
    },
    { key: 'aws:PrincipalArn', type: 'arn', present: () => caller.principal.roleArn ?? caller.principal.arn, values: [`arn:aws:iam::${A}:role/builder`, `arn:aws:iam::${A}:user/*`, `arn:aws:iam::*:role/*`, `arn:aws:iam::${A}:role/application_roles/*`, `arn:aws:iam::${B}:*`, 'arn:aws:iam::${aws:PrincipalAccount}:role/*', 'arn:aws:iam::*:user/${aws:username}'] },
    { key: 'aws:RequestTag/blob', type: 'binary', present: () => maybe(r.pick(['QmluYXJ5VmFsdWU=', 'T3RoZXI='])), values: ['QmluYXJ5VmFsdWU=', 'T3RoZXI=', 'eA=='] },
    { key: 'aws:SourceArn', type: 'arn', present: () => maybe(`arn:aws:states:us-east-1:${A}:stateMachine:hello`, 0.4), values: [`arn:aws:states:us-east-1:${A}:stateMachine:*`, `arn:aws:states:*:*:stateMachine:hello`, `arn:aws:lambda:*:*:*`] },
    { key: 'aws:PrincipalAccount', type: 'string', present: () => caller.principal.accountId, values: [A, B, '${aws:PrincipalAccount}'] },
    { key: 's3:max-keys', type: 'numeric', present: () => maybe(r.pick(['10', '100', '1000'])), values: ['10', '100', '50', '99.5'] },
    { key: 'aws:MultiFactorAuthAge', type: 'numeric', present: () => maybe(r.pick(['300', '7200']), 0.5), values: ['3600', '300'] },
    { key: 'aws:CurrentTime', type: 'date', present: () => maybe('2026-11-29T05:00:00Z'), values: ['2026-01-01T00:00:00Z', '2026-11-29T05:00:00Z', '2027-01-01T00:00:00Z', '2026-11-29'] },
    { key: 'aws:EpochTime', type: 'epoch', present: () => maybe('1795928400'), values: ['1700000000', '1795928400', '1800000000'] },
    { key: 'aws:SecureTransport', type: 'bool', present: () => maybe(r.pick(['true', 'false'])), values: ['true', 'false', 'True'] },
    { key: 'aws:MultiFactorAuthPresent', type: 'bool', present: () => maybe(r.pick(['true', 'false']), 0.5), values: ['true', 'false'] },
    { key: 'aws:SourceIp', type: 'ip', present: () => maybe(r.pick(['203.0.113.7', '198.51.100.20', '2001:db8::1'])), values: ['203.0.113.0/24', '198.51.100.20/32', '10.0.0.0/8', '2001:db8::/32', '203.0.113.7'] },
    { key: 'aws:TagKeys', type: 'multi', present: () => maybe(r.pick([['env'], ['env', 'team'], ['owner', 'env', 'cost'], []])), values: ['env', 'team', 'owner', 'e*', 'cost'] },
    { key: 'aws:CalledVia', type: 'multi', present: () => maybe(r.pick([['cloudformation.amazonaws.com'], ['cloudformation.amazonaws.com', 'lambda.amazonaws.com']]), 0.5), values: ['cloudformation.amazonaws.com', 'lambda.amazonaws.com', '*.amazonaws.com'] },
  ];
}

const operatorsFor: Record<KeyType, string[]> = {
  string: ['StringEquals', 'StringNotEquals', 'StringEqualsIgnoreCase', 'StringNotEqualsIgnoreCase', 'StringLike', 'StringNotLike'],
  arn: ['ArnEquals', 'ArnLike', 'ArnNotEquals', 'ArnNotLike', 'StringLike', 'StringEquals'],
  numeric: ['NumericEquals', 'NumericNotEquals', 'NumericLessThan', 'NumericLessThanEquals', 'NumericGreaterThan', 'NumericGreaterThanEquals'],
  date: ['DateEquals', 'DateNotEquals', 'DateLessThan', 'DateLessThanEquals', 'DateGreaterThan', 'DateGreaterThanEquals'],
  epoch: ['DateLessThan', 'DateGreaterThanEquals', 'DateEquals', 'NumericLessThan'],
  bool: ['Bool'],
  ip: ['IpAddress', 'NotIpAddress'],
  multi: ['StringEquals', 'StringLike', 'StringNotEquals', 'StringNotLike'],
  binary: ['BinaryEquals'],
};

function condition(r: Rng, specs: KeySpec[]): Record<string, Record<string, unknown>> {
  const block: Record<string, Record<string, unknown>> = {};
  const n = r.int(1, 2);
  for (let i = 0; i < n; i++) {
    const spec = r.pick(specs);
    let op: string;
    if (r.chance(0.08)) op = 'Null';
    else {
      op = r.pick(operatorsFor[spec.type]);
      if (r.chance(0.15)) op += 'IfExists';
      if (spec.type === 'multi' ? r.chance(0.85) : r.chance(0.1)) op = `${r.pick(['ForAllValues', 'ForAnyValue'])}:${op}`;
    }
    let values: (string | number | boolean)[] = op === 'Null' ? [r.pick(['true', 'false'])] : Array.from({ length: r.int(1, 2) }, () => r.pick(spec.values));
    // JSON numbers and booleans are accepted where strings are.
    if (spec.type === 'numeric' && r.chance(0.3)) values = values.map((v) => (/^\d+$/.test(String(v)) ? Number(v) : v));
    if (spec.type === 'bool' && r.chance(0.3)) values = values.map((v) => (v === 'true' ? true : v === 'false' ? false : v));
    const key = r.chance(0.1) ? spec.key.toUpperCase() : spec.key;
    (block[op] ??= {})[key] = values.length === 1 && r.chance(0.5) ? values[0] : values;
  }
  return block;
}

/** Resource patterns derived from the case's resources: exact, wildcarded tails, `?`, other resources, `*`. */
function resourcePattern(r: Rng, resource: string): string {
  if (r.chance(0.12) || (resource === '*' && r.chance(0.5))) return '*';
  const all = actions.flatMap((a) => a.resources.map(([res]) => res)).filter((x) => x !== '*');
  const base = r.chance(0.25) || resource === '*' ? r.pick(all) : resource;
  const cut = (s: string, i: number) => s.slice(0, Math.max(s.lastIndexOf('/'), s.lastIndexOf(':')) + 1 + i);
  switch (r.int(0, 10)) {
    case 0:
      return cut(base, 0) + '*';
    case 1:
      return cut(base, 2) + '*';
    case 2: {
      const i = base.length - 2;
      return base.slice(0, i) + '?' + base.slice(i + 1);
    }
    case 3:
      return base.replace(/^arn:aws:([a-z0-9]+):([a-z0-9-]*):(\d{12})?:/, (m, s, reg, acct) => `arn:aws:${s}:${reg ? '*' : ''}:${acct ? '*' : ''}:`);
    case 4:
      return base.startsWith('arn:aws:s3:::bucket-a/home/') ? 'arn:aws:s3:::bucket-a/home/${aws:username}/*' : base;
    case 5:
      return base.includes(':role/') ? base.replace(/role\/.*$/, 'role/application_roles/*') : base;
    case 7:
      return r.pick([`arn:aws:${base.split(':')[2]}:*`, base.split(':').slice(0, 5).join(':'), `${base.split(':').slice(0, 5).join(':')}*`, 'arn:*']);
    case 8:
      return base.includes(':role/') ? `arn:aws:iam::${A}:role/\${aws:PrincipalTag/team}*` : base;
    case 6:
      return base.replace(/\/([a-z])([^/]*)$/, (m, c: string, rest: string) => '/' + c.toUpperCase() + rest);
    default:
      return base;
  }
}

function actionPattern(r: Rng, action: string): string {
  const other = r.pick(actions).action;
  const [svc, name] = (r.chance(0.25) ? other : action).split(':');
  switch (r.int(0, 7)) {
    case 0:
      return '*';
    case 1:
      return `${svc}:*`;
    case 2:
      return `${svc}:${name.slice(0, 3)}*`;
    case 3:
      return `${svc}:${name.slice(0, -1)}?`;
    case 4:
      return `${svc.toUpperCase()}:${name.toLowerCase()}`;
    default:
      return `${svc}:${name}`;
  }
}

const one = <T>(r: Rng, xs: T[]): T | T[] => (xs.length === 1 && r.chance(0.5) ? xs[0] : xs);

interface StatementOptions { principals?: () => unknown; noResource?: boolean; allowBias?: number }

function statement(r: Rng, action: string, resource: string, specs: KeySpec[], o: StatementOptions = {}): Record<string, unknown> {
  const s: Record<string, unknown> = { Effect: r.chance(o.allowBias ?? 0.72) ? 'Allow' : 'Deny' };
  if (r.chance(0.2)) s.Sid = `S${r.int(0, 99)}`;
  const acts = Array.from({ length: r.int(1, 3) }, () => actionPattern(r, action));
  s[r.chance(0.12) ? 'NotAction' : 'Action'] = one(r, acts);
  if (!o.noResource) {
    const res = Array.from({ length: r.int(1, 2) }, () => resourcePattern(r, resource));
    s[r.chance(0.12) ? 'NotResource' : 'Resource'] = one(r, res);
  }
  if (o.principals) {
    if (r.chance(0.08)) s.NotPrincipal = o.principals();
    else s.Principal = o.principals();
  }
  if (r.chance(0.45)) s.Condition = condition(r, specs);
  return s;
}

function policy(r: Rng, n: [number, number], make: () => Record<string, unknown>): string {
  const statements = Array.from({ length: r.int(n[0], n[1]) }, make);
  const doc = { Version: '2012-10-17', Statement: statements.length === 1 && r.chance(0.3) ? statements[0] : statements };
  return JSON.stringify(doc);
}

export interface GeneratedCase { seed: number; request: AuthorizationRequest }

/**
 * `resource-boundary`: every case is an S3 request with a bucket policy and a permissions boundary (no SCPs), and the
 * bucket policy names the caller's session, its role, a user, an account or everyone, so that the rules of
 * access_policies_boundaries.html ("Resource-based policies") are exercised on every case.
 */
export interface GenerateOptions { focus?: 'resource-boundary' }

const S3_ACTIONS = actions.filter((a) => a.action.startsWith('s3:') && a.action !== 's3:CreateBucket');

export function generateCase(seed: number, options: GenerateOptions = {}): GeneratedCase {
  const r = rng(seed);
  const focus = options.focus === 'resource-boundary';
  const caller = focus ? r.pick(callers.filter((c) => c.principal.type !== 'Service')) : r.pick(callers);
  const p = caller.principal;
  const a = focus ? r.pick(S3_ACTIONS) : r.pick(actions);
  const [resource, resourceAccount] = r.pick(a.resources);
  const specs = keySpecs(r, caller);
  const context: Record<string, string | string[]> = {};
  for (const s of specs) {
    const v = s.present();
    if (v !== undefined) context[s.key] = v;
  }
  if (p.type !== 'Service') context['aws:PrincipalType'] = p.type;
  else for (const k of ['aws:PrincipalArn', 'aws:PrincipalAccount', 'aws:username', 'aws:PrincipalTag/team']) delete context[k];
  const st = (o?: StatementOptions) => () => statement(r, a.action, resource, specs, o);
  const named = (id: string, doc: string): NamedPolicy => ({ id, document: doc });

  const isService = p.type === 'Service';
  const identityPolicies = Array.from({ length: isService ? 0 : r.int(0, 2) }, (_, i) => named(`arn:aws:iam::${p.accountId}:policy/p${i}`, policy(r, [1, 3], st())));
  const req: AuthorizationRequest = { principal: p, action: a.action, resource, resourceAccount, context, identityPolicies };
  if (!isService && (focus || r.chance(0.4))) req.permissionsBoundary = named(`arn:aws:iam::${p.accountId}:policy/boundary`, policy(r, [1, 3], st({ allowBias: 0.85 })));
  if ((p.type === 'AssumedRole' || p.type === 'FederatedUser') && r.chance(0.25)) req.sessionPolicies = [named('session', policy(r, [1, 2], st({ allowBias: 0.85 })))];
  if (!focus && r.chance(0.2)) {
    req.serviceControlPolicies = Array.from({ length: r.int(1, 2) }, (_, level) => [
      named(`scp-${level}`, policy(r, [1, 2], () => (r.chance(0.6) ? { Effect: 'Allow', Action: '*', Resource: '*' } : statement(r, a.action, resource, specs, { allowBias: 0.6 })))),
    ]);
  }
  const isTrust = a.action === 'sts:AssumeRole';
  if (focus || (isTrust ? r.chance(0.85) : r.chance(0.45))) {
    const others = callers.map((c) => c.principal).filter((o) => o.type !== 'Service');
    const principalValue = () => {
      // Focused cases name the caller itself (session or user ARN) or its role more often than anything else.
      switch (focus ? r.pick([0, 1, 2, 3, 4, 5, 5, 6, 7]) : r.int(0, 8)) {
        case 0:
          return r.pick(['*', { AWS: '*' }, { AWS: ['*'] }]);
        case 1:
          return { AWS: r.pick([A, B]) };
        case 2:
          return { AWS: `arn:aws:iam::${r.pick([A, B])}:root` };
        case 3:
        case 4:
          return isService ? { Service: p.arn } : { AWS: p.arn };
        case 5:
          return isService ? { Service: 'states.amazonaws.com' } : { AWS: p.roleArn ?? p.arn };
        case 6:
          return { AWS: [r.pick(others).arn, r.pick(others).roleArn ?? `arn:aws:iam::${A}:root`] };
        case 7:
          return r.chance(0.5) ? { Service: r.pick(['lambda.amazonaws.com', 'states.amazonaws.com']) } : { AWS: `arn:aws:iam::${A}:user/dave` };
        default:
          return { Service: 'lambda.amazonaws.com' };
      }
    };
    req.resourcePolicy = named(isTrust ? 'trust' : 'resource-policy', policy(r, [1, 2], st({ principals: principalValue, noResource: isTrust, allowBias: 0.8 })));
    if (isTrust) req.resourcePolicyType = 'role trust';
  }
  return { seed, request: req };
}
