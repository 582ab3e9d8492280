/**
 * SimulatePrincipalPolicy and SimulateCustomPolicy, answered by the IAM engine in the shape IAM answers with
 * (as recorded from AWS): for each action and resource, EvalDecision; MatchedStatements named as IAM names them
 * (SourcePolicyId: a managed policy's name, `role_<role>_<policy>` for an inline policy, `PolicyInputList.1` for an
 * input; SourcePolicyType "IAM Policy") with IAM's StartPosition / EndPosition; MissingContextValues;
 * OrganizationsDecisionDetail; PermissionsBoundaryDecisionDetail; and, when resources are named,
 * EvalDecisionDetails (empty within one account) and ResourceSpecificResults.
 *
 * AWS difference: the sandbox account counts as a member of an organization whose service control policies allow
 * everything (AWS's FullAWSAccess), so OrganizationsDecisionDetail is always AllowedByOrganizations: true.
 * AWS difference: a resource policy's matched statements are named "ResourcePolicy" / "Resource Policy", and a
 * cross-account simulation's EvalDecisionDetails lists no per-policy decisions; AWS's exact words for these were not
 * recorded.
 */
import { authorize } from '../../../iam';
import type { AuthorizationRequest, ContextValue, NamedPolicy, RequestPrincipal, StatementMatch } from '../../../iam/api';
import { AwsError, type OperationHandler } from '../../core/types';
import { checkPolicy, roleArnOf, userArnOf, type Ctx } from './common';
import { entityPolicies, roleByArn, userByArn, type IamState } from './model';
import { statementPositions } from './positions';

const DECISION = { Allowed: 'allowed', ExplicitDeny: 'explicitDeny', ImplicitDeny: 'implicitDeny' } as const;
const IDENTITY = 'IAM Policy';

function contextFrom(entries: any[] | undefined): Record<string, ContextValue> {
  const c: Record<string, ContextValue> = {};
  for (const e of entries ?? []) {
    const values: string[] = e.ContextKeyValues ?? [];
    const type: string = e.ContextKeyType ?? 'string';
    const list = type.endsWith('List');
    const convert = (v: string): string | number | boolean =>
      type.startsWith('numeric') ? Number(v) : type.startsWith('boolean') ? v.toLowerCase() === 'true' : v;
    const converted = values.map(convert);
    c[e.ContextKeyName] = (list ? converted : converted[0]) as ContextValue;
  }
  return c;
}

interface Source {
  principal: RequestPrincipal;
  identityPolicies: NamedPolicy[];
  permissionsBoundary?: NamedPolicy;
  /** How the simulator names each policy: SourcePolicyId and SourcePolicyType. */
  names: Map<string, { id: string; type: string }>;
}

function simulate(ctx: Ctx, source: Source, input: Record<string, any>) {
  const named: string[] = input.ResourceArns?.length ? input.ResourceArns : [];
  const resources = named.length ? named : ['*'];
  const docs = new Map<string, string>();
  for (const p of [...source.identityPolicies, ...(source.permissionsBoundary ? [source.permissionsBoundary] : [])]) {
    docs.set(p.id, typeof p.document === 'string' ? p.document : JSON.stringify(p.document));
  }
  const resourcePolicy = input.ResourcePolicy ? { id: 'ResourcePolicy', document: input.ResourcePolicy as string } : undefined;
  if (resourcePolicy) {
    checkPolicy(resourcePolicy.document, 'resource');
    docs.set(resourcePolicy.id, resourcePolicy.document);
  }
  const resourceAccount = input.ResourceOwner ? String(input.ResourceOwner).split(':')[4] || String(input.ResourceOwner) : undefined;
  const evaluate = (action: string, resource: string) => {
    const req: AuthorizationRequest = {
      principal: source.principal,
      action,
      resource,
      context: { ...contextFrom(input.ContextEntries) },
      identityPolicies: source.identityPolicies,
      ...(source.permissionsBoundary ? { permissionsBoundary: source.permissionsBoundary } : {}),
      ...(resourcePolicy ? { resourcePolicy } : {}),
      ...(resourceAccount ? { resourceAccount } : {}),
    };
    const r = authorize(req);
    const wanted = r.decision === 'Allowed' ? 'Allow' : r.decision === 'ExplicitDeny' ? 'Deny' : undefined;
    const matches: StatementMatch[] = wanted
      ? r.details.filter((d) => d.policyType === 'identity-based' || d.policyType === 'resource-based').flatMap((d) => d.matches.filter((m) => m.effect === wanted))
      : [];
    const boundary = r.details.find((d) => d.policyType === 'permissions boundary');
    return {
      decision: DECISION[r.decision],
      MatchedStatements: matches.map((m) => {
        const pos = statementPositions(docs.get(m.policyId) ?? '')[m.statementIndex];
        const name = source.names.get(m.policyId) ?? { id: m.policyId, type: m.policyType === 'resource-based' ? 'Resource Policy' : IDENTITY };
        return { SourcePolicyId: name.id, SourcePolicyType: name.type, ...(pos ? { StartPosition: pos.start, EndPosition: pos.end } : {}) };
      }),
      MissingContextValues: r.missingContextValues,
      ...(boundary ? { PermissionsBoundaryDecisionDetail: { AllowedByPermissionsBoundary: boundary.decision === 'Allowed' } } : {}),
    };
  };
  const results = [];
  for (const action of input.ActionNames as string[]) {
    for (const resource of resources) {
      const e = evaluate(action, resource);
      results.push({
        EvalActionName: action,
        EvalResourceName: resource,
        EvalDecision: e.decision,
        MatchedStatements: e.MatchedStatements,
        MissingContextValues: resource === '*' ? e.MissingContextValues : [],
        OrganizationsDecisionDetail: { AllowedByOrganizations: true },
        ...(e.PermissionsBoundaryDecisionDetail ? { PermissionsBoundaryDecisionDetail: e.PermissionsBoundaryDecisionDetail } : {}),
        // Present (and empty within one account) when a resource is named; absent for "*".
        ...(resource !== '*' ? { EvalDecisionDetails: {} } : {}),
        ...(resource !== '*'
          ? {
              ResourceSpecificResults: [{
                EvalResourceName: resource,
                EvalResourceDecision: e.decision,
                MatchedStatements: e.MatchedStatements,
                MissingContextValues: e.MissingContextValues,
                EvalDecisionDetails: {},
                ...(e.PermissionsBoundaryDecisionDetail ? { PermissionsBoundaryDecisionDetail: e.PermissionsBoundaryDecisionDetail } : {}),
              }],
            }
          : {}),
      });
    }
  }
  return { EvaluationResults: results, IsTruncated: false };
}

