/**
 * A resource type the sandbox does not model authorizes its create call first, as the caller or the stack's role:
 * unauthorized, AWS's handler message; authorized, "not supported by the sandbox". Either way the stack rolls back.
 */
import { describe, expect, it } from 'vitest';
import type { Credentials } from '../core/types';
import { CALLER, harness, ROLE_CREDENTIALS } from './testing/harness';
import { createCall } from './unmodelled';

const QUEUE = JSON.stringify({ Resources: { Q: { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'jobs' } } } });
const DENIED = (action: string, resource: string) =>
  `User: arn:aws:iam::123456789012:user/builder is not authorized to perform: ${action} on resource: ${resource} because no identity-based policy allows the ${action} action`;

async function outcome(h: ReturnType<typeof harness>) {
  await h.settled();
  const { StackEvents } = await h.call('DescribeStackEvents', { StackName: 's' });
  const failed = StackEvents.find((e: any) => e.ResourceStatus === 'CREATE_FAILED');
  return { reason: failed.ResourceStatusReason as string, status: h.state.stacks[0].StackStatus };
}

describe('unmodelled resource types', () => {
  it("an unauthorized caller gets AWS's handler message for the create call", async () => {
    const asked: [Credentials, string, string][] = [];
    const h = harness({ authorizeAs: (c, a, r) => (asked.push([c, a, r]), DENIED(a, r)) });
    await h.call('CreateStack', { StackName: 's', TemplateBody: QUEUE });
    const { reason, status } = await outcome(h);
    expect(asked).toEqual([[CALLER, 'sqs:CreateQueue', 'arn:aws:sqs:us-east-1:123456789012:jobs']]);
    expect(reason).toMatch(new RegExp(`^Resource handler returned message: "${DENIED('sqs:CreateQueue', 'arn:aws:sqs:us-east-1:123456789012:jobs').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(Service: Sqs, Status Code: 403, Request ID: [0-9a-f-]{36}\\)" \\(RequestToken: [0-9a-f-]{36}, HandlerErrorCode: AccessDenied\\)$`));
    expect(status).toBe('ROLLBACK_COMPLETE');
  });

  it('an authorized one learns the sandbox does not model the type; the stack role is the one asked', async () => {
    const asked: Credentials[] = [];
    const h = harness({ authorizeAs: (c) => (asked.push(c), undefined) });
    await h.call('CreateStack', { StackName: 's', TemplateBody: QUEUE, RoleARN: 'arn:aws:iam::123456789012:role/cfn' });
    const { reason, status } = await outcome(h);
    expect(asked).toEqual([ROLE_CREDENTIALS]);
    expect(reason).toMatch(/^Resource type AWS::SQS::Queue is not supported by the sandbox\. Boundary Lab's CloudFormation supports AWS::IAM::Role, /);
    expect(status).toBe('ROLLBACK_COMPLETE');
  });

  it('names the create call of common types, and a generated name when the template gives none', () => {
    expect(createCall('AWS::SNS::Topic', {}, 'app', 'Alerts', 'eu-west-1', '111122223333')).toEqual({ action: 'sns:CreateTopic', resource: expect.stringMatching(/^arn:aws:sns:eu-west-1:111122223333:app-Alerts-[A-Z0-9]{12}$/) });
    expect(createCall('AWS::DynamoDB::Table', { TableName: 't' }, 'app', 'T', 'us-east-1', '1')).toEqual({ action: 'dynamodb:CreateTable', resource: 'arn:aws:dynamodb:us-east-1:1:table/t' });
    expect(createCall('AWS::EC2::Instance', {}, 'app', 'I', 'us-east-1', '1')).toEqual({ action: 'ec2:RunInstances', resource: 'arn:aws:ec2:us-east-1:1:instance/*' });
    expect(createCall('AWS::Glue::Job', {}, 'app', 'J', 'us-east-1', '1')).toEqual({ action: 'glue:CreateJob', resource: '*' });
    expect(createCall('AWS::StepFunctions::Activity', {}, 'app', 'A', 'us-east-1', '1')).toEqual({ action: 'states:CreateActivity', resource: '*' });
  });
});
