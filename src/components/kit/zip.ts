/**
 * The kit as a zip made in the browser with fflate (MIT, maintained, already the project's zip library): the files
 * flat at the top, as `npm run kit -- --out DIR` writes them, so the README's paths hold wherever it is unpacked.
 */
import { strToU8, zipSync } from 'fflate';
import type { KitFile, OrgConfig } from '../../lib/kit';

export function kitZip(files: KitFile[], mtime = new Date()): Uint8Array {
  return zipSync(Object.fromEntries(files.map((f) => [f.name, [strToU8(f.text), { mtime }]])), { level: 9 });
}

/** acme-builder-model-kit.zip for the prefix "acme-"; builder-model-kit.zip without one. */
export const kitZipName = (c: OrgConfig) => `${c.organization.prefix}builder-model-kit.zip`;
