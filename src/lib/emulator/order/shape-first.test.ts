/**
 * Generated from the service models: for every operation the sandbox implements (IAM, STS, CloudFormation,
 * Lambda, Step Functions, CloudWatch Logs, CloudTrail), a request that breaks one constraint of one top-level
 * member (required, length, pattern, enum, range, IAM/STS ARN syntax) is answered with the protocol's
 * ValidationError/ValidationException naming that member, sent by a caller with no permission at all: shape
 * comes before authorization. S3 is left out: its REST-XML API does not validate the model's constraints so.
 */
import { describe, expect, it } from 'vitest';
import { isArn } from '../protocol/arn-syntax';
import { loadModel, type ServiceModel } from '../protocol/model';
import { baseInput, lowerFirst, regex, sandboxWithNobody, send, SERVICES, wire } from './testing';

interface Case {
  operation: string;
  member: string;
  constraint: string;
  input: Record<string, unknown>;
  /** What the message must contain. */
  expect: string;
}

function casesFor(model: ServiceModel, service: string, operation: string): Case[] {
  const op = model.operations[operation];
  if (!op.input) return [];
  const input = model.shapes[op.input.shape];
  const arnShape = service === 'iam' || service === 'sts' ? 'arnType' : undefined;
  const filled = baseInput(model, input, arnShape);
  // Without values for every required member, a REST request has no path to route by: leave the operation out.
  if (!filled && model.metadata.protocol === 'rest-json') return [];
  const base = filled ?? {};
  const cases: Case[] = [];
  const add = (member: string, constraint: string, value: unknown, expect: string) => {
    const withValue = { ...base, [member]: value };
    if (value === undefined) delete withValue[member];
    cases.push({ operation, member, constraint, input: withValue, expect });
  };
  for (const [member, ref] of Object.entries(input.members ?? {})) {
    const shape = model.shapes[ref.shape];
    const at = `at '${lowerFirst(member)}'`;
    if (input.required?.includes(member) && ref.location !== 'uri') add(member, 'required', undefined, `${at} failed to satisfy constraint: Member must not be null`);
    if (shape.type === 'string' && !shape.enum) {
      const urlLabel = ref.location === 'uri';
      if (shape.min !== undefined && shape.min > (urlLabel ? 1 : 0)) {
        add(member, 'min length', 'a'.repeat(shape.min - 1), `${at} failed to satisfy constraint: Member must have length greater than or equal to ${shape.min}`);
      }
      if (shape.max !== undefined && shape.max < 20_000) {
        add(member, 'max length', 'a'.repeat(shape.max + 1), `${at} failed to satisfy constraint: Member must have length less than or equal to ${shape.max}`);
      }
      const re = shape.pattern ? regex(shape.pattern) : undefined;
      if (re) {
        const len = Math.max(shape.min ?? 1, 1);
        // Header values lose surrounding blanks on the wire, so those get printable characters only.
        const candidates = ref.location ? ['!', '#', '%', '{', '^', '~'] : [' ', '!', '#', '\u0001', '%', '{', '^'];
        const bad = candidates.map((c) => c.repeat(len)).find((v) => !re.test(v) && v.length <= (shape.max ?? Infinity));
        if (bad) add(member, 'pattern', bad, `${at} failed to satisfy constraint: Member must satisfy regular expression pattern: ${shape.pattern}`);
      }
      if (ref.shape === arnShape && !ref.location && filled) {
        const notArn = 'this-value-is-not-an-arn';
        if (!isArn(notArn)) add(member, 'ARN syntax', notArn, service === 'iam' ? 'Invalid ARN:  Could not be parsed!' : `${notArn} is invalid`);
      }
    }
    if (shape.type === 'string' && shape.enum && ref.location !== 'uri') {
      add(member, 'enum', 'NOT_A_VALUE_OF_THE_ENUM', `${at} failed to satisfy constraint: Member must satisfy enum value set: [${shape.enum.join(', ')}]`);
    }
    if ((shape.type === 'integer' || shape.type === 'long') && ref.location !== 'uri') {
      if (shape.min !== undefined) add(member, 'min value', shape.min - 1, `${at} failed to satisfy constraint: Member must have value greater than or equal to ${shape.min}`);
      if (shape.max !== undefined && shape.max < Number.MAX_SAFE_INTEGER) {
        add(member, 'max value', shape.max + 1, `${at} failed to satisfy constraint: Member must have value less than or equal to ${shape.max}`);
      }
    }
  }
  return cases;
}

describe('every implemented operation checks its shape before it authorizes', async () => {
  const { em, nobody, providers } = await sandboxWithNobody();

  for (const service of SERVICES) {
    const model = (await loadModel(service))!;
    const implemented = Object.keys(providers.get(service)!.operations).filter((o) => model.operations[o]);
    const cases = implemented.flatMap((o) => casesFor(model, service, o));
    const validationCode = model.metadata.protocol === 'query' ? 'ValidationError' : 'ValidationException';
    it(`${service}: ${cases.length} broken inputs over ${implemented.length} operations`, async () => {
      expect(cases.length).toBeGreaterThan(implemented.length / 2);
      if (service === 'iam') expect(cases.find((c) => c.operation === 'AttachRolePolicy' && c.constraint === 'ARN syntax')).toBeDefined();
      if (service === 'sts') expect(cases.find((c) => c.operation === 'AssumeRole' && c.constraint === 'ARN syntax')).toBeDefined();
      const wrong: string[] = [];
      for (const c of cases) {
        const r = await send(em, nobody, service, wire(model, service, c.operation, c.input));
        if (r.status !== 400 || r.code !== validationCode || !r.message.includes(c.expect)) {
          wrong.push(`${c.operation} ${c.member} (${c.constraint}): ${r.status} ${r.code} ${r.message}`);
        }
      }
      expect(wrong).toEqual([]);
    });
  }
});
