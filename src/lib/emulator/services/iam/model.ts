/**
 * IAM's state and rules: users, roles, customer managed policies and access keys as plain data. ARNs are derived
 * from the account id and are not stored, except where a policy ARN is a reference (attachments, boundaries).
 * Names are unique case-insensitively, as in IAM, so entities are keyed by their lower-cased name.
 *
 * The gateway also reads this state to authenticate access keys and to gather a principal's policies.
 */
import { accessKeyId, secretAccessKey, uniqueId } from '../../core/ids';
import { ADMINISTRATOR_ACCESS, AWS_MANAGED_POLICIES, READ_ONLY_ACCESS, awsManagedPolicy } from '../../account/managed-policies';
import type { NamedPolicy } from '../../../iam/api';
import { AwsError } from '../../core/types';

export interface Tag {
  Key: string;
  Value: string;
}

export interface Role {
  RoleName: string;
  RoleId: string;
  Path: string;
  CreateDate: Date;
  AssumeRolePolicyDocument: string;
  Description?: string;
  MaxSessionDuration: number;
  PermissionsBoundaryArn?: string;
  Tags: Tag[];
  /** Inline policies, name → document text, in the order they were added. */
  InlinePolicies: Record<string, string>;
  AttachedPolicies: string[];
  RoleLastUsed?: { LastUsedDate: Date; Region: string };
  /**
   * The principals the trust policy names, ARN → unique id, bound when the policy was saved (see trust.ts): IAM
   * keeps principals by unique id, so a deleted and re-created user or role does not inherit the old trust.
   */
  TrustPrincipals?: Record<string, string>;
  /** For a service-linked role: the service principal it belongs to (only AWS may change the role). */
  LinkedService?: string;
}

export interface User {
  UserName: string;
  UserId: string;
  Path: string;
  CreateDate: Date;
  PermissionsBoundaryArn?: string;
  Tags: Tag[];
  InlinePolicies: Record<string, string>;
  AttachedPolicies: string[];
  /** The console password is not kept: nothing in the sandbox signs in with it. */
  LoginProfile?: { CreateDate: Date; PasswordResetRequired: boolean };
}

export interface Group {
  GroupName: string;
  GroupId: string;
  Path: string;
  CreateDate: Date;
  InlinePolicies: Record<string, string>;
  AttachedPolicies: string[];
  /** Member user names, in the order they were added. */
  Members: string[];
}

export interface InstanceProfile {
  InstanceProfileName: string;
  InstanceProfileId: string;
  Path: string;
  CreateDate: Date;
  /** Role names (IAM allows one). */
  Roles: string[];
  Tags: Tag[];
}

export interface ServiceCredential {
  ServiceSpecificCredentialId: string;
  UserName: string;
  ServiceName: string;
  Status: 'Active' | 'Inactive' | 'Expired';
  CreateDate: Date;
  ExpirationDate?: Date;
  /** CodeCommit and Keyspaces: a user name and password. */
  ServiceUserName?: string;
  ServicePassword?: string;
  /** Bedrock API keys: an alias and a secret. */
  ServiceCredentialAlias?: string;
  ServiceCredentialSecret?: string;
}

export interface DeletionTask {
  Status: 'SUCCEEDED' | 'IN_PROGRESS' | 'FAILED' | 'NOT_STARTED';
}

export interface PolicyVersion {
  VersionId: string;
  Document: string;
  CreateDate: Date;
}

export interface CustomerPolicy {
  PolicyName: string;
  PolicyId: string;
  Path: string;
  Arn: string;
  Description?: string;
  CreateDate: Date;
  UpdateDate: Date;
  DefaultVersionId: string;
  Versions: PolicyVersion[];
  NextVersion: number;
  Tags: Tag[];
}

export interface AccessKey {
  AccessKeyId: string;
  SecretAccessKey: string;
  UserName: string;
  Status: 'Active' | 'Inactive';
  CreateDate: Date;
}

export interface IamState {
  users: Record<string, User>;
  roles: Record<string, Role>;
  /** Customer managed policies by ARN. */
  policies: Record<string, CustomerPolicy>;
  accessKeys: Record<string, AccessKey>;
  groups: Record<string, Group>;
  instanceProfiles: Record<string, InstanceProfile>;
  /** Service-specific credentials by id. */
  serviceCredentials: Record<string, ServiceCredential>;
  /** DeleteServiceLinkedRole tasks by DeletionTaskId. */
  deletionTasks: Record<string, DeletionTask>;
}

export const ADMIN_USER = 'admin';
export const AUDITOR_ROLE = 'boundary-lab-auditor';
export const AUDITOR_PATH = '/boundary-lab/';

export function emptyIamState(): IamState {
  return { users: {}, roles: {}, policies: {}, accessKeys: {}, groups: {}, instanceProfiles: {}, serviceCredentials: {}, deletionTasks: {} };
}

