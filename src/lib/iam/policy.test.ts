import { describe, expect, it } from 'vitest';
import { compilePolicy, parsePolicy, PolicySyntaxError } from './index';

// The policy grammar (reference_policies_grammar.html): single values and lists are equivalent.
describe('parsePolicy', () => {
  it('normalises single values to lists and keeps Sid, Effect, Principal and Condition', () => {
    const p = parsePolicy({
      Version: '2012-10-17',
      Id: 'example',
      Statement: {
        Sid: 'TrustLambda',
        Effect: 'Allow',
        Principal: { Service: 'lambda.amazonaws.com', AWS: ['arn:aws:iam::111122223333:root', '*'] },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'aws:SourceAccount': '111122223333' }, Bool: { 'aws:SecureTransport': true } },
      },
    });
    expect(p.version).toBe('2012-10-17');
    expect(p.id).toBe('example');
    expect(p.statements).toEqual([
      {
        index: 0,
        sid: 'TrustLambda',
        effect: 'Allow',
        action: ['sts:AssumeRole'],
        notAction: undefined,
        resource: undefined,
        notResource: undefined,
        principal: { wildcard: true, aws: ['arn:aws:iam::111122223333:root'], service: ['lambda.amazonaws.com'], federated: [], canonicalUser: [] },
        notPrincipal: undefined,
        condition: [
          { operator: 'StringEquals', key: 'aws:SourceAccount', values: ['111122223333'] },
          { operator: 'Bool', key: 'aws:SecureTransport', values: ['true'] },
        ],
      },
    ]);
  });

  it('treats "Principal": "*" as everyone and reads NotAction / NotResource', () => {
    const p = parsePolicy('{"Statement":[{"Effect":"Deny","Principal":"*","NotAction":["s3:Get*"],"NotResource":"arn:aws:s3:::b/*"}]}');
    expect(p.statements[0]).toMatchObject({ effect: 'Deny', notAction: ['s3:Get*'], notResource: ['arn:aws:s3:::b/*'], principal: { wildcard: true } });
  });

  it('throws PolicySyntaxError on text that is not a JSON object', () => {
    expect(() => parsePolicy('{')).toThrow(PolicySyntaxError);
    expect(() => parsePolicy('[]')).toThrow(PolicySyntaxError);
  });
});

describe('compilePolicy', () => {
  it('compiles a document once: by text, and by object identity', () => {
    const text = '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}';
    expect(compilePolicy(text)).toBe(compilePolicy(text.slice(0)));
    const obj = JSON.parse(text);
    expect(compilePolicy(obj)).toBe(compilePolicy(obj));
    expect(compilePolicy(obj)).not.toBe(compilePolicy(JSON.parse(text)));
  });
});
