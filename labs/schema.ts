/**
 * The schema of the lab definition (labs/lab.ts): steps, their solution commands and their checks. `defineLab`
 * validates the data when the site builds and reports a mistake by step id and field, in plain words.
 */
import { z } from 'zod';
import { lessons } from './lessons.mjs';
import { templateFiles } from './templates';

const lessonSlugs = lessons.map((l) => l.slug);

const kebab = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const stackName = z.string().regex(/^[A-Za-z][A-Za-z0-9-]{0,127}$/, 'not a CloudFormation stack name');
const logicalId = z.string().regex(/^[A-Za-z0-9]+$/, 'not a CloudFormation logical id (letters and digits only)');
const iamName = z.string().regex(/^[\w+=,.@-]{1,128}$/, 'not an IAM name');
const iamPath = z.string().regex(/^\/([\x21-\x7e]*\/)?$/, 'not an IAM path: it starts and ends with "/"');
/** Text with something in it, kept exactly as written (commands are typed as they are). */
const nonEmpty = z.string().refine((s) => s.trim() !== '', 'must not be empty');

/** The stack statuses CloudFormation reports (DescribeStacks StackStatus). */
export const stackStatuses = [
  'CREATE_IN_PROGRESS', 'CREATE_FAILED', 'CREATE_COMPLETE', 'ROLLBACK_IN_PROGRESS', 'ROLLBACK_FAILED',
  'ROLLBACK_COMPLETE', 'DELETE_IN_PROGRESS', 'DELETE_FAILED', 'DELETE_COMPLETE', 'UPDATE_IN_PROGRESS',
  'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS', 'UPDATE_COMPLETE', 'UPDATE_FAILED', 'UPDATE_ROLLBACK_IN_PROGRESS',
  'UPDATE_ROLLBACK_FAILED', 'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS', 'UPDATE_ROLLBACK_COMPLETE',
  'REVIEW_IN_PROGRESS', 'IMPORT_IN_PROGRESS', 'IMPORT_COMPLETE', 'IMPORT_ROLLBACK_IN_PROGRESS',
  'IMPORT_ROLLBACK_FAILED', 'IMPORT_ROLLBACK_COMPLETE',
] as const;

/** Step Functions execution statuses (DescribeExecution status). */
export const executionStatuses = ['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED', 'PENDING_REDRIVE'] as const;

const stackStatus = z.enum(stackStatuses);
/** Authors may write one value or a list; checks always get a list. */
const oneOrMore = <T extends z.ZodType>(item: T) =>
  z.preprocess((v) => (Array.isArray(v) ? v : [v]), z.array(item).min(1, 'give at least one value'));
const policyRef = z.strictObject({ policyName: iamName, path: iamPath });

/**
 * Text that names something in the learner's account. `${AWS::AccountId}` and `${AWS::Partition}` stand for the
 * account and partition the check runs in, as in the templates' Fn::Sub.
 */
const accountText = nonEmpty.refine(
  (s) => [...s.matchAll(/\$\{([^}]*)\}/g)].every((m) => m[1] === 'AWS::AccountId' || m[1] === 'AWS::Partition'),
  'only ${AWS::AccountId} and ${AWS::Partition} may be substituted',
);

