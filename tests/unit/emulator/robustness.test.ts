/**
 * Robustness: thousands of generated malformed requests (bad signatures, missing and wrong-typed parameters,
 * broken form/JSON/XML bodies, invalid policy documents, unknown operations, oversized bodies) all get a 4xx
 * AWS error — never a 5xx or a crash — and leave the sandbox's state exactly as it was.
 * In-process against handle() for speed; the generator is seeded so a failure reproduces.
 */
import { describe, expect, it } from 'vitest';
import { AwsError, createEmulator, type Credentials, type ServiceProvider } from '../../../src/lib/emulator';
import { createCloudFormationProvider } from '../../../src/lib/emulator/services/cloudformation/provider';
import { allow, signedRequest, TRUST_LAMBDA } from './harness';

function rng(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const logs: ServiceProvider<{ n: number }> = {
  name: 'logs',
  initialState: () => ({ n: 0 }),
  operations: {
    CreateLogGroup(_i, ctx) {
      ctx.authorize('logs:CreateLogGroup', '*');
      ctx.state.n++;
    },
  },
};
const lambda: ServiceProvider<{ n: number }> = {
  name: 'lambda',
  initialState: () => ({ n: 0 }),
  operations: {
    GetFunction: () => {
      throw new AwsError('ResourceNotFoundException', 'Function not found', 404);
    },
  },
};
const s3: ServiceProvider<{ buckets: string[] }> = {
  name: 's3',
  initialState: () => ({ buckets: [] }),
  operations: {
    CreateBucket(input, ctx) {
      ctx.state.buckets.push(input.Bucket);
    },
  },
};

const form = (params: Record<string, string>) => new URLSearchParams(params).toString();
const FORM = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };

