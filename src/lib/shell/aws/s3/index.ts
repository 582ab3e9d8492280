/** The high-level `aws s3` commands (awscli/customizations/s3/subcommands.py): ls, mb, rb, cp, mv, rm, sync, presign. */
import type { ServiceCaller } from '../clients';
import type { S3IO } from './common';
import { runListing } from './ls';
import { runPresign } from './presign';
import { runCopy, runRemove, runSync } from './transfer';

export const S3_COMMANDS = ['cp', 'ls', 'mb', 'mv', 'presign', 'rb', 'rm', 'sync'];

export type { LocalFiles, S3IO } from './common';
export { presignUrl } from './presign';

/** Returns the exit status; throws UsageError for argument mistakes. */
export async function runS3(command: string, argv: string[], s3: ServiceCaller, io: S3IO): Promise<number> {
  if (command === 'cp' || command === 'mv') return runCopy(command, argv, s3, io);
  if (command === 'rm') return runRemove(argv, s3, io);
  if (command === 'sync') return runSync(argv, s3, io);
  if (command === 'presign') return runPresign(argv, io);
  return runListing(command, argv, s3, io);
}
