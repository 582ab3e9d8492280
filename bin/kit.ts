/**
 * `npm run kit -- --config boundary-lab.org.json --out DIR` — the org kit: writes the builder model's CloudFormation
 * template, the service control policy, a README for the platform team and the configuration used. A configuration
 * that cannot work is refused with a message naming the field and the rule, exit 2, and nothing is written.
 * `--schema` prints the configuration's JSON Schema.
 */
import { parseArgs } from 'node:util';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeKit, OrgConfigError, orgConfigJsonSchema } from '../src/lib/kit';

const usage = 'Usage: npm run kit -- --config boundary-lab.org.json --out DIR [--force]\n       npm run kit -- --schema';
function fail(message: string, code = 2): never {
  console.error(`boundary-lab kit: ${message}`);
  process.exit(code);
}

let values;
try {
  ({ values } = parseArgs({
    options: {
      config: { type: 'string' },
      out: { type: 'string' },
      force: { type: 'boolean', default: false },
      schema: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  }));
} catch (e) {
  fail(`${(e as Error).message}\n${usage}`);
}
if (values.help) {
  console.log(usage);
  process.exit(0);
}
if (values.schema) {
  console.log(JSON.stringify(orgConfigJsonSchema(), null, 2));
  process.exit(0);
}
if (!values.config || !values.out) fail(`--config and --out are required\n${usage}`);
let text: string;
try {
  text = readFileSync(values.config, 'utf8');
} catch (e) {
  fail(`cannot read ${values.config}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
}
let kit;
try {
  kit = makeKit(text, values.config);
} catch (e) {
  if (e instanceof OrgConfigError) fail(e.message);
  throw e;
}
if (existsSync(values.out) && readdirSync(values.out).some((f) => kit.files.some((k) => k.name === f)) && !values.force) {
  fail(`${values.out} already holds kit files: pass --force to replace them`);
}
mkdirSync(values.out, { recursive: true });
for (const f of kit.files) writeFileSync(join(values.out, f.name), f.text);
console.log(`Wrote ${kit.files.map((f) => f.name).join(', ')} to ${values.out} for ${kit.config.organization.name}.`);
