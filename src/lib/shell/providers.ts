/**
 * The service providers the terminal's sandbox runs: IAM and STS (the core) and every application service the
 * workshop uses, new instances for each emulator (providers hold live workers and running executions). Lambda runs
 * function code in workers, which each platform makes differently, so the caller may pass the Lambda runtime;
 * browsers get the Web Worker one by default.
 */
import { coreProviders } from '../emulator/services/index';
import { applicationProviders } from '../emulator/services/all';
import type { ServiceProvider } from '../emulator/index';
import type { LambdaRuntime } from '../emulator/lambda-runtime/types';

export interface ProviderOptions {
  lambdaRuntime?: LambdaRuntime;
}

export function sandboxProviders(options: ProviderOptions = {}): ServiceProvider<any>[] {
  return [...coreProviders, ...applicationProviders({ lambdaRuntime: options.lambdaRuntime })];
}
