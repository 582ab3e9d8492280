/**
 * An operation's arguments as the AWS CLI builds them from the service model (awscli/clidriver.py,
 * argprocess.py, customizations/toplevelbool.py, paginate.py, streamingoutputarg.py), and the argparse-like
 * reading of argv into API parameters.
 */
import { kebab, type MemberEntry, type ServiceModel, type ShapeRef } from './model';
import { CliError, EXIT, paramError, UnknownOptionsError, UsageError } from './errors';
import { ParamFileRef, PyValueError, ShorthandParseError, ShorthandParser, backCompat, pyFloat, pyInt } from './shorthand';

export interface CliArgument {
  /** e.g. `role-name`; `outfile` for the positional output file. */
  name: string;
  /** The API member, or a pseudo member for CLI-only arguments (StartingToken, PageSize, MaxItems, ZipFile…). */
  member: string;
  shape: ShapeRef;
  required: boolean;
  kind: 'value' | 'list' | 'flag' | 'negated-flag' | 'positional';
  /** Pagination argument (kept apart from the API parameters). */
  paging?: boolean;
}

export interface OperationArgs {
  params: Record<string, unknown>;
  paging: { StartingToken?: string; PageSize?: number; MaxItems?: number };
  outfile?: string;
  /** Names of API parameters the user gave, in CLI form, to decide whether to auto-paginate. */
  given: Set<string>;
}

export interface ParamIO {
  cwd: string;
  env: Record<string, string | undefined>;
  readFile(path: string): Promise<Uint8Array | undefined>;
  binaryFormat: string;
}

function memberKebab(entry: MemberEntry): string {
  return entry[3] ?? kebab(entry[0]);
}

function isListShape(model: ServiceModel, ref: ShapeRef): boolean {
  return typeof ref === 'number' && 'l' in model.s[ref];
}

/** The argument table of `aws <service> <operation>`, in the order the CLI builds it. */
export function argumentTable(model: ServiceModel, service: string, operation: string, forWaiter = false, paginate = true): CliArgument[] {
  const [opName, input, flags] = model.o[operation];
  const args: CliArgument[] = [];
  const renames = model.r?.[operation] ?? {};
  const members = input === null ? [] : (model.s[input] as { m: MemberEntry[] }).m;
  for (const entry of members) {
    const [member, shape, required] = entry;
    const name = renames[memberKebab(entry)] ?? memberKebab(entry);
    if (shape === 'b') {
      args.push({ name, member, shape, required: false, kind: 'flag' });
      args.push({ name: `no-${name}`, member, shape, required: false, kind: 'negated-flag' });
    } else {
      args.push({ name, member, shape, required: required === 1, kind: isListShape(model, shape) ? 'list' : 'value' });
    }
  }
  customize(service, operation, args);
  const pager = model.p[opName];
  if (pager && !forWaiter) {
    const limitShape = pager.l ? (members.find((m) => m[0] === pager.l)?.[1] ?? 'i') : 'i';
    const add = (arg: CliArgument) => {
      const i = args.findIndex((a) => a.name === arg.name);
      // With --no-paginate the CLI puts back the service's own arguments that the paging ones shadowed.
      if (i >= 0 && !paginate) return;
      if (i >= 0) args.splice(i, 1);
      args.push(arg);
    };
    add({ name: 'starting-token', member: 'StartingToken', shape: 's', required: false, kind: 'value', paging: true });
    if (pager.l) add({ name: 'page-size', member: 'PageSize', shape: limitShape, required: false, kind: 'value', paging: true });
    add({ name: 'max-items', member: 'MaxItems', shape: limitShape, required: false, kind: 'value', paging: true });
  }
  if (flags & 1 && !forWaiter) args.push({ name: 'outfile', member: '', shape: 's', required: true, kind: 'positional' });
  if (!forWaiter) {
    args.push({ name: 'cli-input-json', member: '', shape: 's', required: false, kind: 'value' });
  }
  return args;
}

