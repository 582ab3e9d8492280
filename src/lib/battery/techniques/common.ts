/**
 * What every technique shares: the technique's shape, whether the model grants a service at all (not applicable
 * otherwise), the application role the builder made earlier, and the proofs that run code as a gained role.
 */
import { zipInlineCode } from '../../emulator/cloudformation/resources/zip';
import { matchesAction } from '../../iam';
import type { Attack } from '../attack';
import { boundaryArn, statementsOf, type BuilderModel } from '../model';
import type { FixKind } from '../fixes';
import type { TechniqueInfo } from '../types';

export interface Technique extends TechniqueInfo {
  /** Why the technique cannot apply to this model (the model never grants its first call), or undefined. */
  notApplicable?(m: BuilderModel): string | undefined;
  run(a: Attack): Promise<void>;
  /** The statement that stops it, added to the builder policy or the boundary. */
  fix: FixKind;
}

export const src = {
  rhino: (n: string) => ({ name: `Rhino Security Labs #${n}`, ref: 'https://github.com/RhinoSecurityLabs/AWS-IAM-Privilege-Escalation' }),
  pacu: { name: 'Pacu iam__privesc_scan', ref: 'https://github.com/RhinoSecurityLabs/pacu/blob/master/pacu/modules/iam__privesc_scan/main.py' },
  bishop: (p: string) => ({ name: `BishopFox iam-vulnerable ${p}`, ref: 'https://github.com/BishopFox/iam-vulnerable' }),
  pmapper: (f: string) => ({ name: `PMapper ${f}`, ref: 'https://github.com/nccgroup/PMapper' }),
  pathfinding: (id: string) => ({ name: `pathfinding.cloud ${id}`, ref: 'https://github.com/DataDog/pathfinding.cloud' }),
  hacktricks: (svc: string) => ({ name: `HackTricks Cloud ${svc} privesc`, ref: 'https://cloud.hacktricks.wiki/en/pentesting-cloud/aws-security/aws-privilege-escalation/' }),
  awsDocs: (what: string) => ({ name: `AWS IAM User Guide: ${what}`, ref: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html' }),
  workshop: { name: 'AWS identity round-robin workshop: permission boundaries', ref: 'https://github.com/aws-samples/aws-identity-round-robin-workshop' },
  sample: { name: 'aws-samples/example-permissions-boundary', ref: 'https://github.com/aws-samples/example-permissions-boundary' },
};

/** Whether any Allow of the builder's policies names one of these actions (resources and conditions aside). */
export function grantsAny(m: BuilderModel, actions: string[]): boolean {
  // AWS managed policies whose documents were not read (a model given as files) may grant anything.
  if (m.awsManagedPolicyArns.length > (m.awsManagedPolicies?.length ?? 0)) return true;
  for (const document of [...m.policies.map((p) => p.document), ...(m.awsManagedPolicies ?? []).map((p) => p.document)]) {
    for (const s of statementsOf(document)) {
      if (s.Effect !== 'Allow') continue;
      if (s.NotAction !== undefined) {
        const not = ([] as string[]).concat(s.NotAction);
        if (actions.some((a) => !not.some((n) => matchesAction(n, a)))) return true;
        continue;
      }
      const pats = ([] as string[]).concat(s.Action ?? []);
      if (actions.some((a) => pats.some((pat) => matchesAction(pat, a)))) return true;
    }
  }
  return false;
}

export const unlessGranted = (...actions: string[]) => (m: BuilderModel) =>
  grantsAny(m, actions) ? undefined : `The builder model grants none of ${actions.join(', ')}: the technique cannot start.`;

export const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';
export const ALLOW_ALL = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
export const trustDoc = (principal: Record<string, string>) =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole' }] });

export const roleArn = (a: Attack, pathAndName: string) => `arn:aws:iam::${a.account}:role${pathAndName.startsWith('/') ? '' : '/'}${pathAndName}`;
export const appRoleName = 'orders-function';
/** The application role the builder made earlier, the way the model allows (seeded by the administrator). */
export const appRoleArn = (a: Attack) => roleArn(a, `${a.model.rolePath}${appRoleName}`);
export const withBoundary = (m: BuilderModel) => (boundaryArn(m) ? { PermissionsBoundary: boundaryArn(m)! } : {});

/** Function code that makes the canary call as whatever role the function runs as. */
export function canaryCode(call: 'CreateUser' | 'CreateRole', name: string): Uint8Array {
  const input = call === 'CreateUser' ? `{ UserName: '${name}' }` : `{ RoleName: '${name}', AssumeRolePolicyDocument: ${JSON.stringify(trustDoc({ Service: 'lambda.amazonaws.com' }))} }`;
  return zipInlineCode(
    `const iam = require('@aws-sdk/client-iam');\nexports.handler = async () => { await new iam.IAMClient({}).send(new iam.${call}Command(${input})); return 'done'; };`,
    'nodejs22.x',
  );
}

/** Invoke a function whose code makes the canary call; the function's own call is the proof. */
export async function invokeForCanary(a: Attack, fn: string, call: 'iam:CreateUser' | 'iam:CreateRole', meaning: string) {
  const r = await a.builder('lambda', 'Invoke', { FunctionName: fn }, `function ${fn}`);
  if (r.ok) a.markInner(r, call, meaning);
  return r;
}

/** Make a function that runs as `role` with canary code, then invoke it. */
export async function runAsRole(a: Attack, role: string, fn: string, meaning: string) {
  const created = await a.builder('lambda', 'CreateFunction', { FunctionName: fn, Runtime: 'nodejs22.x', Handler: 'index.handler', Role: role, Code: { ZipFile: canaryCode('CreateUser', a.names.canaryUser) } }, `function ${fn} as ${role}`);
  if (!created.ok) return;
  await invokeForCanary(a, fn, 'iam:CreateUser', meaning);
}
