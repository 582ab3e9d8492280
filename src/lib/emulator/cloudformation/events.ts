/** Stack events, with the field set DescribeStackEvents returns. */
import type { StackEvent, StackRecord } from '../services/cloudformation/model';

export const STACK_TYPE = 'AWS::CloudFormation::Stack';

/** ResourceProperties as CloudFormation prints them: JSON with every scalar as a string. */
export function propertiesJson(props: Record<string, unknown>): string {
  return JSON.stringify(props, (_k, v) => (typeof v === 'number' || typeof v === 'boolean' ? String(v) : v));
}

export function uuid(): string {
  return globalThis.crypto.randomUUID();
}

export interface EventInput {
  LogicalResourceId: string;
  PhysicalResourceId?: string;
  ResourceType: string;
  ResourceStatus: string;
  ResourceStatusReason?: string;
  ResourceProperties?: Record<string, unknown>;
  /** CONFIGURATION_COMPLETE while CloudFormation waits for eventual consistency. */
  DetailedStatus?: string;
}

export function recordEvent(stack: StackRecord, e: EventInput, clock: Date): StackEvent {
  // Each event a millisecond after the one before at least, so times order the events and resource EventIds
  // (`<logical id>-<status>-<time>`) stay unique when two arrive in the same millisecond.
  const last = stack.events.at(-1)?.Timestamp;
  const now = last && new Date(last).getTime() >= clock.getTime() ? new Date(new Date(last).getTime() + 1) : clock;
  const isStack = e.ResourceType === STACK_TYPE;
  const event: StackEvent = {
    StackId: stack.StackId,
    // Resource events are `<logical id>-<status>-<time>`; stack events a UUID, as CloudFormation names them.
    EventId: isStack ? uuid() : `${e.LogicalResourceId}-${e.ResourceStatus}-${now.toISOString()}`,
    StackName: stack.StackName,
    LogicalResourceId: e.LogicalResourceId,
    PhysicalResourceId: e.PhysicalResourceId ?? '',
    ResourceType: e.ResourceType,
    Timestamp: now,
    ResourceStatus: e.ResourceStatus,
  };
  if (e.ResourceStatusReason !== undefined) event.ResourceStatusReason = e.ResourceStatusReason;
  if (e.ResourceProperties !== undefined) event.ResourceProperties = propertiesJson(e.ResourceProperties);
  if (stack.operation?.clientRequestToken) event.ClientRequestToken = stack.operation.clientRequestToken;
  if (e.DetailedStatus) event.DetailedStatus = e.DetailedStatus;
  stack.events.push(event);
  return event;
}
