/**
 * The learner's home on a fresh sandbox: the lab templates in ~/labs and the AWS CLI's files naming the sandbox
 * administrator as the default profile. The caller supplies the templates' text (the page bundles it, Node reads
 * labs/), so this module reads no files.
 */
import type { IFileSystem } from 'just-bash';
import { HOME } from './session';
import { orgLabFiles } from '../../../labs/org';

export interface SeedInput {
  /** Template file name → text, e.g. { 'builder-iam.json': '…' }. */
  labs: Record<string, string>;
  credentials: { accessKeyId: string; secretAccessKey: string };
  region: string;
  home?: string;
}

export function awsCredentialsFile(c: SeedInput['credentials']): string {
  return `[default]\naws_access_key_id = ${c.accessKeyId}\naws_secret_access_key = ${c.secretAccessKey}\n`;
}

export function awsConfigFile(region: string): string {
  return `[default]\nregion = ${region}\noutput = json\n`;
}

export async function seedHome(fs: IFileSystem, input: SeedInput): Promise<void> {
  const home = input.home ?? HOME;
  for (const dir of ['/tmp', home, `${home}/labs`, `${home}/.aws`]) await fs.mkdir(dir, { recursive: true });
  // An organization's build rewrites the templates into its names (labs/org.ts); the default build keeps the blog's.
  for (const [name, text] of Object.entries(orgLabFiles(input.labs))) {
    if (name.includes('/')) throw new Error(`A lab template name must be a file name, got "${name}"`);
    await fs.writeFile(`${home}/labs/${name}`, text);
  }
  await writeAwsFiles(fs, input);
}

/** (Re)write ~/.aws/credentials and ~/.aws/config, e.g. after the sandbox was reset and has a new admin key. */
export async function writeAwsFiles(fs: IFileSystem, input: Omit<SeedInput, 'labs'>): Promise<void> {
  const home = input.home ?? HOME;
  await fs.mkdir(`${home}/.aws`, { recursive: true });
  await fs.writeFile(`${home}/.aws/credentials`, awsCredentialsFile(input.credentials));
  await fs.writeFile(`${home}/.aws/config`, awsConfigFile(input.region));
}
