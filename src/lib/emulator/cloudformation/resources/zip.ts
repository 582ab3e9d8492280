/** The zip CloudFormation builds from Code.ZipFile: one file, `index.js` (Node.js) or `index.py` (Python), stored. */
import { strToU8, zipSync } from 'fflate';

export function inlineCodeFileName(runtime: string | undefined): string {
  if (runtime?.startsWith('python')) return 'index.py';
  return 'index.js';
}

export function zipInlineCode(code: string, runtime: string | undefined): Uint8Array {
  // A fixed modification time keeps the bytes (and so Lambda's CodeSha256) stable for the same code. Zip stores local
  // date parts, so the date is built from local parts too: the same bytes in every time zone (and never before 1980,
  // which zip cannot store).
  return zipSync({ [inlineCodeFileName(runtime)]: [strToU8(code), { level: 0, mtime: new Date(2000, 0, 1) }] });
}