/** A sandbox saved before groups, instance profiles and service credentials existed gets them empty. */
export function upgradeIamState(state: IamState): IamState {
  state.groups ??= {};
  state.instanceProfiles ??= {};
  state.serviceCredentials ??= {};
  state.deletionTasks ??= {};
  return state;
}

const key = (name: string) => name.toLowerCase();

export function userArn(accountId: string, u: Pick<User, 'Path' | 'UserName'>) {
  return `arn:aws:iam::${accountId}:user${u.Path}${u.UserName}`;
}
export function roleArn(accountId: string, r: Pick<Role, 'Path' | 'RoleName'>) {
  return `arn:aws:iam::${accountId}:role${r.Path}${r.RoleName}`;
}

export function findRole(state: IamState, name: string): Role | undefined {
  return state.roles[key(name)];
}
export function findUser(state: IamState, name: string): User | undefined {
  return state.users[key(name)];
}
export function putRole(state: IamState, role: Role) {
  state.roles[key(role.RoleName)] = role;
}
export function putUser(state: IamState, user: User) {
  state.users[key(user.UserName)] = user;
}
export function removeRole(state: IamState, name: string) {
  delete state.roles[key(name)];
}
export function removeUser(state: IamState, name: string) {
  delete state.users[key(name)];
}
export function findGroup(state: IamState, name: string): Group | undefined {
  return state.groups?.[key(name)];
}
export function putGroup(state: IamState, group: Group) {
  state.groups[key(group.GroupName)] = group;
}
export function removeGroup(state: IamState, name: string) {
  delete state.groups[key(name)];
}
export function findInstanceProfile(state: IamState, name: string): InstanceProfile | undefined {
  return state.instanceProfiles?.[key(name)];
}
export function groupArn(accountId: string, g: Pick<Group, 'Path' | 'GroupName'>) {
  return `arn:aws:iam::${accountId}:group${g.Path}${g.GroupName}`;
}
/** The groups a user belongs to, in name order. */
export function groupsOfUser(state: IamState, userName: string): Group[] {
  const u = key(userName);
  return sortByName(
    Object.values(state.groups ?? {}).filter((g) => g.Members.some((m) => key(m) === u)),
    (g) => g.GroupName,
  );
}

/** `arn:aws:iam::123456789012:role/path/name` → the role, when the account matches. */
export function roleByArn(state: IamState, accountId: string, arn: string): Role | undefined {
  const m = /^arn:aws:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(arn);
  if (!m || m[1] !== accountId) return undefined;
  const role = findRole(state, m[2]);
  return role && roleArn(accountId, role) === arn ? role : undefined;
}

export function userByArn(state: IamState, accountId: string, arn: string): User | undefined {
  const m = /^arn:aws:iam::(\d{12}):user\/(?:.*\/)?([^/]+)$/.exec(arn);
  if (!m || m[1] !== accountId) return undefined;
  const user = findUser(state, m[2]);
  return user && userArn(accountId, user) === arn ? user : undefined;
}

/** A managed policy's default document, customer or AWS managed. */
export interface ManagedPolicyView {
  Arn: string;
  PolicyName: string;
  PolicyId: string;
  Path: string;
  DefaultVersionId: string;
  Description?: string;
  CreateDate: Date;
  UpdateDate: Date;
  Document: string;
  Tags: Tag[];
  awsManaged: boolean;
}

export function managedPolicy(state: IamState, arn: string): ManagedPolicyView | undefined {
  const aws = awsManagedPolicy(arn);
  if (aws) return { ...aws, Tags: [], awsManaged: true };
  const p = state.policies[arn];
  if (!p) return undefined;
  const v = p.Versions.find((x) => x.VersionId === p.DefaultVersionId)!;
  return { ...p, Document: v.Document, awsManaged: false };
}

export function allManagedPolicies(state: IamState): ManagedPolicyView[] {
  return [
    ...AWS_MANAGED_POLICIES.map((p) => ({ ...p, Tags: [], awsManaged: true })),
    ...Object.keys(state.policies).map((arn) => managedPolicy(state, arn)!),
  ];
}

export function attachmentCounts(state: IamState, arn: string) {
  let attachments = 0;
  let boundaries = 0;
  for (const e of [...Object.values(state.roles), ...Object.values(state.users), ...Object.values(state.groups ?? {})]) {
    if (e.AttachedPolicies.includes(arn)) attachments++;
    if ('PermissionsBoundaryArn' in e && e.PermissionsBoundaryArn === arn) boundaries++;
  }
  return { AttachmentCount: attachments, PermissionsBoundaryUsageCount: boundaries };
}

