import { describe, expect, it } from 'vitest';
import { evaluateConditions, NO_VALUE, resolveValue, type ResolveContext } from './intrinsics';

const rc = (over: Partial<ResolveContext> = {}): ResolveContext => ({
  pseudo: { accountId: '123456789012', region: 'eu-west-1', stackId: 'arn:aws:cloudformation:eu-west-1:123456789012:stack/s/uuid', stackName: 's', notificationArns: ['arn:n'] },
  parameters: { Env: 'prod', Subnets: ['a', 'b'], Size: '3' },
  mappings: { Map: { 'eu-west-1': { Ami: 'ami-1', List: ['x', 'y'] } } },
  conditions: { IsProd: true, IsDev: false },
  resource: (id) => (id === 'Fn' ? { ref: 'fn-name', attributes: { Arn: 'arn:aws:lambda:eu-west-1:123456789012:function:fn-name' } } : undefined),
  importValue: (n) => (n === 'shared' ? 'vpc-1' : undefined),
  ...over,
});

const r = (v: unknown, over?: Partial<ResolveContext>) => resolveValue(v, rc(over));
const err = (v: unknown, over?: Partial<ResolveContext>) => {
  try {
    r(v, over);
  } catch (e) {
    return (e as Error).message;
  }
  return 'no error';
};

