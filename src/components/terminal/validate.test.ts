import { describe, expect, it } from 'vitest';
import { languageOf, validate } from './validate';

describe('editor validation', () => {
  it('picks the language from the file name', () => {
    expect(languageOf('builder-policy.json')).toBe('json');
    expect(languageOf('labs/builder-application-2.yml')).toBe('yaml');
    expect(languageOf('notes.txt')).toBe('text');
  });

  it('reports JSON syntax errors with a position, and accepts valid JSON', () => {
    expect(validate('p.json', '{"Statement": []}')).toEqual([]);
    const [p] = validate('p.json', '{\n  "Statement": [\n    {"Sid": "SneakyBuilder",}\n  ]\n}');
    expect(p.message).toMatch(/JSON|Expected|Unexpected/);
    expect(p.from).toBeGreaterThan(10);
  });

  it('accepts CloudFormation YAML with short tags and reports broken YAML', () => {
    expect(validate('t.yml', 'Resources:\n  R:\n    Properties:\n      Arn: !GetAtt MyLambdaFunction.Arn\n      S: !Sub "x"\n')).toEqual([]);
    expect(validate('t.yml', 'a: [1, 2\nb: 3\n').length).toBeGreaterThan(0);
  });
});