/** awscli/customizations/awslambda.py: `--zip-file fileb://…` stands in for the nested ZipFile blob. */
function customize(service: string, operation: string, args: CliArgument[]): void {
  if (service !== 'lambda') return;
  const nested = { 'create-function': 'Code', 'publish-layer-version': 'Content' }[operation];
  if (!nested) return;
  // The hoisted --zip-file makes --code/--content optional (botocore still requires the member when neither is given).
  for (const a of args) if (a.member === nested) a.required = false;
  args.push({ name: 'zip-file', member: `${nested}.ZipFile`, shape: 'B', required: false, kind: 'value' });
}

/** argparse's idea of an option-like string. */
function looksLikeOption(token: string): boolean {
  if (!token.startsWith('-') || token === '-') return false;
  if (/^-\d+$|^-\d*\.\d+$/.test(token)) return false;
  if (token.includes(' ')) return false;
  return true;
}

/** Reads argv (after the service and operation) into raw values per argument, argparse-style. */
export function readArgv(args: CliArgument[], argv: string[]): { values: Map<CliArgument, string | string[] | boolean>; unknown: string[] } {
  const byName = new Map(args.filter((a) => a.kind !== 'positional').map((a) => [`--${a.name}`, a]));
  const positional = args.find((a) => a.kind === 'positional');
  const values = new Map<CliArgument, string | string[] | boolean>();
  const unknown: string[] = [];
  let i = 0;
  let onlyPositionals = false;
  while (i < argv.length) {
    const token = argv[i++];
    if (!onlyPositionals && token === '--') {
      onlyPositionals = true;
      continue;
    }
    if (onlyPositionals || !looksLikeOption(token)) {
      if (positional && !values.has(positional)) values.set(positional, token);
      else unknown.push(token);
      continue;
    }
    const eq = token.indexOf('=');
    const name = eq > 0 && token.startsWith('--') ? token.slice(0, eq) : token;
    const arg = byName.get(name);
    if (!arg) {
      unknown.push(token);
      continue;
    }
    const inline = eq > 0 && token.startsWith('--') ? token.slice(eq + 1) : undefined;
    if (arg.kind === 'flag' || arg.kind === 'negated-flag') {
      if (inline !== undefined) throw new UsageError(`argument ${name}: ignored explicit argument '${inline}'`);
      values.set(arg, arg.kind === 'flag');
      continue;
    }
    if (arg.kind === 'list') {
      const list: string[] = inline !== undefined ? [inline] : [];
      while (i < argv.length && !looksLikeOption(argv[i]) && !(argv[i] === '--')) list.push(argv[i++]);
      if (list.length === 0) throw new UsageError(`argument ${name}: expected at least one argument`);
      values.set(arg, list);
      continue;
    }
    if (inline !== undefined) values.set(arg, inline);
    else if (i < argv.length && !looksLikeOption(argv[i])) values.set(arg, argv[i++]);
    else throw new UsageError(`argument ${name}: expected one argument`);
  }
  const missing = args.filter((a) => a.required && !values.has(a));
  if (missing.length) {
    throw new UsageError(
      `the following arguments are required: ${missing.map((a) => (a.kind === 'positional' ? a.name : `--${a.name}`)).join(', ')}`,
    );
  }
  return { values, unknown };
}

function resolvePath(path: string, io: ParamIO): string {
  if (path.startsWith('~/') && io.env.HOME) return `${io.env.HOME.replace(/\/$/, '')}${path.slice(1)}`;
  if (path.startsWith('/')) return path;
  return `${io.cwd.replace(/\/$/, '')}/${path}`;
}

