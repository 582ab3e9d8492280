/**
 * The IAM engine: policy grammar, matching, conditions, evaluation with explanations, AccessDenied sentences and
 * MalformedPolicyDocument validation. Pure and isomorphic: no I/O, no `node:` imports, no emulator imports.
 */
export type * from './api';
export { authorize } from './evaluate';
export { accessDeniedMessage, iamResourceDescription } from './message';
export { validatePolicyDocument, inlinePolicySizeError, policySize, INLINE_ROLE_POLICY_TOTAL_LIMIT, MANAGED_POLICY_LIMIT } from './validate';
export { parsePolicy, compilePolicy, PolicySyntaxError, type Policy, type Statement, type PrincipalSpec } from './policy';
export { matchesAction, matchesArnPattern } from './wildcard';
export { evaluateCondition, compileCondition, parseOperator } from './conditions';
