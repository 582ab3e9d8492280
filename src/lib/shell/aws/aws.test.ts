import { HttpResponse, type HttpRequest } from '@smithy/protocol-http';
import { describe, expect, it } from 'vitest';
import { runAws, type AwsCommandIO } from './index';
import { ShorthandParser } from './shorthand';
import { parseIni, resolveConfig } from './config';
import { formatText } from './output/text';
import { formatTable } from './output/table';
import { closeMatches } from './choices';

interface Seen {
  target?: string;
  body: string;
  headers: Record<string, string>;
  path: string;
}

/** An SDK v3 requestHandler answering from a function, recording each request. */
function fakeHandler(answer: (req: Seen) => { status?: number; body: string; headers?: Record<string, string> }) {
  const seen: Seen[] = [];
  return {
    seen,
    handler: {
      async handle(request: HttpRequest) {
        const body = typeof request.body === 'string' ? request.body : request.body ? new TextDecoder().decode(request.body as Uint8Array) : '';
        const s: Seen = { target: request.headers['x-amz-target'], body, headers: request.headers, path: request.path };
        seen.push(s);
        const a = answer(s);
        return {
          response: new HttpResponse({
            statusCode: a.status ?? 200,
            headers: { 'content-type': 'text/xml', ...(a.headers ?? {}) },
            // A Web stream, as the emulator's in-process handler answers (SDK v3 accepts it in browsers and Node).
            body: new Response(new TextEncoder().encode(a.body)).body,
          }),
        };
      },
    },
  };
}

const CREDS = { AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret', AWS_DEFAULT_REGION: 'us-east-1', HOME: '/home/learner' };

async function run(argv: string[], opts: { env?: Record<string, string | undefined>; files?: Record<string, string>; handler?: unknown; signal?: AbortSignal } = {}) {
  let stdout = '';
  let stderr = '';
  const written = new Map<string, Uint8Array>();
  const files = new Map(Object.entries(opts.files ?? {}).map(([k, v]) => [k, new TextEncoder().encode(v)]));
  const io: AwsCommandIO = {
    argv,
    env: opts.env ?? CREDS,
    cwd: '/home/learner',
    readFile: async (p) => files.get(p),
    writeFile: async (p, d) => void written.set(p, d),
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    transport: { requestHandler: opts.handler, endpoint: 'https://sandbox.invalid' },
    sleep: async () => {},
    signal: opts.signal,
  };
  const status = await runAws(io);
  return { status, stdout, stderr, written };
}

const POLICY = encodeURIComponent(JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 'sts:AssumeRole' }] }));
const GET_ROLE = `<GetRoleResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><GetRoleResult><Role>
<Path>/</Path><RoleName>builder</RoleName><RoleId>AROAEXAMPLE</RoleId><Arn>arn:aws:iam::123456789012:role/builder</Arn>
<CreateDate>2026-11-29T05:00:00Z</CreateDate><AssumeRolePolicyDocument>${POLICY}</AssumeRolePolicyDocument><MaxSessionDuration>3600</MaxSessionDuration>
</Role></GetRoleResult><ResponseMetadata><RequestId>r1</RequestId></ResponseMetadata></GetRoleResponse>`;

const USAGE_HEAD =
  '\nusage: aws [options] <command> <subcommand> [<subcommand> ...] [parameters]\nTo see help text, you can run:\n\n  aws help\n  aws <command> help\n  aws <command> <subcommand> help\n\n';