/** awscli/paramfile.py: `file://` loads text, `fileb://` loads bytes. */
export async function loadParamFile(value: string, io: ParamIO, cliName: string): Promise<string | Uint8Array | undefined> {
  const m = /^(file|fileb):\/\/(.*)$/s.exec(value);
  if (!m) return undefined;
  const path = m[2];
  const data = await io.readFile(resolvePath(path, io));
  if (!data) {
    throw paramError(cliName, `Unable to load paramfile ${value}: [Errno 2] No such file or directory: '${path}'`);
  }
  if (m[1] === 'fileb') return data;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    throw paramError(cliName, `Unable to load paramfile (${path}), text contents could not be decoded.  If this is a binary file, please use the fileb:// prefix instead of the file:// prefix.`);
  }
}

function supportsShorthand(model: ServiceModel, shape: ShapeRef): boolean {
  if (typeof shape !== 'number') return false;
  const s = model.s[shape];
  if ('l' in s) return typeof s.l === 'number' && !containsDocument(model, s.l);
  if ('v' in s) return !containsDocument(model, s.v);
  return true;
}

function containsDocument(model: ServiceModel, shape: ShapeRef): boolean {
  if (shape === 'd') return true;
  if (typeof shape !== 'number') return false;
  const s = model.s[shape];
  if ('l' in s) return s.l === 'd';
  if ('v' in s) return s.v === 'd';
  return false;
}

function parseJson(value: string, cliName: string): unknown {
  try {
    return JSON.parse(value);
  } catch (e) {
    throw paramError(cliName, `Invalid JSON: ${(e as Error).message}\nJSON received: ${value}`);
  }
}

/** Turns one argument's raw value(s) into the API value, as unpack_argument/unpack_cli_arg do. */
async function unpack(model: ServiceModel, arg: CliArgument, raw: string | string[] | boolean, io: ParamIO): Promise<unknown> {
  const cliName = `--${arg.name}`;
  if (typeof raw === 'boolean') return raw;
  if (arg.shape === 'S' && typeof raw === 'string') {
    // A streaming blob (s3api put-object --body) is a path to a file, not file:// (awscli unpack_scalar_cli_arg).
    const data = await io.readFile(resolvePath(raw, io));
    if (!data) throw paramError(cliName, 'Blob values must be a path to a file.');
    return data;
  }
  let value: string | string[] | Uint8Array = raw;
  if (typeof raw === 'string') {
    const loaded = await loadParamFile(raw, io, cliName);
    if (loaded !== undefined) value = loaded;
  }
  const shape = arg.shape;
  if (value instanceof Uint8Array) {
    if (shape === 'B' || shape === 'S') return value;
    value = new TextDecoder().decode(value);
  }
  if (typeof shape === 'string') return unpackScalar(shape, value as string, io, cliName);
  // Complex: shorthand, or JSON.
  const check = Array.isArray(value) ? value[0] : value;
  if (supportsShorthand(model, shape) && !/^\s*[[{]/.test(check)) {
    try {
      const parser = new ShorthandParser();
      const parsed = Array.isArray(value) ? value.map((v) => parser.parse(v)) : parser.parse(value);
      const result = backCompat(model, shape, parsed);
      return await resolveParamFileRefs(result, io, cliName);
    } catch (e) {
      if (e instanceof ShorthandParseError) throw paramError(cliName, e.message);
      throw e;
    }
  }
  const s = model.s[shape];
  if ('l' in s) {
    if (typeof value === 'string') {
      if (value.trimStart().startsWith('[')) return parseJson(value, cliName);
    } else if (value.length === 1 && value[0].trim().startsWith('[')) {
      return parseJson(value[0], cliName);
    }
    const list = typeof value === 'string' ? [value] : value;
    const member = s.l;
    return Promise.all(
      list.map(async (v) => {
        if (typeof member === 'string') return unpackScalar(member, v, io, cliName);
        const ms = model.s[member];
        if (('m' in ms || 'v' in ms) && !v.trimStart().startsWith('{')) throw paramError(cliName, `Invalid JSON:\n${v}`);
        return parseJson(v, cliName);
      }),
    );
  }
  const text = value as string;
  if (text.trimStart().startsWith('{')) return parseJson(text, cliName);
  throw paramError(cliName, `Invalid JSON:\n${text}`);
}

async function resolveParamFileRefs(value: unknown, io: ParamIO, cliName: string): Promise<unknown> {
  if (value instanceof ParamFileRef) return loadParamFile(value.value, io, cliName);
  if (Array.isArray(value)) return Promise.all(value.map((v) => resolveParamFileRefs(v, io, cliName)));
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) (value as Record<string, unknown>)[k] = await resolveParamFileRefs(v, io, cliName);
  }
  return value;
}

