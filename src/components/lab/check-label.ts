/**
 * What a check looks at, in words, for the step panel. The lab data may give a `label`; otherwise it is written
 * from the check's kind and parameters (labs/schema.ts leaves that to the component).
 */
import type { Check } from '../../../labs/schema';

const policy = (p: { path: string; policyName: string }) => `${p.path}${p.policyName}`;
const list = (xs: readonly string[]) => (xs.length === 1 ? xs[0] : `${xs.slice(0, -1).join(', ')} or ${xs.at(-1)}`);

export function checkLabel(c: Check): string {
  if (c.label) return c.label;
  switch (c.kind) {
    case 'stackStatus':
      return `Stack ${c.stack} is ${list(c.status)}`;
    case 'stackAbsent':
      return `Stack ${c.stack} no longer exists`;
    case 'stackFailedOnCreateRole':
      return `Stack ${c.stack} failed because iam:CreateRole was denied, and rolled back`;
    case 'applicationRolesBounded':
      return `${c.logicalResourceIds.join(' and ')} are under ${c.path} with the ${policy(c.permissionsBoundary)} boundary`;
    case 'roleInlinePolicyAllows':
      return `${c.logicalResourceId}'s inline policy ${c.policyName} allows ${c.action}`;
    case 'roleExists':
      return `Role ${c.path}${c.roleName} exists${c.attachedPolicies.length ? ` with ${c.attachedPolicies.map(policy).join(', ')} attached` : ''}`;
    case 'roleAbsent':
      return `Role ${c.roleName} no longer exists`;
    case 'policyExists':
      return `Policy ${policy(c)} exists`;
    case 'policyAbsent':
      return `Policy ${policy(c)} no longer exists`;
    case 'policyDefaultVersion':
      return `Policy ${policy(c)} is still at ${c.versionId}, with ${c.versionCount} version${c.versionCount === 1 ? '' : 's'}`;
    case 'policyAttachedToNothing':
      return `Policy ${policy(c)} is attached to nothing`;
    case 'pathEmpty':
      return `No ${c.entity} left under ${c.path}`;
    case 'callerIsAssumedRole':
      return `The terminal is a session of the ${c.role} role${c.sessionName ? ` (${c.sessionName})` : ''}`;
    case 'callerIsNotAssumedRole':
      return `The terminal is no longer a session of the ${c.role} role`;
    case 'executionOutput':
      return `The latest execution of ${c.logicalResourceId} succeeded with ${c.expected}`;
    case 'executionStatus':
      return `The latest execution of ${c.logicalResourceId} is ${c.status}`;
    case 'functionLogContains':
      return `${c.logicalResourceId}'s log shows ${c.includes.join(' and ')}`;
    case 'bucketAbsent':
      return `The bucket named by the stack output ${c.outputKey} does not exist`;
    case 'bucketPolicyNames':
      return `The policy of bucket ${c.bucket.replaceAll('${AWS::AccountId}', 'ACCOUNT')} allows ${c.action} to ${c.principal.replaceAll('${AWS::AccountId}', 'ACCOUNT').replaceAll('${AWS::Partition}', 'aws')}`;
    case 'bucketGone':
      return `Bucket ${c.bucket.replaceAll('${AWS::AccountId}', 'ACCOUNT')} no longer exists`;
    case 'logGroupsAbsent':
      return `No log group left starting with ${c.prefix}`;
    case 'cloudTrailDenied':
      return `CloudTrail recorded ${c.errorCode} for ${c.eventName} by the ${c.role} role`;
    case 'cloudTrailAllowed':
      return `CloudTrail recorded a successful ${c.eventName} by the ${c.role} role`;
  }
}
