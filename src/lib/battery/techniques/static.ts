/**
 * PassRole sinks of services the sandbox does not run (EC2, Glue, CodeBuild, ECS, SageMaker, StackSets).
 * The first calls are still decided by the IAM engine, as the gateway would decide them: a denied call is a proof
 * that the model holds. When every call is allowed the battery cannot prove the escalation without the service,
 * so it says so as not applicable, naming the allowed calls for a reviewer.
 */
import { authorize, accessDeniedMessage } from '../../iam';
import type { AuthorizationRequest } from '../../iam/api';
import { explain } from '../../explain';
import { policyArn } from '../model';
import type { Attack } from '../attack';
import { roleArn, src, unlessGranted, type Technique } from './common';

interface Call {
  action: string;
  resource: (a: Attack) => string;
  context?: Record<string, string>;
}

/** Evaluate each call as the builder; record it; stop at the first denial. Returns the calls that were allowed. */
function decide(a: Attack, calls: Call[]): boolean {
  const m = a.model;
  const identityPolicies = [
    ...m.policies.map((p) => ({ id: p.kind === 'managed' ? policyArn(m, p) : `role/${m.builderRole.name}/${p.name}`, document: p.document })),
    ...(m.awsManagedPolicies ?? []).map((p) => ({ id: p.arn, document: p.document })),
  ];
  for (const c of calls) {
    const req: AuthorizationRequest = {
      principal: { arn: a.env.builderArn, accountId: m.accountId, type: 'AssumedRole', roleArn: `arn:aws:iam::${m.accountId}:role${m.builderRole.path}${m.builderRole.name}` },
      action: c.action,
      resource: c.resource(a),
      context: { 'aws:PrincipalArn': `arn:aws:iam::${m.accountId}:role${m.builderRole.path}${m.builderRole.name}`, 'aws:PrincipalAccount': m.accountId, ...(c.context ?? {}) },
      identityPolicies,
    };
    const result = authorize(req);
    const step = { principal: a.env.builderArn, call: c.action, target: req.resource, outcome: result.decision === 'Allowed' ? ('allowed' as const) : ('denied' as const) };
    if (result.decision !== 'Allowed') {
      const sentence = accessDeniedMessage(req, result);
      a.steps.push({ ...step, error: { code: 'AccessDenied', message: sentence }, why: explain(req, result, sentence) });
      return false;
    }
    a.steps.push(step);
  }
  return true;
}

function passRoleSink(id: string, title: string, service: string, principal: string, calls: Call[], sources: Technique['sources']): Technique {
  const pass: Call = { action: 'iam:PassRole', resource: (a) => roleArn(a, a.names.privilegedRole), context: { 'iam:PassedToService': principal } };
  return {
    id,
    title,
    calls: ['iam:PassRole (platform-automation)', ...calls.map((c) => c.action)],
    gains: `Code or jobs in ${service} running with the privileged role.`,
    stoppedBy: 'PASS: PassRole only within the path (+ iam:PassedToService)',
    sources,
    notApplicable: unlessGranted(...calls.map((c) => c.action)),
    fix: 'pass-in-path',
    async run(a) {
      if (decide(a, [...calls, pass])) {
        a.unproven = `The model allows ${[...calls, pass].map((c) => c.action).join(', ')} with platform-automation, but the sandbox has no ${service} to prove the escalation: review it by hand.`;
      }
    },
  };
}

const any = (_a: Attack) => '*';
const arn = (svc: string, type: string) => (a: Attack) => `arn:aws:${svc}:us-east-1:${a.account}:${type}`;

export const staticTechniques: Technique[] = [
  passRoleSink('pass-role-to-ec2', 'Launch an instance with a privileged instance profile', 'EC2', 'ec2.amazonaws.com', [{ action: 'ec2:RunInstances', resource: arn('ec2', 'instance/*') }], [src.rhino('3'), src.pacu, src.bishop('privesc3'), src.pmapper('ec2_edges'), src.pathfinding('ec2-001')]),
  passRoleSink('pass-role-to-glue', 'Create a Glue job running as a privileged role', 'Glue', 'glue.amazonaws.com', [{ action: 'glue:CreateJob', resource: arn('glue', 'job/battery') }, { action: 'glue:StartJobRun', resource: arn('glue', 'job/battery') }], [src.rhino('19'), src.bishop('privesc18'), src.pathfinding('glue-001')]),
  passRoleSink('pass-role-to-codebuild', 'Create a CodeBuild project running as a privileged role', 'CodeBuild', 'codebuild.amazonaws.com', [{ action: 'codebuild:CreateProject', resource: arn('codebuild', 'project/battery') }, { action: 'codebuild:StartBuild', resource: arn('codebuild', 'project/battery') }], [src.pmapper('codebuild_edges'), src.pathfinding('codebuild-001')]),
  passRoleSink('pass-role-to-ecs', 'Register a task definition with a privileged task role and run it', 'ECS', 'ecs-tasks.amazonaws.com', [{ action: 'ecs:RegisterTaskDefinition', resource: any }, { action: 'ecs:RunTask', resource: arn('ecs', 'task-definition/battery:1') }], [src.pathfinding('ecs-001'), src.hacktricks('ecs')]),
  passRoleSink('pass-role-to-sagemaker', 'Create a SageMaker notebook running as a privileged role', 'SageMaker', 'sagemaker.amazonaws.com', [{ action: 'sagemaker:CreateNotebookInstance', resource: arn('sagemaker', 'notebook-instance/battery') }], [src.rhino('22'), src.pathfinding('sagemaker-001')]),
  passRoleSink('pass-role-to-stack-set', 'Create a stack set administered by a privileged role', 'CloudFormation StackSets', 'cloudformation.amazonaws.com', [{ action: 'cloudformation:CreateStackSet', resource: arn('cloudformation', 'stackset/battery:*') }], [src.pathfinding('cloudformation-003')]),
];
