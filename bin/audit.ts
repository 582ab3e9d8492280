/**
 * `npm run audit` — the escalation battery from the command line and in CI:
 *   npm run audit -- --template FILE [--builder-role NAME]
 *   npm run audit -- --builder-policy FILE --boundary FILE
 *   [--format text|json|sarif] [--out FILE] [--only ID,…]
 * Exit 0 when every technique held or was not applicable, 1 when any escalated, 2 on bad input.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { parseArgs } from 'node:util';
import { BatteryInputError, runBattery, techniques, toSarif, toText, type BatteryInput, type Report } from '../src/lib/battery';
import { createNodeLambdaRuntime } from '../src/lib/emulator/lambda-runtime/node/runtime';

const USAGE = `Usage: npm run audit -- --template FILE [--builder-role NAME]
       npm run audit -- --builder-policy FILE --boundary FILE
Options:
  --format text|json|sarif   the report's format (default text)
  --out FILE                 write the report to FILE instead of standard output
  --only ID,…                run only these techniques (--list shows the ids)
  --no-fix-rerun             do not re-run escalations with their fix applied
Exit status: 0 every technique held or was not applicable, 1 an escalation, 2 bad input.`;

function fail(message: string): never {
  process.stderr.write(`audit: ${message}\n`);
  process.exit(2);
}

let values: Record<string, string | boolean | undefined>;
try {
  ({ values } = parseArgs({
    options: {
      template: { type: 'string' },
      'builder-role': { type: 'string' },
      'builder-policy': { type: 'string' },
      boundary: { type: 'string' },
      format: { type: 'string', default: 'text' },
      out: { type: 'string' },
      only: { type: 'string' },
      'no-fix-rerun': { type: 'boolean', default: false },
      list: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  }));
} catch (e) {
  fail(`${(e as Error).message}\n${USAGE}`);
}

if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
if (values.list) {
  for (const t of techniques) console.log(`${t.id.padEnd(46)} ${t.title}`);
  process.exit(0);
}

const format = String(values.format);
if (!['text', 'json', 'sarif'].includes(format)) fail(`--format must be text, json or sarif, not "${format}".`);

function read(path: string, option: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    fail(`${option} ${path}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
}

// SARIF locations and messages name files as the repository does: relative to where the audit runs.
const display = (p: string) => {
  const rel = relative(process.cwd(), p).split('\\').join('/');
  return rel && !rel.startsWith('../') ? rel : p;
};
let input: BatteryInput;
const template = values.template as string | undefined;
const policyPath = values['builder-policy'] as string | undefined;
const boundaryPath = values.boundary as string | undefined;
if (template && (policyPath || boundaryPath)) fail('give either --template or --builder-policy with --boundary, not both.');
if (template) input = { template: read(template, '--template'), templateName: display(template), builderRole: values['builder-role'] as string | undefined };
else if (policyPath && boundaryPath) {
  input = { builderPolicy: read(policyPath, '--builder-policy'), boundary: read(boundaryPath, '--boundary'), builderPolicyName: display(policyPath), boundaryName: display(boundaryPath) };
} else if (policyPath || boundaryPath) fail('--builder-policy and --boundary go together.');
else fail(`nothing to audit.\n${USAGE}`);

const only = values.only ? String(values.only).split(',').map((s) => s.trim()).filter(Boolean) : undefined;
const runtime = createNodeLambdaRuntime();
let report: Report;
try {
  report = await runBattery(input, { only, lambdaRuntime: runtime, skipFixRerun: Boolean(values['no-fix-rerun']) });
} catch (e) {
  if (e instanceof BatteryInputError) fail(e.message);
  throw e;
} finally {
  runtime.reset("");
}

let out: string;
if (format === 'json') out = `${JSON.stringify(report, null, 2)}\n`;
else if (format === 'sarif') {
  const builder = 'template' in input ? { uri: input.templateName!, text: input.template } : { uri: input.builderPolicyName!, text: input.builderPolicy };
  const boundary = 'boundary' in input ? { uri: input.boundaryName!, text: input.boundary } : undefined;
  out = `${JSON.stringify(toSarif(report, { builder, ...(boundary ? { boundary } : {}) }), null, 2)}\n`;
} else out = toText(report);

if (values.out) writeFileSync(String(values.out), out);
else process.stdout.write(out);
process.exit(report.summary.escalated > 0 ? 1 : 0);
