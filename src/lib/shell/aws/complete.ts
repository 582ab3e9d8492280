/**
 * Tab completion for the terminal's line editor: the services, operations, waiters and options of this `aws`.
 * `words` are the words after `aws` before the cursor; `current` is the word being typed ('' for a new word).
 */
import { kebab, loadModel, SERVICE_NAMES } from './model';
import { argumentTable } from './params';
import { S3_COMMANDS } from './s3';

const GLOBAL_OPTIONS = [
  '--debug', '--endpoint-url', '--no-verify-ssl', '--no-paginate', '--output', '--query', '--profile', '--region',
  '--version', '--color', '--no-sign-request', '--ca-bundle', '--cli-read-timeout', '--cli-connect-timeout',
  '--cli-binary-format', '--no-cli-pager', '--cli-auto-prompt', '--no-cli-auto-prompt',
];
const VALUE_CHOICES: Record<string, string[]> = {
  '--output': ['json', 'text', 'table', 'yaml', 'yaml-stream'],
  '--color': ['on', 'off', 'auto'],
  '--cli-binary-format': ['base64', 'raw-in-base64-out'],
};
const GLOBALS_WITH_VALUES = ['--region', '--output', '--query', '--endpoint-url', '--profile', '--color', '--cli-binary-format', '--ca-bundle', '--cli-read-timeout', '--cli-connect-timeout'];

export async function completeAws(words: string[], current: string): Promise<string[]> {
  const previous = words[words.length - 1];
  if (previous && VALUE_CHOICES[previous]) return VALUE_CHOICES[previous].filter((c) => c.startsWith(current)).sort();
  // Positional words, skipping global options and their values.
  const positionals: string[] = [];
  const used = new Set<string>();
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (w.startsWith('--')) {
      used.add(w);
      if (GLOBALS_WITH_VALUES.includes(w)) i++;
      continue;
    }
    positionals.push(w);
  }
  const match = (list: string[]) => list.filter((c) => c.startsWith(current)).sort();
  if (positionals.length === 0) return current.startsWith('-') ? match(GLOBAL_OPTIONS) : match([...SERVICE_NAMES, 'help']);
  const [service, operation, waiter] = positionals;
  if (!(SERVICE_NAMES as readonly string[]).includes(service)) return [];
  if (service === 's3') return positionals.length === 1 ? match(S3_COMMANDS) : [];
  const model = await loadModel(service);
  if (positionals.length === 1) return match([...Object.keys(model.o), ...(Object.keys(model.w).length ? ['wait'] : []), ...(service === 'logs' ? ['tail'] : []), 'help']);
  if (service === 'logs' && operation === 'tail') return match(['--since', '--follow', '--format', '--filter-pattern', '--log-stream-names', '--log-stream-name-prefix']);
  let opName = operation;
  if (operation === 'wait') {
    const waiters = Object.keys(model.w);
    if (positionals.length === 2) return match(waiters.map(kebab));
    const w = waiters.find((n) => kebab(n) === waiter);
    if (!w) return [];
    opName = kebab(model.w[w].operation);
  }
  if (!model.o[opName]) return [];
  if (!current.startsWith('-') && current !== '') return [];
  const args = argumentTable(model, service, opName, operation === 'wait');
  const options = args.filter((a) => a.kind !== 'positional').map((a) => `--${a.name}`).filter((o) => !used.has(o));
  return match([...options, ...GLOBAL_OPTIONS.filter((o) => !used.has(o))]);
}
