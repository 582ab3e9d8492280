/**
 * The live forwarder is not an open proxy: it reaches only the AWS endpoints of the services the workshop uses,
 * in the region pinned for the run (IAM and the global STS endpoint have no region).
 */

/** The services the workshop uses, by their endpoint prefix, with the SigV4 signing name. */
export const WORKSHOP_SERVICES: Record<string, string> = {
  iam: 'iam',
  sts: 'sts',
  cloudformation: 'cloudformation',
  lambda: 'lambda',
  states: 'states',
  logs: 'logs',
  cloudtrail: 'cloudtrail',
  s3: 's3',
};

export interface AllowedTarget {
  host: string;
  service: string;
  /** The SigV4 region of the endpoint (us-east-1 for the global IAM and STS endpoints). */
  signingRegion: string;
}

/**
 * Returns the target when `host` is an endpoint of a workshop service in `region`, else undefined.
 * Accepted: iam.amazonaws.com, sts.amazonaws.com, <svc>.<region>.amazonaws.com, s3.amazonaws.com,
 * s3.<region>.amazonaws.com and virtual-hosted <bucket>.s3[.<region>].amazonaws.com.
 */
export function allowedTarget(host: string, region: string): AllowedTarget | undefined {
  const h = host.toLowerCase();
  if (!/^[a-z0-9.-]+$/.test(h) || h.includes('..')) return undefined;
  if (h === 'iam.amazonaws.com') return { host: h, service: 'iam', signingRegion: 'us-east-1' };
  if (h === 'sts.amazonaws.com') return { host: h, service: 'sts', signingRegion: 'us-east-1' };
  if (h === 's3.amazonaws.com' && region === 'us-east-1') return { host: h, service: 's3', signingRegion: region };
  const regional = /^([a-z0-9]+)\.([a-z0-9-]+)\.amazonaws\.com$/.exec(h);
  if (regional && regional[2] === region && regional[1] in WORKSHOP_SERVICES && regional[1] !== 'iam') {
    return { host: h, service: WORKSHOP_SERVICES[regional[1]], signingRegion: region };
  }
  const bucket = /^([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])\.s3(?:\.([a-z0-9-]+))?\.amazonaws\.com$/.exec(h);
  if (bucket && (bucket[2] ?? 'us-east-1') === region) return { host: h, service: 's3', signingRegion: region };
  return undefined;
}
