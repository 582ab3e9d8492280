/**
 * When the gateway must load the whole AWS managed policy catalogue before it answers (it is a chunk of its own,
 * loaded on first use, see account/managed-policies.ts): a request that names an AWS managed policy the core does
 * not hold, a listing of AWS managed policies, or a saved state in which such a policy is attached, a boundary or
 * a session policy (checked once, on the first request: everything attached later came through a request).
 */
import {
  awsManagedCatalogueLoaded, coreManagedPoliciesLoaded, loadAwsManagedPolicies, loadCoreManagedPolicies, needsCatalogue,
} from '../account/managed-policies';
import type { IamState } from '../services/iam/model';
import type { StsState } from '../services/sts/model';

const AWS_POLICY = 'arn:aws:iam::aws:policy/';

function namesUnknownAwsPolicy(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.includes(AWS_POLICY) && needsCatalogueIn(value);
  if (depth > 8 || value === null || typeof value !== 'object' || value instanceof Uint8Array) return false;
  for (const v of Array.isArray(value) ? value : Object.values(value)) if (namesUnknownAwsPolicy(v, depth + 1)) return true;
  return false;
}

/** A string may be the ARN itself or a document (a template, a policy) that mentions it. */
function needsCatalogueIn(text: string): boolean {
  for (const m of text.matchAll(/arn:aws:iam::aws:policy\/[\w+=,.@\/-]+/g)) if (needsCatalogue(m[0])) return true;
  return false;
}

export function requestNeedsCatalogue(service: string, operation: string, input: Record<string, any> | undefined): boolean {
  if (awsManagedCatalogueLoaded()) return false;
  if (service === 'iam' && operation === 'ListPolicies' && input?.Scope !== 'Local') return true;
  if (service === 'iam' && operation === 'GetAccountAuthorizationDetails') return true;
  return namesUnknownAwsPolicy(input);
}

export function stateNeedsCatalogue(iam: IamState | undefined, sts: StsState | undefined): boolean {
  if (awsManagedCatalogueLoaded()) return false;
  const entities = [...Object.values(iam?.roles ?? {}), ...Object.values(iam?.users ?? {}), ...Object.values(iam?.groups ?? {})];
  for (const e of entities) {
    if (e.AttachedPolicies.some(needsCatalogue)) return true;
    if ('PermissionsBoundaryArn' in e && e.PermissionsBoundaryArn && needsCatalogue(e.PermissionsBoundaryArn)) return true;
  }
  return Object.values(sts?.sessions ?? {}).some((s) => (s.PolicyArns ?? []).some(needsCatalogue));
}

export { coreManagedPoliciesLoaded, loadAwsManagedPolicies, loadCoreManagedPolicies };
