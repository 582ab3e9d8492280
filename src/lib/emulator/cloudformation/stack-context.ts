/** What resolving a stack's template needs: its parameters, conditions, resources so far and the account's exports. */
import type { CloudFormationState, StackRecord, StackResourceRecord } from '../services/cloudformation/model';
import { isLive } from '../services/cloudformation/model';
import { evaluateConditions, type ResolveContext } from './intrinsics';
import { resolveParameters, type ResolvedParameters } from './parameters';
import type { Template } from './template';

export interface StackContext {
  template: Template;
  parameters: ResolvedParameters;
  conditions: Record<string, boolean>;
  /** Logical ids whose Condition holds, in template order. */
  active: string[];
  rc(resources: Record<string, StackResourceRecord>, block?: ResolveContext['block']): ResolveContext;
  /** Export names read through Fn::ImportValue. */
  imports: Set<string>;
}

const LIVE_RESOURCE = new Set(['CREATE_COMPLETE', 'UPDATE_COMPLETE', 'UPDATE_IN_PROGRESS', 'UPDATE_FAILED', 'CREATE_IN_PROGRESS', 'DELETE_FAILED']);

/** The exports of every live stack but `exceptStackId`. */
export function exportsOf(state: CloudFormationState, exceptStackId?: string): Map<string, { value: string; stack: StackRecord }> {
  const out = new Map<string, { value: string; stack: StackRecord }>();
  for (const s of state.stacks) {
    if (!isLive(s) || s.StackId === exceptStackId) continue;
    for (const o of s.Outputs) if (o.ExportName) out.set(o.ExportName, { value: o.OutputValue, stack: s });
  }
  return out;
}

export function stackContext(
  state: CloudFormationState,
  stack: Pick<StackRecord, 'StackId' | 'StackName' | 'NotificationARNs'>,
  template: Template,
  parameterList: { ParameterKey: string; ParameterValue: string }[],
  env: { accountId: string; region: string },
): StackContext {
  const parameters = resolveParameters(template, parameterList);
  const pseudo = {
    accountId: env.accountId, region: env.region, stackId: stack.StackId, stackName: stack.StackName,
    notificationArns: stack.NotificationARNs,
  };
  const exports = exportsOf(state, stack.StackId);
  const imports = new Set<string>();
  const importValue = (name: string) => {
    const e = exports.get(name);
    if (e) imports.add(name);
    return e?.value;
  };
  const base = { pseudo, parameters: parameters.values, mappings: template.Mappings ?? {}, importValue };
  const conditions = evaluateConditions(template.Conditions, base);
  const active = Object.entries(template.Resources)
    .filter(([, r]) => r.Condition === undefined || conditions[r.Condition])
    .map(([id]) => id);
  return {
    template, parameters, conditions, active, imports,
    rc: (resources, block = 'Resources') => ({
      ...base,
      conditions,
      block,
      resource: (id) => {
        const r = resources[id];
        if (!r || !r.PhysicalResourceId || !LIVE_RESOURCE.has(r.ResourceStatus)) return undefined;
        return { ref: r.PhysicalResourceId, attributes: r.attributes };
      },
    }),
  };
}
