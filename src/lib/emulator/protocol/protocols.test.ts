/**
 * The protocol layer with every wire protocol, end to end through real SDK v3 clients in-process: awsJson1_0
 * (Step Functions), awsJson1_1 (Logs, CloudTrail with both target spellings), restJson1 (Lambda), restXml (S3).
 * The providers here are test stubs: they show the contract the service engineers code against.
 */
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { CloudWatchLogsClient, CreateLogGroupCommand, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { GetFunctionCommand, InvokeCommand, LambdaClient, ListFunctionsCommand } from '@aws-sdk/client-lambda';
import {
  CreateBucketCommand,
  GetBucketPolicyCommand,
  GetObjectCommand,
  HeadBucketCommand,
  ListBucketsCommand,
  PutBucketPolicyCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { ListStateMachinesCommand, SFNClient } from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import { AwsError, createEmulator, type ServiceProvider } from '..';
import { signedRequest } from '../../../../tests/unit/emulator/harness';

const logs: ServiceProvider<{ groups: { name: string; created: number }[] }> = {
  name: 'logs',
  initialState: () => ({ groups: [] }),
  operations: {
    CreateLogGroup(input, ctx) {
      ctx.authorize('logs:CreateLogGroup', `arn:aws:logs:${ctx.region}:${ctx.accountId}:log-group:${input.logGroupName}`);
      if (ctx.state.groups.some((g) => g.name === input.logGroupName)) {
        throw new AwsError('ResourceAlreadyExistsException', 'The specified log group already exists');
      }
      ctx.state.groups.push({ name: input.logGroupName, created: ctx.now().getTime() });
    },
    DescribeLogGroups(_input, ctx) {
      return { logGroups: ctx.state.groups.map((g) => ({ logGroupName: g.name, creationTime: g.created })) };
    },
  },
};

const states: ServiceProvider = {
  name: 'states',
  initialState: () => ({}),
  operations: {
    ListStateMachines: () => ({
      stateMachines: [{ stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:m', name: 'm', type: 'STANDARD', creationDate: new Date('2026-01-02T03:04:05.678Z') }],
    }),
  },
};

const cloudtrail: ServiceProvider = {
  name: 'cloudtrail',
  initialState: () => ({}),
  operations: {
    LookupEvents(_input, ctx) {
      return {
        Events: ctx.internal.events().map((e) => ({ EventId: e.eventID, EventName: e.eventName, EventTime: e.eventTime, CloudTrailEvent: JSON.stringify(e) })),
      };
    },
  },
};

const lambda: ServiceProvider = {
  name: 'lambda',
  initialState: () => ({}),
  operations: {
    GetFunction(input) {
      if (input.FunctionName !== 'hello') {
        throw new AwsError('ResourceNotFoundException', `Function not found: arn:aws:lambda:us-east-1:123456789012:function:${input.FunctionName}`, 404);
      }
      return { Configuration: { FunctionName: 'hello', Version: input.Qualifier ?? '$LATEST' }, Tags: { a: 'b' } };
    },
    ListFunctions: () => ({ Functions: [{ FunctionName: 'hello' }] }),
    Invoke(input) {
      const payload = JSON.parse(new TextDecoder().decode(input.Payload));
      return { StatusCode: 200, ExecutedVersion: '$LATEST', Payload: new TextEncoder().encode(JSON.stringify({ echo: payload, type: input.InvocationType ?? 'RequestResponse' })) };
    },
  },
};

const s3: ServiceProvider<{ buckets: Record<string, { created: Date; policy?: string; objects: Record<string, Uint8Array> }> }> = {
  name: 's3',
  initialState: () => ({ buckets: {} }),
  operations: {
    CreateBucket(input, ctx) {
      ctx.state.buckets[input.Bucket] = { created: ctx.now(), objects: {} };
      return { Location: `/${input.Bucket}` };
    },
    ListBuckets: (_i, ctx) => ({
      Buckets: Object.entries(ctx.state.buckets).map(([Name, b]) => ({ Name, CreationDate: b.created })),
      Owner: { ID: 'owner' },
    }),
    HeadBucket(input, ctx) {
      if (!ctx.state.buckets[input.Bucket]) throw new AwsError('NotFound', 'Not Found', 404);
      return { BucketRegion: 'us-east-1' };
    },
    PutBucketPolicy(input, ctx) {
      ctx.state.buckets[input.Bucket].policy = input.Policy;
    },
    GetBucketPolicy(input, ctx) {
      const b = ctx.state.buckets[input.Bucket];
      if (!b) throw new AwsError('NoSuchBucket', 'The specified bucket does not exist', 404);
      return { Policy: b.policy };
    },
    PutObject(input, ctx) {
      ctx.state.buckets[input.Bucket].objects[input.Key] = input.Body ?? new Uint8Array();
      return { ETag: '"etag"' };
    },
    GetObject(input, ctx) {
      const body = ctx.state.buckets[input.Bucket]?.objects[input.Key];
      if (!body) throw new AwsError('NoSuchKey', 'The specified key does not exist.', 404);
      return { Body: body, ContentLength: body.length, ContentType: 'text/plain', LastModified: new Date('2026-01-01T00:00:00Z') };
    },
  },
};

function setup() {
  const em = createEmulator({ pace: 0, providers: [logs, states, cloudtrail, lambda, s3] });
  return em;
}

describe('awsJson1_1 and awsJson1_0', () => {
  it('round-trips CloudWatch Logs calls and JSON errors', async () => {
    const em = setup();
    await em.ready;
    const client = new CloudWatchLogsClient(em.sdkConfig());
    await client.send(new CreateLogGroupCommand({ logGroupName: '/aws/lambda/x' }));
    const out = await client.send(new DescribeLogGroupsCommand({}));
    expect(out.logGroups?.map((g) => g.logGroupName)).toEqual(['/aws/lambda/x']);
    expect(typeof out.logGroups?.[0].creationTime).toBe('number');
    const err = await client.send(new CreateLogGroupCommand({ logGroupName: '/aws/lambda/x' })).catch((e) => e);
    expect(err.name).toBe('ResourceAlreadyExistsException');
    expect(err.message).toBe('The specified log group already exists');
    const invalid = await client.send(new CreateLogGroupCommand({ logGroupName: '' })).catch((e) => e);
    expect(invalid.name).toBe('ValidationException');
    expect(invalid.message).toMatch(/^1 validation error detected: Value '' at 'logGroupName' failed to satisfy constraint: Member must have length greater than or equal to 1/);
  });

  it('writes epoch-second timestamps for Step Functions', async () => {
    const em = setup();
    await em.ready;
    const res = await em.handle(await signedRequest(em.adminCredentials, {
      service: 'states', headers: { 'x-amz-target': 'AWSStepFunctions.ListStateMachines', 'content-type': 'application/x-amz-json-1.0' }, body: '{}',
    }));
    expect(res.headers.get('content-type')).toBe('application/x-amz-json-1.0');
    expect(await res.json()).toEqual({
      stateMachines: [{ stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:m', name: 'm', type: 'STANDARD', creationDate: 1767323045.678 }],
    });
    const sdk = await new SFNClient(em.sdkConfig()).send(new ListStateMachinesCommand({}));
    expect(sdk.stateMachines?.[0].creationDate).toEqual(new Date('2026-01-02T03:04:05.678Z'));
  });

  it('accepts both CloudTrail target spellings (SDK and CLI)', async () => {
    const em = setup();
    await em.ready;
    const viaSdk = await new CloudTrailClient(em.sdkConfig()).send(new LookupEventsCommand({}));
    expect(viaSdk.Events?.length).toBe(0);
    for (const target of ['com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents', 'CloudTrail_20131101.LookupEvents']) {
      const res = await em.handle(await signedRequest(em.adminCredentials, {
        service: 'cloudtrail', headers: { 'x-amz-target': target, 'content-type': 'application/x-amz-json-1.1' }, body: '{}',
      }));
      expect(res.status).toBe(200);
      const body = await res.json();
      expect(body.Events[0].EventName).toBe('LookupEvents');
      expect(typeof body.Events[0].EventTime).toBe('number');
    }
    const bad = await em.handle(await signedRequest(em.adminCredentials, {
      service: 'cloudtrail', headers: { 'x-amz-target': 'Nope_1.LookupEvents', 'content-type': 'application/x-amz-json-1.1' }, body: '{}',
    }));
    expect(bad.status).toBe(400);
    expect((await bad.json()).__type).toBe('UnknownOperationException');
  });

  it('answers broken JSON with SerializationException', async () => {
    const em = setup();
    await em.ready;
    const res = await em.handle(await signedRequest(em.adminCredentials, {
      service: 'logs', headers: { 'x-amz-target': 'Logs_20140328.CreateLogGroup', 'content-type': 'application/x-amz-json-1.1' }, body: '{"logGroupName":',
    }));
    expect(res.status).toBe(400);
    expect(res.headers.get('x-amzn-requestid')).toBeTruthy();
    expect((await res.json()).__type).toBe('SerializationException');
  });
});

describe('restJson1 (Lambda)', () => {
  it('binds URI labels, query strings, headers, blobs and status codes', async () => {
    const em = setup();
    await em.ready;
    const client = new LambdaClient(em.sdkConfig());
    expect((await client.send(new GetFunctionCommand({ FunctionName: 'hello', Qualifier: '3' }))).Configuration).toEqual({ FunctionName: 'hello', Version: '3' });
    expect((await client.send(new ListFunctionsCommand({}))).Functions?.[0].FunctionName).toBe('hello');
    const inv = await client.send(new InvokeCommand({ FunctionName: 'hello', Payload: new TextEncoder().encode('{"a":1}'), InvocationType: 'RequestResponse' }));
    expect(inv.StatusCode).toBe(200);
    expect(inv.ExecutedVersion).toBe('$LATEST');
    expect(JSON.parse(new TextDecoder().decode(inv.Payload))).toEqual({ echo: { a: 1 }, type: 'RequestResponse' });
    const err = await client.send(new GetFunctionCommand({ FunctionName: 'nope' })).catch((e) => e);
    expect(err.name).toBe('ResourceNotFoundException');
    expect(err.$metadata.httpStatusCode).toBe(404);
    expect(err.message).toBe('Function not found: arn:aws:lambda:us-east-1:123456789012:function:nope');
  });
});

describe('restXml (S3)', () => {
  it('creates and lists buckets, stores objects and policies, and writes S3 errors', async () => {
    const em = setup();
    await em.ready;
    const client = new S3Client({ ...em.sdkConfig(), forcePathStyle: true });
    await client.send(new CreateBucketCommand({ Bucket: 'lab-bucket' }));
    const list = await client.send(new ListBucketsCommand({}));
    expect(list.Buckets?.map((b) => b.Name)).toEqual(['lab-bucket']);
    expect(list.Buckets?.[0].CreationDate).toBeInstanceOf(Date);
    await client.send(new HeadBucketCommand({ Bucket: 'lab-bucket' }));
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: [] });
    await client.send(new PutBucketPolicyCommand({ Bucket: 'lab-bucket', Policy: policy }));
    expect((await client.send(new GetBucketPolicyCommand({ Bucket: 'lab-bucket' }))).Policy).toBe(policy);
    await client.send(new PutObjectCommand({ Bucket: 'lab-bucket', Key: 'dir/hello world.txt', Body: 'hi there' }));
    const obj = await client.send(new GetObjectCommand({ Bucket: 'lab-bucket', Key: 'dir/hello world.txt' }));
    expect(await obj.Body?.transformToString()).toBe('hi there');
    expect(obj.ContentType).toBe('text/plain');
    const err = await client.send(new GetBucketPolicyCommand({ Bucket: 'missing' })).catch((e) => e);
    expect(err.name).toBe('NoSuchBucket');
    expect(err.$metadata.httpStatusCode).toBe(404);
    const head = await client.send(new HeadBucketCommand({ Bucket: 'missing' })).catch((e) => e);
    expect(head.$metadata.httpStatusCode).toBe(404);
  });

  it('routes virtual-hosted requests', async () => {
    const em = setup();
    await em.ready;
    const client = new S3Client(em.sdkConfig());
    await client.send(new CreateBucketCommand({ Bucket: 'vhost-bucket' }));
    await client.send(new PutObjectCommand({ Bucket: 'vhost-bucket', Key: 'k', Body: 'v' }));
    const obj = await client.send(new GetObjectCommand({ Bucket: 'vhost-bucket', Key: 'k' }));
    expect(await obj.Body?.transformToString()).toBe('v');
  });
});
