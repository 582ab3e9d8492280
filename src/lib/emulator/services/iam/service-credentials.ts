/**
 * Service-specific credentials: a user's own name and password for CodeCommit and Amazon Keyspaces, or an API key
 * for Amazon Bedrock. Two per user per service, as IAM allows. Errors as IAM words them (NoSuchEntity for a missing
 * user, an unsupported service or an unknown credential id).
 */
import { secretAccessKey, uniqueId } from '../../core/ids';
import { AwsError, type OperationHandler } from '../../core/types';
import { limitExceeded } from './errors';
import { paginate, type IamState, type ServiceCredential } from './model';
import { callerUserName, user } from './users';

const SERVICES = ['codecommit.amazonaws.com', 'cassandra.amazonaws.com', 'bedrock.amazonaws.com'];
const DAY = 86_400_000;

function supported(service: string) {
  if (!SERVICES.includes(service)) {
    throw new AwsError('NoSuchEntity', `No such service ${service} is supported for Service Specific Credentials`, 404);
  }
}

const metadata = (c: ServiceCredential) => ({
  UserName: c.UserName,
  Status: c.Status,
  ...(c.ServiceUserName !== undefined ? { ServiceUserName: c.ServiceUserName } : {}),
  ...(c.ServiceCredentialAlias !== undefined ? { ServiceCredentialAlias: c.ServiceCredentialAlias } : {}),
  CreateDate: c.CreateDate,
  ...(c.ExpirationDate ? { ExpirationDate: c.ExpirationDate } : {}),
  ServiceSpecificCredentialId: c.ServiceSpecificCredentialId,
  ServiceName: c.ServiceName,
});

const withSecret = (c: ServiceCredential) => ({
  ...metadata(c),
  ...(c.ServicePassword !== undefined ? { ServicePassword: c.ServicePassword } : {}),
  ...(c.ServiceCredentialSecret !== undefined ? { ServiceCredentialSecret: c.ServiceCredentialSecret } : {}),
});

// A password has the shape AWS's have (60 characters ending in '='); nothing in the sandbox checks it.
// AWS difference: a Bedrock API key is `ABSK` and random text, not AWS's encoding of the key's owner and secret.
function newSecret(c: ServiceCredential) {
  if (c.ServiceName === 'bedrock.amazonaws.com') c.ServiceCredentialSecret = `ABSK${secretAccessKey()}`;
  else c.ServicePassword = `${secretAccessKey()}${secretAccessKey().slice(0, 19)}=`;
}

function credential(state: IamState, userName: string, id: string): ServiceCredential {
  const c = state.serviceCredentials[id];
  if (!c || c.UserName !== userName) throw new AwsError('NoSuchEntity', `No such credential ${id} exists`, 404);
  return c;
}

export const serviceCredentialOperations: Record<string, OperationHandler<IamState>> = {
  CreateServiceSpecificCredential(input, ctx) {
    const u = user(ctx, 'CreateServiceSpecificCredential', input.UserName);
    supported(input.ServiceName);
    const mine = Object.values(ctx.state.serviceCredentials).filter((c) => c.UserName === u.UserName && c.ServiceName === input.ServiceName);
    if (mine.length >= 2) throw limitExceeded('Cannot exceed quota for ServiceSpecificCredentialsPerUserPerService: 2');
    const now = ctx.now();
    const login = `${u.UserName}-at-${ctx.accountId}`;
    const bedrock = input.ServiceName === 'bedrock.amazonaws.com';
    const c: ServiceCredential = {
      ServiceSpecificCredentialId: uniqueId('ACCA'),
      UserName: u.UserName,
      ServiceName: input.ServiceName,
      Status: 'Active',
      CreateDate: now,
      ...(bedrock ? { ServiceCredentialAlias: login } : { ServiceUserName: login }),
      ...(input.CredentialAgeDays !== undefined ? { ExpirationDate: new Date(now.getTime() + input.CredentialAgeDays * DAY) } : {}),
    };
    newSecret(c);
    ctx.state.serviceCredentials[c.ServiceSpecificCredentialId] = c;
    return { ServiceSpecificCredential: withSecret(c) };
  },
  ListServiceSpecificCredentials(input, ctx) {
    const u = user(ctx, 'ListServiceSpecificCredentials', callerUserName(ctx, input.UserName));
    if (input.ServiceName !== undefined) supported(input.ServiceName);
    const list = Object.values(ctx.state.serviceCredentials).filter(
      (c) => (input.AllUsers || c.UserName === u.UserName) && (input.ServiceName === undefined || c.ServiceName === input.ServiceName),
    );
    const { page, IsTruncated, Marker } = paginate(list, input);
    return { ServiceSpecificCredentials: page.map(metadata), IsTruncated, ...(Marker ? { Marker } : {}) };
  },
  ResetServiceSpecificCredential(input, ctx) {
    const u = user(ctx, 'ResetServiceSpecificCredential', callerUserName(ctx, input.UserName));
    const c = credential(ctx.state, u.UserName, input.ServiceSpecificCredentialId);
    newSecret(c);
    return { ServiceSpecificCredential: withSecret(c) };
  },
  UpdateServiceSpecificCredential(input, ctx) {
    const u = user(ctx, 'UpdateServiceSpecificCredential', callerUserName(ctx, input.UserName));
    credential(ctx.state, u.UserName, input.ServiceSpecificCredentialId).Status = input.Status;
  },
  DeleteServiceSpecificCredential(input, ctx) {
    const u = user(ctx, 'DeleteServiceSpecificCredential', callerUserName(ctx, input.UserName));
    credential(ctx.state, u.UserName, input.ServiceSpecificCredentialId);
    delete ctx.state.serviceCredentials[input.ServiceSpecificCredentialId];
  },
};
