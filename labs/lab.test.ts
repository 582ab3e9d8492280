import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commandsBefore, lab, stepsOf } from './lab';
import { lessons } from './lessons.mjs';
import { checkKindNames, checkSchema, defineLab, LabValidationError, type LabInput } from './schema';
import { parseTemplate } from './templates';

const template = (file: string) => parseTemplate(readFileSync(join(import.meta.dirname, file), 'utf8'));
/** The blog's steps; the "Going further" lessons append their own after clean-up (labs/going-further/, tested there). */
const blogSteps = lab.steps.slice(0, lab.steps.findIndex((s) => s.id === 'delete-function-log-group') + 1);
const allCommands = blogSteps.flatMap((s) => s.commands.map((c) => ({ step: s.id, ...c })));
const allChecks = blogSteps.flatMap((s) => s.checks.map((c) => ({ step: s.id, ...c })));

describe('the lab', () => {
  it('has steps for every lesson from creating the builder resources to clean-up, in lesson order', () => {
    const withSteps = [...new Set(blogSteps.map((s) => s.lesson))];
    const slugs = lessons.map((l) => l.slug);
    expect(withSteps).toEqual(slugs.slice(slugs.indexOf('create-builder-iam'), slugs.indexOf('clean-up') + 1));
    expect(stepsOf('launch-without-boundary').map((s) => s.id)).toEqual(['launch-application-1', 'delete-failed-application']);
    expect(stepsOf('welcome')).toEqual([]);
  });

  it('uses every check kind the schema knows, and the schema knows every kind', () => {
    // The "Going further" lessons' steps count too: some kinds (the bucket policy's) only they use.
    expect(new Set(lab.steps.flatMap((s) => s.checks.map((c) => c.kind)))).toEqual(new Set(checkKindNames));
    expect(checkSchema.options).toHaveLength(checkKindNames.length);
  });

  it('runs as the builder exactly from assuming the role until returning to the administrator', () => {
    const ids = blogSteps.map((s) => s.id);
    const from = ids.indexOf('assume-builder-role') + 1;
    const to = ids.indexOf('return-to-administrator');
    blogSteps.forEach((step, i) => {
      expect(step.identity, step.id).toBe(i >= from && i <= to ? 'builder' : 'administrator');
    });
  });

  it('every command is valid bash', () => {
    for (const { step, run } of allCommands) {
      const r = spawnSync('bash', ['-n'], { input: run, encoding: 'utf8' });
      expect(r.stderr, `${step}: ${run}`).toBe('');
      expect(r.status, `${step}: ${run}`).toBe(0);
    }
  });

  it('every shell variable is set by an earlier command', () => {
    const defined = new Set<string>();
    for (const { step, run } of allCommands) {
      const uses = [...run.matchAll(/\$\{?([A-Za-z_]\w*)/g)].map((m) => m[1]);
      const setHere = (v: string) => new RegExp(`(^|[\\s;])(export )?${v}=|\\bfor ${v} in\\b`, 'm').test(run);
      const missing = uses.filter((v) => !defined.has(v) && !setHere(v));
      expect(missing, `${step}: ${run}`).toEqual([]);
      for (const m of run.matchAll(/(?:^|[\s;(])(?:export )?([A-Za-z_]\w*)=/g)) defined.add(m[1]);
      for (const m of run.matchAll(/\bfor ([A-Za-z_]\w*) in\b/g)) defined.add(m[1]);
    }
    expect(defined).toEqual(
      new Set([
        'AWS_DEFAULT_OUTPUT', 'role', 'aws_role', 'role_arn', 'aws_credentials', 'AWS_ACCESS_KEY_ID',
        'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'state_machine_arn', 'execution_arn', 'AWS_ACCOUNT',
        'lambda_function_name', 'log_group',
      ]),
    );
  });

  it('launches each template with --template-body file://labs/… and the blog’s capabilities', () => {
    const launches = allCommands.filter((c) => /create-stack|update-stack/.test(c.run));
    expect(launches.map((c) => /file:\/\/labs\/(\S+)/.exec(c.run)?.[1])).toEqual([
      'builder-iam.json',
      'builder-application-1.yml',
      'builder-application-2.yml',
      'builder-application-3.yml',
    ]);
    for (const c of launches) expect(c.run).toMatch(/--capabilities CAPABILITY_NAMED_IAM$/);
    expect(allCommands.some((c) => c.run.includes('--template-url'))).toBe(false);
  });

  it('says what the terminal shows for every command that is meant to fail', () => {
    const failing = allCommands.filter((c) => c.expect === 'failure');
    expect(failing.map((c) => c.step)).toEqual(['launch-application-1', 'change-builder-policy', 'attach-sneaky-policy']);
    for (const c of failing) expect(c.shows, c.run).toBeDefined();
  });

  it('names only resources the templates define', () => {
    const t1 = template('builder-application-1.yml');
    const t3 = template('builder-application-3.yml');
    for (const check of allChecks) {
      if ('logicalResourceId' in check) expect(Object.keys(t3.Resources), check.step).toContain(check.logicalResourceId);
      if ('logicalResourceIds' in check) expect(Object.keys(t1.Resources)).toEqual(expect.arrayContaining(check.logicalResourceIds));
      if (check.kind === 'bucketAbsent') expect(Object.keys(t3.Outputs ?? {})).toContain(check.outputKey);
      if (check.kind === 'roleInlinePolicyAllows') {
        const role = t3.Resources[check.logicalResourceId].Properties as { Policies: { PolicyName: string; PolicyDocument: unknown }[] };
        const policy = role.Policies.find((p) => p.PolicyName === check.policyName);
        expect(JSON.stringify(policy?.PolicyDocument)).toContain(`"${check.action}"`);
      }
    }
    const iam = template('builder-iam.json').Resources;
    const managed = Object.values(iam).filter((r) => r.Type === 'AWS::IAM::ManagedPolicy').map((r) => r.Properties);
    for (const check of allChecks.filter((c) => c.kind === 'policyExists' || c.kind === 'policyDefaultVersion')) {
      if (!('policyName' in check) || check.policyName === 'sneaky-policy') continue;
      expect(managed).toContainEqual(expect.objectContaining({ ManagedPolicyName: check.policyName, Path: check.path }));
    }
  });

  it('Solve for a step runs every earlier step’s commands in order', () => {
    expect(commandsBefore('create-builder-iam-stack')).toEqual([]);
    const beforeApp2 = commandsBefore('launch-application-2').map((c) => c.run);
    expect(beforeApp2[0]).toContain('--stack-name builder-iam');
    expect(beforeApp2.at(-1)).toBe('aws cloudformation wait stack-delete-complete --stack-name builder-application');
    expect(commandsBefore('delete-function-log-group')).toHaveLength(allCommands.length - 1);
    expect(() => commandsBefore('no-such-step')).toThrow('no lab step "no-such-step"');
  });
});

describe('bad lab data gets a clear error', () => {
  const good = (): LabInput => structuredClone(lab) as LabInput;
  const problemsOf = (input: LabInput) => {
    try {
      defineLab(input);
    } catch (error) {
      expect(error).toBeInstanceOf(LabValidationError);
      return (error as LabValidationError).problems;
    }
    throw new Error('expected the lab to be rejected');
  };

  it('accepts the real lab and fills in defaults', () => {
    expect(defineLab(good()).steps[0].commands[0].expect).toBe('success');
  });

  it('names the step and field of a wrong value', () => {
    const input = good();
    const check = input.steps[0].checks[0] as { status: unknown };
    check.status = 'CREATED';
    expect(problemsOf(input)).toEqual([
      expect.stringMatching(/^step "create-builder-iam-stack", checks\[0\] \(stackStatus\)\.status\[0\]: Invalid option: expected one of .*"CREATE_COMPLETE"/),
    ]);
  });

  it('names a missing field', () => {
    const input = good();
    delete (input.steps[2].checks[0] as { hint?: string }).hint;
    expect(problemsOf(input)).toEqual([
      'step "launch-application-1", checks[0] (stackFailedOnCreateRole).hint: is missing (expected string)',
    ]);
  });

  it('names an unknown check kind and lists the kinds', () => {
    const input = good();
    (input.steps[1].checks[0] as { kind: string }).kind = 'callerIsBuilder';
    const [problem] = problemsOf(input);
    expect(problem).toMatch(/^step "assume-builder-role", checks\[0\] \(callerIsBuilder\): unknown check kind "callerIsBuilder"; the kinds are stackStatus, /);
  });

  it('names an unknown field', () => {
    const input = good();
    (input.steps[0] as Record<string, unknown>).solution = ['aws sts get-caller-identity'];
    expect(problemsOf(input)).toEqual(['step "create-builder-iam-stack": unknown field "solution"']);
  });

  it('rejects a lesson slug that labs/lessons.mjs does not have', () => {
    const input = good();
    input.steps[0].lesson = 'create-builder';
    expect(problemsOf(input)).toEqual([
      expect.stringMatching(/^step "create-builder-iam-stack", lesson: "create-builder" is not a lesson slug in labs\/lessons\.mjs \(welcome, /),
    ]);
  });

  it('rejects duplicate ids, steps out of lesson order and a bad id', () => {
    const input = good();
    input.steps[1].id = input.steps[0].id;
    input.steps[3].lesson = 'create-builder-iam';
    input.steps[4].id = 'Launch App';
    expect(problemsOf(input)).toEqual([
      'step "Launch App", id: must be kebab-case, such as "launch-application-2"',
      'step "create-builder-iam-stack", id: "create-builder-iam-stack" is used by an earlier step',
      'step "delete-failed-application", lesson: "create-builder-iam" comes before the lesson of the previous step; keep steps in lesson order',
    ]);
  });

  it('rejects commands that cannot run as written', () => {
    const input = good();
    input.steps[12].commands[1].run = 'aws logs get-log-events --log-group-name /aws/lambda/$lambda_function_name --log-stream-name <value>';
    input.steps[0].commands[0].run = 'aws cloudformation create-stack --stack-name builder-iam --template-body file://labs/builder-iam.yaml';
    input.steps[5].commands = [];
    expect(problemsOf(input)).toEqual([
      'step "run-application", commands: a step needs at least one command',
      'step "read-function-log", commands[1].run: holds a placeholder such as <value>: write a command that runs as is',
      expect.stringMatching(/^step "create-builder-iam-stack", commands\[0\]\.run: labs\/builder-iam\.yaml is not one of the lab's templates/),
    ]);
  });

  it('rejects CloudTrail parameters with an unknown substitution', () => {
    const input = good();
    const check = input.steps[7].checks[0] as { requestParameters: Record<string, string> };
    check.requestParameters.policyArn = 'arn:aws:iam::${AccountId}:policy/builder_policies/builder';
    expect(problemsOf(input)).toEqual([
      'step "change-builder-policy", checks[0] (cloudTrailDenied).requestParameters.policyArn: only ${AWS::AccountId} and ${AWS::Partition} may be substituted',
    ]);
  });

  it('reports every problem at once, and says how many', () => {
    const input = good();
    input.steps[0].title = ' ';
    input.steps[1].identity = 'root' as 'builder';
    try {
      defineLab(input);
      throw new Error('expected the lab to be rejected');
    } catch (error) {
      expect((error as Error).message).toMatch(/^The lab definition has 2 problems:\n- step "create-builder-iam-stack", title: must not be empty\n- step "assume-builder-role", identity: /);
    }
  });
});
