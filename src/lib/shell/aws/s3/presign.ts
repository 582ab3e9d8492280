/** `aws s3 presign`: a SigV4 query-signed GET URL, as botocore's generate_presigned_url builds it. */
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { HttpRequest } from '@smithy/protocol-http';
import { UsageError } from '../errors';
import { isS3, parseArgs, parseS3, type S3IO } from './common';

export interface PresignConfig {
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** `--endpoint-url` (or the sandbox's endpoint): path-style URLs on it. */
  endpoint?: string;
}

/**
 * AWS difference: the AWS CLI v1 presigns S3 URLs with Signature Version 2 (`AWSAccessKeyId`, `Signature`, `Expires`)
 * unless the profile sets `s3 = signature_version = s3v4`; the sandbox verifies SigV4 only, so this command always
 * writes the SigV4 form (`X-Amz-Algorithm=AWS4-HMAC-SHA256…`), which AWS accepts too.
 *
 * botocore addresses the bucket virtual-host style on AWS (s3.amazonaws.com in us-east-1) and path-style on a custom endpoint. */
export async function presignUrl(c: PresignConfig, bucket: string, key: string, expiresIn: number, now = new Date()): Promise<string> {
  const path = `/${key.split('/').map(encodeURIComponent).join('/')}`;
  let url: URL;
  if (c.endpoint) url = new URL(`${c.endpoint.replace(/\/$/, '')}/${bucket}${path}`);
  else url = new URL(`https://${bucket}.s3.${c.region === 'us-east-1' ? '' : `${c.region}.`}amazonaws.com${path}`);
  const request = new HttpRequest({
    protocol: url.protocol,
    hostname: url.hostname,
    port: url.port ? Number(url.port) : undefined,
    method: 'GET',
    path: url.pathname,
    // S3 presigned URLs sign UNSIGNED-PAYLOAD; the header only tells the signer so and stays out of the URL.
    headers: { host: url.host, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
  });
  const signer = new SignatureV4({ service: 's3', region: c.region, credentials: c.credentials, sha256: Sha256, uriEscapePath: false });
  const only = new Set(['x-amz-content-sha256']);
  const signed = await signer.presign(request, { expiresIn, signingDate: now, unhoistableHeaders: only, unsignableHeaders: only });
  const query = Object.entries(signed.query ?? {})
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .join('&');
  return `${url.origin}${url.pathname}?${query}`;
}

export async function runPresign(argv: string[], io: S3IO): Promise<number> {
  const args = parseArgs(argv, [], ['--expires-in']);
  const [target] = args.positionals;
  if (target === undefined) throw new UsageError('the following arguments are required: path');
  if (!isS3(target)) throw new UsageError('Error: Invalid argument type');
  const raw = args.values.get('--expires-in')?.at(-1) ?? '3600';
  const expiresIn = Number(raw);
  if (!/^\d+$/.test(raw)) throw new UsageError(`argument --expires-in: invalid int value: '${raw}'`);
  const { bucket, key } = parseS3(target);
  if (!io.presign) throw new UsageError('presign needs credentials');
  io.stdout(`${await io.presign(bucket, key, expiresIn)}\n`);
  return 0;
}
