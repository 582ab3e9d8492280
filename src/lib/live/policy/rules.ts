/**
 * The rules the live server applies to each call before it signs anything: the workshop's allowlist (derive.ts),
 * then the denylist of calls that mint or reveal credentials or add a way into the account, then the resources:
 * only the workshop's stacks, roles, paths, policies, buckets, functions, state machines and log groups, in the
 * confirmed account. Each rule returns the sentence the learner reads, or undefined when the call may go.
 */
import { parseTemplate } from '../../../../labs/templates';
import type { AwsCall } from './wire';
import { policyPathName, type Signer, type WorkshopPolicy } from './derive';

/**
 * Never signed, even if a lesson asks: each mints or reveals credentials, or opens a new way into the account.
 * Checked after the allowlist so that a lesson needing one fails its allowlist test instead of passing silently.
 */
export const NEVER_SIGNED = new Set([
  'sts:GetSessionToken', 'sts:GetFederationToken', 'sts:AssumeRoleWithSAML', 'sts:AssumeRoleWithWebIdentity', 'sts:AssumeRoot',
  'iam:CreateAccessKey', 'iam:UpdateAccessKey', 'iam:CreateLoginProfile', 'iam:UpdateLoginProfile', 'iam:ChangePassword',
  'iam:CreateUser', 'iam:AddUserToGroup', 'iam:PutUserPolicy', 'iam:AttachUserPolicy', 'iam:PutGroupPolicy', 'iam:AttachGroupPolicy',
  'iam:CreateServiceSpecificCredential', 'iam:ResetServiceSpecificCredential', 'iam:UpdateServiceSpecificCredential',
  'iam:UploadSSHPublicKey', 'iam:UpdateSSHPublicKey', 'iam:UploadSigningCertificate', 'iam:UpdateSigningCertificate',
  'iam:UploadServerCertificate', 'iam:CreateVirtualMFADevice', 'iam:EnableMFADevice', 'iam:DeactivateMFADevice', 'iam:ResyncMFADevice',
  'iam:UpdateAssumeRolePolicy', 'iam:CreateOpenIDConnectProvider', 'iam:AddClientIDToOpenIDConnectProvider',
  'iam:UpdateOpenIDConnectProviderThumbprint', 'iam:CreateSAMLProvider', 'iam:UpdateSAMLProvider', 'iam:UpdateAccountPasswordPolicy',
  'iam:DeleteAccountPasswordPolicy', 'iam:CreateInstanceProfile', 'iam:AddRoleToInstanceProfile',
  'lambda:CreateFunctionUrlConfig', 'lambda:UpdateFunctionUrlConfig', 'lambda:AddLayerVersionPermission',
  'cloudformation:CreateStackSet', 'cloudformation:UpdateStackSet', 'cloudformation:CreateStackInstances', 'cloudformation:ActivateType',
  'cloudformation:RegisterType', 'cloudformation:SetTypeConfiguration',
]);

export interface JudgeContext {
  policy: WorkshopPolicy;
  /** The confirmed account: every ARN a call names must be in it. */
  account: string;
  signer: Signer;
}

const key = (c: AwsCall) => `${c.service}:${c.operation}`;

export function judge(call: AwsCall, ctx: JudgeContext): string | undefined {
  const k = key(call);
  const signers = ctx.policy.operations.get(k);
  if (!signers) return `${k} is not one of the workshop's operations; the live server signs only those.`;
  if (NEVER_SIGNED.has(k)) return `${k} mints credentials or opens a way into the account; the live server never signs it.`;
  if (!signers.has(ctx.signer)) {
    return `${k} is an operation the workshop runs only as ${ctx.signer === 'base' ? 'the builder role' : 'your own identity'}; the live server does not sign it as ${ctx.signer === 'base' ? 'your own identity' : 'a role session'}.`;
  }
  const scope = SCOPES[call.service];
  return scope?.(call, ctx);
}

type Scope = (call: AwsCall, ctx: JudgeContext) => string | undefined;
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const starts = (value: string, prefixes: Iterable<string>) => [...prefixes].some((p) => value.startsWith(p));
const isRead = (op: string) => /^(Get|List|Describe|Lookup|Head|Filter|Simulate|Generate|Estimate|Validate)/.test(op);

