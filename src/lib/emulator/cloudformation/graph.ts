/**
 * The dependency graph: a resource depends on the resources it names through Ref, Fn::GetAtt, Fn::Sub and
 * DependsOn. Resources are created in topological order (a wave at a time: everything whose dependencies are done)
 * and deleted in reverse.
 */
import { templateError, templateFormatError } from '../services/cloudformation/errors';
import { getAttTarget, intrinsicOf, subVariables } from './intrinsics';
import { PSEUDO_PARAMETERS } from './pseudo';
import type { Template } from './template';

export interface Reference {
  name: string;
  kind: 'Ref' | 'GetAtt' | 'Sub';
  attribute?: string;
}

/** Every name a value refers to (pseudo parameters excluded). */
export function references(node: unknown, out: Reference[] = []): Reference[] {
  if (Array.isArray(node)) {
    for (const n of node) references(n, out);
    return out;
  }
  if (typeof node !== 'object' || node === null) return out;
  const fn = intrinsicOf(node);
  if (fn?.[0] === 'Ref' && typeof fn[1] === 'string') {
    if (!PSEUDO_PARAMETERS.has(fn[1])) out.push({ name: fn[1], kind: 'Ref' });
    return out;
  }
  if (fn?.[0] === 'Fn::GetAtt') {
    try {
      const [name, attribute] = getAttTarget(fn[1]);
      out.push({ name, kind: 'GetAtt', attribute });
    } catch {
      // a malformed or dynamic GetAtt: the resolver reports it
      if (Array.isArray(fn[1]) && typeof fn[1][0] === 'string') out.push({ name: fn[1][0], kind: 'GetAtt' });
    }
    return out;
  }
  if (fn?.[0] === 'Fn::Sub') {
    const [template, variables] = Array.isArray(fn[1]) ? [fn[1][0], fn[1][1]] : [fn[1], undefined];
    const local = typeof variables === 'object' && variables !== null ? variables as Record<string, unknown> : {};
    if (typeof template === 'string') {
      for (const v of subVariables(template)) {
        if (v in local || PSEUDO_PARAMETERS.has(v)) continue;
        const dot = v.indexOf('.');
        if (dot > 0) out.push({ name: v.slice(0, dot), kind: 'Sub', attribute: v.slice(dot + 1) });
        else out.push({ name: v, kind: 'Sub' });
      }
    }
    references(local, out);
    return out;
  }
  for (const v of Object.values(node)) references(v, out);
  return out;
}

const dependsOnList = (d: string | string[] | undefined) => (d === undefined ? [] : Array.isArray(d) ? d : [d]);

/** Logical id → the resources it depends on (template order kept). */
export function dependencyGraph(template: Template): Map<string, string[]> {
  const resources = template.Resources;
  const graph = new Map<string, string[]>();
  for (const [id, res] of Object.entries(resources)) {
    const deps = new Set<string>(dependsOnList(res.DependsOn));
    for (const r of references(res.Properties ?? {})) if (r.name in resources) deps.add(r.name);
    graph.set(id, [...deps]);
  }
  return graph;
}

/**
 * The checks CloudFormation makes on references before it accepts a template: every name resolves, GetAtt names a
 * resource, no cycles.
 */
export function checkReferences(template: Template): void {
  const resources = template.Resources;
  const parameters = template.Parameters ?? {};
  const known = (n: string) => n in resources || n in parameters || PSEUDO_PARAMETERS.has(n);
  const missing = new Set<string>();
  for (const res of Object.values(resources)) {
    for (const d of dependsOnList(res.DependsOn)) if (!(d in resources)) missing.add(d);
    for (const r of references(res.Properties ?? {})) {
      if ((r.kind === 'GetAtt' || (r.kind === 'Sub' && r.attribute)) && r.name in parameters) {
        throw templateError(`instance of Fn::GetAtt references undefined resource ${r.name}`);
      }
      if (!known(r.name)) missing.add(r.name);
    }
  }
  if (missing.size) {
    throw templateFormatError(`Unresolved resource dependencies [${[...missing].join(', ')}] in the Resources block of the template`);
  }
  for (const out of Object.values(template.Outputs ?? {})) {
    for (const r of references(out)) if (!known(r.name)) missing.add(r.name);
  }
  if (missing.size) {
    throw templateFormatError(`Unresolved resource dependencies [${[...missing].join(', ')}] in the Outputs block of the template`);
  }
  const conditions = template.Conditions ?? {};
  for (const res of Object.values(resources)) {
    if (res.Condition !== undefined && !(res.Condition in conditions)) {
      throw templateFormatError(`Unresolved condition dependencies [${res.Condition}] in the Resources block of the template`);
    }
  }
  creationWaves(dependencyGraph(template));
}

/** Topological waves: each wave's resources depend only on earlier waves. Throws on a cycle. */
export function creationWaves(graph: Map<string, string[]>): string[][] {
  const done = new Set<string>();
  const waves: string[][] = [];
  while (done.size < graph.size) {
    const wave = [...graph.keys()].filter((id) => !done.has(id) && graph.get(id)!.every((d) => done.has(d) || !graph.has(d)));
    if (!wave.length) {
      // Name the cycle only: drop what merely depends on it (nothing left depends on those).
      let cycle = [...graph.keys()].filter((id) => !done.has(id));
      for (let pruned = true; pruned;) {
        const kept = cycle.filter((id) => cycle.some((other) => graph.get(other)!.includes(id)));
        pruned = kept.length < cycle.length;
        cycle = kept;
      }
      throw templateFormatError(`Circular dependency between resources: [${cycle.join(', ')}]`);
    }
    wave.forEach((id) => done.add(id));
    waves.push(wave);
  }
  return waves;
}
