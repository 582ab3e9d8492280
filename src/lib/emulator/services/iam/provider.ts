/** The IAM service provider: every operation the sandbox implements, by its AWS name. */
import type { OperationHandler, ServiceProvider } from '../../core/types';
import { accessKeyOperations } from './access-keys';
import { accountOperations } from './account';
import { entityOperations } from './entities';
import { extraOperations } from './extras';
import { groupOperations } from './groups';
import { instanceProfileOperations } from './instance-profiles';
import { loginProfileOperations } from './login-profiles';
import { emptyIamState, upgradeIamState, type IamState } from './model';
import { policyOperations } from './policies';
import { roleOperations } from './roles';
import { serviceCredentialOperations } from './service-credentials';
import { serviceLinkedRoleOperations } from './service-linked-roles';
import { simulateOperations } from './simulate';
import { userOperations } from './users';

const operations: Record<string, OperationHandler<IamState>> = {
  ...extraOperations,
  ...roleOperations,
  ...entityOperations('role'),
  ...userOperations,
  ...entityOperations('user'),
  ...accessKeyOperations,
  ...loginProfileOperations,
  ...groupOperations,
  ...entityOperations('group'),
  ...instanceProfileOperations,
  ...serviceLinkedRoleOperations,
  ...serviceCredentialOperations,
  ...policyOperations,
  ...accountOperations,
  ...simulateOperations,
};

export const iamProvider: ServiceProvider<IamState> = {
  name: 'iam',
  initialState: emptyIamState,
  // Every operation sees a state with all of today's collections, even one saved by an older sandbox.
  operations: Object.fromEntries(
    Object.entries(operations).map(([name, handler]) => [name, (input, ctx) => (upgradeIamState(ctx.state), handler(input, ctx))]),
  ),
};