describe('aws: calls and output', () => {
  it('prints get-role as CLI v2 JSON: 4 spaces, model order, v2 timestamps, decoded policy', async () => {
    const fake = fakeHandler(() => ({ body: GET_ROLE }));
    const r = await run(['iam', 'get-role', '--role-name', 'builder'], { handler: fake.handler });
    expect(r.status).toBe(0);
    expect(fake.seen[0].body).toContain('Action=GetRole');
    expect(fake.seen[0].body).toContain('RoleName=builder');
    expect(r.stdout).toBe(`{
    "Role": {
        "Path": "/",
        "RoleName": "builder",
        "RoleId": "AROAEXAMPLE",
        "Arn": "arn:aws:iam::123456789012:role/builder",
        "CreateDate": "2026-11-29T05:00:00+00:00",
        "AssumeRolePolicyDocument": {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": {
                        "AWS": "arn:aws:iam::123456789012:root"
                    },
                    "Action": "sts:AssumeRole"
                }
            ]
        },
        "MaxSessionDuration": 3600
    }
}
`);
  });

  it('applies --query and --output text', async () => {
    const fake = fakeHandler(() => ({ body: GET_ROLE }));
    const r = await run(['iam', 'get-role', '--role-name', 'builder', '--query', 'Role.Arn', '--output', 'text'], { handler: fake.handler });
    expect(r.stdout).toBe('arn:aws:iam::123456789012:role/builder\n');
  });

  it('prints a service error as the CLI does, exit 254', async () => {
    const fake = fakeHandler(() => ({
      status: 403,
      body: '<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>User: arn:aws:sts::123456789012:assumed-role/builder/builder-test is not authorized to perform: iam:CreatePolicyVersion on resource: policy arn:aws:iam::123456789012:policy/builder_policies/builder because no identity-based policy allows the iam:CreatePolicyVersion action</Message></Error><RequestId>x</RequestId></ErrorResponse>',
    }));
    const r = await run(
      ['iam', 'create-policy-version', '--policy-arn', 'arn:aws:iam::123456789012:policy/builder_policies/builder', '--policy-document', 'file://builder-policy.json', '--set-as-default'],
      { handler: fake.handler, files: { '/home/learner/builder-policy.json': '{"Version":"2012-10-17","Statement":[]}' } },
    );
    expect(r.status).toBe(254);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      '\nAn error occurred (AccessDenied) when calling the CreatePolicyVersion operation: User: arn:aws:sts::123456789012:assumed-role/builder/builder-test is not authorized to perform: iam:CreatePolicyVersion on resource: policy arn:aws:iam::123456789012:policy/builder_policies/builder because no identity-based policy allows the iam:CreatePolicyVersion action\n',
    );
    expect(decodeURIComponent(fake.seen[0].body)).toContain('SetAsDefault=true');
    expect(decodeURIComponent(fake.seen[0].body)).toContain('PolicyDocument={"Version":"2012-10-17","Statement":[]}');
  });

  it('sends cloudtrail lookup-events with shorthand --lookup-attributes (JSON protocol)', async () => {
    const fake = fakeHandler(() => ({
      body: JSON.stringify({ Events: [{ EventId: 'e1', EventName: 'CreateBucket', EventTime: 1795928400, Username: 'builder-test' }] }),
      headers: { 'content-type': 'application/x-amz-json-1.1' },
    }));
    const r = await run(['cloudtrail', 'lookup-events', '--lookup-attributes', 'AttributeKey=EventName,AttributeValue=CreateBucket'], { handler: fake.handler });
    expect(r.stderr).toBe('');
    expect(fake.seen[0].target).toBe('CloudTrail_20131101.LookupEvents');
    expect(JSON.parse(fake.seen[0].body)).toEqual({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'CreateBucket' }] });
    expect(JSON.parse(r.stdout)).toEqual({ Events: [{ EventId: 'e1', EventName: 'CreateBucket', EventTime: '2026-11-29T05:00:00+00:00', Username: 'builder-test' }] });
  });

  it('lambda invoke writes the payload to the outfile and prints the rest', async () => {
    const fake = fakeHandler(() => ({ body: '"Hello Builder!"', headers: { 'content-type': 'application/json', 'x-amz-executed-version': '$LATEST' } }));
    const r = await run(['lambda', 'invoke', '--function-name', 'f', '--cli-binary-format', 'raw-in-base64-out', '--payload', '{"a":1}', 'out.json'], { handler: fake.handler });
    expect(r.stderr).toBe('');
    expect(fake.seen[0].body).toBe('{"a":1}');
    expect(new TextDecoder().decode(r.written.get('/home/learner/out.json'))).toBe('"Hello Builder!"');
    expect(r.stdout).toBe('{\n    "StatusCode": 200,\n    "ExecutedVersion": "$LATEST"\n}\n');
  });

  it('reads --payload as base64 by default, as CLI v2 does', async () => {
    const r = await run(['lambda', 'invoke', '--function-name', 'f', '--payload', '{"a":1}', 'out.json'], { handler: fakeHandler(() => ({ body: '' })).handler });
    expect(r.status).toBe(255);
    expect(r.stderr).toBe('\nInvalid base64: "{"a":1}"\n');
  });

  it('auto-paginates list operations and merges the pages', async () => {
    const page = (names: string[], marker?: string) =>
      `<ListRolesResponse><ListRolesResult><Roles>${names.map((n) => `<member><Path>/</Path><RoleName>${n}</RoleName><RoleId>id</RoleId><Arn>arn:aws:iam::1:role/${n}</Arn><CreateDate>2026-11-29T05:00:00.123Z</CreateDate></member>`).join('')}</Roles><IsTruncated>${marker ? 'true' : 'false'}</IsTruncated>${marker ? `<Marker>${marker}</Marker>` : ''}</ListRolesResult></ListRolesResponse>`;
    const fake = fakeHandler((req) => ({ body: req.body.includes('Marker=m1') ? page(['b']) : page(['a'], 'm1') }));
    const r = await run(['iam', 'list-roles', '--query', 'Roles[].[RoleName,CreateDate]', '--output', 'text'], { handler: fake.handler });
    expect(fake.seen).toHaveLength(2);
    expect(r.stdout).toBe('a\t2026-11-29T05:00:00.123000+00:00\nb\t2026-11-29T05:00:00.123000+00:00\n');
  });

  it('waits for stack-create-complete and reports a terminal failure like botocore', async () => {
    let n = 0;
    const stack = (status: string) => `<DescribeStacksResponse><DescribeStacksResult><Stacks><member><StackName>s</StackName><StackId>id</StackId><CreationTime>2026-11-29T05:00:00Z</CreationTime><StackStatus>${status}</StackStatus></member></Stacks></DescribeStacksResult></DescribeStacksResponse>`;
    const ok = fakeHandler(() => ({ body: stack(n++ < 2 ? 'CREATE_IN_PROGRESS' : 'CREATE_COMPLETE') }));
    expect((await run(['cloudformation', 'wait', 'stack-create-complete', '--stack-name', 's'], { handler: ok.handler })).status).toBe(0);
    expect(ok.seen).toHaveLength(3);
    const failed = await run(['cloudformation', 'wait', 'stack-create-complete', '--stack-name', 's'], { handler: fakeHandler(() => ({ body: stack('ROLLBACK_COMPLETE') })).handler });
    expect(failed.status).toBe(255);
    expect(failed.stderr).toBe('\nWaiter StackCreateComplete failed: Waiter encountered a terminal failure state: For expression "Stacks[].StackStatus" we matched expected path: "ROLLBACK_COMPLETE" at least once\n');
  });
});

