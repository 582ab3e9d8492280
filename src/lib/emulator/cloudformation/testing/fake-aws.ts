/**
 * Test support: an SDK v3 request handler that answers IAM, Lambda, Step Functions, Logs and S3 calls with canned
 * responses (or an AccessDenied chosen by the test), so the stack engine's tests exercise the real SDK clients
 * before (and independently of) the real gateway.
 */
import { HttpResponse, type HttpRequest } from '@smithy/protocol-http';
import type { SdkClientConfig, Credentials } from '../../core/types';

export interface FakeCall {
  service: 'iam' | 'lambda' | 'states' | 'logs' | 's3';
  action: string;
  params: Record<string, any>;
  accessKeyId: string;
}

export interface FakeAwsOptions {
  accountId?: string;
  /** Return an error message to deny the call (403 AccessDenied), undefined to allow. */
  deny?: (call: FakeCall) => string | undefined;
  /** Return [code, message, status] to fail a call with another error. */
  fail?: (call: FakeCall) => [string, string, number] | undefined;
}

let counter = 0;
const requestId = () => `req-${(++counter).toString().padStart(4, '0')}`;

async function text(body: unknown): Promise<string> {
  if (body === undefined || body === null) return '';
  if (typeof body === 'string') return body;
  if (body instanceof Uint8Array) return new TextDecoder().decode(body);
  return new TextDecoder().decode(new Uint8Array(await new Response(body as BodyInit).arrayBuffer()));
}

function accessKeyOf(req: HttpRequest): string {
  const auth = req.headers.authorization ?? req.headers.Authorization ?? '';
  return /Credential=([^/]+)\//.exec(auth)?.[1] ?? '';
}

function identify(req: HttpRequest, body: string): Omit<FakeCall, 'accessKeyId'> {
  const host = req.hostname;
  const target = req.headers['x-amz-target'] ?? req.headers['X-Amz-Target'];
  if (host.startsWith('iam.')) {
    const params = Object.fromEntries(new URLSearchParams(body));
    return { service: 'iam', action: params.Action, params };
  }
  if (target?.startsWith('AWSStepFunctions.')) return { service: 'states', action: target.split('.')[1], params: JSON.parse(body || '{}') };
  if (target?.startsWith('Logs_20140328.')) return { service: 'logs', action: target.split('.')[1], params: JSON.parse(body || '{}') };
  if (host.startsWith('lambda.')) {
    const path = req.path;
    const m = /^\/2015-03-31\/functions(?:\/([^/]+))?(?:\/(policy|code|configuration))?(?:\/([^/]+))?/.exec(path);
    const name = m?.[1] ? decodeURIComponent(m[1]) : undefined;
    const params = { ...(body ? JSON.parse(body) : {}), ...(name ? { FunctionName: name } : {}), ...(m?.[3] ? { StatementId: decodeURIComponent(m[3]) } : {}) };
    const action = req.method === 'POST' && !m?.[2] && !name ? 'CreateFunction'
      : req.method === 'DELETE' && !m?.[2] ? 'DeleteFunction'
        : m?.[2] === 'policy' && req.method === 'POST' ? 'AddPermission'
          : m?.[2] === 'policy' && req.method === 'DELETE' ? 'RemovePermission'
            : m?.[2] === 'code' ? 'UpdateFunctionCode'
              : m?.[2] === 'configuration' ? 'UpdateFunctionConfiguration' : `${req.method} ${path}`;
    return { service: 'lambda', action, params };
  }
  const bucket = req.path.split('/')[1] || host.split('.')[0];
  return { service: 's3', action: req.method === 'PUT' ? 'CreateBucket' : req.method === 'DELETE' ? 'DeleteBucket' : req.method, params: { Bucket: bucket } };
}

export class FakeAws {
  readonly calls: FakeCall[] = [];
  readonly accountId: string;

  constructor(private readonly options: FakeAwsOptions = {}) {
    this.accountId = options.accountId ?? '123456789012';
  }

  sdkConfig = (credentials: Credentials): SdkClientConfig => ({
    region: 'us-east-1', credentials, requestHandler: this.handler, maxAttempts: 1,
  });

  actions(service?: FakeCall['service']): string[] {
    return this.calls.filter((c) => !service || c.service === service).map((c) => c.action);
  }

