/** The shapes the Describe/List operations return, built from the stored records. */
import type { StackRecord, StackResourceRecord } from '../services/cloudformation/model';
import { describedParameters } from './parameters';
import { parseTemplate, type Template } from './template';

const templateOf = (s: StackRecord): Template | undefined => {
  try {
    return parseTemplate(s.TemplateBody);
  } catch {
    return undefined;
  }
};

const defined = <T extends Record<string, unknown>>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

export function describeStack(s: StackRecord) {
  const template = templateOf(s);
  return defined({
    StackId: s.StackId,
    StackName: s.StackName,
    Description: s.Description,
    Parameters: s.Parameters.length ? (template ? describedParameters(template, s.Parameters) : s.Parameters) : undefined,
    CreationTime: s.CreationTime,
    DeletionTime: s.DeletionTime,
    LastUpdatedTime: s.LastUpdatedTime,
    RollbackConfiguration: {},
    StackStatus: s.StackStatus,
    StackStatusReason: s.StackStatusReason,
    DetailedStatus: s.DetailedStatus,
    DisableRollback: s.DisableRollback,
    NotificationARNs: s.NotificationARNs,
    TimeoutInMinutes: s.TimeoutInMinutes,
    Capabilities: s.Capabilities.length ? s.Capabilities : undefined,
    Outputs: s.Outputs.length ? s.Outputs.map((o) => defined({ ...o })) : undefined,
    RoleARN: s.RoleARN,
    Tags: s.Tags,
    EnableTerminationProtection: s.EnableTerminationProtection,
    DriftInformation: { StackDriftStatus: 'NOT_CHECKED' },
  });
}

export function stackSummary(s: StackRecord) {
  return defined({
    StackId: s.StackId,
    StackName: s.StackName,
    TemplateDescription: s.Description,
    CreationTime: s.CreationTime,
    LastUpdatedTime: s.LastUpdatedTime,
    DeletionTime: s.DeletionTime,
    StackStatus: s.StackStatus,
    StackStatusReason: s.StackStatusReason,
    DriftInformation: { StackDriftStatus: 'NOT_CHECKED' },
  });
}

export function stackResource(s: StackRecord, r: StackResourceRecord) {
  return defined({
    StackName: s.StackName,
    StackId: s.StackId,
    LogicalResourceId: r.LogicalResourceId,
    PhysicalResourceId: r.PhysicalResourceId,
    ResourceType: r.ResourceType,
    Timestamp: r.Timestamp,
    ResourceStatus: r.ResourceStatus,
    ResourceStatusReason: r.ResourceStatusReason,
    Description: r.Description,
    DriftInformation: { StackResourceDriftStatus: 'NOT_CHECKED' },
  });
}

export function stackResourceDetail(s: StackRecord, r: StackResourceRecord) {
  return defined({
    StackName: s.StackName,
    StackId: s.StackId,
    LogicalResourceId: r.LogicalResourceId,
    PhysicalResourceId: r.PhysicalResourceId,
    ResourceType: r.ResourceType,
    LastUpdatedTimestamp: r.Timestamp,
    ResourceStatus: r.ResourceStatus,
    ResourceStatusReason: r.ResourceStatusReason,
    Description: r.Description,
    Metadata: r.Metadata === undefined ? undefined : JSON.stringify(r.Metadata),
    DriftInformation: { StackResourceDriftStatus: 'NOT_CHECKED' },
  });
}

export function stackResourceSummary(r: StackResourceRecord) {
  return defined({
    LogicalResourceId: r.LogicalResourceId,
    PhysicalResourceId: r.PhysicalResourceId,
    ResourceType: r.ResourceType,
    LastUpdatedTimestamp: r.Timestamp,
    ResourceStatus: r.ResourceStatus,
    ResourceStatusReason: r.ResourceStatusReason,
    DriftInformation: { StackResourceDriftStatus: 'NOT_CHECKED' },
  });
}

/** A page of `items` after `token` (an offset), and the token for the next page. */
export function page<T>(items: T[], token: string | undefined, size: number): { items: T[]; next?: string } {
  const start = token ? Number(atob(token)) || 0 : 0;
  const slice = items.slice(start, start + size);
  return { items: slice, next: start + size < items.length ? btoa(String(start + size)) : undefined };
}