describe('aws: more outputs and failures', () => {
  it('prints yaml the way CLI v2 does (sorted keys, quoted timestamps)', async () => {
    const r = await run(['iam', 'get-role', '--role-name', 'builder', '--output', 'yaml', '--query', 'Role.{Arn:Arn,CreateDate:CreateDate,Path:Path}'], { handler: fakeHandler(() => ({ body: GET_ROLE })).handler });
    expect(r.stdout).toBe("Arn: arn:aws:iam::123456789012:role/builder\nCreateDate: '2026-11-29T05:00:00+00:00'\nPath: /\n");
  });

  it('stops on Ctrl-C with status 130', async () => {
    const controller = new AbortController();
    const handler = {
      handle: (_req: HttpRequest, opts?: { abortSignal?: AbortSignal }) =>
        new Promise((_resolve, reject) => {
          opts?.abortSignal?.addEventListener('abort', () => reject(Object.assign(new Error('Request aborted'), { name: 'AbortError' })));
          setTimeout(() => controller.abort(), 5);
        }),
    };
    const r = await run(['sts', 'get-caller-identity'], { handler, signal: controller.signal });
    expect(r.status).toBe(130);
    expect(r.stdout).toBe('\n');
  });

  it('asks for a region when none is configured (exit 253)', async () => {
    const r = await run(['cloudformation', 'describe-stacks'], { env: { AWS_ACCESS_KEY_ID: 'a', AWS_SECRET_ACCESS_KEY: 'b', HOME: '/home/learner' } });
    expect(r.status).toBe(253);
    expect(r.stderr).toBe('\nYou must specify a region. You can also configure your region by running "aws configure".\n');
  });

  it('reports an answer it cannot parse as botocore does, with the retries', async () => {
    const fake = fakeHandler(() => ({ status: 500, body: '<html>oops</html>', headers: { 'content-type': 'text/html' } }));
    const r = await run(['stepfunctions', 'list-state-machines'], { handler: fake.handler });
    expect(r.status).toBe(254);
    expect(r.stderr).toBe(`\nAn error occurred (500) when calling the ListStateMachines operation (reached max retries: ${fake.seen.length - 1}): Unknown\n`);
    expect(fake.seen.length).toBe(3);
  });

  it('logs to stderr with --debug', async () => {
    const r = await run(['iam', 'get-role', '--role-name', 'builder', '--debug'], { handler: fakeHandler(() => ({ body: GET_ROLE })).handler });
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/ - MainThread - awscli\.clidriver - DEBUG - Arguments entered to CLI: \['iam', 'get-role', '--role-name', 'builder', '--debug'\]\n/);
    expect(r.stderr).toContain("Making request for OperationModel(name=GetRole) with params: {'RoleName': 'builder'}");
  });
});

