/** The AWS CLI's global options, read wherever they appear in argv (the CLI's main parser uses parse_known_args). */
import { invalidChoice } from './choices';
import { OUTPUT_FORMATS } from './config';
import { UsageError } from './errors';

export interface Globals {
  region?: string;
  output?: string;
  query?: string;
  endpointUrl?: string;
  profile?: string;
  color: string;
  binaryFormat?: string;
  debug: boolean;
  paginate: boolean;
  version: boolean;
}

const VALUE_GLOBALS: Record<string, keyof Globals | ''> = {
  '--region': 'region',
  '--output': 'output',
  '--query': 'query',
  '--endpoint-url': 'endpointUrl',
  '--profile': 'profile',
  '--color': 'color',
  '--cli-binary-format': 'binaryFormat',
  '--ca-bundle': '',
  '--cli-read-timeout': '',
  '--cli-connect-timeout': '',
};
const FLAG_GLOBALS = ['--debug', '--no-paginate', '--no-verify-ssl', '--no-sign-request', '--no-cli-pager', '--cli-auto-prompt', '--no-cli-auto-prompt', '--version'];
const CHOICES: Record<string, string[]> = {
  '--output': OUTPUT_FORMATS,
  '--color': ['on', 'off', 'auto'],
  '--cli-binary-format': ['base64', 'raw-in-base64-out'],
};

export function parseGlobals(argv: string[]): { globals: Globals; command?: string; operation?: string; rest: string[] } {
  const globals: Globals = { color: 'auto', debug: false, paginate: true, version: false };
  let command: string | undefined;
  let operation: string | undefined;
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i];
    const eq = token.indexOf('=');
    const name = token.startsWith('--') && eq > 0 ? token.slice(0, eq) : token;
    if (name in VALUE_GLOBALS) {
      let value: string;
      if (eq > 0 && name !== token) value = token.slice(eq + 1);
      else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) value = argv[++i];
      else throw new UsageError(`argument ${name}: expected one argument`);
      const choices = CHOICES[name];
      if (choices && !choices.includes(value)) throw new UsageError(invalidChoice(name, value, choices));
      const key = VALUE_GLOBALS[name];
      if (key) (globals as unknown as Record<string, unknown>)[key] = value;
      continue;
    }
    if (FLAG_GLOBALS.includes(token)) {
      if (token === '--debug') globals.debug = true;
      if (token === '--no-paginate') globals.paginate = false;
      if (token === '--version') globals.version = true;
      continue;
    }
    if (!token.startsWith('-') && command === undefined) command = token;
    else if (!token.startsWith('-') && operation === undefined && command !== undefined) operation = token;
    else rest.push(token);
  }
  return { globals, command, operation, rest };
}
