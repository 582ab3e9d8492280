/** What IAM's operations share: ARNs, output views with URL-encoded documents, tag and policy checks. */
import { validatePolicyDocument } from '../../../iam';
import type { PolicyKind } from '../../../iam/api';
import type { ContextValue } from '../../../iam/api';
import type { OperationContext } from '../../core/types';
import { rfc3986 } from '../../protocol/values';
import { invalidInput, limitExceeded, malformedPolicy } from './errors';
import { attachmentCounts, roleArn, userArn, type IamState, type ManagedPolicyView, type Role, type Tag, type User } from './model';

export type Ctx = OperationContext<IamState>;

/** IAM returns policy documents URL-encoded (RFC 3986), as they were written. */
export const encodeDocument = (doc: string) => rfc3986(doc);

export function checkPolicy(text: string, kind: PolicyKind, inline = false) {
  const r = validatePolicyDocument(text, kind);
  // Inline policies count against the entity's total instead (checked by the caller).
  if (!r.ok && !(inline && r.code === 'LimitExceeded')) {
    throw r.code === 'LimitExceeded' ? limitExceeded(r.message) : malformedPolicy(r.message);
  }
}

export const roleArnOf = (ctx: Ctx, r: Role) => roleArn(ctx.accountId, r);
export const userArnOf = (ctx: Ctx, u: User) => userArn(ctx.accountId, u);
export const newRoleArn = (ctx: Ctx, name: string, path = '/') => `arn:aws:iam::${ctx.accountId}:role${path}${name}`;
export const newUserArn = (ctx: Ctx, name: string, path = '/') => `arn:aws:iam::${ctx.accountId}:user${path}${name}`;
export const policyArnFor = (ctx: Ctx, name: string, path = '/') => `arn:aws:iam::${ctx.accountId}:policy${path}${name}`;

/** aws:RequestTag/<key> and aws:TagKeys for a request that sets tags. */
export function requestTagContext(tags: Tag[] | undefined): Record<string, ContextValue> {
  const c: Record<string, ContextValue> = {};
  if (!tags || tags.length === 0) return c;
  for (const t of tags) c[`aws:RequestTag/${t.Key}`] = t.Value;
  c['aws:TagKeys'] = tags.map((t) => t.Key);
  return c;
}

/** aws:ResourceTag/<key> (and IAM's iam:ResourceTag/<key>) for a request on an existing user or role. */
export function resourceTagContext(tags: Tag[] | undefined): Record<string, ContextValue> {
  const c: Record<string, ContextValue> = {};
  for (const t of tags ?? []) {
    c[`aws:ResourceTag/${t.Key}`] = t.Value;
    c[`iam:ResourceTag/${t.Key}`] = t.Value;
  }
  return c;
}

export function checkTags(tags: Tag[] | undefined) {
  if (!tags) return;
  const seen = new Set<string>();
  for (const t of tags) {
    const k = t.Key.toLowerCase();
    if (seen.has(k)) throw invalidInput('Duplicate tag keys found. Please note that Tag keys are case insensitive.');
    seen.add(k);
  }
}

/** Add or replace tags; IAM allows 50 per entity. */
export function mergeTags(existing: Tag[], added: Tag[]): Tag[] {
  checkTags(added);
  const out = existing.filter((t) => !added.some((a) => a.Key.toLowerCase() === t.Key.toLowerCase()));
  out.push(...added.map((t) => ({ Key: t.Key, Value: t.Value })));
  if (out.length > 50) throw limitExceeded('The number of tags has reached the maximum limit.');
  return out;
}

export function roleView(ctx: Ctx, r: Role, variant: 'full' | 'create' | 'list') {
  const v: Record<string, unknown> = {
    Path: r.Path,
    RoleName: r.RoleName,
    RoleId: r.RoleId,
    Arn: roleArnOf(ctx, r),
    CreateDate: r.CreateDate,
    AssumeRolePolicyDocument: encodeDocument(r.AssumeRolePolicyDocument),
  };
  if (r.Description !== undefined) v.Description = r.Description;
  if (variant !== 'create') v.MaxSessionDuration = r.MaxSessionDuration;
  if (variant !== 'list') {
    if (r.PermissionsBoundaryArn) v.PermissionsBoundary = { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: r.PermissionsBoundaryArn };
    if (r.Tags.length) v.Tags = r.Tags;
  }
  if (variant === 'full') v.RoleLastUsed = roleLastUsed(ctx, r);
  return v;
}

/**
 * When and where a session of the role last made a request, from the account's record of calls (so using a role
 * does not change IAM's state); `{}` for a role never used, as IAM shows it.
 * AWS difference: AWS reports the last use up to a few hours late; the sandbox at once (while the event log keeps it).
 */
export function roleLastUsed(ctx: Ctx, r: Role): { LastUsedDate?: Date; Region?: string } {
  const events = ctx.internal.events();
  const prefix = `${r.RoleId}:`;
  for (let i = events.length - 1; i >= 0; i--) {
    const who = events[i].userIdentity as { type?: string; principalId?: string };
    if (who.type === 'AssumedRole' && who.principalId?.startsWith(prefix)) return { LastUsedDate: events[i].eventTime, Region: events[i].awsRegion };
  }
  return r.RoleLastUsed ?? {};
}

export function userView(ctx: Ctx, u: User, variant: 'full' | 'list') {
  const v: Record<string, unknown> = { Path: u.Path, UserName: u.UserName, UserId: u.UserId, Arn: userArnOf(ctx, u), CreateDate: u.CreateDate };
  if (variant === 'full') {
    if (u.PermissionsBoundaryArn) v.PermissionsBoundary = { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: u.PermissionsBoundaryArn };
    if (u.Tags.length) v.Tags = u.Tags;
  }
  return v;
}

export function policyView(state: IamState, p: ManagedPolicyView, variant: 'full' | 'list') {
  const v: Record<string, unknown> = {
    PolicyName: p.PolicyName,
    PolicyId: p.PolicyId,
    Arn: p.Arn,
    Path: p.Path,
    DefaultVersionId: p.DefaultVersionId,
    ...attachmentCounts(state, p.Arn),
    IsAttachable: true,
    CreateDate: p.CreateDate,
    UpdateDate: p.UpdateDate,
  };
  if (variant === 'full') {
    if (p.Description !== undefined) v.Description = p.Description;
    if (p.Tags.length) v.Tags = p.Tags;
  }
  return v;
}

/** Paths filter with PathPrefix as IAM does: a plain prefix of the path. */
export const underPath = (path: string, prefix: string | undefined) => !prefix || path.startsWith(prefix);