describe('aws s3api streaming blobs', () => {
  it('reads put-object --body from a path and writes get-object to the outfile', async () => {
    const fake = fakeHandler((req): { body: string; headers: Record<string, string> } =>
      req.body ? { body: '', headers: { etag: '"abc"' } } : { body: 'hello', headers: { etag: '"abc"', 'content-type': 'text/plain', 'content-length': '5' } },
    );
    const put = await run(['s3api', 'put-object', '--bucket', 'b', '--key', 'k', '--body', 'hello.txt'], { handler: fake.handler, files: { '/home/learner/hello.txt': 'hello' } });
    expect(put.stderr).toBe('');
    expect(fake.seen[0].body).toBe('hello');
    expect(put.stdout).toBe('{\n    "ETag": "\\"abc\\""\n}\n');
    const missing = await run(['s3api', 'put-object', '--bucket', 'b', '--key', 'k', '--body', 'nope.txt'], { handler: fake.handler });
    expect(missing.stderr).toBe("\nError parsing parameter '--body': Blob values must be a path to a file.\n");
    const get = await run(['s3api', 'get-object', '--bucket', 'b', '--key', 'k', 'out.txt'], { handler: fake.handler });
    expect(get.stderr).toBe('');
    expect(new TextDecoder().decode(get.written.get('/home/learner/out.txt'))).toBe('hello');
    expect(JSON.parse(get.stdout)).toMatchObject({ ETag: '"abc"', ContentType: 'text/plain' });
  });
});

describe('aws logs tail', () => {
  it('prints FilterLogEvents as CLI v2 does (detailed and short)', async () => {
    const events = [
      { logStreamName: '2026/11/29/[$LATEST]abc', timestamp: 1795928400123, message: '[ERROR] ClientError: An error occurred (AccessDenied) when calling the CreateBucket operation: Access Denied\n', eventId: '1' },
    ];
    const fake = fakeHandler(() => ({ body: JSON.stringify({ events, searchedLogStreams: [] }), headers: { 'content-type': 'application/x-amz-json-1.1' } }));
    const detailed = await run(['logs', 'tail', '/aws/lambda/fn', '--since', '1h'], { handler: fake.handler });
    expect(detailed.stderr).toBe('');
    expect(detailed.stdout).toBe('2026-11-29T05:00:00.123000+00:00 2026/11/29/[$LATEST]abc [ERROR] ClientError: An error occurred (AccessDenied) when calling the CreateBucket operation: Access Denied\n');
    const sent = JSON.parse(fake.seen[0].body);
    expect(sent).toMatchObject({ logGroupName: '/aws/lambda/fn', interleaved: true });
    expect(Math.abs(Date.now() - 3600_000 - sent.startTime)).toBeLessThan(60_000);
    const short = await run(['logs', 'tail', '/aws/lambda/fn', '--format', 'short'], { handler: fake.handler });
    expect(short.stdout).toBe('2026-11-29T05:00:00 [ERROR] ClientError: An error occurred (AccessDenied) when calling the CreateBucket operation: Access Denied\n');
  });
});

