/**
 * Every resource type CloudFormation knows (in any Region), generated from cfn-lint's schemas by
 * gen-resource-types.py. A template naming any other type fails with "Unrecognized resource types: […]", as in AWS;
 * known types the sandbox cannot create fail their resource instead (see resources/index.ts).
 */
import data from './resource-types.json';

const KNOWN = new Set(data.types.split(' '));

export function isRecognizedResourceType(type: string): boolean {
  // Custom resources take any name after Custom::.
  return KNOWN.has(type) || /^Custom::[A-Za-z0-9_@-]+$/.test(type);
}
