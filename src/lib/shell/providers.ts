/**
 * The service providers the in-process sandbox runs: IAM and STS (the core) and every application service the
 * workshop uses. Node passes its worker_threads Lambda runtime; browsers get the Web Worker one by default.
 */
import { coreProviders } from '../emulator/services/index';
import { applicationProviders } from '../emulator/services/all';
import type { ServiceProvider } from '../emulator/index';
import type { LambdaRuntime } from '../emulator/lambda-runtime/types';

export function sandboxProviders(options: { lambdaRuntime?: LambdaRuntime } = {}): ServiceProvider<any>[] {
  return [...coreProviders, ...applicationProviders(options)];
}