/** The identity policies and boundary of a user or role, as the engine takes them. */
export function entityPolicies(
  state: IamState,
  kind: 'user' | 'role',
  entity: User | Role,
): { identityPolicies: NamedPolicy[]; permissionsBoundary?: NamedPolicy } {
  const name = kind === 'user' ? (entity as User).UserName : (entity as Role).RoleName;
  const identityPolicies: NamedPolicy[] = Object.entries(entity.InlinePolicies).map(([policyName, document]) => ({
    id: `${kind}/${name}/${policyName}`,
    document,
  }));
  for (const arn of entity.AttachedPolicies) {
    const p = managedPolicy(state, arn);
    if (p) identityPolicies.push({ id: arn, document: p.Document });
  }
  // A user's requests are also evaluated with the policies of every group the user belongs to.
  if (kind === 'user') {
    for (const g of groupsOfUser(state, name)) {
      for (const [policyName, document] of Object.entries(g.InlinePolicies)) identityPolicies.push({ id: `group/${g.GroupName}/${policyName}`, document });
      for (const arn of g.AttachedPolicies) {
        const p = managedPolicy(state, arn);
        if (p && !identityPolicies.some((x) => x.id === arn)) identityPolicies.push({ id: arn, document: p.Document });
      }
    }
  }
  const boundary = entity.PermissionsBoundaryArn ? managedPolicy(state, entity.PermissionsBoundaryArn) : undefined;
  return { identityPolicies, ...(boundary ? { permissionsBoundary: { id: boundary.Arn, document: boundary.Document } } : {}) };
}

/** Look up an IAM user access key, for SigV4 authentication. */
export function findAccessKey(state: IamState, id: string): { key: AccessKey; user: User } | undefined {
  const k = state.accessKeys[id];
  if (!k) return undefined;
  const user = findUser(state, k.UserName);
  return user ? { key: k, user } : undefined;
}

export function createAccessKey(state: IamState, userName: string, now: Date): AccessKey {
  const k: AccessKey = { AccessKeyId: accessKeyId('AKIA'), SecretAccessKey: secretAccessKey(), UserName: userName, Status: 'Active', CreateDate: now };
  state.accessKeys[k.AccessKeyId] = k;
  return k;
}

export function newUser(name: string, path: string, now: Date): User {
  return { UserName: name, UserId: uniqueId('AIDA'), Path: path, CreateDate: now, Tags: [], InlinePolicies: {}, AttachedPolicies: [] };
}

export function newGroup(name: string, path: string, now: Date): Group {
  return { GroupName: name, GroupId: uniqueId('AGPA'), Path: path, CreateDate: now, InlinePolicies: {}, AttachedPolicies: [], Members: [] };
}

export function newRole(name: string, path: string, trust: string, now: Date): Role {
  return {
    RoleName: name,
    RoleId: uniqueId('AROA'),
    Path: path,
    CreateDate: now,
    AssumeRolePolicyDocument: trust,
    MaxSessionDuration: 3600,
    Tags: [],
    InlinePolicies: {},
    AttachedPolicies: [],
  };
}

/**
 * A new sandbox account: the learner's administrator (user `admin` with AdministratorAccess and an access key)
 * and the read-only auditor role that checks assume.
 */
export function bootstrapAccount(state: IamState, accountId: string, now: Date) {
  const admin = newUser(ADMIN_USER, '/', now);
  admin.AttachedPolicies.push(ADMINISTRATOR_ACCESS);
  putUser(state, admin);
  createAccessKey(state, ADMIN_USER, now);
  const trust = JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${accountId}:root` }, Action: 'sts:AssumeRole' }],
  });
  const auditor = newRole(AUDITOR_ROLE, AUDITOR_PATH, trust, now);
  auditor.Description = 'Read-only role that Boundary Lab checks assume to inspect the account.';
  auditor.AttachedPolicies.push(READ_ONLY_ACCESS);
  auditor.InlinePolicies['lookup-events'] = JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: 'cloudtrail:LookupEvents', Resource: '*' }],
  });
  putRole(state, auditor);
}

/** The first active access key of the admin user: the learner's starting credentials. */
export function adminAccessKey(state: IamState): AccessKey | undefined {
  return Object.values(state.accessKeys).find((k) => k.UserName === ADMIN_USER && k.Status === 'Active');
}

/** Paginate a list the way IAM does: MaxItems (default 100), an opaque Marker, IsTruncated. */
export function paginate<T>(items: T[], input: { Marker?: string; MaxItems?: number }): { page: T[]; IsTruncated: boolean; Marker?: string } {
  let start = 0;
  if (input.Marker !== undefined) {
    const m = /^bl1:(\d+)$/.exec(input.Marker);
    // AWS difference: IAM's markers are opaque blobs; ours encode the position.
    if (!m) throw new AwsError('ValidationError', 'Invalid Marker.', 400);
    start = Number(m[1]);
  }
  const max = input.MaxItems ?? 100;
  const page = items.slice(start, start + max);
  const truncated = start + max < items.length;
  return { page, IsTruncated: truncated, ...(truncated ? { Marker: `bl1:${start + max}` } : {}) };
}

export function sortByName<T>(items: T[], name: (t: T) => string): T[] {
  return [...items].sort((a, b) => {
    const x = name(a).toLowerCase(), y = name(b).toLowerCase();
    return x < y ? -1 : x > y ? 1 : 0;
  });
}
