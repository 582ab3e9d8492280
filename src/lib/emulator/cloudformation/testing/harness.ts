/** Test support: the CloudFormation provider driven directly, with a fake OperationContext and FakeAws behind it. */
import type { AuthorizationResult } from '../../../iam/api';
import type { Credentials, OperationContext } from '../../core/types';
import { createCloudFormationProvider, type CloudFormationOptions } from '../../services/cloudformation/provider';
import { initialState, type CloudFormationState } from '../../services/cloudformation/model';
import { FakeAws, type FakeAwsOptions } from './fake-aws';

export const CALLER: Credentials = { accessKeyId: 'AKIACALLER', secretAccessKey: 'secret' };
export const ROLE_CREDENTIALS: Credentials = { accessKeyId: 'ASIASTACKROLE', secretAccessKey: 'secret', sessionToken: 'token' };

export function harness(options: FakeAwsOptions & CloudFormationOptions & {
  pace?: number;
  assumable?: (arn: string) => boolean;
  /** IAM's answer for a call CloudFormation authorizes itself (an unmodelled type's create): the AccessDenied sentence, or undefined. */
  authorizeAs?: (credentials: Credentials, action: string, resource: string) => string | undefined;
} = {}) {
  const aws = new FakeAws(options);
  const provider = createCloudFormationProvider(options);
  const state: CloudFormationState = initialState();
  const tasks = new Set<Promise<void>>();
  const authorizations: string[] = [];
  const ctx = (operation: string): OperationContext<CloudFormationState> & { callerCredentials: Credentials } => ({
    service: 'cloudformation', operation, region: 'us-east-1', accountId: aws.accountId, requestId: 'req',
    caller: { arn: 'arn:aws:iam::123456789012:user/admin', accountId: aws.accountId, userId: 'AIDA', type: 'User', accessKeyId: CALLER.accessKeyId },
    state,
    now: () => new Date(),
    authorize: (action, resource) => {
      authorizations.push(`${action} ${resource}`);
      return { decision: 'Allowed' } as AuthorizationResult;
    },
    sdkConfig: aws.sdkConfig,
    callerCredentials: CALLER,
    internal: {
      assumeRoleForService: async (arn) => {
        if (options.assumable && !options.assumable(arn)) throw new Error('cannot assume');
        return ROLE_CREDENTIALS;
      },
      getRole: () => undefined,
      authorizeAs: (credentials, action, resource) => options.authorizeAs?.(credentials, action, resource),
      schedule: (task) => {
        const p = task().finally(() => tasks.delete(p));
        tasks.add(p);
      },
      pace: options.pace ?? 0,
      events: () => [],
      commit: async () => {},
    },
  });
  return {
    aws, state, provider, authorizations, ctx,
    call: async (operation: string, input: Record<string, any> = {}) => (await provider.operations[operation](input, ctx(operation))) as Record<string, any>,
    settled: async () => {
      while (tasks.size) await Promise.allSettled([...tasks]);
    },
  };
}