  readonly handler = {
    metadata: { handlerProtocol: 'http/1.1' },
    handle: async (req: HttpRequest): Promise<{ response: HttpResponse }> => {
      const body = await text(req.body);
      const call: FakeCall = { ...identify(req, body), accessKeyId: accessKeyOf(req) };
      this.calls.push(call);
      const id = requestId();
      const denied = this.options.deny?.(call);
      if (denied) return { response: this.error(call, call.service === 'iam' || call.service === 's3' ? 'AccessDenied' : 'AccessDeniedException', denied, 403, id) };
      const failed = this.options.fail?.(call);
      if (failed) return { response: this.error(call, failed[0], failed[1], failed[2], id) };
      return { response: this.ok(call, id) };
    },
    updateHttpClientConfig() {},
    httpHandlerConfigs: () => ({}),
    destroy() {},
  };

  private error(call: FakeCall, code: string, message: string, status: number, id: string): HttpResponse {
    if (call.service === 'iam') {
      return xml(status, `<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Sender</Type><Code>${code}</Code><Message>${esc(message)}</Message></Error><RequestId>${id}</RequestId></ErrorResponse>`, id);
    }
    if (call.service === 's3') {
      return xml(status, `<Error><Code>${code}</Code><Message>${esc(message)}</Message><RequestId>${id}</RequestId><HostId>host-${id}</HostId></Error>`, id, { 'x-amz-id-2': `host-${id}` });
    }
    return json(status, { __type: code, message, Message: message }, id, { 'x-amzn-errortype': code });
  }

  private ok(call: FakeCall, id: string): HttpResponse {
    const acct = this.accountId;
    const p = call.params;
    switch (call.service) {
      case 'iam': {
        if (call.action === 'CreateRole') {
          const path = p.Path ?? '/';
          return xml(200, `<CreateRoleResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><CreateRoleResult><Role><Path>${path}</Path><RoleName>${p.RoleName}</RoleName><RoleId>AROAFAKE${p.RoleName.length}</RoleId><Arn>arn:aws:iam::${acct}:role${path}${p.RoleName}</Arn><CreateDate>2024-01-01T00:00:00Z</CreateDate><AssumeRolePolicyDocument>x</AssumeRolePolicyDocument></Role></CreateRoleResult><ResponseMetadata><RequestId>${id}</RequestId></ResponseMetadata></CreateRoleResponse>`, id);
        }
        if (call.action === 'CreatePolicy') {
          const path = p.Path ?? '/';
          return xml(200, `<CreatePolicyResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><CreatePolicyResult><Policy><PolicyName>${p.PolicyName}</PolicyName><DefaultVersionId>v1</DefaultVersionId><PolicyId>ANPAFAKE</PolicyId><Path>${path}</Path><Arn>arn:aws:iam::${acct}:policy${path}${p.PolicyName}</Arn><AttachmentCount>0</AttachmentCount><IsAttachable>true</IsAttachable><CreateDate>2024-01-01T00:00:00Z</CreateDate><UpdateDate>2024-01-01T00:00:00Z</UpdateDate></Policy></CreatePolicyResult><ResponseMetadata><RequestId>${id}</RequestId></ResponseMetadata></CreatePolicyResponse>`, id);
        }
        if (call.action === 'ListPolicyVersions') {
          return xml(200, `<ListPolicyVersionsResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><ListPolicyVersionsResult><Versions><member><VersionId>v1</VersionId><IsDefaultVersion>true</IsDefaultVersion><CreateDate>2024-01-01T00:00:00Z</CreateDate></member></Versions><IsTruncated>false</IsTruncated></ListPolicyVersionsResult><ResponseMetadata><RequestId>${id}</RequestId></ResponseMetadata></ListPolicyVersionsResponse>`, id);
        }
        if (call.action === 'CreatePolicyVersion') {
          return xml(200, `<CreatePolicyVersionResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><CreatePolicyVersionResult><PolicyVersion><VersionId>v2</VersionId><IsDefaultVersion>true</IsDefaultVersion></PolicyVersion></CreatePolicyVersionResult><ResponseMetadata><RequestId>${id}</RequestId></ResponseMetadata></CreatePolicyVersionResponse>`, id);
        }
        const made = IAM_CREATES[call.action]?.(p, acct);
        if (made) return xml(200, `<${call.action}Response xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><${call.action}Result>${made}</${call.action}Result><ResponseMetadata><RequestId>${id}</RequestId></ResponseMetadata></${call.action}Response>`, id);
        return xml(200, `<${call.action}Response xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><ResponseMetadata><RequestId>${id}</RequestId></ResponseMetadata></${call.action}Response>`, id);
      }
      case 'lambda':
        if (call.action === 'CreateFunction') return json(201, { FunctionName: p.FunctionName, FunctionArn: `arn:aws:lambda:us-east-1:${acct}:function:${p.FunctionName}` }, id);
        if (call.action === 'AddPermission') return json(201, { Statement: JSON.stringify({ Sid: p.StatementId }) }, id);
        if (call.action.startsWith('Delete') || call.action === 'RemovePermission') return json(204, undefined, id);
        return json(200, { FunctionName: p.FunctionName }, id);
      case 'states':
        if (call.action === 'CreateStateMachine') return json(200, { stateMachineArn: `arn:aws:states:us-east-1:${acct}:stateMachine:${p.name}`, creationDate: 1704067200 }, id);
        if (call.action === 'UpdateStateMachine') return json(200, { updateDate: 1704067200 }, id);
        return json(200, {}, id);
      case 'logs':
        return json(200, {}, id);
      case 's3':
        return new HttpResponse({ statusCode: call.action === 'DeleteBucket' ? 204 : 200, headers: { 'x-amz-request-id': id }, body: new Uint8Array() });
    }
  }
}

