/**
 * CloudFormation's state: stacks (deleted ones too, as ListStacks and DescribeStacks by stack id still show them),
 * their resources and events. Plain JSON data; the gateway persists it.
 */
import type { Credentials } from '../../core/types';

export type StackStatus =
  | 'CREATE_IN_PROGRESS' | 'CREATE_FAILED' | 'CREATE_COMPLETE'
  | 'ROLLBACK_IN_PROGRESS' | 'ROLLBACK_FAILED' | 'ROLLBACK_COMPLETE'
  | 'DELETE_IN_PROGRESS' | 'DELETE_FAILED' | 'DELETE_COMPLETE'
  | 'UPDATE_IN_PROGRESS' | 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS' | 'UPDATE_COMPLETE' | 'UPDATE_FAILED'
  | 'UPDATE_ROLLBACK_IN_PROGRESS' | 'UPDATE_ROLLBACK_FAILED' | 'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS'
  | 'UPDATE_ROLLBACK_COMPLETE'
  | 'REVIEW_IN_PROGRESS';

export const STACK_STATUSES: readonly StackStatus[] = [
  'CREATE_IN_PROGRESS', 'CREATE_FAILED', 'CREATE_COMPLETE', 'ROLLBACK_IN_PROGRESS', 'ROLLBACK_FAILED',
  'ROLLBACK_COMPLETE', 'DELETE_IN_PROGRESS', 'DELETE_FAILED', 'DELETE_COMPLETE', 'UPDATE_IN_PROGRESS',
  'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS', 'UPDATE_COMPLETE', 'UPDATE_FAILED', 'UPDATE_ROLLBACK_IN_PROGRESS',
  'UPDATE_ROLLBACK_FAILED', 'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS', 'UPDATE_ROLLBACK_COMPLETE', 'REVIEW_IN_PROGRESS',
];

export type ResourceStatus =
  | 'CREATE_IN_PROGRESS' | 'CREATE_FAILED' | 'CREATE_COMPLETE'
  | 'DELETE_IN_PROGRESS' | 'DELETE_FAILED' | 'DELETE_COMPLETE' | 'DELETE_SKIPPED'
  | 'UPDATE_IN_PROGRESS' | 'UPDATE_FAILED' | 'UPDATE_COMPLETE';

export interface StackParameter {
  ParameterKey: string;
  ParameterValue: string;
}

export interface StackOutput {
  OutputKey: string;
  OutputValue: string;
  Description?: string;
  ExportName?: string;
}

export interface Tag {
  Key: string;
  Value: string;
}

export interface StackEvent {
  StackId: string;
  EventId: string;
  StackName: string;
  LogicalResourceId: string;
  PhysicalResourceId: string;
  ResourceType: string;
  Timestamp: Date;
  ResourceStatus: string;
  ResourceStatusReason?: string;
  ResourceProperties?: string;
  ClientRequestToken?: string;
  DetailedStatus?: string;
}

export interface StackResourceRecord {
  LogicalResourceId: string;
  PhysicalResourceId?: string;
  ResourceType: string;
  ResourceStatus: ResourceStatus;
  ResourceStatusReason?: string;
  Timestamp: Date;
  Description?: string;
  Metadata?: unknown;
  /** The resolved properties it was last created or updated with (to diff on update, to delete). */
  properties: Record<string, unknown>;
  /** Fn::GetAtt values. */
  attributes: Record<string, unknown>;
}

/** What an in-flight operation needs to run (and, after a reload, to resume). */
export interface StackOperation {
  kind: 'CREATE' | 'UPDATE' | 'DELETE';
  /** The caller's credentials, or the stack role's (assumed when the operation runs). */
  credentials?: Credentials;
  roleArn?: string;
  clientRequestToken?: string;
  retainResources?: string[];
  /** UPDATE: the stack as it was before, to roll back to. */
  previous?: {
    templateBody: string;
    parameters: StackParameter[];
    outputs: StackOutput[];
    resources: Record<string, StackResourceRecord>;
    description?: string;
  };
}

export interface StackRecord {
  StackId: string;
  StackName: string;
  Description?: string;
  TemplateBody: string;
  Parameters: StackParameter[];
  CreationTime: Date;
  LastUpdatedTime?: Date;
  DeletionTime?: Date;
  StackStatus: StackStatus;
  StackStatusReason?: string;
  /** CONFIGURATION_COMPLETE while CloudFormation waits for eventual consistency at the end of a create. */
  DetailedStatus?: string;
  DisableRollback: boolean;
  OnFailure: 'DO_NOTHING' | 'ROLLBACK' | 'DELETE';
  NotificationARNs: string[];
  TimeoutInMinutes?: number;
  Capabilities: string[];
  Outputs: StackOutput[];
  RoleARN?: string;
  Tags: Tag[];
  EnableTerminationProtection: boolean;
  /** Export names this stack reads with Fn::ImportValue (an export in use cannot be deleted). */
  Imports?: string[];
  /** Keyed by logical id, in template order. */
  resources: Record<string, StackResourceRecord>;
  /** Oldest first (DescribeStackEvents returns them newest first). */
  events: StackEvent[];
  operation?: StackOperation;
  /** Change sets waiting for review (a stack made by a CREATE change set stays REVIEW_IN_PROGRESS until executed). */
  changeSets?: ChangeSetRecord[];
}

/** One resource's entry in DescribeChangeSet's Changes (as ResourceChange). */
export interface ResourceChange {
  Action: 'Add' | 'Modify' | 'Remove';
  LogicalResourceId: string;
  PhysicalResourceId?: string;
  ResourceType: string;
  Replacement?: 'True' | 'False' | 'Conditional';
  Scope: string[];
  Details: { Target: { Attribute: string; Name?: string; RequiresRecreation: string }; Evaluation: string; ChangeSource: string }[];
}

export interface ChangeSetRecord {
  ChangeSetId: string;
  ChangeSetName: string;
  ChangeSetType: 'CREATE' | 'UPDATE';
  StackId: string;
  StackName: string;
  Description?: string;
  CreationTime: Date;
  TemplateBody: string;
  /** The parameters as they will be (DescribeChangeSet), and as the request gave them (to execute). */
  Parameters: StackParameter[];
  ParametersInput?: { ParameterKey: string; ParameterValue?: string; UsePreviousValue?: boolean }[];
  Capabilities: string[];
  Tags?: Tag[];
  NotificationARNs?: string[];
  RoleARN?: string;
  OnStackFailure?: 'DO_NOTHING' | 'ROLLBACK' | 'DELETE';
  Status: 'CREATE_COMPLETE' | 'FAILED';
  ExecutionStatus: 'AVAILABLE' | 'UNAVAILABLE' | 'EXECUTE_IN_PROGRESS' | 'EXECUTE_COMPLETE' | 'EXECUTE_FAILED' | 'OBSOLETE';
  StatusReason?: string;
  Changes: ResourceChange[];
}

export interface CloudFormationState {
  /** Oldest first. */
  stacks: StackRecord[];
}

export const initialState = (): CloudFormationState => ({ stacks: [] });

/** Stacks that count for name lookups: not yet deleted. */
export const isLive = (s: StackRecord) => s.StackStatus !== 'DELETE_COMPLETE';

/** Find a stack by name (live ones only) or by stack id (deleted ones too), as AWS does. */
export function findStack(state: CloudFormationState, nameOrId: string): StackRecord | undefined {
  if (nameOrId.startsWith('arn:')) return state.stacks.find((s) => s.StackId === nameOrId);
  return state.stacks.find((s) => s.StackName === nameOrId && isLive(s));
}
