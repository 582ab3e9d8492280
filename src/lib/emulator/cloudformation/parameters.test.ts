import { describe, expect, it } from 'vitest';
import { describedParameters, resolveParameters } from './parameters';
import { parseTemplate } from './template';

const template = parseTemplate(JSON.stringify({
  Parameters: {
    Env: { Type: 'String', Default: 'dev', AllowedValues: ['dev', 'prod'] },
    Size: { Type: 'Number', MinValue: 1, MaxValue: 10 },
    Name: { Type: 'String', AllowedPattern: '[a-z]+', MinLength: 2, MaxLength: 5 },
    Zones: { Type: 'CommaDelimitedList', Default: 'a, b' },
    Ports: { Type: 'List<Number>', Default: '80,443' },
    Secret: { Type: 'String', NoEcho: true, Default: 'hunter2' },
    Tagged: { Type: 'String', Default: 'x', AllowedValues: ['x'], ConstraintDescription: 'must be x' },
  },
  Resources: { R: { Type: 'X' } },
}));

const given = (over: Record<string, string> = {}) => Object.entries({ Size: '3', Name: 'abc', ...over }).map(([ParameterKey, ParameterValue]) => ({ ParameterKey, ParameterValue }));
const message = (over: Record<string, string>) => {
  try {
    resolveParameters(template, given(over));
  } catch (e) {
    return (e as Error).message;
  }
  return 'no error';
};

describe('parameters', () => {
  it('applies defaults, types and lists', () => {
    const p = resolveParameters(template, given());
    expect(p.values).toEqual({ Env: 'dev', Size: '3', Name: 'abc', Zones: ['a', 'b'], Ports: ['80', '443'], Secret: 'hunter2', Tagged: 'x' });
    expect(p.list.map((x) => x.ParameterKey)).toEqual(['Env', 'Size', 'Name', 'Zones', 'Ports', 'Secret', 'Tagged']);
  });

  it('masks NoEcho parameters in DescribeStacks', () => {
    const p = resolveParameters(template, given());
    expect(describedParameters(template, p.list).find((x) => x.ParameterKey === 'Secret')!.ParameterValue).toBe('****');
    expect(describedParameters(template, p.list).find((x) => x.ParameterKey === 'Env')!.ParameterValue).toBe('dev');
  });

  it.each([
    [{ Env: 'test' }, "Parameter 'Env' must be one of AllowedValues"],
    [{ Size: 'big' }, "Parameter 'Size' must be a number"],
    [{ Size: '0' }, "Parameter 'Size' must be a number not less than 1"],
    [{ Size: '11' }, "Parameter 'Size' must be a number not greater than 10"],
    [{ Name: 'ABC' }, "Parameter 'Name' must match pattern [a-z]+"],
    [{ Name: 'a' }, "Parameter 'Name' must contain at least 2 characters"],
    [{ Name: 'abcdef' }, "Parameter 'Name' must contain at most 5 characters"],
    [{ Ports: '80,x' }, "Parameter 'Ports' must be a number"],
    [{ Tagged: 'y' }, "Parameter 'Tagged' failed to satisfy constraint: must be x"],
    [{ Extra: '1', Other: '2' }, 'Parameters: [Extra, Other] do not exist in the template'],
  ])('%j → %s', (over, msg) => {
    expect(message(over)).toBe(msg);
  });

  it('requires values for parameters without defaults', () => {
    expect(() => resolveParameters(template, [])).toThrow('Parameters: [Size, Name] must have values');
  });
});
