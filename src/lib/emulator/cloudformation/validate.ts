/**
 * The checks CloudFormation makes when CreateStack, UpdateStack or ValidateTemplate is called, before anything
 * runs: structure, references, Fn::GetAtt attributes, conditions, parameters, imports and capabilities.
 */
import { insufficientCapabilities, templateError, templateFormatError, validationError } from '../services/cloudformation/errors';
import type { CloudFormationState } from '../services/cloudformation/model';
import { checkReferences, references } from './graph';
import { intrinsicOf } from './intrinsics';
import { isRecognizedResourceType } from './resource-types';
import { ATTRIBUTES } from './resources';
import { exportsOf, stackContext, type StackContext } from './stack-context';
import { declaredTransforms, parseTemplate, requiredCapabilities, type Template } from './template';
import type { ParameterInput } from './parameters';
import { resolveParameters } from './parameters';

/** Parse and check a template on its own (ValidateTemplate's checks). */
export function checkTemplate(body: string | undefined): Template {
  const template = parseTemplate(body);
  // A transform (AWS::Serverless…) brings its own types; they are checked after it runs.
  if (!declaredTransforms(template).length) {
    const unknown = [...new Set(Object.values(template.Resources).map((r) => r.Type))].filter((t) => !isRecognizedResourceType(t));
    if (unknown.length) throw templateFormatError(`Unrecognized resource types: [${unknown.join(', ')}]`);
  }
  checkReferences(template);
  for (const res of Object.values(template.Resources)) {
    for (const r of references(res.Properties ?? {})) {
      if (!r.attribute) continue;
      const target = template.Resources[r.name];
      const known = target && ATTRIBUTES[target.Type];
      if (known && !known.includes(r.attribute)) {
        throw templateError(`resource ${r.name} does not support attribute type ${r.attribute} in Fn::GetAtt`);
      }
    }
  }
  return template;
}

/** Literal Fn::ImportValue names in a value (names built with Fn::Sub are checked when resolved). */
function literalImports(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n) => literalImports(n, out));
  else if (typeof node === 'object' && node !== null) {
    const fn = intrinsicOf(node);
    if (fn?.[0] === 'Fn::ImportValue' && typeof fn[1] === 'string') out.push(fn[1]);
    else Object.values(node).forEach((n) => literalImports(n, out));
  }
  return out;
}

export interface StackRequest {
  state: CloudFormationState;
  stackId: string;
  stackName: string;
  body: string;
  parameters: ParameterInput[] | undefined;
  previousParameters?: Record<string, string>;
  capabilities: string[];
  notificationArns: string[];
  accountId: string;
  region: string;
}

/** Everything CreateStack and UpdateStack check synchronously. Returns the template and the resolved parameters. */
export function checkStackRequest(req: StackRequest): { template: Template; context: StackContext } {
  const template = checkTemplate(req.body);
  const transforms = declaredTransforms(template);
  if (transforms.length) {
    if (!req.capabilities.includes('CAPABILITY_AUTO_EXPAND')) throw insufficientCapabilities(['CAPABILITY_AUTO_EXPAND']);
    // AWS difference: the sandbox runs no macros or transforms (AWS::Serverless, AWS::Include, …).
    throw validationError(`Template format error: Transform ${transforms.join(', ')} is not supported by the sandbox.`);
  }
  const ssm = Object.entries(template.Parameters ?? {}).filter(([, p]) => p.Type.startsWith('AWS::SSM::Parameter::Value<')).map(([k]) => k);
  if (ssm.length) {
    // AWS difference: the sandbox has no Systems Manager Parameter Store to read these values from.
    throw validationError(`Parameters [${ssm.join(', ')}] read Systems Manager parameters, which the sandbox does not have.`);
  }
  const parameters = resolveParameters(template, req.parameters ?? [], req.previousParameters);
  const context = stackContext(
    req.state,
    { StackId: req.stackId, StackName: req.stackName, NotificationARNs: req.notificationArns },
    template,
    parameters.list,
    req,
  );
  const exports = exportsOf(req.state, req.stackId);
  for (const id of context.active) {
    for (const name of literalImports(template.Resources[id].Properties ?? {})) {
      if (!exports.has(name)) throw validationError(`No export named ${name} found.`);
    }
  }
  const need = requiredCapabilities(template).capability;
  if (need === 'CAPABILITY_IAM' && !req.capabilities.includes('CAPABILITY_IAM') && !req.capabilities.includes('CAPABILITY_NAMED_IAM')) {
    throw insufficientCapabilities(['CAPABILITY_IAM']);
  }
  if (need === 'CAPABILITY_NAMED_IAM' && !req.capabilities.includes('CAPABILITY_NAMED_IAM')) {
    throw insufficientCapabilities(['CAPABILITY_NAMED_IAM']);
  }
  return { template, context };
}
