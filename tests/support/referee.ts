/**
 * External referees (the AWS CLI v1, cfn-lint, moto, boto3) decide faithfulness. A test that needs one skips with
 * a visible message on a machine that lacks it, and fails instead when CI is set.
 */
import { spawnSync } from 'node:child_process';

const cache = new Map<string, boolean>();

export function hasTool(tool: string): boolean {
  if (!cache.has(tool)) {
    const r = spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' });
    cache.set(tool, r.status === 0);
  }
  return cache.get(tool)!;
}

/**
 * Returns true when the tool is there. When it is missing: throws under CI, otherwise prints why and returns
 * false so the caller can `describe.skipIf(!requireTool('aws'))`.
 */
export function requireTool(tool: string): boolean {
  if (hasTool(tool)) return true;
  if (process.env.CI) throw new Error(`${tool} is required in CI but was not found on PATH`);
  console.warn(`\n[boundary-lab] SKIPPING tests that need ${tool}: it is not on PATH.\n`);
  return false;
}
