/** Node-only: the lab templates' text from the repository's labs/ folder, for seeding ~/labs. */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { templateFiles } from '../../../../labs/templates';

export async function readLabTemplates(dir = fileURLToPath(new URL('../../../../labs/', import.meta.url))): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const name of templateFiles) out[name] = await readFile(`${dir}${name}`, 'utf8');
  return out;
}