/** One object per check kind: what the check reads through AWS APIs, and what it expects to find. */
const checkKinds = {
  /** DescribeStacks: the stack's StackStatus is one of `status`. */
  stackStatus: { stack: stackName, status: oneOrMore(stackStatus) },
  /**
   * DescribeStacks: no stack of that name exists any more (deleted stacks are DELETE_COMPLETE or gone). With
   * `deleted`, ListStacks must also show that one was deleted, so the check cannot pass in an account that never had it.
   */
  stackAbsent: { stack: stackName, deleted: z.boolean().optional() },
  /** DescribeStackEvents: the stack failed to create because iam:CreateRole was denied, and rolled back. */
  stackFailedOnCreateRole: { stack: stackName, reasonIncludes: nonEmpty },
  /** DescribeStackResources + GetRole: each role is under `path` and carries the permissions boundary. */
  applicationRolesBounded: {
    stack: stackName,
    logicalResourceIds: z.array(logicalId).min(1),
    path: iamPath,
    permissionsBoundary: policyRef,
  },
  /** DescribeStackResources + GetRolePolicy: the role's inline policy allows `action` (the builder widened it). */
  roleInlinePolicyAllows: { stack: stackName, logicalResourceId: logicalId, policyName: iamName, action: nonEmpty },
  /** GetRole + ListAttachedRolePolicies: the role exists at `path` with exactly these managed policies. */
  roleExists: { roleName: iamName, path: iamPath, attachedPolicies: z.array(policyRef) },
  /** GetRole answers NoSuchEntity. */
  roleAbsent: { roleName: iamName },
  /** GetPolicy: a customer managed policy with this name exists at this path. */
  policyExists: { policyName: iamName, path: iamPath },
  /** GetPolicy answers NoSuchEntity. */
  policyAbsent: { policyName: iamName, path: iamPath },
  /** GetPolicy + ListPolicyVersions: the default version is `versionId` and there are `versionCount` versions. */
  policyDefaultVersion: { policyName: iamName, path: iamPath, versionId: z.string().regex(/^v[1-9][0-9]*$/), versionCount: z.int().min(1).max(5) },
  /** ListEntitiesForPolicy: the policy is attached to no user, group or role. */
  policyAttachedToNothing: { policyName: iamName, path: iamPath },
  /** ListRoles / ListPolicies (Scope Local) with PathPrefix: nothing of the workshop is left under `path`. */
  pathEmpty: { path: iamPath, entity: z.enum(['roles', 'policies']) },
  /** GetCallerIdentity with the terminal's credentials: arn:…:sts::…:assumed-role/<role>/<session>. */
  callerIsAssumedRole: { role: iamName, sessionName: z.string().regex(/^[\w+=,.@-]{2,64}$/).optional() },
  /** GetCallerIdentity with the terminal's credentials: any identity except a session of `role`. */
  callerIsNotAssumedRole: { role: iamName },
  /** DescribeStackResources + ListExecutions + DescribeExecution: the latest execution SUCCEEDED with `expected`. */
  executionOutput: { stack: stackName, logicalResourceId: logicalId, expected: nonEmpty },
  /** DescribeStackResources + ListExecutions: the latest execution of the state machine has this status. */
  executionStatus: { stack: stackName, logicalResourceId: logicalId, status: z.enum(executionStatuses) },
  /** FilterLogEvents on /aws/lambda/<function>: some event contains every string of `includes`. */
  functionLogContains: { stack: stackName, logicalResourceId: logicalId, includes: z.array(nonEmpty).min(1) },
  /** DescribeStacks Outputs[outputKey] names a bucket; HeadBucket says it does not exist. */
  bucketAbsent: { stack: stackName, outputKey: logicalId },
  /** GetBucketPolicy: an Allow statement names `principal` in its Principal's AWS list, for `action` (or s3:*). */
  bucketPolicyNames: { bucket: accountText, principal: accountText, action: nonEmpty },
  /** HeadBucket: the bucket named (values may use ${AWS::AccountId}) does not exist. */
  bucketGone: { bucket: accountText },
  /** DescribeLogGroups with this prefix finds nothing. */
  logGroupsAbsent: { prefix: z.string().regex(/^\/[\w./#-]+$/, 'not a log group name prefix') },
  /**
   * CloudTrail LookupEvents: a call by a session of `role` failed with `errorCode`, with these request parameters
   * (values may use ${AWS::AccountId} and ${AWS::Partition}).
   */
  cloudTrailDenied: {
    eventSource: z.string().regex(/^[a-z0-9-]+\.amazonaws\.com$/, 'not an event source such as iam.amazonaws.com'),
    eventName: z.string().regex(/^[A-Z][A-Za-z0-9]+$/, 'not an API operation name such as CreatePolicyVersion'),
    role: iamName,
    errorCode: z.enum(['AccessDenied', 'AccessDeniedException']),
    requestParameters: z.record(z.string(), accountText).optional(),
  },
  /** CloudTrail LookupEvents: a call by a session of `role` succeeded (a positive control beside a denial). */
  cloudTrailAllowed: {
    eventSource: z.string().regex(/^[a-z0-9-]+\.amazonaws\.com$/, 'not an event source such as iam.amazonaws.com'),
    eventName: z.string().regex(/^[A-Z][A-Za-z0-9]+$/, 'not an API operation name such as GetPolicyVersion'),
    role: iamName,
    requestParameters: z.record(z.string(), accountText).optional(),
  },
} as const;

export type CheckKind = keyof typeof checkKinds;
export const checkKindNames = Object.keys(checkKinds) as CheckKind[];

const checkCommon = {
  /** Shown beside the check; the component writes one from the kind when it is missing. */
  label: nonEmpty.optional(),
  /** Shown when the check fails: what the learner most likely missed. */
  hint: nonEmpty,
};

function checkOf<K extends CheckKind>(kind: K) {
  return z.strictObject({ kind: z.literal(kind), ...checkKinds[kind], ...checkCommon });
}

export const checkSchema = z.discriminatedUnion('kind', [
  checkOf('stackStatus'),
  checkOf('stackAbsent'),
  checkOf('stackFailedOnCreateRole'),
  checkOf('applicationRolesBounded'),
  checkOf('roleInlinePolicyAllows'),
  checkOf('roleExists'),
  checkOf('roleAbsent'),
  checkOf('policyExists'),
  checkOf('policyAbsent'),
  checkOf('policyDefaultVersion'),
  checkOf('policyAttachedToNothing'),
  checkOf('pathEmpty'),
  checkOf('callerIsAssumedRole'),
  checkOf('callerIsNotAssumedRole'),
  checkOf('executionOutput'),
  checkOf('executionStatus'),
  checkOf('functionLogContains'),
  checkOf('bucketAbsent'),
  checkOf('bucketPolicyNames'),
  checkOf('bucketGone'),
  checkOf('logGroupsAbsent'),
  checkOf('cloudTrailDenied'),
  checkOf('cloudTrailAllowed'),
]);

export type Check = z.infer<typeof checkSchema>;
export type CheckOf<K extends CheckKind> = Extract<Check, { kind: K }>;

/** Bash cannot run text that still holds a placeholder for the learner to fill in, such as the blog's <value>. */
const placeholder = /<[A-Za-z][\w -]*>/;

export const commandSchema = z.strictObject({
  /** Typed into the terminal exactly as written ("Run in terminal" and Solve); may span lines with `\`. */
  run: nonEmpty.refine((s) => !placeholder.test(s), 'holds a placeholder such as <value>: write a command that runs as is'),
  /** Whether the command is meant to fail (an AccessDenied the lesson provokes, a waiter that sees a rollback). */
  expect: z.enum(['success', 'failure']).default('success'),
  /** Text the terminal shows when the command has run as the lesson intends. */
  shows: nonEmpty.optional(),
});

export type Command = z.infer<typeof commandSchema>;

export const identities = ['administrator', 'builder'] as const;

export const stepSchema = z.strictObject({
  id: z.string().regex(kebab, 'must be kebab-case, such as "launch-application-2"'),
  lesson: z.enum(lessonSlugs as [string, ...string[]], {
    error: (issue) => `"${String(issue.input)}" is not a lesson slug in labs/lessons.mjs (${lessonSlugs.join(', ')})`,
  }),
  title: nonEmpty,
  /** Who the terminal must be when the step starts: checked before Solve runs and before the checks. */
  identity: z.enum(identities),
  commands: z.array(commandSchema).min(1, 'a step needs at least one command'),
  checks: z.array(checkSchema).min(1, 'a step needs at least one check'),
});

export type Step = z.infer<typeof stepSchema>;

export const labSchema = z
  .strictObject({ steps: z.array(stepSchema).min(1) })
  .superRefine((lab, ctx) => {
    const seen = new Set<string>();
    let lastLesson = -1;
    lab.steps.forEach((step, i) => {
      if (seen.has(step.id)) ctx.addIssue({ code: 'custom', path: ['steps', i, 'id'], message: `"${step.id}" is used by an earlier step` });
      seen.add(step.id);
      const lesson = lessonSlugs.indexOf(step.lesson);
      if (lesson < lastLesson) {
        ctx.addIssue({ code: 'custom', path: ['steps', i, 'lesson'], message: `"${step.lesson}" comes before the lesson of the previous step; keep steps in lesson order` });
      }
      lastLesson = Math.max(lastLesson, lesson);
      step.commands.forEach((command, j) => {
        for (const m of command.run.matchAll(/file:\/\/labs\/([^\s'"]+)/g)) {
          if (!(templateFiles as readonly string[]).includes(m[1])) {
            ctx.addIssue({ code: 'custom', path: ['steps', i, 'commands', j, 'run'], message: `labs/${m[1]} is not one of the lab's templates (${templateFiles.join(', ')})` });
          }
        }
      });
    });
  });

export type Lab = z.infer<typeof labSchema>;
export type LabInput = z.input<typeof labSchema>;

/** A lab that failed validation; `problems` holds one plain sentence per mistake. */
export class LabValidationError extends Error {
  override name = 'LabValidationError';
  constructor(readonly problems: string[]) {
    super(`The lab definition has ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n- ${problems.join('\n- ')}`);
  }
}

/** Names where an issue sits: `step "assume-builder-role", checks[0] (callerIsAssumedRole).role`. */
function where(input: unknown, path: PropertyKey[]): string {
  const steps = (input as { steps?: unknown[] } | null)?.steps;
  if (path[0] !== 'steps' || typeof path[1] !== 'number' || !Array.isArray(steps)) return path.join('.') || 'the lab';
  const step = steps[path[1]] as { id?: unknown } | undefined;
  const name = typeof step?.id === 'string' ? `step "${step.id}"` : `step ${path[1] + 1}`;
  let text = '';
  let node: unknown = step;
  for (const key of path.slice(2)) {
    node = (node as Record<PropertyKey, unknown> | undefined)?.[key];
    if (typeof key === 'number') {
      text += `[${key}]`;
      const kind = (node as { kind?: unknown } | undefined)?.kind;
      if (typeof kind === 'string') text += ` (${kind})`;
    } else text += `${text ? '.' : ''}${String(key)}`;
  }
  return text ? `${name}, ${text}` : name;
}

function sentence(issue: z.core.$ZodIssue, input: unknown): string {
  const at = where(input, issue.path);
  if (issue.code === 'invalid_union' && issue.path.at(-1) === 'kind' && issue.path.at(-3) === 'checks') {
    const kind = issue.path.reduce<unknown>((node, key) => (node as Record<PropertyKey, unknown> | undefined)?.[key], input);
    return `${where(input, issue.path.slice(0, -1))}: unknown check kind ${JSON.stringify(kind)}; the kinds are ${checkKindNames.join(', ')}`;
  }
  if (issue.code === 'unrecognized_keys') return `${at}: unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  if (issue.code === 'invalid_type' && (issue as { input?: unknown }).input === undefined) return `${at}: is missing (expected ${issue.expected})`;
  return `${at}: ${issue.message}`;
}

/** Validates lab data, or throws a LabValidationError whose message names each bad step and field. */
export function defineLab(input: LabInput): Lab {
  const result = labSchema.safeParse(input);
  if (!result.success) throw new LabValidationError(result.error.issues.map((issue) => sentence(issue, input)));
  return result.data;
}
