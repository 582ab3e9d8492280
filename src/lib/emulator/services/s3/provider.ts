/**
 * Amazon S3 (`s3`, restXml): buckets, objects, listing, multipart upload, bucket policies and Block Public Access.
 * The gateway resolves path-style and virtual-hosted requests to the `Bucket` member; this provider sees only plain
 * inputs. Every request is authorized with the bucket policy as its resource-based policy (access.ts).
 */
import type { ServiceProvider } from '../../core/types';
import { bucketOperations } from './buckets';
import { listingOperations } from './listing';
import { initialS3State, type S3State } from './model';
import { multipartOperations } from './multipart';
import { objectOperations } from './objects';

// AWS difference: no versioning, ACLs, encryption settings, lifecycle or website configuration; an operation outside
// these answers that the sandbox does not implement it, after authorizing the caller.
export const s3Provider: ServiceProvider<S3State> = {
  name: 's3',
  initialState: initialS3State,
  operations: { ...bucketOperations, ...objectOperations, ...listingOperations, ...multipartOperations },
};