describe('robustness: malformed requests', () => {
  it('answers 5,000+ malformed requests with 4xx AWS errors and leaves the state unchanged', async () => {
    const em = createEmulator({ pace: 0, providers: [logs, lambda, s3] });
    await em.ready;
    const admin = em.adminCredentials;
    const r = rng(20261129);
    const pick = <T>(xs: T[]): T => xs[Math.floor(r() * xs.length)];
    const randomText = (n: number) => Array.from({ length: n }, () => String.fromCharCode(Math.floor(r() * 0x2ff))).join('');

    // Some state to protect.
    const setup = async (params: Record<string, string>) => {
      const res = await em.handle(await signedRequest(admin, { service: 'iam', headers: FORM, body: form({ Version: '2010-05-08', ...params }) }));
      expect(res.status, await res.text()).toBe(200);
    };
    await setup({ Action: 'CreateRole', RoleName: 'keep', AssumeRolePolicyDocument: TRUST_LAMBDA });
    await setup({ Action: 'PutRolePolicy', RoleName: 'keep', PolicyName: 'p', PolicyDocument: allow('s3:*') });
    await setup({ Action: 'CreatePolicy', PolicyName: 'keep-policy', PolicyDocument: allow('s3:*') });
    await setup({ Action: 'CreateUser', UserName: 'keep-user' });
    await setup({ Action: 'CreateGroup', GroupName: 'keep-group' });
    await setup({ Action: 'AddUserToGroup', GroupName: 'keep-group', UserName: 'keep-user' });
    await setup({ Action: 'CreateInstanceProfile', InstanceProfileName: 'keep-profile' });
    await setup({ Action: 'AddRoleToInstanceProfile', InstanceProfileName: 'keep-profile', RoleName: 'keep' });
    const before = JSON.stringify(JSON.parse(em.export()).services);

    const failures: string[] = [];
    let count = 0;
    const expect4xx = async (label: string, request: Request | Promise<Request>) => {
      count++;
      let res: Response;
      try {
        res = await em.handle(await request);
      } catch (e) {
        failures.push(`${label}: threw ${(e as Error).message}`);
        return;
      }
      const text = await res.text();
      const isAwsError =
        /<Code>[^<]+<\/Code>/.test(text) || /"__type"/.test(text) || res.headers.has('x-amzn-errortype') || (res.status >= 400 && text === '');
      if (res.status < 400 || res.status > 499 || !isAwsError) failures.push(`${label}: ${res.status} ${text.slice(0, 200)}`);
    };

    const validCreate = { Action: 'CreateRole', Version: '2010-05-08', RoleName: 'new-role', AssumeRolePolicyDocument: TRUST_LAMBDA };

    // 1. Signatures: every way a valid, state-changing request can be mis-signed.
    const wrongKeys: Credentials[] = [
      { accessKeyId: admin.accessKeyId, secretAccessKey: 'x'.repeat(40) },
      { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: admin.secretAccessKey },
      { accessKeyId: 'ASIAIOSFODNN7EXAMPLE', secretAccessKey: admin.secretAccessKey, sessionToken: 'token' },
    ];
    for (let i = 0; i < 1200; i++) {
      const kind = i % 8;
      const body = form({ ...validCreate, RoleName: `sig-${i}` });
      if (kind < 3) {
        await expect4xx(`wrong key ${kind}`, signedRequest(wrongKeys[kind], { service: 'iam', headers: FORM, body }));
        continue;
      }
      const good = await signedRequest(admin, { service: 'iam', headers: FORM, body });
      const headers = new Headers(good.headers);
      const auth = headers.get('authorization')!;
      let sendBody: string = body;
      if (kind === 3) {
        const at = auth.length - 1 - Math.floor(r() * 64);
        const c = auth[at] === 'a' ? 'b' : 'a';
        headers.set('authorization', auth.slice(0, at) + c + auth.slice(at + 1));
      } else if (kind === 4) {
        sendBody = body.replace(`sig-${i}`, `sig-${i}x`);
      } else if (kind === 5) {
        headers.set('authorization', pick([
          auth.replace(/Signature=[0-9a-f]+/, ''),
          auth.replace(/SignedHeaders=[^,]+,/, ''),
          auth.replace('AWS4-HMAC-SHA256', 'AWS4-HMAC-SHA1'),
          `AWS ${admin.accessKeyId}:abc`,
          randomText(Math.floor(r() * 80)).replace(/[^\x20-\x7e]/g, 'x'),
          auth.replace(/Credential=[^,]+/, 'Credential=short'),
        ]));
      } else if (kind === 6) {
        headers.set('x-amz-date', pick(['20200101T000000Z', '20991231T235959Z', 'yesterday', '']));
      } else {
        headers.delete('authorization');
      }
      await expect4xx(`tampered ${kind}`, new Request(good.url, { method: 'POST', headers, body: sendBody }));
    }

    // 2. Missing required parameters.
    const requiredCases: [string, Record<string, string>][] = [
      ['CreateRole', { RoleName: 'x1', AssumeRolePolicyDocument: TRUST_LAMBDA, Path: '/a/' }],
      ['PutRolePolicy', { RoleName: 'keep', PolicyName: 'q', PolicyDocument: allow('s3:GetObject') }],
      ['AttachRolePolicy', { RoleName: 'keep', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }],
      ['CreatePolicy', { PolicyName: 'x2', PolicyDocument: allow('s3:GetObject') }],
      ['CreateUser', { UserName: 'u1', Path: '/' }],
      ['TagRole', { RoleName: 'keep', 'Tags.member.1.Key': 'k', 'Tags.member.1.Value': 'v' }],
      ['PutRolePermissionsBoundary', { RoleName: 'keep', PermissionsBoundary: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }],
      ['CreatePolicyVersion', { PolicyArn: 'arn:aws:iam::123456789012:policy/keep-policy', PolicyDocument: allow('s3:GetObject') }],
      ['CreateGroup', { GroupName: 'g1', Path: '/' }],
      ['AddUserToGroup', { GroupName: 'keep-group', UserName: 'keep-user' }],
      ['PutGroupPolicy', { GroupName: 'keep-group', PolicyName: 'q', PolicyDocument: allow('s3:GetObject') }],
      ['CreateInstanceProfile', { InstanceProfileName: 'ip1', Path: '/' }],
      ['AddRoleToInstanceProfile', { InstanceProfileName: 'keep-profile', RoleName: 'keep' }],
      ['CreateServiceLinkedRole', { AWSServiceName: 'ecs.amazonaws.com' }],
      ['CreateServiceSpecificCredential', { UserName: 'keep-user', ServiceName: 'codecommit.amazonaws.com' }],
      ['UpdateAccessKey', { AccessKeyId: 'AKIAIOSFODNN7EXAMPLE', Status: 'Inactive' }],
    ];
    for (let i = 0; i < 900; i++) {
      const [action, params] = requiredCases[i % requiredCases.length];
      const keys = Object.keys(params).filter((k) => k !== 'Path');
      const drop = new Set(keys.filter(() => r() < 0.5));
      if (drop.size === 0) drop.add(pick(keys));
      if (action === 'TagRole' && !drop.has('RoleName')) drop.add('Tags.member.1.' + pick(['Key', 'Value']));
      const p = Object.fromEntries(Object.entries(params).filter(([k]) => !drop.has(k) && !(action === 'TagRole' && [...drop].some((d) => d.startsWith('Tags') && k === d))));
      await expect4xx(`missing ${action} ${[...drop]}`, signedRequest(admin, { service: 'iam', headers: FORM, body: form({ Action: action, Version: '2010-05-08', ...p }) }));
    }

    // 3. Wrong-typed and out-of-range parameters.
    const typed: (() => Record<string, string>)[] = [
      () => ({ Action: 'UpdateRole', RoleName: 'keep', MaxSessionDuration: pick(['abc', '1.5', '60', '99999999', '-3600', '']) }),
      () => ({ Action: 'ListRoles', MaxItems: pick(['abc', '0', '-1', '1001', '2.5', 'NaN']) }),
      () => ({ Action: 'CreatePolicyVersion', PolicyArn: 'arn:aws:iam::123456789012:policy/keep-policy', PolicyDocument: allow('s3:Get'), SetAsDefault: pick(['maybe', 'yes', '1', '']) }),
      () => ({ Action: 'AssumeRole', RoleArn: 'arn:aws:iam::123456789012:role/keep', RoleSessionName: 's-1', DurationSeconds: pick(['x', '10', '999999', '3600.5']) }),
      () => ({ Action: 'CreateRole', RoleName: pick(['', 'x'.repeat(65), 'bad name', 'ünïcode', 'a/b']), AssumeRolePolicyDocument: TRUST_LAMBDA }),
      () => ({ Action: 'CreateRole', RoleName: 'x3', Path: pick(['nopath', '/no-trailing', 'a//b', '/' + 'x'.repeat(600) + '/']), AssumeRolePolicyDocument: TRUST_LAMBDA }),
      () => ({ Action: 'GetRole', RoleName: pick(['', 'x'.repeat(65), 'a b']) }),
      () => ({ Action: 'ListRoles', Marker: pick(['bogus', 'bl1:x', '']) }),
      () => ({ Action: 'AttachRolePolicy', RoleName: 'keep', PolicyArn: pick(['not-an-arn', 'arn:aws:iam::123456789012:policy/none', 'x']) }),
      () => ({ Action: 'CreateRole', RoleName: 'x4', AssumeRolePolicyDocument: TRUST_LAMBDA, Description: 'x'.repeat(1001) }),
      () => ({ Action: 'CreateRole', RoleName: 'x5', AssumeRolePolicyDocument: TRUST_LAMBDA.replace('{"Service":"lambda.amazonaws.com"}', `{"AWS":"arn:aws:iam::123456789012:${pick(['user/ghost', 'role/ghost', 'role/x/keep', 'user/*'])}"}`) }),
      () => ({ Action: 'UpdateAccessKey', AccessKeyId: pick(['AKIAIOSFODNN7EXAMPLE', 'short', '']), Status: pick(['Enabled', '', 'active', 'Inactive']) }),
      () => ({ Action: 'CreateServiceLinkedRole', AWSServiceName: pick(['nothing.amazonaws.com', '', 'a b', 'x'.repeat(129)]) }),
      () => ({ Action: 'CreateServiceLinkedRole', AWSServiceName: 'ecs.amazonaws.com', CustomSuffix: pick(['x', '', 'a b']) }),
      () => ({ Action: 'CreateLoginProfile', UserName: 'keep-user', Password: pick(['short1A', 'alllowercase', 'x'.repeat(129), '', 'keep-user']) }),
      () => ({ Action: 'AddUserToGroup', GroupName: pick(['keep-group', 'ghost']), UserName: pick(['ghost', '', 'a b']) }),
      () => ({ Action: 'GetServiceLinkedRoleDeletionStatus', DeletionTaskId: pick(['', 'task/x', 'nope', 'task/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS/00000000-0000-4000-8000-000000000000']) }),
      () => ({ Action: 'UpdateServiceSpecificCredential', UserName: 'keep-user', ServiceSpecificCredentialId: pick(['short', 'ACCA-bad!xxxxxxxxxxxxxxx', 'ACCAAAAAAAAAAAAAAAAAA']), Status: pick(['Active', 'Nope']) }),
      () => ({ Action: 'CreateServiceSpecificCredential', UserName: pick(['keep-user', 'ghost']), ServiceName: pick(['lambda.amazonaws.com', '', 'x']) }),
      () => ({ Action: pick(['DeleteUser', 'DeleteGroup', 'DeleteRole', 'DeleteInstanceProfile']), UserName: 'keep-user', GroupName: 'keep-group', RoleName: 'keep', InstanceProfileName: 'keep-profile' }),
    ];
    for (let i = 0; i < 900; i++) {
      const p = typed[i % typed.length]();
      await expect4xx(`typed ${JSON.stringify(p).slice(0, 80)}`, signedRequest(admin, { service: p.Action === 'AssumeRole' ? 'sts' : 'iam', headers: FORM, body: form({ Version: p.Action === 'AssumeRole' ? '2011-06-15' : '2010-05-08', ...p }) }));
    }

    // 4. Broken bodies in every protocol.
    for (let i = 0; i < 1000; i++) {
      const kind = i % 5;
      if (kind === 0) {
        await expect4xx('random form', signedRequest(admin, { service: pick(['iam', 'sts']), headers: FORM, body: randomText(Math.floor(r() * 200)) }));
      } else if (kind === 1) {
        const body = form(validCreate).replace(/%[0-9A-F]{2}/g, (m) => (r() < 0.3 ? '%' + pick(['G1', 'Z', '']) : m)) + '&Action=' + pick(['', 'Nope', 'CreateRole%', '%00']);
        await expect4xx('bad encoding', signedRequest(admin, { service: 'iam', headers: FORM, body }));
      } else if (kind === 2) {
        const json = pick(['{', '[]', '"x"', '{"logGroupName": 5}', '{"logGroupName": {"a":1}}', '{"logGroupName":', 'null', randomText(30), '{"logGroupName": ""}']);
        await expect4xx(`json ${json}`, signedRequest(admin, { service: 'logs', headers: { 'x-amz-target': 'Logs_20140328.CreateLogGroup', 'content-type': 'application/x-amz-json-1.1' }, body: json }));
      } else if (kind === 3) {
        const xml = pick(['<CreateBucketConfiguration><LocationConstraint>', '<<>>', randomText(40), '<a></b>']);
        await expect4xx(`xml ${xml}`, signedRequest(admin, { service: 's3', method: 'PUT', path: `/bucket-${i}`, host: 's3.amazonaws.com', headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' }, body: xml }));
      } else {
        await expect4xx('lambda path', signedRequest(admin, { service: 'lambda', method: pick(['GET', 'DELETE', 'PATCH']), path: pick(['/2015-03-31/nothing', '/', '/2015-03-31/functions/a/b/c/d', '/x%zz']) }));
      }
    }

    // 5. Invalid policy documents where IAM and STS take them.
    const docs = [TRUST_LAMBDA, allow(['s3:GetObject', 'iam:PassRole'], 'arn:aws:s3:::b/*')];
    const semantic = [
      '{"Version":"2012-10-17","Statement":[{"Effect":"Maybe","Action":"s3:*","Resource":"*"}]}',
      '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3","Resource":"*"}]}',
      '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"bucket"}]}',
      '{"Version":"2011-01-01","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}',
      '{"Version":"2012-10-17","Statement":[]}',
      '{"Version":"2012-10-17","Extra":1,"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}',
      '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"Bogus":{"a":"b"}}}]}',
      '[]',
      '',
      allow(Array.from({ length: 800 }, (_, k) => `s3:GetObjectVersionTagging${k}`)),
    ];
    for (let i = 0; i < 1100; i++) {
      const whole = pick(docs);
      const doc = i % 2 === 0 ? whole.slice(0, Math.floor(r() * (whole.length - 1))) : pick(semantic);
      const target = i % 4;
      const p: Record<string, string> =
        target === 0 ? { Action: 'CreateRole', RoleName: `bad-${i}`, AssumeRolePolicyDocument: doc }
        : target === 1 ? { Action: 'PutRolePolicy', RoleName: 'keep', PolicyName: `bad-${i}`, PolicyDocument: doc }
        : target === 2 ? { Action: 'CreatePolicy', PolicyName: `bad-${i}`, PolicyDocument: doc }
        : { Action: 'UpdateAssumeRolePolicy', RoleName: 'keep', PolicyDocument: doc };
      await expect4xx(`policy ${p.Action} ${doc.slice(0, 40)}`, signedRequest(admin, { service: 'iam', headers: FORM, body: form({ Version: '2010-05-08', ...p }) }));
    }

    // 6. Unknown actions, services and versions.
    for (let i = 0; i < 200; i++) {
      const service = pick(['iam', 'sts', 'ec2', 'dynamodb', '']);
      await expect4xx(`unknown ${service}`, signedRequest(admin, { service: service || 'iam', headers: FORM, body: form({ Action: pick(['Nope', 'DeleteEverything', '', 'createrole']), Version: '2010-05-08' }) }));
    }

    // 7. Oversized bodies: refused before they are read.
    const big = new Uint8Array(17 * 1024 * 1024).fill(65);
    for (let i = 0; i < 3; i++) {
      await expect4xx('oversized', new Request('https://iam.amazonaws.com/', { method: 'POST', headers: { ...FORM, 'content-length': String(big.length) }, body: big }));
    }
    await expect4xx('policy over the model maximum', signedRequest(admin, { service: 'iam', headers: FORM, body: form({ Action: 'PutRolePolicy', Version: '2010-05-08', RoleName: 'keep', PolicyName: 'huge', PolicyDocument: allow('s3:' + 'x'.repeat(140_000)) }) }));

    const kinds = [...new Set(failures.map((f) => f.replace(/\d+/g, "#").slice(0, 150)))];
    expect(kinds.slice(0, 30)).toEqual([]);
    expect(count).toBeGreaterThanOrEqual(5000);
    expect(JSON.stringify(JSON.parse(em.export()).services)).toBe(before);
  }, 120_000);

  it('answers malformed CloudFormation change set and rollback requests with 4xx and changes nothing; the process still answers', async () => {
    const em = createEmulator({ pace: 0, providers: [createCloudFormationProvider()] });
    await em.ready;
    const admin = em.adminCredentials;
    const r = rng(20261203);
    const pick = <T>(xs: T[]): T => xs[Math.floor(r() * xs.length)];
    const call = async (params: Record<string, string>) =>
      em.handle(await signedRequest(admin, { service: 'cloudformation', headers: FORM, body: form({ Version: '2010-05-15', ...params }) }));
    const LOG = JSON.stringify({ Resources: { L: { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: 'keep' } } } });
    // Some state to protect: a stack, a change set ready to run, and one that failed for want of changes.
    const setup: Record<string, string>[] = [
      { Action: 'CreateStack', StackName: 'keep', TemplateBody: LOG },
      { Action: 'CreateChangeSet', StackName: 'keep', ChangeSetName: 'ready', TemplateBody: LOG.replace('keep', 'next') },
      { Action: 'CreateChangeSet', StackName: 'keep', ChangeSetName: 'empty', UsePreviousTemplate: 'true' },
    ];
    for (const p of setup) {
      const res = await call(p);
      expect(res.status, await res.text()).toBe(200);
      await em.settled();
    }
    const before = JSON.stringify(JSON.parse(em.export()).services);
    const ROLE = JSON.stringify({ Resources: { R: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: {} } } } });
    const cases: (() => Record<string, string>)[] = [
      () => ({ Action: 'CreateChangeSet', StackName: pick(['keep', 'ghost', '', '9bad', 'x'.repeat(200)]), ChangeSetName: pick(['', '1x', 'a b', 'x'.repeat(129), 'ready']), TemplateBody: LOG }),
      () => ({ Action: 'CreateChangeSet', StackName: pick(['keep', 'ghost']), ChangeSetName: 'c1', TemplateBody: pick(['{', '[]', '', 'Resources: [', ROLE, '{"Resources":{"X":{"Type":"AWS::Nope::Thing"}}}']) }),
      () => ({ Action: 'CreateChangeSet', StackName: 'keep', ChangeSetName: 'c2', ChangeSetType: pick(['CREATE', 'IMPORT', 'DELETE', 'create', '']), TemplateBody: LOG }),
      () => ({ Action: 'CreateChangeSet', StackName: 'keep', ChangeSetName: 'c3' }),
      () => ({ Action: pick(['DescribeChangeSet', 'ExecuteChangeSet', 'DeleteChangeSet']), ChangeSetName: pick(['ghost', '', 'arn:aws:cloudformation:us-east-1:123456789012:changeSet/ghost/x', 'ready']), ...(r() < 0.5 ? { StackName: pick(['ghost', '']) } : {}) }),
      () => ({ Action: 'ExecuteChangeSet', StackName: 'keep', ChangeSetName: 'empty' }),
      () => ({ Action: 'ListChangeSets', StackName: pick(['ghost', '', '1x']) }),
      () => ({ Action: 'ContinueUpdateRollback', StackName: pick(['keep', 'ghost', '']), ...(r() < 0.5 ? { 'ResourcesToSkip.member.1': pick(['L', 'nope', '']) } : {}) }),
      () => ({ Action: 'UpdateStack', StackName: 'keep', UsePreviousTemplate: 'true', ...(r() < 0.5 ? { RoleARN: pick(['arn:aws:iam::123456789012:role/ghost', 'not-an-arn']) } : {}) }),
      () => ({ Action: 'DeleteStack', StackName: 'keep', 'RetainResources.member.1': 'L' }),
    ];
    const failures: string[] = [];
    for (let i = 0; i < 600; i++) {
      const p = cases[i % cases.length]();
      const res = await call(p);
      const text = await res.text();
      if (res.status < 400 || res.status > 499 || !/<Code>[^<]+<\/Code>/.test(text)) failures.push(`${JSON.stringify(p).slice(0, 120)}: ${res.status} ${text.slice(0, 160)}`);
      await em.settled();
    }
    expect([...new Set(failures)].slice(0, 20)).toEqual([]);
    expect(JSON.stringify(JSON.parse(em.export()).services)).toBe(before);
    const still = await call({ Action: 'DescribeStacks', StackName: 'keep' });
    expect(still.status).toBe(200);
  }, 60_000);
});