function unpackScalar(code: string, value: string, io: ParamIO, cliName: string): unknown {
  switch (code) {
    case 'i':
      return pyInt(value);
    case 'f':
      return pyFloat(value);
    case 'b':
      return value.toLowerCase() === 'false' ? false : Boolean(value);
    case 'd':
      return parseJson(value, cliName);
    case 'B':
    case 'S':
      return decodeBlob(value, io.binaryFormat);
    default:
      return value;
  }
}

/** CLI v2 reads blob arguments as base64 unless cli_binary_format is raw-in-base64-out. */
export function decodeBlob(value: string, binaryFormat: string): Uint8Array {
  if (binaryFormat === 'raw-in-base64-out') return new TextEncoder().encode(value);
  const clean = value.replace(/\s/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean) || clean.length % 4 !== 0) {
    throw new CliError(`Invalid base64: "${value}"`, EXIT.general);
  }
  const bin = atob(clean);
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

/** Reads the operation's arguments into API parameters. Throws UsageError/UnknownOptionsError/CliError. */
export async function buildParams(model: ServiceModel, args: CliArgument[], argv: string[], io: ParamIO): Promise<OperationArgs> {
  const { values, unknown } = readArgv(args, argv);
  if (unknown.length) throw new UnknownOptionsError(`Unknown options: ${unknown.join(', ')}`);
  const out: OperationArgs = { params: {}, paging: {}, given: new Set() };
  const inputJson = [...values].find(([a]) => a.name === 'cli-input-json');
  if (inputJson) {
    const raw = inputJson[1] as string;
    const text = (await loadParamFile(raw, io, '--cli-input-json')) ?? raw;
    const parsed = parseJson(typeof text === 'string' ? text : new TextDecoder().decode(text), '--cli-input-json');
    if (parsed && typeof parsed === 'object') Object.assign(out.params, parsed);
  }
  for (const [arg, raw] of values) {
    if (arg.name === 'cli-input-json') continue;
    if (arg.kind === 'positional') {
      out.outfile = raw as string;
      continue;
    }
    if (arg.paging && arg.shape === 'i' && !/^\s*[-+]?\d+\s*$/.test(raw as string)) {
      // Paging arguments are typed by argparse itself (awscli PageArgument).
      throw new UsageError(`argument --${arg.name}: invalid int value: '${raw as string}'`);
    }
    let value: unknown;
    try {
      value = await unpack(model, arg, raw, io);
    } catch (e) {
      if (e instanceof PyValueError) throw new CliError(e.message, EXIT.general);
      throw e;
    }
    if (arg.paging) {
      (out.paging as Record<string, unknown>)[arg.member] = value;
      continue;
    }
    out.given.add(arg.member);
    const dot = arg.member.indexOf('.');
    if (dot > 0) {
      const parent = arg.member.slice(0, dot);
      const existing = (out.params[parent] as Record<string, unknown> | undefined) ?? {};
      out.params[parent] = { ...existing, [arg.member.slice(dot + 1)]: value };
    } else if (arg.member === 'Code' && out.params.Code && typeof value === 'object') {
      out.params.Code = { ...(value as object), ...(out.params.Code as object) };
    } else {
      out.params[arg.member] = value;
    }
  }
  return out;
}