/** `arn:aws:iam::123456789012:role/path/name` → its account and name, when it is a role ARN. */
function roleArn(arn: string): { account: string; name: string } | undefined {
  const m = /^arn:aws[a-z-]*:iam::(\d{12}):role\/(?:[\x21-\x7e]*\/)?([\w+=,.@-]+)$/.exec(arn);
  return m ? { account: m[1], name: m[2] } : undefined;
}

function workshopRole(arn: string | undefined, ctx: JudgeContext, what: string): string | undefined {
  if (arn === undefined) return undefined;
  const role = roleArn(arn);
  if (!role) return `${what} ${arn} is not a role ARN.`;
  if (role.account !== ctx.account) return `${what} ${arn} is in account ${role.account}, not the confirmed account ${ctx.account}.`;
  if (!ctx.policy.roles.has(role.name)) return `${what} ${arn} is not one of the workshop's roles (${[...ctx.policy.roles].join(', ')}).`;
  return undefined;
}

function workshopPolicy(arn: string, ctx: JudgeContext): string | undefined {
  const account = /^arn:aws[a-z-]*:iam::(\d{12}|aws):policy\//.exec(arn)?.[1];
  const ref = policyPathName(arn);
  if (!account || !ref) return `${arn} is not a policy ARN.`;
  if (account !== ctx.account) return `${arn} is not a policy of the confirmed account ${ctx.account}.`;
  if (!ownedPath(ref.path, ref.name, ctx.policy)) return `${arn} is not one of the workshop's policies.`;
  return undefined;
}

/** A workshop policy by name, or anything under one of the workshop's own paths (never the root path). */
const ownedPath = (path: string, name: string, p: WorkshopPolicy) => p.policies.has(`${path}${name}`) || (path !== '/' && p.iamPaths.has(path));

/** Role trust (and bucket policies): AWS services, or principals of the confirmed account; nothing else may be let in. */
export function trustProblem(doc: unknown, account: string): string | undefined {
  const statements = (doc as { Statement?: unknown })?.Statement;
  for (const s of Array.isArray(statements) ? statements : [statements]) {
    const principal = (s as { Principal?: unknown; Effect?: string })?.Principal;
    if ((s as { Effect?: string })?.Effect === 'Deny' || principal === undefined) continue;
    if (principal === '*' || typeof principal !== 'object' || principal === null) return 'a policy that lets anyone in';
    for (const [kind, value] of Object.entries(principal)) {
      if (kind === 'Service') continue;
      if (kind !== 'AWS') return `a policy with a ${kind} principal`;
      const text = JSON.stringify(value);
      const accounts: string[] = text.match(/\d{12}/g) ?? [];
      const own = text.includes('AWS::AccountId') || accounts.includes(account);
      if (!own || accounts.some((a) => a !== account) || /"\*"/.test(text)) return 'a policy that lets another account in';
    }
  }
  return undefined;
}

function parseDocument(text: string): unknown {
  try {
    return JSON.parse(/^\s*%7B/i.test(text) ? decodeURIComponent(text) : text);
  } catch {
    return undefined;
  }
}

/** CloudFormation reads that name no stack: the stack list (names and statuses), which the checks search by name. */
const STACKLESS_READS = new Set(['ListStacks', 'ValidateTemplate', 'EstimateTemplateCost', 'GetTemplateSummary', 'DescribeAccountLimits']);

/**
 * IAM reads see only what the workshop made: its roles (and the roles its stacks name after themselves), its policies
 * and paths, and AWS managed policies (public documents). A listing must be under one of the workshop's own paths.
 */
