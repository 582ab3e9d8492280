/**
 * What the gateway authorizes for an operation the sandbox does not implement. AWS authorizes every operation
 * before it looks anything up, so a caller without permission must get AccessDenied, never "not implemented":
 * otherwise a learner probing an escalation reads the wrong lesson from the answer. Only an authorized caller
 * learns that the sandbox lacks the operation.
 *
 * AWS difference: the action is `<service>:<Operation>` and the resource is derived from the input's names (the
 * role, user, group, instance profile or policy the operation acts on, the S3 bucket or object, as the service
 * authorization reference lists them), else `*`. A few AWS actions differ from their operation's name, and some operations authorize more
 * than one action; the sandbox asks for this one only.
 */
import type { ServiceModel } from '../protocol/model';
import { findGroup, findRole, findUser, type IamState } from '../services/iam/model';

export function unimplementedAction(service: string, model: ServiceModel, operation: string): string {
  return `${model.metadata.signingName ?? service}:${operation}`;
}

/** The resource the IAM authorization reference names for an operation, found from its input's members. */
export function unimplementedResource(service: string, accountId: string, input: Record<string, any>, iam: IamState | undefined): string {
  if (service === 's3' && typeof input.Bucket === 'string' && input.Bucket) {
    return typeof input.Key === 'string' && input.Key ? `arn:aws:s3:::${input.Bucket}/${input.Key}` : `arn:aws:s3:::${input.Bucket}`;
  }
  if (service !== 'iam') return '*';
  const path = (existing: { Path: string } | undefined) => existing?.Path ?? (typeof input.Path === 'string' ? input.Path : '/');
  const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
  const role = str(input.RoleName);
  if (role) return `arn:aws:iam::${accountId}:role${path(iam && findRole(iam, role))}${role}`;
  const user = str(input.UserName);
  if (user) return `arn:aws:iam::${accountId}:user${path(iam && findUser(iam, user))}${user}`;
  const group = str(input.GroupName);
  if (group) return `arn:aws:iam::${accountId}:group${path(iam && findGroup(iam, group))}${group}`;
  const profile = str(input.InstanceProfileName);
  if (profile) return `arn:aws:iam::${accountId}:instance-profile${path(undefined)}${profile}`;
  for (const member of ['PolicyArn', 'OpenIDConnectProviderArn', 'SAMLProviderArn', 'SerialNumber']) {
    const arn = str(input[member]);
    if (arn?.startsWith('arn:')) return arn;
  }
  const policy = str(input.PolicyName);
  if (policy) return `arn:aws:iam::${accountId}:policy${path(undefined)}${policy}`;
  const certificate = str(input.ServerCertificateName);
  if (certificate) return `arn:aws:iam::${accountId}:server-certificate${path(undefined)}${certificate}`;
  const mfa = str(input.VirtualMFADeviceName);
  if (mfa) return `arn:aws:iam::${accountId}:mfa${path(undefined)}${mfa}`;
  return '*';
}
