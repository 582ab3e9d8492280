/**
 * Operations that roles and users share, written once: inline policies, attached managed policies, permissions
 * boundaries and tags (PutRolePolicy / PutUserPolicy, AttachRolePolicy / AttachUserPolicy, …).
 * Each authorizes with the condition keys AWS puts in the request context: iam:PermissionsBoundary (the
 * entity's current boundary, or the new one for Put*PermissionsBoundary), iam:PolicyARN for attach/detach.
 */
import { inlinePolicySizeError, policySize } from '../../../iam';
import type { ContextValue } from '../../../iam/api';
import type { OperationHandler } from '../../core/types';
import { checkPolicy, encodeDocument, mergeTags, resourceTagContext, roleArnOf, userArnOf, type Ctx } from './common';
import {
  limitExceeded,
  noSuchGroup,
  noSuchGroupPolicy,
  noSuchPolicy,
  noSuchRole,
  noSuchRolePolicy,
  noSuchUser,
  noSuchUserPolicy,
  policyNotFound,
  unmodifiableRole,
} from './errors';
import { findGroup, findRole, findUser, groupArn, managedPolicy, paginate, type Group, type IamState, type Role, type User } from './model';
import { AwsError } from '../../core/types';

type Entity = Role | User | Group;

interface Kind {
  Noun: 'Role' | 'User' | 'Group';
  nameParam: 'RoleName' | 'UserName' | 'GroupName';
  find(state: IamState, name: string): Entity | undefined;
  arn(ctx: Ctx, e: Entity): string;
  missingArn(ctx: Ctx, name: string): string;
  notFound(name: string): AwsError;
  noSuchInline(entity: string, policy: string): AwsError;
}

const kinds: Record<'role' | 'user' | 'group', Kind> = {
  role: {
    Noun: 'Role',
    nameParam: 'RoleName',
    find: findRole,
    arn: (ctx, e) => roleArnOf(ctx, e as Role),
    missingArn: (ctx, name) => `arn:aws:iam::${ctx.accountId}:role/${name}`,
    notFound: noSuchRole,
    noSuchInline: noSuchRolePolicy,
  },
  user: {
    Noun: 'User',
    nameParam: 'UserName',
    find: findUser,
    arn: (ctx, e) => userArnOf(ctx, e as User),
    missingArn: (ctx, name) => `arn:aws:iam::${ctx.accountId}:user/${name}`,
    notFound: noSuchUser,
    noSuchInline: noSuchUserPolicy,
  },
  group: {
    Noun: 'Group',
    nameParam: 'GroupName',
    find: findGroup,
    arn: (ctx, e) => groupArn(ctx.accountId, e as Group),
    missingArn: (ctx, name) => `arn:aws:iam::${ctx.accountId}:group/${name}`,
    notFound: noSuchGroup,
    noSuchInline: noSuchGroupPolicy,
  },
};

/** Authorize `iam:<op>` on the named entity, then return it (or NoSuchEntity). */
export function authorizedEntity(
  kind: Kind,
  ctx: Ctx,
  op: string,
  name: string,
  extra: (e: Entity | undefined) => Record<string, ContextValue | undefined> = () => ({}),
): Entity {
  const e = kind.find(ctx.state, name);
  const arn = e ? kind.arn(ctx, e) : kind.missingArn(ctx, name);
  const tags = e && 'Tags' in e ? e.Tags : undefined;
  ctx.authorize(`iam:${op}`, arn, { context: { ...resourceTagContext(tags), ...extra(e) } });
  if (!e) throw kind.notFound(name);
  return e;
}

const boundaryKey = (e: Entity | undefined) => ({ 'iam:PermissionsBoundary': e && 'PermissionsBoundaryArn' in e ? e.PermissionsBoundaryArn : undefined });

/** IAM's quota for an entity's inline policies together (characters without white space): users 2,048, groups 5,120. */
const INLINE_QUOTA = { User: 2048, Group: 5120 };

/** Only AWS changes a service-linked role's policies, boundary or trust. */
function modifiable(e: Entity): Entity {
  if ('LinkedService' in e && e.LinkedService) throw unmodifiableRole((e as Role).RoleName);
  return e;
}

/**
 * The operations of `which`: inline and attached policies for roles, users and groups; boundaries and tags for roles
 * and users (groups have neither).
 */