describe('aws: arguments and usage errors', () => {
  it('requires members the model requires (exit 252, usage lines)', async () => {
    const r = await run(['iam', 'get-role']);
    expect(r.status).toBe(252);
    expect(r.stderr).toBe(`${USAGE_HEAD}aws: error: the following arguments are required: --role-name\n\n`);
  });

  it('rejects unknown options and operations', async () => {
    expect((await run(['iam', 'get-role', '--role-name', 'x', '--bogus', 'y'])).stderr).toBe(`${USAGE_HEAD}Unknown options: --bogus, y\n\n`);
    const bad = await run(['iam', 'get-rolex']);
    expect(bad.status).toBe(252);
    expect(bad.stderr).toContain("Invalid choice: 'get-rolex', maybe you meant:\n\n  * get-role\n");
  });

  it('checks global option choices like argparse', async () => {
    const r = await run(['sts', 'get-caller-identity', '--output', 'jsonx']);
    expect(r.status).toBe(252);
    expect(r.stderr).toBe(
      `${USAGE_HEAD}aws: error: argument --output: Invalid choice, valid choices are:\n\n${'json'.padEnd(40)} | ${'text'.padEnd(40)}\n${'table'.padEnd(40)} | ${'yaml'.padEnd(40)}\n${'yaml-stream'.padEnd(40)}\n\n\nInvalid choice: 'jsonx', maybe you meant:\n\n  * json\n\n`,
    );
  });

  it('reports a missing file:// parameter', async () => {
    const r = await run(['iam', 'create-policy', '--policy-name', 'p', '--policy-document', 'file://nope.json']);
    expect(r.status).toBe(252);
    expect(r.stderr).toBe("\nError parsing parameter '--policy-document': Unable to load paramfile file://nope.json: [Errno 2] No such file or directory: 'nope.json'\n");
  });

  it('validates JSON parameters like botocore', async () => {
    const r = await run(['cloudformation', 'create-stack', '--stack-name', 's', '--tags', '[{"Key":"a","Valu":"b"}]']);
    expect(r.status).toBe(252);
    expect(r.stderr).toBe('\nParameter validation failed:\nMissing required parameter in Tags[0]: "Value"\nUnknown parameter in Tags[0]: "Valu", must be one of: Key, Value\n');
  });

  it('maps booleans to --x/--no-x and lists to several values', async () => {
    const fake = fakeHandler(() => ({ body: '<CreateStackResponse><CreateStackResult><StackId>arn:s</StackId></CreateStackResult></CreateStackResponse>' }));
    const r = await run(['cloudformation', 'create-stack', '--stack-name', 's', '--template-body', '{}', '--capabilities', 'CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM', '--no-disable-rollback', '--parameters', 'ParameterKey=A,ParameterValue=b'], { handler: fake.handler });
    expect(r.stdout).toBe('{\n    "StackId": "arn:s"\n}\n');
    const body = decodeURIComponent(fake.seen[0].body);
    expect(body).toContain('Capabilities.member.1=CAPABILITY_IAM&Capabilities.member.2=CAPABILITY_NAMED_IAM');
    expect(body).toContain('DisableRollback=false');
    expect(body).toContain('Parameters.member.1.ParameterKey=A&Parameters.member.1.ParameterValue=b');
  });

  it('prints a version and help listing the supported services', async () => {
    expect((await run(['--version'])).stdout).toMatch(/^aws-cli\/2\.\d+\.\d+ .*sandbox/);
    const help = await run(['help']);
    for (const s of ['cloudformation', 'iam', 'stepfunctions', 's3api', 'sts']) expect(help.stdout).toContain(`o ${s}\n`);
    expect((await run(['cloudformation', 'wait', 'help'])).stdout).toContain('o stack-update-complete');
  });
});