function iamRead(call: AwsCall, ctx: JudgeContext): string | undefined {
  const i = call.input;
  const role = str(i.RoleName);
  if (role !== undefined && !ctx.policy.roles.has(role) && !starts(role, ctx.policy.namePrefixes)) {
    return `Role ${role} is not one of the workshop's roles; the live server reads only those.`;
  }
  const policyArn = str(i.PolicyArn);
  if (policyArn !== undefined && !/^arn:aws[a-z-]*:iam::aws:policy\//.test(policyArn)) {
    const problem = workshopPolicy(policyArn, ctx);
    if (problem) return `${problem} The live server reads only the workshop's policies and AWS managed ones.`;
  }
  if (str(i.UserName) !== undefined || str(i.GroupName) !== undefined) return `${call.operation} on users and groups is not part of the workshop.`;
  if (/^List(Roles|Policies)$/.test(call.operation)) {
    const path = str(i.PathPrefix);
    if (path === undefined || path === '/' || ![...ctx.policy.iamPaths].some((p) => p !== '/' && path.startsWith(p))) {
      return `${call.operation} must name one of the workshop's paths with --path-prefix (${[...ctx.policy.iamPaths].filter((p) => p !== '/').join(', ')}).`;
    }
  }
  return undefined;
}

const SCOPES: Record<string, Scope> = {
  /** Event history only by the name of an operation the workshop makes (the checks look one up at a time). */
  cloudtrail(call, ctx) {
    if (call.operation !== 'LookupEvents') return undefined;
    const attrs = Array.isArray(call.input.LookupAttributes) ? (call.input.LookupAttributes as { AttributeKey?: unknown; AttributeValue?: unknown }[]) : [];
    const names = new Set([...ctx.policy.operations.keys()].map((k) => k.slice(k.indexOf(':') + 1)));
    const byName = attrs.find((a) => a?.AttributeKey === 'EventName');
    if (attrs.length !== 1 || !byName || typeof byName.AttributeValue !== 'string' || !names.has(byName.AttributeValue)) {
      return "LookupEvents must look up one event name, that of an operation the workshop makes (--lookup-attributes AttributeKey=EventName,AttributeValue=…).";
    }
    return undefined;
  },

  sts(call, ctx) {
    if (call.operation === 'AssumeRole') return workshopRole(str(call.input.RoleArn) ?? '', ctx, 'RoleArn');
    return undefined;
  },

  cloudformation(call, ctx) {
    const stack = str(call.input.StackName);
    if (stack !== undefined) {
      const arn = /^arn:aws[a-z-]*:cloudformation:[a-z0-9-]+:(\d{12}):stack\/([^/]+)\//.exec(stack);
      if (arn && arn[1] !== ctx.account) return `Stack ${stack} is not in the confirmed account ${ctx.account}.`;
      const name = arn ? arn[2] : stack;
      if (!ctx.policy.stacks.has(name)) return `${name} is not one of the workshop's stacks (${[...ctx.policy.stacks].join(', ')}).`;
    } else if (!STACKLESS_READS.has(call.operation)) return `${call.operation} must name one of the workshop's stacks (--stack-name).`;
    if (call.input.TemplateURL !== undefined || call.input.StackPolicyURL !== undefined) {
      return 'The live server signs only templates it can read: use --template-body instead of a URL.';
    }
    const roleProblem = workshopRole(str(call.input.RoleARN), ctx, '--role-arn');
    if (roleProblem) return roleProblem;
    const body = str(call.input.TemplateBody);
    if (body !== undefined) {
      let t;
      try {
        t = parseTemplate(body);
      } catch (e) {
        return `The template could not be read: ${(e as Error).message}`;
      }
      if ((t as { Transform?: unknown }).Transform !== undefined) return 'The workshop\'s templates use no Transform (macros); this one does.';
      for (const [id, r] of Object.entries(t.Resources ?? {})) {
        if (!ctx.policy.resourceTypes.has(r.Type)) return `Resource ${id} is a ${r.Type}, which none of the workshop's templates use.`;
        if (r.Type === 'AWS::IAM::Role') {
          const problem = trustProblem(r.Properties?.AssumeRolePolicyDocument, ctx.account);
          if (problem) return `Resource ${id} would be a role with ${problem}.`;
        }
      }
    }
    return undefined;
  },

  iam(call, ctx) {
    const i = call.input;
    if (isRead(call.operation)) return iamRead(call, ctx);
    const policyArn = str(i.PolicyArn);
    if (policyArn) {
      const problem = workshopPolicy(policyArn, ctx);
      if (problem) return problem;
    }
    const boundary = str(i.PermissionsBoundary);
    if (boundary) {
      const problem = workshopPolicy(boundary, ctx);
      if (problem) return `--permissions-boundary: ${problem}`;
    }
    if (str(i.PolicyName) && call.operation === 'CreatePolicy' && !ownedPath(str(i.Path) ?? '/', i.PolicyName, ctx.policy)) {
      return `Policy ${str(i.Path) ?? '/'}${i.PolicyName} is not one of the workshop's policies or paths.`;
    }
    const role = str(i.RoleName);
    if (role && !ctx.policy.roles.has(role) && !(call.operation === 'CreateRole' && str(i.Path) && ownedPath(i.Path, role, ctx.policy))) {
      return `Role ${role} is not one of the workshop's roles (${[...ctx.policy.roles].join(', ')}).`;
    }
    if (i.AssumeRolePolicyDocument !== undefined) {
      const problem = trustProblem(parseDocument(String(i.AssumeRolePolicyDocument)), ctx.account);
      if (problem) return `The live server does not sign a role with ${problem}.`;
    }
    // Detaching a workshop policy from a user or group takes access away; anything else done to them is not the workshop's.
    if ((i.UserName || i.GroupName) && !/^Detach(User|Group)Policy$/.test(call.operation)) return `${call.operation} on users and groups is not part of the workshop.`;
    return undefined;
  },

  lambda(call, ctx) {
    const fn = str(call.input.FunctionName);
    if (fn === undefined) return isRead(call.operation) ? undefined : `${call.operation} must name one of the workshop's functions.`;
    const m = /^(?:arn:aws[a-z-]*:lambda:[a-z0-9-]+:(\d{12}):function:)?([^:]+)/.exec(fn);
    if (m?.[1] && m[1] !== ctx.account) return `Function ${fn} is not in the confirmed account ${ctx.account}.`;
    if (!m || !starts(m[2], ctx.policy.namePrefixes)) return `Function ${fn} is not one of the workshop's functions.`;
    const principal = str(call.input.Principal);
    if (principal !== undefined && !principal.endsWith('.amazonaws.com') && !principal.includes(ctx.account)) {
      return `A permission for ${principal} would let someone outside the confirmed account invoke the function.`;
    }
    return undefined;
  },

  states(call, ctx) {
    for (const field of ['stateMachineArn', 'executionArn']) {
      const arn = str(call.input[field]);
      if (arn === undefined) continue;
      const m = /^arn:aws[a-z-]*:states:[a-z0-9-]+:(\d{12}):(?:stateMachine|execution):([^:]+)/.exec(arn);
      if (!m || m[1] !== ctx.account || !starts(m[2], ctx.policy.namePrefixes)) return `${arn} is not one of the workshop's state machines in account ${ctx.account}.`;
      return undefined;
    }
    return isRead(call.operation) ? undefined : `${call.operation} must name one of the workshop's state machines.`;
  },

  logs(call, ctx) {
    const group = str(call.input.logGroupName) ?? str(call.input.logGroupNamePrefix) ?? str(call.input.logGroupIdentifier);
    if (group === undefined || !starts(group, ctx.policy.logGroupPrefixes)) {
      return `Log group ${group ?? '(none)'} is not one of the workshop's (${ctx.policy.logGroupPrefixes.join(', ')}…).`;
    }
    return undefined;
  },

  s3(call, ctx) {
    const bucket = str(call.input.Bucket);
    if (bucket === undefined) return call.operation === 'ListBuckets' ? undefined : `${call.operation} must name one of the workshop's buckets.`;
    if (!starts(bucket, ctx.policy.bucketPrefixes)) return `Bucket ${bucket} is not one of the workshop's (names start with ${ctx.policy.bucketPrefixes.join(', ')}).`;
    if (call.input.Policy !== undefined) {
      const problem = trustProblem(parseDocument(String(call.input.Policy)), ctx.account);
      if (problem) return `The live server does not sign a bucket policy: it would be ${problem}.`;
    }
    const source = str(call.input.CopySource);
    if (source !== undefined && !starts(decodeURIComponent(source).replace(/^\//, ''), ctx.policy.bucketPrefixes)) return `Copy source ${source} is not in one of the workshop's buckets.`;
    return undefined;
  },
};
