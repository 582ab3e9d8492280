/**
 * AWS::IAM::User. Ref: the user name. GetAtt: Arn. Groups, a login profile, managed and inline policies and a
 * boundary come with it; deleting takes them off first (IAM refuses to delete a user that still has them).
 */
import {
  AddUserToGroupCommand, AttachUserPolicyCommand, CreateLoginProfileCommand, CreateUserCommand, DeleteLoginProfileCommand,
  DeleteUserCommand, DeleteUserPermissionsBoundaryCommand, DeleteUserPolicyCommand, DetachUserPolicyCommand,
  PutUserPermissionsBoundaryCommand, PutUserPolicyCommand, RemoveUserFromGroupCommand, TagUserCommand, UntagUserCommand,
  UpdateLoginProfileCommand, UpdateUserCommand,
} from '@aws-sdk/client-iam';
import { asArray, ignoreNotFound, mergedTags, policyJson, same, type Properties, type ResourceContext, type ResourceType } from './types';

interface InlinePolicy { PolicyName: string; PolicyDocument: unknown }
interface LoginProfile { Password: string; PasswordResetRequired?: boolean | string }

const inline = (props: Properties) => asArray(props.Policies as InlinePolicy[]);
const bool = (v: unknown) => v === true || v === 'true';

/** Groups, managed and inline policies: from `prev` to `props` (both empty sides allowed). */
async function attachments(name: string, props: Properties, prev: Properties, rc: ResourceContext) {
  const iam = rc.clients.iam;
  const groupsBefore = new Set(asArray<string>(prev.Groups));
  const groupsNow = new Set(asArray<string>(props.Groups));
  for (const g of groupsNow) if (!groupsBefore.has(g)) await iam.send(new AddUserToGroupCommand({ UserName: name, GroupName: g }));
  const arnsBefore = new Set(asArray<string>(prev.ManagedPolicyArns));
  const arnsNow = new Set(asArray<string>(props.ManagedPolicyArns));
  for (const arn of arnsNow) if (!arnsBefore.has(arn)) await iam.send(new AttachUserPolicyCommand({ UserName: name, PolicyArn: arn }));
  const oldInline = new Map(inline(prev).map((p) => [p.PolicyName, p]));
  for (const p of inline(props)) {
    if (!same(oldInline.get(p.PolicyName)?.PolicyDocument, p.PolicyDocument)) {
      await iam.send(new PutUserPolicyCommand({ UserName: name, PolicyName: p.PolicyName, PolicyDocument: policyJson(p.PolicyDocument) }));
    }
    oldInline.delete(p.PolicyName);
  }
  for (const p of oldInline.keys()) await ignoreNotFound(iam.send(new DeleteUserPolicyCommand({ UserName: name, PolicyName: p })));
  for (const arn of arnsBefore) if (!arnsNow.has(arn)) await ignoreNotFound(iam.send(new DetachUserPolicyCommand({ UserName: name, PolicyArn: arn })));
  for (const g of groupsBefore) if (!groupsNow.has(g)) await ignoreNotFound(iam.send(new RemoveUserFromGroupCommand({ UserName: name, GroupName: g })));
}

export const iamUser: ResourceType = {
  type: 'AWS::IAM::User',
  replaceOn: ['UserName'],

  async create(props, rc) {
    const name = props.UserName ?? rc.generateName();
    const out = await rc.clients.iam.send(new CreateUserCommand({
      UserName: name, Path: props.Path, PermissionsBoundary: props.PermissionsBoundary, Tags: mergedTags(props.Tags, rc),
    }));
    try {
      const login = props.LoginProfile as LoginProfile | undefined;
      if (login) {
        await rc.clients.iam.send(new CreateLoginProfileCommand({ UserName: name, Password: login.Password, PasswordResetRequired: bool(login.PasswordResetRequired) }));
      }
      await attachments(name, props, {}, rc);
    } catch (e) {
      (e as { physicalId?: string }).physicalId = name;
      throw e;
    }
    return { physicalId: name, attributes: { Arn: out.User?.Arn ?? `arn:${rc.partition}:iam::${rc.accountId}:user${props.Path ?? '/'}${name}` } };
  },

  async update(name, props, prev, rc, attributes) {
    const iam = rc.clients.iam;
    if ((props.Path ?? '/') !== (prev.Path ?? '/')) await iam.send(new UpdateUserCommand({ UserName: name, NewPath: props.Path ?? '/' }));
    if (props.PermissionsBoundary !== prev.PermissionsBoundary) {
      if (props.PermissionsBoundary) await iam.send(new PutUserPermissionsBoundaryCommand({ UserName: name, PermissionsBoundary: props.PermissionsBoundary }));
      else await iam.send(new DeleteUserPermissionsBoundaryCommand({ UserName: name }));
    }
    const login = props.LoginProfile as LoginProfile | undefined;
    const before = prev.LoginProfile as LoginProfile | undefined;
    if (!same(login, before)) {
      if (login && before) await iam.send(new UpdateLoginProfileCommand({ UserName: name, Password: login.Password, PasswordResetRequired: bool(login.PasswordResetRequired) }));
      else if (login) await iam.send(new CreateLoginProfileCommand({ UserName: name, Password: login.Password, PasswordResetRequired: bool(login.PasswordResetRequired) }));
      else await ignoreNotFound(iam.send(new DeleteLoginProfileCommand({ UserName: name })));
    }
    await attachments(name, props, prev, rc);
    if (!same(props.Tags, prev.Tags)) {
      const keep = new Set(asArray<{ Key: string }>(props.Tags).map((t) => t.Key));
      const gone = asArray<{ Key: string }>(prev.Tags).map((t) => t.Key).filter((k) => !keep.has(k));
      if (gone.length) await iam.send(new UntagUserCommand({ UserName: name, TagKeys: gone }));
      const tags = mergedTags(props.Tags, rc);
      if (tags) await iam.send(new TagUserCommand({ UserName: name, Tags: tags }));
    }
    return { physicalId: name, attributes };
  },

  async delete(name, props, rc) {
    // AWS difference: CloudFormation's handler lists what the user has; here the template's own groups, policies and
    // login profile are removed, so anything added outside the stack makes IAM refuse (DeleteConflict): DELETE_FAILED.
    await attachments(name, {}, props, rc);
    if (props.LoginProfile) await ignoreNotFound(rc.clients.iam.send(new DeleteLoginProfileCommand({ UserName: name })));
    await ignoreNotFound(rc.clients.iam.send(new DeleteUserCommand({ UserName: name })));
  },
};
