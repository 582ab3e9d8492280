/** Test helpers for the lab's templates: read builder-iam.json and look into its policies. Test-only (reads files). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseTemplate, type Template } from './templates';

export const account = '123456789012';
export const region = 'us-east-1';
export const boundaryArn = `arn:aws:iam::${account}:policy/permissions_boundaries/application-boundary`;

export interface Statement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action: string | string[];
  Resource?: string | string[];
  Principal?: unknown;
  Condition?: Record<string, Record<string, string | string[]>>;
}

export interface PolicyDocument {
  Version: string;
  Statement: Statement[];
}

export interface RoleProperties {
  RoleName?: string;
  Path?: string;
  PermissionsBoundary?: unknown;
  AssumeRolePolicyDocument: PolicyDocument;
  Policies: { PolicyName: string; PolicyDocument: PolicyDocument }[];
  ManagedPolicyArns?: unknown[];
}

const pseudo: Record<string, string> = {
  'AWS::Partition': 'aws',
  'AWS::AccountId': account,
  'AWS::Region': region,
  'AWS::StackName': 'builder-application',
};

/** Resolves `Fn::Sub` strings that use only pseudo parameters, as CloudFormation would in account 123456789012. */
export function resolve<T>(value: T): T {
  if (Array.isArray(value)) return value.map(resolve) as T;
  if (value === null || typeof value !== 'object') return value;
  const sub = (value as Record<string, unknown>)['Fn::Sub'];
  if (typeof sub === 'string') {
    return sub.replace(/\$\{([^}]+)\}/g, (_, name: string) => {
      if (!(name in pseudo)) throw new Error(`cannot resolve \${${name}} in a test`);
      return pseudo[name];
    }) as T;
  }
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v)])) as T;
}

export const listOf = (value: string | string[] | undefined): string[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

export const actionsOf = (policy: PolicyDocument) => policy.Statement.flatMap((s) => listOf(s.Action));

/** IAM's case-insensitive action match, with `*` and `?` wildcards. */
export function actionMatches(pattern: string, action: string) {
  const re = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${re}$`, 'i').test(action);
}

export const statementsAllowing = (policy: PolicyDocument, action: string) =>
  policy.Statement.filter((s) => s.Effect === 'Allow' && listOf(s.Action).some((p) => actionMatches(p, action)));

export function rolesOf(template: Template): Record<string, RoleProperties> {
  return Object.fromEntries(
    Object.entries(template.Resources)
      .filter(([, r]) => r.Type === 'AWS::IAM::Role')
      .map(([id, r]) => [id, r.Properties as unknown as RoleProperties]),
  );
}

export function builderIam() {
  const template = parseTemplate(readFileSync(join(import.meta.dirname, 'builder-iam.json'), 'utf8'));
  const doc = (id: string) => resolve(template.Resources[id].Properties!.PolicyDocument as PolicyDocument);
  return {
    template,
    builder: doc('BuilderPolicy'),
    boundary: doc('ApplicationBoundaryPolicy'),
    role: template.Resources.BuilderRole.Properties as unknown as RoleProperties,
  };
}
