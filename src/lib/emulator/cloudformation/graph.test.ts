import { describe, expect, it } from 'vitest';
import { checkReferences, creationWaves, dependencyGraph, references } from './graph';
import { parseTemplate } from './template';

const t = (resources: Record<string, unknown>, extra: Record<string, unknown> = {}) => parseTemplate(JSON.stringify({ Resources: resources, ...extra }));
const message = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  return 'no error';
};

describe('dependency graph', () => {
  it('collects Ref, GetAtt, Sub (both forms) and DependsOn', () => {
    expect(references({ a: { Ref: 'A' }, b: { 'Fn::GetAtt': 'B.Arn' }, c: { 'Fn::Sub': '${C}-${D.Arn}-${AWS::Region}-${!E}' }, d: { 'Fn::Sub': ['${X}', { X: { Ref: 'F' } }] } }).map((x) => x.name)).toEqual(['A', 'B', 'C', 'D', 'F']);
    const g = dependencyGraph(t({
      A: { Type: 'X' },
      B: { Type: 'X', Properties: { P: { Ref: 'A' } } },
      C: { Type: 'X', DependsOn: ['B'], Properties: { P: { 'Fn::Sub': '${A.Arn} ${Param}' } } },
    }, { Parameters: { Param: { Type: 'String' } } }));
    expect(Object.fromEntries(g)).toEqual({ A: [], B: ['A'], C: ['B', 'A'] });
    expect(creationWaves(g)).toEqual([['A'], ['B'], ['C']]);
  });

  it('puts independent resources in the same wave', () => {
    expect(creationWaves(dependencyGraph(t({ A: { Type: 'X' }, B: { Type: 'X' }, C: { Type: 'X', DependsOn: 'A' } })))).toEqual([['A', 'B'], ['C']]);
  });

  it('reports unresolved dependencies, GetAtt on parameters and cycles as AWS words them', () => {
    expect(message(() => checkReferences(t({ A: { Type: 'X', Properties: { P: { Ref: 'Nope' }, Q: { 'Fn::GetAtt': ['Gone', 'Arn'] } } } })))).toBe(
      'Template format error: Unresolved resource dependencies [Nope, Gone] in the Resources block of the template',
    );
    expect(message(() => checkReferences(t({ A: { Type: 'X', DependsOn: 'Z' } })))).toBe('Template format error: Unresolved resource dependencies [Z] in the Resources block of the template');
    expect(message(() => checkReferences(t({ A: { Type: 'X' } }, { Outputs: { O: { Value: { Ref: 'B' } } } })))).toBe(
      'Template format error: Unresolved resource dependencies [B] in the Outputs block of the template',
    );
    expect(message(() => checkReferences(t({ A: { Type: 'X', Properties: { P: { 'Fn::GetAtt': ['P', 'Arn'] } } } }, { Parameters: { P: { Type: 'String' } } })))).toBe(
      'Template error: instance of Fn::GetAtt references undefined resource P',
    );
    expect(message(() => checkReferences(t({ A: { Type: 'X', DependsOn: 'B' }, B: { Type: 'X', Properties: { P: { Ref: 'A' } } }, C: { Type: 'X' }, D: { Type: 'X', DependsOn: 'A' } })))).toBe(
      'Template format error: Circular dependency between resources: [A, B]',
    );
    expect(message(() => checkReferences(t({ A: { Type: 'X', Condition: 'Nope' } })))).toBe(
      'Template format error: Unresolved condition dependencies [Nope] in the Resources block of the template',
    );
  });
});
