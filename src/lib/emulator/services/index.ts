/**
 * The service provider registry. IAM and STS are the core: the gateway authenticates with their state, so every
 * emulator has them. The application services (CloudFormation, Lambda, Step Functions, Logs, S3, CloudTrail) come
 * from ./all, new instances per emulator.
 */
import type { ServiceProvider } from '../core/types';
import { iamProvider } from './iam/provider';
import { stsProvider } from './sts/provider';

export const coreProviders: ServiceProvider<any>[] = [iamProvider, stsProvider];

export { iamProvider, stsProvider };

