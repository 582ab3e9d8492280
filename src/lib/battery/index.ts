/**
 * The escalation battery (issue 18): attack a builder policy and boundary in the sandbox, technique by technique,
 * and report what held, what escalated, why, and the fix. `runBattery` is the API the CLI, the page's worker and
 * the org kit share; `toText`, `toSarif` render the same report.
 */
export { runBattery, selectTechniques, VERSION, type BatteryOptions } from './runner';
export { BatteryInputError, type BatteryInput, type BuilderModel } from './model';
export { techniques } from './techniques';
export { toText } from './report';
export { toSarif, type SarifInputs } from './sarif';

export type * from './types';
