/**
 * Reads what the workshop policy is derived from, from the repository the live server runs in: the lab definition,
 * the AWS CLI's command tables (the shell's botocore-generated models, read as data), the lab's templates and the
 * code that calls AWS from the page (checks, clean-up, lab runtime).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { lab, SANDBOX_ONLY_LESSONS } from '../../../../labs/lab';
import { templateFiles } from '../../../../labs/templates';
import { derivePolicy, type CliTables, type WorkshopPolicy, type WorkshopSources } from './derive';

/** The folders whose code calls AWS from a workshop page on the learner's behalf. */
export const CALLER_CODE = ['src/lib/checks', 'src/lib/cleanup', 'src/lib/lab-runtime'];

export function workshopSources(root: string): WorkshopSources {
  const cliDir = join(root, 'src/lib/shell/aws/models');
  const cli: CliTables = {};
  for (const f of readdirSync(cliDir)) if (f.endsWith('.json')) cli[f.replace(/\.json$/, '')] = JSON.parse(readFileSync(join(cliDir, f), 'utf8'));
  const code = CALLER_CODE.flatMap((dir) =>
    readdirSync(join(root, dir))
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
      .map((f) => readFileSync(join(root, dir, f), 'utf8')),
  );
  const templates = Object.fromEntries(templateFiles.map((f) => [f, readFileSync(join(root, 'labs', f), 'utf8')]));
  return { lab, cli, code, templates, sandboxOnly: SANDBOX_ONLY_LESSONS };
}

export function loadWorkshopPolicy(root: string): WorkshopPolicy {
  return derivePolicy(workshopSources(root));
}
