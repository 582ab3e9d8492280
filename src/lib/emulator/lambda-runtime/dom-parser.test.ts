import { parseXML as nodeParseXML } from '@aws-sdk/xml-builder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installDomParser } from './dom-parser';

// The SDK's browser XML reader, run on our DOMParser, must read what its Node reader (fast-xml-parser) reads.
const scope = globalThis as unknown as Record<string, unknown>;
let browserParseXML: (xml: string) => unknown;
beforeAll(async () => {
  installDomParser(scope);
  // @ts-expect-error -- a deep import of the SDK's browser build, which has no types of its own here.
  ({ parseXML: browserParseXML } = await import('../../../../node_modules/@aws-sdk/xml-builder/dist-es/xml-parser.browser.js'));
});
afterAll(() => {
  delete scope.DOMParser;
  delete scope.Node;
});

const samples = {
  'S3 error': `<?xml version="1.0" encoding="UTF-8"?>
<Error><Code>AccessDenied</Code><Message>User: arn:aws:sts::123456789012:assumed-role/r/f is not authorized to perform: s3:CreateBucket on resource: "arn:aws:s3:::b" because no permissions boundary allows the s3:CreateBucket action</Message><RequestId>1</RequestId><HostId>h</HostId></Error>`,
  ListBuckets: `<?xml version="1.0" encoding="UTF-8"?>
<ListAllMyBucketsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Owner><ID>abc</ID></Owner><Buckets><Bucket><Name>a</Name><CreationDate>2026-11-29T05:00:00.000Z</CreationDate></Bucket><Bucket><Name>b &amp; c</Name><CreationDate>2026-11-29T05:00:01.000Z</CreationDate></Bucket></Buckets></ListAllMyBucketsResult>`,
  'STS with whitespace': `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <GetCallerIdentityResult>
    <Arn>arn:aws:iam::123456789012:user/admin</Arn>
    <UserId>AIDA</UserId>
    <Account>123456789012</Account>
  </GetCallerIdentityResult>
  <ResponseMetadata><RequestId>r</RequestId></ResponseMetadata>
</GetCallerIdentityResponse>`,
  'empty element': `<CreateBucketResult><Location>/b</Location><Empty/></CreateBucketResult>`,
};

describe('WorkerDOMParser', () => {
  for (const [name, xml] of Object.entries(samples)) {
    it(`lets the SDK's browser XML reader read ${name} as its Node reader does`, () => {
      expect(browserParseXML(xml)).toEqual(nodeParseXML(xml));
    });
  }
});
