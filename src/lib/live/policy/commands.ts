/**
 * Reads the `aws …` invocations out of a lesson's shell text: the service, the operation (or the waiter, or the
 * high-level `aws s3` command) and the `--option value` pairs, as typed. Only what the allowlist needs: the AWS
 * CLI's own parser is in the shell, which sits above live mode and must not be imported from here.
 */

export interface AwsInvocation {
  /** The CLI's service name: iam, sts, cloudformation, stepfunctions, logs, s3api, s3 … */
  service: string;
  /** The kebab command: create-stack, wait, cp … */
  command: string;
  /** The waiter name after `wait` (stack-create-complete), or the first positional argument. */
  subcommand?: string;
  /** `--name value`; flags without a value map to ''. Values are as typed, variables included. */
  options: Map<string, string[]>;
  /** Positional words (s3://… paths of `aws s3 cp`). */
  positional: string[];
}

/** The AWS CLI's global options that take a value (anything else starting with -- before the service is a flag). */
const GLOBAL_WITH_VALUE = new Set(['--region', '--output', '--profile', '--endpoint-url', '--query', '--color', '--ca-bundle', '--cli-read-timeout', '--cli-connect-timeout', '--cli-binary-format']);

/** Splits shell text into words and operators; quotes are removed, `$(`, `)`, `|`, `;`, `&` and newlines are operators. */
function words(text: string): string[] {
  const out: string[] = [];
  const src = text.replace(/\\\r?\n/g, ' ');
  let i = 0;
  let word: string | undefined;
  const flush = () => {
    if (word !== undefined) out.push(word);
    word = undefined;
  };
  while (i < src.length) {
    const c = src[i];
    if (c === "'" || c === '"') {
      const end = src.indexOf(c, i + 1);
      const stop = end < 0 ? src.length : end;
      word = (word ?? '') + src.slice(i + 1, stop);
      i = stop + 1;
    } else if (c === '$' && src[i + 1] === '(') {
      flush();
      out.push('$(');
      i += 2;
    } else if (';|&()\n`'.includes(c)) {
      flush();
      out.push(c);
      i++;
    } else if (/\s/.test(c)) {
      flush();
      i++;
    } else {
      word = (word ?? '') + c;
      i++;
    }
  }
  flush();
  return out;
}

const OPERATOR = new Set(['$(', ';', '|', '&', '(', ')', '\n', '`']);
/** Words after which a new simple command starts. */
const COMMAND_START = new Set([...OPERATOR, 'do', 'then', 'else', 'in', '!']);

export function awsInvocations(text: string): AwsInvocation[] {
  const w = words(text);
  const found: AwsInvocation[] = [];
  for (let i = 0; i < w.length; i++) {
    if (w[i] !== 'aws' || (i > 0 && !COMMAND_START.has(w[i - 1]) && !/^\w+=/.test(w[i - 1]))) continue;
    let j = i + 1;
    const end = () => j >= w.length || OPERATOR.has(w[j]);
    while (!end() && w[j].startsWith('--')) j += GLOBAL_WITH_VALUE.has(w[j]) ? 2 : 1;
    if (end()) continue;
    const service = w[j++];
    if (end()) continue;
    const command = w[j++];
    const inv: AwsInvocation = { service, command, options: new Map(), positional: [] };
    while (!end()) {
      const word = w[j++];
      if (word.startsWith('--')) {
        const [name, inline] = word.split(/=(.*)/s, 2);
        const value = inline ?? (end() || w[j].startsWith('--') ? '' : w[j++]);
        inv.options.set(name, [...(inv.options.get(name) ?? []), value]);
      } else inv.positional.push(word);
    }
    if (command === 'wait') inv.subcommand = inv.positional.shift();
    found.push(inv);
  }
  return found;
}

/** The part of a typed value before its first shell variable ($X, ${X}, $(…)). */
export function literalPrefix(value: string): string {
  const at = value.indexOf('$');
  return at < 0 ? value : value.slice(0, at);
}

export const isLiteral = (value: string) => !value.includes('$');