describe('aws: credentials and configuration', () => {
  it('fails without credentials (exit 253)', async () => {
    const r = await run(['sts', 'get-caller-identity'], { env: { HOME: '/home/learner', AWS_DEFAULT_REGION: 'us-east-1' } });
    expect(r.status).toBe(253);
    expect(r.stderr).toBe('\nUnable to locate credentials. You can configure credentials by running "aws configure".\n');
  });

  it('follows the CLI precedence: --profile over env, env over files, AWS_REGION over AWS_DEFAULT_REGION', async () => {
    const files: Record<string, Uint8Array> = {
      '/h/.aws/credentials': new TextEncoder().encode('[default]\naws_access_key_id = FILEKEY\naws_secret_access_key = s\n[dev]\naws_access_key_id=DEVKEY\naws_secret_access_key=s\n'),
      '/h/.aws/config': new TextEncoder().encode('[default]\nregion = eu-west-1\noutput = text\n[profile dev]\nregion = us-west-2\n'),
    };
    const readFile = async (p: string) => files[p];
    const base = { HOME: '/h' };
    expect(await resolveConfig({ env: base, readFile })).toMatchObject({ region: 'eu-west-1', output: 'text', credentials: { accessKeyId: 'FILEKEY' } });
    const env = { ...base, AWS_ACCESS_KEY_ID: 'ENVKEY', AWS_SECRET_ACCESS_KEY: 's', AWS_SESSION_TOKEN: 't', AWS_DEFAULT_REGION: 'ap-south-1', AWS_REGION: 'ca-central-1', AWS_DEFAULT_OUTPUT: 'json' };
    expect(await resolveConfig({ env, readFile })).toMatchObject({ region: 'ca-central-1', output: 'json', credentials: { accessKeyId: 'ENVKEY', sessionToken: 't' } });
    expect(await resolveConfig({ env: { ...base, AWS_PROFILE: 'dev' }, readFile })).toMatchObject({ region: 'us-west-2', credentials: { accessKeyId: 'DEVKEY' } });
    expect(await resolveConfig({ env, readFile, profile: 'dev', region: 'sa-east-1', output: 'table' })).toMatchObject({ region: 'sa-east-1', output: 'table', credentials: { accessKeyId: 'DEVKEY' } });
    await expect(resolveConfig({ env: base, readFile, profile: 'nope' })).rejects.toThrow('The config profile (nope) could not be found');
  });

  it('assumes the role of a role_arn profile with the source profile keys', async () => {
    const creds = '<AssumeRoleResponse><AssumeRoleResult><Credentials><AccessKeyId>ASIAROLE</AccessKeyId><SecretAccessKey>s</SecretAccessKey><SessionToken>tok</SessionToken><Expiration>2026-11-29T06:00:00Z</Expiration></Credentials><AssumedRoleUser><Arn>arn:aws:sts::123456789012:assumed-role/builder/x</Arn><AssumedRoleId>AROA:x</AssumedRoleId></AssumedRoleUser></AssumeRoleResult></AssumeRoleResponse>';
    const me = '<GetCallerIdentityResponse><GetCallerIdentityResult><Arn>arn:aws:sts::123456789012:assumed-role/builder/x</Arn><UserId>AROA:x</UserId><Account>123456789012</Account></GetCallerIdentityResult></GetCallerIdentityResponse>';
    const fake = fakeHandler((req) => ({ body: req.body.includes('Action=AssumeRole') ? creds : me }));
    const r = await run(['sts', 'get-caller-identity', '--profile', 'builder', '--query', 'Arn', '--output', 'text'], {
      handler: fake.handler,
      env: { HOME: '/home/learner', AWS_ACCESS_KEY_ID: 'IGNORED', AWS_SECRET_ACCESS_KEY: 'x' },
      files: {
        '/home/learner/.aws/credentials': '[default]\naws_access_key_id = AKIADEFAULT\naws_secret_access_key = s\n',
        '/home/learner/.aws/config': '[default]\nregion = us-east-1\n[profile builder]\nregion = us-east-1\nrole_arn = arn:aws:iam::123456789012:role/builder\nsource_profile = default\nrole_session_name = x\n',
      },
    });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('arn:aws:sts::123456789012:assumed-role/builder/x\n');
    expect(decodeURIComponent(fake.seen[0].body)).toContain('RoleArn=arn:aws:iam::123456789012:role/builder&RoleSessionName=x');
    expect(fake.seen[0].headers.authorization).toContain('Credential=AKIADEFAULT/');
    expect(fake.seen[1].headers.authorization).toContain('Credential=ASIAROLE/');
    expect(fake.seen[1].headers['x-amz-security-token']).toBe('tok');
  });

  it('parses INI like botocore', () => {
    expect(parseIni('# c\n[profile a]\nregion = x ; note\ns3 =\n  max_concurrent_requests = 2\n')).toEqual({ 'profile a': { region: 'x', s3: '\nmax_concurrent_requests = 2' } });
  });
});

