/**
 * S3 as the real AWS CLI v1 and boto3 use it, against `npm run sandbox`: `aws s3` transfers (multipart above
 * 8 MiB, sync, rm, presign), `aws s3api` object, listing, tagging and bucket policy operations, and a bucket policy
 * evaluated with a permissions boundary (a grant to the session passes it, a grant to the role does not).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireTool } from '../../support/referee';
import { aws, cliError, envFor, startSandbox, stopCli, tempDir, type SandboxProcess } from './harness';

const doc = (...Statement: object[]) => JSON.stringify({ Version: '2012-10-17', Statement });

describe.skipIf(!requireTool('aws'))('S3 with the AWS CLI v1 against the sandbox endpoint', () => {
  let sb: SandboxProcess;
  let dir: string;
  const cli = async (args: string[], env: Record<string, string> = {}) => {
    const r = await aws(sb, args, env);
    expect(r.status, `aws ${args.join(' ')}\n${r.stderr}`).toBe(0);
    return r;
  };
  let v4: Record<string, string>;
  beforeAll(async () => {
    sb = await startSandbox(['--pace', '0']);
    dir = tempDir('cli-s3-');
    // botocore presigns S3 URLs with SigV2 unless told otherwise; the sandbox verifies SigV4 only (DEVIATIONS.md).
    writeFileSync(join(dir, 'config'), '[default]\ns3 =\n  signature_version = s3v4\n');
    v4 = { AWS_CONFIG_FILE: join(dir, 'config') };
  }, 30_000);
  afterAll(async () => {
    stopCli();
    await sb?.stop();
  });

  it('aws s3: mb, cp both ways (multipart above 8 MiB), ls, sync, rm, presign', async () => {
    expect((await cli(['s3', 'mb', 's3://cli-bucket'])).stdout).toBe('make_bucket: cli-bucket\n');
    writeFileSync(join(dir, 'small.txt'), 'hello from the CLI');
    const big = Buffer.alloc(9 * 1024 * 1024, 7);
    writeFileSync(join(dir, 'big.bin'), big);
    expect((await cli(['s3', 'cp', join(dir, 'small.txt'), 's3://cli-bucket/docs/small.txt'])).stdout).toContain('upload:');
    await cli(['s3', 'cp', join(dir, 'big.bin'), 's3://cli-bucket/big.bin']);
    const head = (await cli(['s3api', 'head-object', '--bucket', 'cli-bucket', '--key', 'big.bin'])).json;
    expect(head.ContentLength).toBe(big.length);
    expect(head.ETag).toMatch(/-2"$/); // botocore sent two parts
    await cli(['s3', 'cp', 's3://cli-bucket/big.bin', join(dir, 'big-back.bin')]);
    expect(readFileSync(join(dir, 'big-back.bin')).equals(big)).toBe(true);
    const ls = (await cli(['s3', 'ls', 's3://cli-bucket/'])).stdout;
    expect(ls).toMatch(/PRE docs\/\n/);
    expect(ls).toMatch(/ 9437184 big\.bin\n/);

    mkdirSync(join(dir, 'site/css'), { recursive: true });
    writeFileSync(join(dir, 'site/index.html'), '<h1>hi</h1>');
    writeFileSync(join(dir, 'site/css/a.css'), 'h1{}');
    const synced = (await cli(['s3', 'sync', join(dir, 'site'), 's3://cli-bucket/site'])).stdout;
    expect(synced.split('\n').filter(Boolean).length).toBe(2);
    expect((await cli(['s3', 'sync', join(dir, 'site'), 's3://cli-bucket/site'])).stdout).toBe('');
    const listed = (await cli(['s3api', 'list-objects-v2', '--bucket', 'cli-bucket', '--prefix', 'site/', '--delimiter', '/'])).json;
    expect([listed.Contents.map((c: any) => c.Key), listed.CommonPrefixes.map((p: any) => p.Prefix)]).toEqual([['site/index.html'], ['site/css/']]);

    const url = (await cli(['s3', 'presign', 's3://cli-bucket/docs/small.txt', '--expires-in', '60'], v4)).stdout.trim();
    expect(url).toContain('X-Amz-Algorithm=AWS4-HMAC-SHA256');
    const res = await fetch(url);
    expect([res.status, await res.text()]).toEqual([200, 'hello from the CLI']);

    const rm = (await cli(['s3', 'rm', 's3://cli-bucket/', '--recursive'])).stdout;
    expect(rm.split('\n').filter(Boolean).length).toBe(4);
    expect((await cli(['s3', 'rb', 's3://cli-bucket'])).stdout).toBe('remove_bucket: cli-bucket\n');
  }, 60_000);

  it('aws s3api: ranges, copy, tagging, delete-objects, bucket policy errors', async () => {
    await cli(['s3api', 'create-bucket', '--bucket', 'api-bucket']);
    writeFileSync(join(dir, 'digits.txt'), '0123456789');
    await cli(['s3api', 'put-object', '--bucket', 'api-bucket', '--key', 'd.txt', '--body', join(dir, 'digits.txt'), '--metadata', 'owner=ana', '--tagging', 'env=dev']);
    const got = (await cli(['s3api', 'get-object', '--bucket', 'api-bucket', '--key', 'd.txt', '--range', 'bytes=2-4', join(dir, 'part.txt')])).json;
    expect([got.ContentRange, got.Metadata, readFileSync(join(dir, 'part.txt'), 'utf8')]).toEqual(['bytes 2-4/10', { owner: 'ana' }, '234']);
    await cli(['s3api', 'copy-object', '--bucket', 'api-bucket', '--key', 'copy.txt', '--copy-source', 'api-bucket/d.txt']);
    expect((await cli(['s3api', 'get-object-tagging', '--bucket', 'api-bucket', '--key', 'copy.txt'])).json.TagSet).toEqual([{ Key: 'env', Value: 'dev' }]);
    const del = (await cli(['s3api', 'delete-objects', '--bucket', 'api-bucket', '--delete', 'Objects=[{Key=d.txt},{Key=copy.txt}]'])).json;
    expect(del.Deleted.map((d: any) => d.Key).sort()).toEqual(['copy.txt', 'd.txt']);

    const bad = await aws(sb, ['s3api', 'put-bucket-policy', '--bucket', 'api-bucket', '--policy', doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::api-bucket/*' })]);
    expect(cliError(bad)).toEqual({ code: 'MalformedPolicy', operation: 'PutBucketPolicy', message: 'Missing required field Principal' });
    const pub = await aws(sb, ['s3api', 'put-bucket-policy', '--bucket', 'api-bucket', '--policy', doc({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::api-bucket/*' })]);
    expect(cliError(pub)?.message).toMatch(/because public policies are blocked by the BlockPublicPolicy block public access setting\.$/);
    const missing = await aws(sb, ['s3api', 'get-bucket-policy', '--bucket', 'api-bucket']);
    expect(cliError(missing)).toMatchObject({ code: 'NoSuchBucketPolicy', message: 'The bucket policy does not exist' });
  }, 30_000);

  it('a bucket policy with a boundary: a grant to the session passes the boundary, a grant to the role does not', async () => {
    const account = (await cli(['sts', 'get-caller-identity'])).json.Account;
    await cli(['s3api', 'create-bucket', '--bucket', 'reports-bucket']);
    writeFileSync(join(dir, 'r.txt'), 'numbers');
    await cli(['s3', 'cp', join(dir, 'r.txt'), 's3://reports-bucket/r.txt']);
    const boundary = (await cli(['iam', 'create-policy', '--policy-name', 'list-only', '--policy-document', doc({ Effect: 'Allow', Action: 's3:ListBucket', Resource: '*' })])).json.Policy.Arn;
    await cli(['iam', 'create-role', '--role-name', 'reader', '--permissions-boundary', boundary, '--assume-role-policy-document', doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'sts:AssumeRole' })]);
    await cli(['iam', 'put-role-policy', '--role-name', 'reader', '--policy-name', 'read', '--policy-document', doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' })]);
    const session = envFor((await cli(['sts', 'assume-role', '--role-arn', `arn:aws:iam::${account}:role/reader`, '--role-session-name', 's1'])).json.Credentials);
    const sessionArn = `arn:aws:sts::${account}:assumed-role/reader/s1`;
    const put = (principal: string) => cli(['s3api', 'put-bucket-policy', '--bucket', 'reports-bucket', '--policy', doc({ Effect: 'Allow', Principal: { AWS: principal }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::reports-bucket/*' })]);
    const read = () => aws(sb, ['s3api', 'get-object', '--bucket', 'reports-bucket', '--key', 'r.txt', join(dir, 'out.txt')], session);

    const sentence = `User: ${sessionArn} is not authorized to perform: s3:GetObject on resource: "arn:aws:s3:::reports-bucket/r.txt" because no permissions boundary allows the s3:GetObject action`;
    expect(cliError(await read())).toEqual({ code: 'AccessDenied', operation: 'GetObject', message: sentence });
    await put(sessionArn);
    expect((await read()).status).toBe(0);
    expect(readFileSync(join(dir, 'out.txt'), 'utf8')).toBe('numbers');
    await put(`arn:aws:iam::${account}:role/reader`);
    expect(cliError(await read())).toEqual({ code: 'AccessDenied', operation: 'GetObject', message: sentence });
    // aws s3 cp looks the object up first (HeadObject), and a HEAD answer has no body to carry the sentence.
    const cp = await aws(sb, ['s3', 'cp', 's3://reports-bucket/r.txt', '-'], session);
    expect([cp.status, cp.stderr]).toEqual([1, 'download failed: s3://reports-bucket/r.txt to - An error occurred (403) when calling the HeadObject operation (reached max retries: 0): Forbidden\n']);
  }, 30_000);
});

describe.skipIf(!requireTool('python3'))('S3 with boto3 against the sandbox endpoint', () => {
  let sb: SandboxProcess;
  beforeAll(async () => {
    sb = await startSandbox(['--pace', '0']);
  }, 30_000);
  afterAll(async () => {
    await sb?.stop();
  });

  it('put/get with checksums and ranges, paginated listing, upload_file in parts, copy, delete_objects, presigned URL', () => {
    const script = String.raw`
import json, urllib.request, boto3, os, tempfile
from boto3.s3.transfer import TransferConfig
from botocore.config import Config
s3 = boto3.client('s3', endpoint_url=os.environ['ENDPOINT'], config=Config(signature_version='s3v4'))
out = {}
s3.create_bucket(Bucket='boto-bucket')
put = s3.put_object(Bucket='boto-bucket', Key='a.txt', Body=b'0123456789', ChecksumAlgorithm='SHA256')
out['sha'] = 'ChecksumSHA256' in put
out['range'] = s3.get_object(Bucket='boto-bucket', Key='a.txt', Range='bytes=-3')['Body'].read().decode()
for i in range(7):
    s3.put_object(Bucket='boto-bucket', Key='dir/%d.txt' % i, Body=b'x')
pages = s3.get_paginator('list_objects_v2').paginate(Bucket='boto-bucket', Prefix='dir/', PaginationConfig={'PageSize': 3})
out['pages'] = [[c['Key'] for c in p.get('Contents', [])] for p in pages]
out['top'] = [p['Prefix'] for p in s3.list_objects_v2(Bucket='boto-bucket', Delimiter='/')['CommonPrefixes']]
path = os.path.join(tempfile.mkdtemp(), 'big.bin')
with open(path, 'wb') as f:
    f.write(os.urandom(6 * 1024 * 1024))
s3.upload_file(path, 'boto-bucket', 'big.bin', Config=TransferConfig(multipart_threshold=5 * 1024 * 1024, multipart_chunksize=5 * 1024 * 1024))
head = s3.head_object(Bucket='boto-bucket', Key='big.bin')
out['multipart'] = head['ETag'].endswith('-2"') and head['ContentLength'] == 6 * 1024 * 1024
back = s3.get_object(Bucket='boto-bucket', Key='big.bin')['Body'].read()
out['same'] = back == open(path, 'rb').read()
s3.copy_object(Bucket='boto-bucket', Key='b.txt', CopySource={'Bucket': 'boto-bucket', 'Key': 'a.txt'})
url = s3.generate_presigned_url('get_object', Params={'Bucket': 'boto-bucket', 'Key': 'b.txt'}, ExpiresIn=60)
out['presigned'] = urllib.request.urlopen(url).read().decode()
d = s3.delete_objects(Bucket='boto-bucket', Delete={'Objects': [{'Key': 'a.txt'}, {'Key': 'b.txt'}]})
out['deleted'] = sorted(x['Key'] for x in d['Deleted'])
try:
    s3.get_object(Bucket='boto-bucket', Key='a.txt')
except s3.exceptions.NoSuchKey as e:
    out['nosuchkey'] = e.response['Error']['Message']
print(json.dumps(out))
`;
    const r = spawnSync('python3', ['-c', script], { encoding: 'utf8', env: { ...process.env, ...sb.env, ENDPOINT: sb.url, AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' }, timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      sha: true,
      range: '789',
      pages: [['dir/0.txt', 'dir/1.txt', 'dir/2.txt'], ['dir/3.txt', 'dir/4.txt', 'dir/5.txt'], ['dir/6.txt']],
      top: ['dir/'],
      multipart: true,
      same: true,
      presigned: '0123456789',
      deleted: ['a.txt', 'b.txt'],
      nosuchkey: 'The specified key does not exist.',
    });
  }, 60_000);
});
