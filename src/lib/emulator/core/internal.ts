/**
 * The account's internal hooks that services use without a caller's signature, as AWS's own services do:
 * a service principal assuming its execution role, role lookup for PassRole-time checks, scheduled work at the
 * emulator's pace, and the event log.
 */
import { accessDeniedMessage, authorize as engineAuthorize } from '../../iam';
import type { AuthorizationRequest } from '../../iam/api';
import { roleArn as roleArnOf, roleByArn, userByArn, type IamState } from '../services/iam/model';
import { issueSession, type StsState } from '../services/sts/model';
import type { Store } from '../state/store';
import { authenticate, globalContext, principalPolicies, requestPrincipal } from './identity';
import { AwsError, type InternalApi } from './types';

export interface InternalDeps {
  accountId: string;
  pace: number;
  now: () => Date;
  store: Store;
  iam: () => IamState;
  sts: () => StsState;
  /** Scheduled work still running, so the emulator can wait for it (settled()). */
  tasks: Set<Promise<void>>;
}

/** How long a service's session with its execution role lasts (Lambda's and Step Functions' are an hour). */
const SERVICE_SESSION_SECONDS = 3600;

export function createInternalApi(d: InternalDeps): InternalApi {
  return {
    async assumeRoleForService(roleArn, servicePrincipal, sessionName) {
      const role = roleByArn(d.iam(), d.accountId, roleArn);
      const request: AuthorizationRequest = {
        principal: { arn: servicePrincipal, accountId: d.accountId, type: 'Service' },
        action: 'sts:AssumeRole',
        resource: roleArn,
        context: { 'aws:PrincipalServiceName': servicePrincipal, 'aws:PrincipalIsAWSService': true, 'sts:RoleSessionName': sessionName },
        identityPolicies: [],
        ...(role ? { resourcePolicy: { id: roleArn, document: role.AssumeRolePolicyDocument }, resourcePolicyType: 'role trust' as const } : {}),
      };
      if (!role || engineAuthorize(request).decision !== 'Allowed') {
        throw new AwsError('AccessDenied', `${servicePrincipal} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`, 403);
      }
      const now = d.now();
      const s = issueSession(d.sts(), {
        kind: 'AssumedRole',
        IssuedAt: now,
        Expiration: new Date(now.getTime() + SERVICE_SESSION_SECONDS * 1000),
        RoleArn: roleArnOf(d.accountId, role),
        RoleId: role.RoleId,
        RoleSessionName: sessionName,
        Tags: [],
        TransitiveTagKeys: [],
        ServicePrincipal: servicePrincipal,
      });
      await d.store.commit(d.now);
      return { accessKeyId: s.AccessKeyId, secretAccessKey: s.SecretAccessKey, sessionToken: s.SessionToken, expiration: s.Expiration };
    },
    getRole(arn) {
      const role = roleByArn(d.iam(), d.accountId, arn);
      return (
        role && {
          arn: roleArnOf(d.accountId, role),
          assumeRolePolicyDocument: role.AssumeRolePolicyDocument,
          roleName: role.RoleName,
          roleId: role.RoleId,
          maxSessionDuration: role.MaxSessionDuration,
        }
      );
    },
    userExists(arn) {
      return !!userByArn(d.iam(), d.accountId, arn);
    },
    authorizeAs(credentials, action, resource, region) {
      const auth = authenticate(d.iam(), d.sts(), d.accountId, credentials.accessKeyId, credentials.sessionToken, d.now());
      if (!auth.ok) return 'The security token included in the request is invalid.';
      const request: AuthorizationRequest = {
        principal: requestPrincipal(auth.principal.caller), action, resource,
        context: globalContext(auth.principal, region, d.now()),
        ...principalPolicies(d.iam(), auth.principal),
      };
      const result = engineAuthorize(request);
      return result.decision === 'Allowed' ? undefined : accessDeniedMessage(request, result);
    },
    schedule(task, delayMs = 0) {
      const p = new Promise<void>((resolve) => {
        setTimeout(async () => {
          try {
            await task();
            await d.store.commit(d.now);
          } catch (e) {
            console.error('[sandbox] scheduled task failed:', e);
          }
          resolve();
        }, delayMs * d.pace);
      });
      d.tasks.add(p);
      void p.then(() => d.tasks.delete(p));
    },
    pace: d.pace,
    events: () => d.store.events,
    commit: () => d.store.commit(d.now),
  };
}
