/**
 * Every service the workshop uses, for a sandbox: IAM and STS (always there, see ./index) plus the application
 * services. The Lambda runtime is the one platform-specific piece: worker_threads in Node, a Worker in browsers
 * (the Lambda provider picks the browser one itself when none is given).
 */
import type { ServiceProvider } from '../core/types';
import type { LambdaRuntime } from '../lambda-runtime/types';
import { createCloudFormationProvider } from './cloudformation/provider';
import { createLambdaProvider } from './lambda/provider';
import { createStatesProvider } from './states/provider';
import { logsProvider } from './logs/provider';
import { s3Provider } from './s3/provider';
import { cloudtrailProvider } from './cloudtrail/provider';

export function applicationProviders(options: { lambdaRuntime?: LambdaRuntime } = {}): ServiceProvider<any>[] {
  return [
    createCloudFormationProvider(),
    createLambdaProvider({ runtime: options.lambdaRuntime }),
    createStatesProvider(),
    logsProvider,
    s3Provider,
    cloudtrailProvider,
  ];
}
