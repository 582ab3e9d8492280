/** The IAM service provider: every operation the sandbox implements, by its AWS name. */
import type { ServiceProvider } from '../../core/types';
import { accountOperations } from './account';
import { entityOperations } from './entities';
import { extraOperations } from './extras';
import { emptyIamState, type IamState } from './model';
import { policyOperations } from './policies';
import { roleOperations } from './roles';
import { simulateOperations } from './simulate';
import { userOperations } from './users';

export const iamProvider: ServiceProvider<IamState> = {
  name: 'iam',
  initialState: emptyIamState,
  operations: {
    ...roleOperations,
    ...entityOperations('role'),
    ...userOperations,
    ...entityOperations('user'),
    ...policyOperations,
    ...accountOperations,
    ...simulateOperations,
    ...extraOperations,
  },
};
