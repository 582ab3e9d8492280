/** Models for the battery's tests: one that allows every technique, and the same with every fix (built to stop them). */
import { readFileSync } from 'node:fs';
import { createNodeLambdaRuntime } from '../emulator/lambda-runtime/node/runtime';
import { fixStatement, type FixKind } from './fixes';
import { modelFromPolicies } from './model';
import { techniques } from './techniques';

export const runtime = createNodeLambdaRuntime();
export const labTemplate = readFileSync(new URL('../../../labs/builder-iam.json', import.meta.url), 'utf8');

const allowAll = { Version: '2012-10-17', Statement: [{ Sid: 'Everything', Effect: 'Allow', Action: '*', Resource: '*' }] };
export const weak = { builderPolicy: JSON.stringify(allowAll), boundary: JSON.stringify(allowAll), builderPolicyName: 'weak-builder.json', boundaryName: 'weak-boundary.json' };

/** The weak model plus every fix the catalogue names: each technique starts, and is denied. */
export function strongModel() {
  const base = modelFromPolicies(weak);
  const kinds = [...new Set(techniques.map((t) => t.fix))] as FixKind[];
  const fixes = kinds.map((k) => fixStatement(k, base));
  const builder = { ...allowAll, Statement: [...allowAll.Statement, ...fixes.filter((f) => f.policy === 'builder').map((f) => f.statement)] };
  const boundary = { ...allowAll, Statement: [...allowAll.Statement, ...fixes.filter((f) => f.policy === 'boundary').map((f) => f.statement)] };
  return { builderPolicy: JSON.stringify(builder), boundary: JSON.stringify(boundary), builderPolicyName: 'strong-builder.json', boundaryName: 'strong-boundary.json' };
}
