/**
 * The full sandbox endpoint (every provider, as `npm run sandbox` serves it) answers the real AWS CLI in each
 * wire protocol: awsQuery (CloudFormation), awsJson1_0 (Step Functions), awsJson1_1 (Logs; CloudTrail with the
 * CLI's own X-Amz-Target spelling), restJson1 (Lambda), restXml (S3).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireTool } from '../../support/referee';
import { aws, startSandbox, stopCli, type SandboxProcess } from './harness';

describe.skipIf(!requireTool('aws'))('AWS CLI v1 against the full sandbox endpoint', () => {
  let sb: SandboxProcess;
  beforeAll(async () => {
    sb = await startSandbox(['--pace', '0']);
  });
  afterAll(async () => {
    stopCli();
    await sb?.stop();
  });

  it('reaches every service through its protocol', async () => {
    const calls: [string[], (json: any) => void][] = [
      [['cloudformation', 'list-stacks'], (j) => expect(j.StackSummaries).toEqual([])],
      [['stepfunctions', 'list-state-machines'], (j) => expect(j.stateMachines).toEqual([])],
      [['logs', 'describe-log-groups'], (j) => expect(j.logGroups).toEqual([])],
      [['lambda', 'list-functions'], (j) => expect(j.Functions).toEqual([])],
      [['s3api', 'list-buckets'], (j) => expect(j.Buckets ?? []).toEqual([])],
      [['cloudtrail', 'lookup-events', '--max-results', '5'], (j) => expect(Array.isArray(j.Events)).toBe(true)],
      [['s3api', 'create-bucket', '--bucket', 'conformance-bucket'], (j) => expect(j.Location).toBe('/conformance-bucket')],
      // PutObject and CopyObject share a URI; PutObject is the one without the required x-amz-copy-source header.
      [['s3api', 'put-object', '--bucket', 'conformance-bucket', '--key', 'dir/a b.txt', '--body', new URL(import.meta.url).pathname],
        (j) => expect(j.ETag).toMatch(/^"[0-9a-f]{32}"$/)],
    ];
    for (const [args, check] of calls) {
      const r = await aws(sb, args);
      expect(r.status, `aws ${args.join(' ')}\n${r.stderr}`).toBe(0);
      check(r.json);
    }
  });
});
