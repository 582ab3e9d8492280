/** awsQuery request parsing and validation messages, driven by the IAM and STS models. */
import { describe, expect, it } from 'vitest';
import { loadModel } from './model';
import { awsQuery } from './query';
import type { WireRequest } from './types';
import { validateInput, validationMessage } from './validate';

function request(body: string): WireRequest {
  return {
    method: 'POST', url: new URL('https://iam.amazonaws.com/'), rawPath: '/', rawQuery: '',
    headers: new Headers({ 'content-type': 'application/x-www-form-urlencoded' }), body: new TextEncoder().encode(body),
  };
}

describe('awsQuery parsing', () => {
  it('reads lists of structures, flattened members and scalars by the model', async () => {
    const iam = (await loadModel('iam'))!;
    const req = request('Action=CreateRole&Version=2010-05-08&RoleName=r&AssumeRolePolicyDocument=%7B%7D&MaxSessionDuration=7200'
      + '&Tags.member.2.Key=b&Tags.member.2.Value=2&Tags.member.1.Key=a&Tags.member.1.Value=1');
    const resolved = awsQuery.resolve(req, iam)!;
    expect(resolved.operation.name).toBe('CreateRole');
    expect(awsQuery.parse(req, iam, resolved)).toEqual({
      RoleName: 'r', AssumeRolePolicyDocument: '{}', MaxSessionDuration: 7200, Tags: [{ Key: 'a', Value: '1' }, { Key: 'b', Value: '2' }],
    });
    const sts = (await loadModel('sts'))!;
    const ar = request('Action=AssumeRole&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fx&RoleSessionName=s&PolicyArns.member.1.arn=arn%3Aaws%3Aiam%3A%3Aaws%3Apolicy%2FReadOnlyAccess&TransitiveTagKeys.member.1=a');
    expect(awsQuery.parse(ar, sts, awsQuery.resolve(ar, sts)!)).toMatchObject({
      PolicyArns: [{ arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }], TransitiveTagKeys: ['a'],
    });
    expect(() => awsQuery.parse(request('Action=ListRoles&MaxItems=x'), iam, { operation: iam.operations.ListRoles })).toThrow(
      expect.objectContaining({ code: 'ValidationError', status: 400 }),
    );
  });

  it('writes AWS validation messages', async () => {
    const iam = (await loadModel('iam'))!;
    const errors = validateInput(iam, 'CreateRoleRequest', { RoleName: 'a b', Tags: [{ Key: 'k' }], MaxSessionDuration: 50000 });
    expect(validationMessage(errors)).toBe(
      "4 validation errors detected: Value null at 'assumeRolePolicyDocument' failed to satisfy constraint: Member must not be null; "
        + "Value 'a b' at 'roleName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+; "
        + "Value '50000' at 'maxSessionDuration' failed to satisfy constraint: Member must have value less than or equal to 43200; "
        + "Value null at 'tags.1.member.value' failed to satisfy constraint: Member must not be null",
    );
  });
});