/** The result bodies of IAM's create calls that resource handlers read. */
const IAM_CREATES: Record<string, (p: Record<string, any>, acct: string) => string> = {
  CreateUser: (p, acct) => `<User><Path>${p.Path ?? '/'}</Path><UserName>${p.UserName}</UserName><UserId>AIDAFAKE</UserId><Arn>arn:aws:iam::${acct}:user${p.Path ?? '/'}${p.UserName}</Arn><CreateDate>2024-01-01T00:00:00Z</CreateDate></User>`,
  CreateGroup: (p, acct) => `<Group><Path>${p.Path ?? '/'}</Path><GroupName>${p.GroupName}</GroupName><GroupId>AGPAFAKE</GroupId><Arn>arn:aws:iam::${acct}:group${p.Path ?? '/'}${p.GroupName}</Arn><CreateDate>2024-01-01T00:00:00Z</CreateDate></Group>`,
  CreateInstanceProfile: (p, acct) => `<InstanceProfile><Path>${p.Path ?? '/'}</Path><InstanceProfileName>${p.InstanceProfileName}</InstanceProfileName><InstanceProfileId>AIPAFAKE</InstanceProfileId><Arn>arn:aws:iam::${acct}:instance-profile${p.Path ?? '/'}${p.InstanceProfileName}</Arn><CreateDate>2024-01-01T00:00:00Z</CreateDate><Roles/></InstanceProfile>`,
  CreateAccessKey: (p) => `<AccessKey><UserName>${p.UserName}</UserName><AccessKeyId>AKIAFAKEKEY0000000001</AccessKeyId><Status>Active</Status><SecretAccessKey>fake-secret</SecretAccessKey><CreateDate>2024-01-01T00:00:00Z</CreateDate></AccessKey>`,
  CreateServiceLinkedRole: (p, acct) => {
    const name = `AWSServiceRoleFor${String(p.AWSServiceName).split('.')[0].replace(/^./, (c) => c.toUpperCase())}${p.CustomSuffix ? `_${p.CustomSuffix}` : ''}`;
    return `<Role><Path>/aws-service-role/${p.AWSServiceName}/</Path><RoleName>${name}</RoleName><RoleId>AROAFAKESLR</RoleId><Arn>arn:aws:iam::${acct}:role/aws-service-role/${p.AWSServiceName}/${name}</Arn><CreateDate>2024-01-01T00:00:00Z</CreateDate></Role>`;
  },
  DeleteServiceLinkedRole: () => '<DeletionTaskId>task/aws-service-role/fake</DeletionTaskId>',
};

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function xml(status: number, body: string, id: string, headers: Record<string, string> = {}) {
  return new HttpResponse({ statusCode: status, headers: { 'content-type': 'text/xml', 'x-amzn-requestid': id, 'x-amz-request-id': id, ...headers }, body: new TextEncoder().encode(body) });
}

function json(status: number, body: unknown, id: string, headers: Record<string, string> = {}) {
  return new HttpResponse({
    statusCode: status,
    headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': id, ...headers },
    body: new TextEncoder().encode(body === undefined ? '' : JSON.stringify(body)),
  });
}
