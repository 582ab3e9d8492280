import { describe, expect, it } from 'vitest';
import { parseXML } from '@aws-sdk/xml-builder';
import { WorkerDOMParser } from './dom-parser';

// The SDK's browser XML parser, run against our worker DOMParser, must give what its Node parser gives.
async function browserParse(xml: string) {
  const g = globalThis as Record<string, unknown>;
  const saved = { DOMParser: g.DOMParser, Node: g.Node };
  g.DOMParser = WorkerDOMParser;
  g.Node = { ELEMENT_NODE: 1, TEXT_NODE: 3 };
  try {
    const mod = await import('../../../../node_modules/@aws-sdk/xml-builder/dist-es/xml-parser.browser.js' as string);
    return mod.parseXML(xml);
  } finally {
    Object.assign(g, saved);
  }
}

describe('WorkerDOMParser', () => {
  it.each([
    '<GetRoleResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><GetRoleResult><Role><Path>/</Path><RoleName>builder</RoleName><Arn>arn:aws:iam::123456789012:role/builder</Arn><AssumeRolePolicyDocument>%7B%22a%22%3A1%7D</AssumeRolePolicyDocument><Tags/></Role></GetRoleResult><ResponseMetadata><RequestId>abc</RequestId></ResponseMetadata></GetRoleResponse>',
    '<?xml version="1.0" encoding="UTF-8"?>\n<ErrorResponse>\n  <Error>\n    <Type>Sender</Type>\n    <Code>AccessDenied</Code>\n    <Message>User: arn:aws:sts::1:assumed-role/builder/x is not authorized &amp; &lt;ok&gt;</Message>\n  </Error>\n  <RequestId>r</RequestId>\n</ErrorResponse>',
    '<ListBucketResult><Contents><Key>a</Key></Contents><Contents><Key>b</Key></Contents><Name>n</Name></ListBucketResult>',
  ])('parses %# like the SDK Node parser', async (xml) => {
    expect(await browserParse(xml)).toEqual(parseXML(xml));
  });

  it('reports malformed XML as a parsererror', () => {
    expect(new WorkerDOMParser().parseFromString('<a><b></a>').getElementsByTagName('parsererror').length).toBe(1);
  });
});