describe('shorthand and formatters', () => {
  const p = new ShorthandParser();
  it('parses the CLI shorthand', () => {
    expect(p.parse('ParameterKey=A,ParameterValue=b')).toEqual({ ParameterKey: 'A', ParameterValue: 'b' });
    expect(p.parse('Key=a,Values=b,c,Name=d')).toEqual({ Key: 'a', Values: ['b', 'c'], Name: 'd' });
    expect(p.parse('TagSet=[{Key=a,Value=b},{Key=c,Value="d,e"}]')).toEqual({ TagSet: [{ Key: 'a', Value: 'b' }, { Key: 'c', Value: 'd,e' }] });
    expect(() => p.parse('a=b,a=c')).toThrow('Second instance of key "a"');
  });

  it('formats text like awscli/text.py', () => {
    expect(formatText({ Stacks: [{ StackName: 's', StackStatus: 'CREATE_COMPLETE', Tags: [{ Key: 'k', Value: 'v' }] }] })).toBe('STACKS\ts\tCREATE_COMPLETE\nTAGS\tk\tv\n');
    expect(formatText(['a', 'b'])).toBe('a\tb\n');
  });

  it('formats tables like awscli/table.py', () => {
    expect(formatTable('GetCallerIdentity', { UserId: 'AIDA', Account: '123456789012', Arn: 'arn:aws:iam::123456789012:user/x' })).toBe(
      [
        '----------------------------------------------------------------',
        '|                       GetCallerIdentity                      |',
        '+---------------+------------------------------------+---------+',
        '|    Account    |                Arn                 | UserId  |',
        '+---------------+------------------------------------+---------+',
        '|  123456789012 |  arn:aws:iam::123456789012:user/x  |  AIDA   |',
        '+---------------+------------------------------------+---------+',
        '',
      ].join('\n'),
    );
  });

  it('suggests close matches like difflib', () => {
    expect(closeMatches('get-rolex', ['get-role', 'get-role-policy', 'list-roles'])).toEqual(['get-role']);
  });
});

describe('completion', () => {
  it('completes services, operations, waiters and options', async () => {
    const { completeAws } = await import('./complete');
    expect(await completeAws([], 'cloud')).toEqual(['cloudformation', 'cloudtrail']);
    expect(await completeAws(['iam'], 'get-ro')).toEqual(['get-role', 'get-role-policy']);
    expect(await completeAws(['cloudformation', 'wait'], 'stack-')).toContain('stack-rollback-complete');
    expect(await completeAws(['iam', 'get-role'], '--ro')).toEqual(['--role-name']);
    expect(await completeAws(['iam', 'get-role', '--role-name', 'x'], '--ro')).toEqual([]);
    expect(await completeAws(['iam', 'list-roles', '--output'], 't')).toEqual(['table', 'text']);
  });
});

describe('aws configure', () => {
  it('lists where the configuration comes from', async () => {
    const r = await run(['configure', 'list'], { env: { ...CREDS, AWS_ACCESS_KEY_ID: 'AKIAEXAMPLEKEY1234' } });
    expect(r.stdout).toBe(
      [
        '      Name                    Value             Type    Location',
        '      ----                    -----             ----    --------',
        '   profile                <not set>             None    None',
        'access_key     ****************1234              env    ',
        'secret_key     ****************cret              env    ',
        "    region                us-east-1              env    ['AWS_REGION', 'AWS_DEFAULT_REGION']",
        '',
      ].join('\n').replace('****************cret', '****************' + CREDS.AWS_SECRET_ACCESS_KEY.slice(-4)),
    );
  });

  it('sets values in the right file and reads them back', async () => {
    const { setIniValue } = await import('./configure');
    expect(setIniValue('[default]\nregion = us-east-1\n', 'profile dev', 'region', 'eu-west-1')).toBe('[default]\nregion = us-east-1\n[profile dev]\nregion = eu-west-1\n');
    expect(setIniValue('[default]\nregion = us-east-1\n\n[x]\na = b\n', 'default', 'output', 'text')).toBe('[default]\nregion = us-east-1\noutput = text\n\n[x]\na = b\n');
    expect(setIniValue('[default]\nregion = us-east-1\n', 'default', 'region', 'eu-west-1')).toBe('[default]\nregion = eu-west-1\n');
  });
});
