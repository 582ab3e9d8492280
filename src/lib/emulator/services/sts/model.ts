/**
 * STS's state: the temporary credentials it has issued (AssumeRole, GetSessionToken and the service sessions
 * Lambda and Step Functions start). The gateway authenticates ASIA… keys here.
 */
import { accessKeyId, secretAccessKey, sessionToken } from '../../core/ids';
import type { Tag } from '../iam/model';

export interface Session {
  AccessKeyId: string;
  SecretAccessKey: string;
  SessionToken: string;
  Expiration: Date;
  IssuedAt: Date;
  kind: 'AssumedRole' | 'SessionToken' | 'FederationToken';
  /** AssumedRole: the role's ARN, unique id and the session name. */
  RoleArn?: string;
  RoleId?: string;
  RoleSessionName?: string;
  /** SessionToken and FederationToken: the user whose session it is (and its unique id, for a federated user). */
  UserName?: string;
  UserId?: string;
  /** FederationToken: the name the caller gave the federated user. */
  FederatedUserName?: string;
  /** Session policies (AssumeRole Policy / PolicyArns): inline documents and managed policy ARNs. */
  Policy?: string;
  PolicyArns?: string[];
  Tags: Tag[];
  TransitiveTagKeys: string[];
  SourceIdentity?: string;
  /** The service principal that assumed the role, for service sessions (lambda.amazonaws.com). */
  ServicePrincipal?: string;
}

export interface StsState {
  sessions: Record<string, Session>;
}

export function emptyStsState(): StsState {
  return { sessions: {} };
}

export function issueSession(state: StsState, fields: Omit<Session, 'AccessKeyId' | 'SecretAccessKey' | 'SessionToken'>): Session {
  const s: Session = { AccessKeyId: accessKeyId('ASIA'), SecretAccessKey: secretAccessKey(), SessionToken: sessionToken(), ...fields };
  state.sessions[s.AccessKeyId] = s;
  return s;
}

export function findSession(state: StsState, id: string): Session | undefined {
  return state.sessions[id];
}

/** Forget sessions that expired more than a day ago, so the saved state does not grow without end. */
export function pruneSessions(state: StsState, now: Date) {
  for (const [id, s] of Object.entries(state.sessions)) {
    if (s.Expiration.getTime() < now.getTime() - 86_400_000) delete state.sessions[id];
  }
}

export function federatedUserArn(accountId: string, name: string) {
  return `arn:aws:sts::${accountId}:federated-user/${name}`;
}

export function assumedRoleArn(accountId: string, roleName: string, sessionName: string) {
  return `arn:aws:sts::${accountId}:assumed-role/${roleName}/${sessionName}`;
}