describe('intrinsic functions', () => {
  it('Ref: parameters (lists for list types), resources, pseudo parameters', () => {
    expect(r({ Ref: 'Env' })).toBe('prod');
    expect(r({ Ref: 'Subnets' })).toEqual(['a', 'b']);
    expect(r({ Ref: 'Fn' })).toBe('fn-name');
    expect(r(['AWS::AccountId', 'AWS::Region', 'AWS::StackId', 'AWS::StackName', 'AWS::Partition', 'AWS::URLSuffix'].map((p) => ({ Ref: p })))).toEqual([
      '123456789012', 'eu-west-1', 'arn:aws:cloudformation:eu-west-1:123456789012:stack/s/uuid', 's', 'aws', 'amazonaws.com',
    ]);
    expect(r({ Ref: 'AWS::NotificationARNs' })).toEqual(['arn:n']);
    expect(r({ Ref: 'AWS::Partition' }, { pseudo: { ...rc().pseudo, region: 'cn-north-1' } })).toBe('aws-cn');
    expect(err({ Ref: 'Nope' })).toBe('Template format error: Unresolved resource dependencies [Nope] in the Resources block of the template');
  });

  it('AWS::NoValue removes the property or list item', () => {
    expect(r({ A: { Ref: 'AWS::NoValue' }, B: 1 })).toEqual({ B: 1 });
    expect(r(['a', { Ref: 'AWS::NoValue' }])).toEqual(['a']);
    expect(r({ Ref: 'AWS::NoValue' })).toBe(NO_VALUE);
  });

  it('Fn::GetAtt in both forms, with its errors', () => {
    expect(r({ 'Fn::GetAtt': ['Fn', 'Arn'] })).toBe('arn:aws:lambda:eu-west-1:123456789012:function:fn-name');
    expect(r({ 'Fn::GetAtt': 'Fn.Arn' })).toBe('arn:aws:lambda:eu-west-1:123456789012:function:fn-name');
    expect(r({ 'Fn::GetAtt': ['Fn', { Ref: 'AttrName' }] }, { parameters: { AttrName: 'Arn' } })).toMatch(/^arn:aws:lambda/);
    expect(err({ 'Fn::GetAtt': ['Fn', 'Nope'] })).toBe('Template error: resource Fn does not support attribute type Nope in Fn::GetAtt');
    expect(err({ 'Fn::GetAtt': ['Env', 'Arn'] })).toBe('Template error: instance of Fn::GetAtt references undefined resource Env');
  });

  it('Fn::Sub: string form, list form with variables, GetAtt and escapes', () => {
    expect(r({ 'Fn::Sub': 'arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:*' })).toBe('arn:aws:logs:eu-west-1:123456789012:log-group:*');
    expect(r({ 'Fn::Sub': '${Fn.Arn}|${Env}|${!Literal}' })).toBe('arn:aws:lambda:eu-west-1:123456789012:function:fn-name|prod|${Literal}');
    expect(r({ 'Fn::Sub': ['${A}-${Env}', { A: { Ref: 'Fn' } }] })).toBe('fn-name-prod');
    expect(err({ 'Fn::Sub': '${a-b}' })).toBe('Template error: variable names in Fn::Sub syntax must contain only alphanumeric characters, underscores, periods, and colons');
    expect(err({ 'Fn::Sub': ['x'] })).toMatch(/^Template error: One or more Fn::Sub intrinsic functions don't specify expected arguments/);
    expect(err({ 'Fn::Sub': '${Nope}' })).toBe('Template format error: Unresolved resource dependencies [Nope] in the Resources block of the template');
  });

  it('Fn::Join, Fn::Select, Fn::Split', () => {
    expect(r({ 'Fn::Join': [':', ['a', { Ref: 'Env' }, 3]] })).toBe('a:prod:3');
    expect(r({ 'Fn::Join': [',', { Ref: 'Subnets' }] })).toBe('a,b');
    expect(err({ 'Fn::Join': ['-'] })).toMatch(/^Template error: every Fn::Join object requires two parameters/);
    expect(r({ 'Fn::Select': ['1', { Ref: 'Subnets' }] })).toBe('b');
    expect(err({ 'Fn::Select': [5, ['a']] })).toBe('Template error: Fn::Select cannot select nonexistent value at index 5');
    expect(r({ 'Fn::Split': ['|', 'a|b|c'] })).toEqual(['a', 'b', 'c']);
    expect(r({ 'Fn::Select': [2, { 'Fn::Split': [':', { 'Fn::GetAtt': ['Fn', 'Arn'] }] }] })).toBe('lambda');
    expect(err({ 'Fn::Split': ['|'] })).toMatch(/^Template error: every Fn::Split object requires two parameters/);
  });

  it('Fn::If evaluates only the branch taken', () => {
    expect(r({ 'Fn::If': ['IsProd', 'big', { Ref: 'Nope' }] })).toBe('big');
    expect(r({ X: { 'Fn::If': ['IsDev', 'small', { Ref: 'AWS::NoValue' }] } })).toEqual({});
    expect(err({ 'Fn::If': ['Unknown', 1, 2] })).toBe('Template format error: Unresolved condition dependencies [Unknown] in the Resources block of the template');
  });

  it('Fn::FindInMap, Fn::Base64, Fn::GetAZs, Fn::ImportValue', () => {
    expect(r({ 'Fn::FindInMap': ['Map', { Ref: 'AWS::Region' }, 'Ami'] })).toBe('ami-1');
    expect(r({ 'Fn::FindInMap': ['Map', 'eu-west-1', 'List'] })).toEqual(['x', 'y']);
    expect(err({ 'Fn::FindInMap': ['Map', 'us-east-1', 'Ami'] })).toBe('Template error: Unable to get mapping for Map::us-east-1::Ami');
    expect(r({ 'Fn::Base64': { 'Fn::Sub': 'echo ${Env} é' } })).toBe(btoa(String.fromCharCode(...new TextEncoder().encode('echo prod é'))));
    expect(r({ 'Fn::GetAZs': '' })).toEqual(['eu-west-1a', 'eu-west-1b', 'eu-west-1c']);
    expect(r({ 'Fn::GetAZs': { Ref: 'AWS::Region' } })).toEqual(['eu-west-1a', 'eu-west-1b', 'eu-west-1c']);
    expect(r({ 'Fn::Select': [0, { 'Fn::GetAZs': 'us-east-1' }] })).toBe('us-east-1a');
    expect(r({ 'Fn::ImportValue': 'shared' })).toBe('vpc-1');
    expect(err({ 'Fn::ImportValue': 'missing' })).toBe('No export named missing found.');
  });
});

describe('Fn::Cidr', () => {
  it('splits an IPv4 block', () => {
    expect(r({ 'Fn::Cidr': ['10.0.0.0/16', 3, 8] })).toEqual(['10.0.0.0/24', '10.0.1.0/24', '10.0.2.0/24']);
    expect(r({ 'Fn::Select': [1, { 'Fn::Cidr': ['192.168.0.0/24', '4', '6'] }] })).toBe('192.168.0.64/26');
    expect(err({ 'Fn::Cidr': ['10.0.0.0/24', 5, 6] })).toBe('Template error: Fn::Cidr cannot fit 5 subnets of 6 bits into 10.0.0.0/24');
  });
});

describe('conditions', () => {
  const base = { pseudo: rc().pseudo, parameters: { Env: 'prod', Count: '2' }, mappings: {}, importValue: () => undefined };

  it('evaluates Fn::Equals, Fn::And, Fn::Or, Fn::Not and Condition references, in any order', () => {
    expect(evaluateConditions({
      Both: { 'Fn::And': [{ Condition: 'IsProd' }, { 'Fn::Not': [{ Condition: 'IsDev' }] }] },
      IsProd: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] },
      IsDev: { 'Fn::Equals': ['dev', { Ref: 'Env' }] },
      Either: { 'Fn::Or': [{ Condition: 'IsDev' }, { 'Fn::Equals': [{ Ref: 'Count' }, 2] }] },
      InRegion: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'eu-west-1'] },
    }, base)).toEqual({ Both: true, IsProd: true, IsDev: false, Either: true, InRegion: true });
  });

  it('rejects resources in conditions, unknown conditions and cycles', () => {
    const e = (c: Record<string, unknown>) => {
      try {
        evaluateConditions(c, base);
      } catch (x) {
        return (x as Error).message;
      }
      return 'no error';
    };
    expect(e({ A: { 'Fn::Equals': [{ Ref: 'Bucket' }, 'x'] } })).toBe('Template format error: Unresolved dependencies [Bucket]. Cannot reference resources in the Conditions block of the template');
    expect(e({ A: { 'Fn::Not': [{ Condition: 'B' }] } })).toBe('Template format error: Unresolved condition dependencies [B] in the Conditions block of the template');
    expect(e({ A: { 'Fn::Not': [{ Condition: 'B' }] }, B: { 'Fn::Not': [{ Condition: 'A' }] } })).toMatch(/^Template format error: Circular dependency between conditions/);
    expect(e({ A: { 'Fn::And': [{ Condition: 'A' }] } })).toMatch(/^Template error: Fn::And requires a list argument with between 2 and 10/);
  });
});
