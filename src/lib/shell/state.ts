/**
 * What an interactive bash keeps from one command line to the next. just-bash resets variables, functions and the
 * working directory on every exec() (its filesystem persists), so the session captures this state at the end of
 * each command line and replays it before the next one (see session.ts and LIMITATIONS.md).
 */

export interface ShellState {
  cwd: string;
  /** Scalar shell variables, exported or not; aliases are among them as BASH_ALIAS_<name> (just-bash's store). */
  vars: Record<string, string>;
  /** Names of exported variables. */
  exported: string[];
  /** `declare -a/-A name=(…)` lines as `declare -p` prints them, replayed as they are. */
  arrays: string[];
  /** Function definitions as just-bash AST nodes (plain JSON), keyed by name. */
  functions: Record<string, unknown>;
  /** `set -o` options turned on beyond just-bash's defaults. */
  options: string[];
  /** $? */
  status: number;
}

/** Variables the interpreter owns: never replayed. */
const SPECIAL = new Set(['?', '#', '@', '*', '$', '!', '-', '0', '_', 'PWD', 'SHELLOPTS', 'BASHOPTS', 'PIPESTATUS', 'LINENO', 'RANDOM', 'SECONDS', 'BASHPID', 'PPID', 'UID', 'EUID']);
const DEFAULT_OPTIONS = new Set(['braceexpand', 'hashall', 'interactive-comments']);
const ARRAY_SKIP = new Set(['PIPESTATUS', 'FUNCNAME', 'BASH_SOURCE', 'BASH_LINENO', 'BASH_ARGV', 'BASH_ARGC', 'GROUPS', 'BASH_REMATCH', 'DIRSTACK', 'BASH_VERSINFO']);

export const PLACEHOLDER = '__boundary_lab_function_body';
export const CAPTURE = '__boundary_lab_capture';

export function initialState(home: string, env: Record<string, string>): ShellState {
  return { cwd: home, vars: { ...env }, exported: Object.keys(env), arrays: [], functions: {}, options: [], status: 0 };
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Shell source that restores what `exec({ env, cwd })` cannot: exports, arrays, functions, options, aliases on, $?. */
export function prelude(state: ShellState): string {
  const parts = ['shopt -s expand_aliases'];
  const exported = state.exported.filter((n) => NAME.test(n) && n in state.vars);
  if (exported.length) parts.push(`export ${exported.join(' ')}`);
  const local = Object.keys(state.vars).filter((n) => NAME.test(n) && !state.exported.includes(n) && !n.startsWith('BASH_ALIAS_'));
  if (local.length) parts.push(`export -n ${local.join(' ')}`);
  for (const o of state.options) if (NAME.test(o)) parts.push(`set -o ${o}`);
  // `declare -a a=(…)` as one word splits wrongly in just-bash; declare, then assign.
  for (const line of state.arrays) parts.push(line.replace(/^(declare -[a-zA-Z]+ )([A-Za-z_][A-Za-z0-9_]*)=\(/, '$1$2; $2=('));
  for (const name of Object.keys(state.functions)) if (/^[A-Za-z_][A-Za-z0-9_:.-]*$/.test(name)) parts.push(`${name}() { ${PLACEHOLDER}; }`);
  parts.push(`(exit ${state.status & 255})`);
  return parts.join('\n');
}

/** Appended after the learner's command line: records the state while the shell still holds it. */
export const epilogue = `${CAPTURE} "$?" "$(declare -F)" "$(declare -p)"`;

/** Variables to hand to exec({ env }). */
export function execEnv(state: ShellState): Record<string, string> {
  return { ...state.vars, PWD: state.cwd };
}

export interface Captured {
  status: number;
  cwd: string;
  env: Map<string, string>;
  exported: string[];
  functionNames: string[];
  declarations: string;
}

/** The state after a command line, from what the capture command saw. */
export function stateFrom(c: Captured, previous: ShellState, defined: Map<string, unknown>): ShellState {
  const vars: Record<string, string> = {};
  for (const [k, v] of c.env) if (!SPECIAL.has(k) && NAME.test(k)) vars[k] = v;
  const options = (c.env.get('SHELLOPTS') ?? '').split(':').filter((o) => o && !DEFAULT_OPTIONS.has(o));
  const arrays = c.declarations
    .split('\n')
    .filter((l) => /^declare -[a-zA-Z]*[aA][a-zA-Z]* [A-Za-z_][A-Za-z0-9_]*=\(/.test(l))
    .filter((l) => !ARRAY_SKIP.has(/ ([A-Za-z_][A-Za-z0-9_]*)=/.exec(l)![1]));
  const functions: Record<string, unknown> = {};
  for (const name of c.functionNames) {
    const node = defined.get(name) ?? previous.functions[name];
    if (node !== undefined) functions[name] = node;
  }
  return {
    cwd: c.cwd,
    vars,
    exported: c.exported.filter((n) => n in vars),
    arrays,
    functions,
    options,
    status: c.status,
  };
}

export function parseFunctionNames(declareF: string): string[] {
  return declareF
    .split('\n')
    .map((l) => /^declare -f[a-z]* (\S+)$/.exec(l.trim())?.[1])
    .filter((n): n is string => !!n && n !== CAPTURE);
}