function inputPolicies(list: string[] | undefined, prefix: string, names: Source['names']): NamedPolicy[] {
  return (list ?? []).map((document, i) => {
    checkPolicy(document, 'identity');
    const id = `${prefix}${i + 1}`;
    names.set(id, { id, type: IDENTITY });
    return { id, document };
  });
}

export const simulateOperations: Record<string, OperationHandler<IamState>> = {
  SimulatePrincipalPolicy(input, ctx) {
    const arn: string = input.PolicySourceArn;
    ctx.authorize('iam:SimulatePrincipalPolicy', arn);
    const role = roleByArn(ctx.state, ctx.accountId, arn);
    const user = role ? undefined : userByArn(ctx.state, ctx.accountId, arn);
    if (!role && !user) throw new AwsError('NoSuchEntity', `PolicySourceArn ${arn} does not exist.`, 404);
    const kind = role ? 'role' : 'user';
    const entity = (role ?? user)!;
    const base = entityPolicies(ctx.state, kind, entity);
    const names: Source['names'] = new Map();
    // IAM names a managed policy by its name and an inline one `<kind>_<entity>_<policy>` (a member's group
    // policies as `group_<group>_<policy>`).
    for (const p of base.identityPolicies) {
      if (p.id.startsWith('arn:')) names.set(p.id, { id: p.id.slice(p.id.lastIndexOf('/') + 1), type: IDENTITY });
      else names.set(p.id, { id: p.id.split('/').join('_'), type: IDENTITY });
    }
    const extra = inputPolicies(input.PolicyInputList, 'PolicyInputList.', names);
    const boundaryInput = inputPolicies(input.PermissionsBoundaryPolicyInputList, 'PermissionsBoundaryPolicyInputList.', names);
    const principalArn = role ? roleArnOf(ctx, role) : userArnOf(ctx, user!);
    return simulate(
      ctx,
      {
        principal: { arn: input.CallerArn ?? principalArn, accountId: ctx.accountId, type: role ? 'AssumedRole' : 'User', ...(role ? { roleArn: principalArn } : {}) },
        identityPolicies: [...base.identityPolicies, ...extra],
        permissionsBoundary: boundaryInput[0] ?? base.permissionsBoundary,
        names,
      },
      input,
    );
  },
  SimulateCustomPolicy(input, ctx) {
    ctx.authorize('iam:SimulateCustomPolicy', '*');
    const names: Source['names'] = new Map();
    const identityPolicies = inputPolicies(input.PolicyInputList, 'PolicyInputList.', names);
    const boundary = inputPolicies(input.PermissionsBoundaryPolicyInputList, 'PermissionsBoundaryPolicyInputList.', names);
    const callerArn: string = input.CallerArn ?? `arn:aws:iam::${ctx.accountId}:user/simulated`;
    return simulate(ctx, { principal: { arn: callerArn, accountId: ctx.accountId, type: 'User' }, identityPolicies, permissionsBoundary: boundary[0], names }, input);
  },
};
