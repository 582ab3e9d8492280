import { describe, expect, it } from 'vitest';
import { lambdaStack } from './node-errors';

describe("the function's stack as Lambda's Node.js runtime writes it", () => {
  it('names no path or URL of the site: the SDK under /var/runtime, the function under /var/task', () => {
    const browser = [
      'AccessDenied: User: arn:aws:sts::123456789012:assumed-role/r/s is not authorized to perform: s3:CreateBucket on resource: "arn:aws:s3:::b"',
      '    at Xe (http://127.0.0.1:4321/_astro/browser-worker.CmT3x.js:2:31337)',
      '    at http://127.0.0.1:4321/_astro/browser-worker.CmT3x.js:2:4000',
      '    at async Object.handler (/var/task/index.mjs:9:5)',
      '    at async qe (https://example.org/boundary-lab/_astro/browser-worker.CmT3x.js:1:99)',
    ].join('\n');
    const out = lambdaStack(browser);
    expect(out.join('\n')).not.toMatch(/_astro|https?:|blob:/);
    expect(out).toEqual([
      'AccessDenied: User: arn:aws:sts::123456789012:assumed-role/r/s is not authorized to perform: s3:CreateBucket on resource: "arn:aws:s3:::b"',
      '    at Xe (/var/runtime/node_modules/@aws-sdk/node_modules/@smithy/smithy-client/dist-cjs/index.js)',
      '    at /var/runtime/node_modules/@aws-sdk/node_modules/@smithy/smithy-client/dist-cjs/index.js',
      '    at async Object.handler (file:///var/task/index.mjs:9:5)',
      '    at async qe (/var/runtime/node_modules/@aws-sdk/node_modules/@smithy/smithy-client/dist-cjs/index.js)',
      '    at async Runtime.handleOnceNonStreaming (file:///var/runtime/index.mjs:1173:29)',
    ]);
  });
});