export function entityOperations(which: 'role' | 'user' | 'group'): Record<string, OperationHandler<IamState>> {
  const k = kinds[which];
  const N = k.Noun;
  const quota = `PoliciesPer${N}`;
  const ops: Record<string, OperationHandler<IamState>> = {
    [`Put${N}Policy`]: (input, ctx) => {
      const e = modifiable(authorizedEntity(k, ctx, `Put${N}Policy`, input[k.nameParam], boundaryKey));
      checkPolicy(input.PolicyDocument, 'identity', true);
      const docs: string[] = Object.values({ ...e.InlinePolicies, [input.PolicyName]: input.PolicyDocument as string });
      if (N === 'Role') {
        const tooBig = inlinePolicySizeError(input[k.nameParam], docs);
        if (tooBig) throw limitExceeded(tooBig);
      } else if (docs.reduce((n, d) => n + policySize(d), 0) > INLINE_QUOTA[N]) {
        throw limitExceeded(`Maximum policy size of ${INLINE_QUOTA[N]} bytes exceeded for ${which} ${input[k.nameParam]}`);
      }
      e.InlinePolicies[input.PolicyName] = input.PolicyDocument;
    },
    [`Get${N}Policy`]: (input, ctx) => {
      const e = authorizedEntity(k, ctx, `Get${N}Policy`, input[k.nameParam]);
      const doc = e.InlinePolicies[input.PolicyName];
      if (doc === undefined) throw k.noSuchInline(input[k.nameParam], input.PolicyName);
      return { [k.nameParam]: (e as any)[k.nameParam], PolicyName: input.PolicyName, PolicyDocument: encodeDocument(doc) };
    },
    [`Delete${N}Policy`]: (input, ctx) => {
      const e = modifiable(authorizedEntity(k, ctx, `Delete${N}Policy`, input[k.nameParam], boundaryKey));
      if (e.InlinePolicies[input.PolicyName] === undefined) throw k.noSuchInline(input[k.nameParam], input.PolicyName);
      delete e.InlinePolicies[input.PolicyName];
    },
    [`List${N}Policies`]: (input, ctx) => {
      const e = authorizedEntity(k, ctx, `List${N}Policies`, input[k.nameParam]);
      const { page, IsTruncated, Marker } = paginate(Object.keys(e.InlinePolicies).sort(), input);
      return { PolicyNames: page, IsTruncated, ...(Marker ? { Marker } : {}) };
    },
    [`Attach${N}Policy`]: (input, ctx) => {
      const e = modifiable(authorizedEntity(k, ctx, `Attach${N}Policy`, input[k.nameParam], (x) => ({
        ...boundaryKey(x),
        'iam:PolicyARN': input.PolicyArn,
      })));
      if (!managedPolicy(ctx.state, input.PolicyArn)) throw noSuchPolicy(input.PolicyArn);
      if (e.AttachedPolicies.includes(input.PolicyArn)) return;
      if (e.AttachedPolicies.length >= 10) throw limitExceeded(`Cannot exceed quota for ${quota}: 10`);
      e.AttachedPolicies.push(input.PolicyArn);
    },
    [`Detach${N}Policy`]: (input, ctx) => {
      const e = modifiable(authorizedEntity(k, ctx, `Detach${N}Policy`, input[k.nameParam], (x) => ({
        ...boundaryKey(x),
        'iam:PolicyARN': input.PolicyArn,
      })));
      const i = e.AttachedPolicies.indexOf(input.PolicyArn);
      if (i < 0) throw policyNotFound(input.PolicyArn);
      e.AttachedPolicies.splice(i, 1);
    },
    [`ListAttached${N}Policies`]: (input, ctx) => {
      const e = authorizedEntity(k, ctx, `ListAttached${N}Policies`, input[k.nameParam]);
      // A service-linked role's AWS managed policy is listed by its ARN even when the sandbox does not carry its document.
      const items = e.AttachedPolicies.map((arn) => managedPolicy(ctx.state, arn) ?? awsPolicyByArn(arn))
        .filter((p) => p && (!input.PathPrefix || p.Path.startsWith(input.PathPrefix)))
        .map((p) => ({ PolicyName: p!.PolicyName, PolicyArn: p!.Arn }));
      const { page, IsTruncated, Marker } = paginate(items, input);
      return { AttachedPolicies: page, IsTruncated, ...(Marker ? { Marker } : {}) };
    },
  };
  if (N === 'Group') return ops;
  return {
    ...ops,
    [`Put${N}PermissionsBoundary`]: (input, ctx) => {
      const e = modifiable(authorizedEntity(k, ctx, `Put${N}PermissionsBoundary`, input[k.nameParam], () => ({
        'iam:PermissionsBoundary': input.PermissionsBoundary,
      }))) as Role | User;
      if (!managedPolicy(ctx.state, input.PermissionsBoundary)) throw boundaryNotFound(input.PermissionsBoundary);
      e.PermissionsBoundaryArn = input.PermissionsBoundary;
    },
    [`Delete${N}PermissionsBoundary`]: (input, ctx) => {
      const e = modifiable(authorizedEntity(k, ctx, `Delete${N}PermissionsBoundary`, input[k.nameParam], boundaryKey)) as Role | User;
      delete e.PermissionsBoundaryArn;
    },
    [`Tag${N}`]: (input, ctx) => {
      const e = authorizedEntity(k, ctx, `Tag${N}`, input[k.nameParam], () => ({
        ...Object.fromEntries(input.Tags.map((t: any) => [`aws:RequestTag/${t.Key}`, t.Value])),
        'aws:TagKeys': input.Tags.map((t: any) => t.Key),
      })) as Role | User;
      e.Tags = mergeTags(e.Tags, input.Tags);
    },
    [`Untag${N}`]: (input, ctx) => {
      const e = authorizedEntity(k, ctx, `Untag${N}`, input[k.nameParam], () => ({ 'aws:TagKeys': input.TagKeys })) as Role | User;
      const drop = new Set((input.TagKeys as string[]).map((t) => t.toLowerCase()));
      e.Tags = e.Tags.filter((t) => !drop.has(t.Key.toLowerCase()));
    },
    [`List${N}Tags`]: (input, ctx) => {
      const e = authorizedEntity(k, ctx, `List${N}Tags`, input[k.nameParam]) as Role | User;
      const { page, IsTruncated, Marker } = paginate(e.Tags, input);
      return { Tags: page, IsTruncated, ...(Marker ? { Marker } : {}) };
    },
  };
}

function awsPolicyByArn(arn: string) {
  const m = /^arn:aws:iam::aws:policy(\/(?:.*\/)?)([^/]+)$/.exec(arn);
  return m ? { PolicyName: m[2], Arn: arn, Path: m[1] } : undefined;
}

export const boundaryNotFound = (arn: string) =>
  new AwsError('NoSuchEntity', `Scope ARN: ${arn} does not exist or is not attachable.`, 404);

export { kinds };
