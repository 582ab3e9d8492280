/**
 * The `aws` command of the Boundary Lab shell: AWS CLI v2 behaviour on top of SDK v3 clients, driven by tables
 * generated from botocore's service models. Isomorphic: files, output and the network arrive through AwsCommandIO.
 */
import jmespath from 'jmespath';
import { invalidChoice } from './choices';
import { serviceError, type ServiceCaller } from './clients';
import { resolveConfig, type ResolvedConfig } from './config';
import { CliError, EXIT, USAGE, UnknownOptionsError, UsageError } from './errors';
import { runConfigure } from './configure';
import { parseGlobals } from './globals';
import { VERSION, operationHelp, serviceHelp, topHelp, waitHelp } from './help';
import { SERVICE_NAMES, kebab, loadModel, type ServiceModel } from './model';
import { format } from './output/index';
import { shapeOutput } from './output/normalize';
import { formatText } from './output/text';
import { dumpYaml } from './output/yaml';
import { paginate } from './paginate';
import { argumentTable, buildParams } from './params';
import { runLogsTail } from './logstail';
import { presignUrl, runS3, S3_COMMANDS, type LocalFiles } from './s3';
import { connect, debugLog, withErrors } from './session';
import type { AwsCommandIO } from './io';
import { internalErrorText, isInternalFault } from '../internal-error';
import { pyRepr, validateAndConvert } from './validate';
import { wait } from './wait';

export type { AwsCommandIO } from './io';

export async function runAws(io: AwsCommandIO): Promise<number> {
  try {
    return await run(io);
  } catch (e) {
    if (io.signal?.aborted) {
      io.stdout('\n');
      return EXIT.interrupted;
    }
    // CLI v2 writes "\n", the message and "\n"; an argparse message is the usage lines then `aws: error: …`.
    if (e instanceof UsageError) {
      io.stderr(`\n${USAGE}\naws: error: ${e.message}\n\n`);
      return EXIT.usage;
    }
    if (e instanceof UnknownOptionsError) {
      io.stderr(`\n${USAGE}\n${e.message}\n\n`);
      return EXIT.usage;
    }
    if (e instanceof CliError) {
      io.stderr(`\n${e.message}\n`);
      return e.status;
    }
    const info = serviceError(e);
    if (info) {
      // Not reached for calls made through call(): those name their operation. A safety net only.
      io.stderr(`\nAn error occurred (${info.code}): ${info.message}\n`);
      return EXIT.service;
    }
    io.stderr(`\n${isInternalFault(e) ? `aws: ${internalErrorText(e)}` : ((e as Error)?.message ?? String(e))}\n`);
    return EXIT.general;
  }
}

/**
 * Python jmespath's message for an expression that ends too early; other syntax errors keep the JavaScript
 * library's wording (AWS difference).
 */
function jmespathError(expression: string, e: Error): string {
  if (/EOF/.test(e.message)) return `Invalid jmespath expression: Incomplete expression:\n"${expression}"\n${' '.repeat(expression.length + 1)}^`;
  return `Invalid jmespath expression: ${e.message}`;
}

async function run(io: AwsCommandIO): Promise<number> {
  const { globals, command, operation, rest } = parseGlobals(io.argv);
  if (globals.debug) {
    debugLog(io, 'awscli.clidriver', `CLI version: ${VERSION}`);
    debugLog(io, 'awscli.clidriver', `Arguments entered to CLI: ${pyRepr(io.argv)}`);
  }
  if (globals.version) {
    io.stdout(`${VERSION}\n`);
    return 0;
  }
  if (command === undefined) throw new UsageError('the following arguments are required: command');
  if (command === 'help') {
    io.stdout(topHelp());
    return 0;
  }
  if (command === 'configure') {
    return runConfigure(operation === undefined ? rest : [operation, ...rest], { ...io, profile: globals.profile });
  }
  const services: readonly string[] = SERVICE_NAMES;
  // AWS difference: only the services the sandbox serves are commands; `aws ec2 …` is an invalid choice here.
  if (!services.includes(command)) throw new UsageError(invalidChoice('command', command, [...services, 'configure', 'help']));
  // awscli/customizations/globalargs.py resolves --query and --endpoint-url before anything else.
  if (globals.query !== undefined) {
    try {
      jmespath.compile(globals.query);
    } catch (e) {
      throw new CliError(`Bad value for --query ${globals.query}: ${jmespathError(globals.query, e as Error)}`, EXIT.usage);
    }
  }
  if (globals.endpointUrl !== undefined && !/^[A-Za-z][A-Za-z0-9+.-]*:/.test(globals.endpointUrl)) {
    throw new CliError(
      `Bad value for --endpoint-url "${globals.endpointUrl}": scheme is missing.  Must be of the form http://<hostname>/ or https://<hostname>/`,
      EXIT.usage,
    );
  }
  const model = command === 's3' ? undefined : await loadModel(command);
  const operations = command === 's3' ? S3_COMMANDS : [...Object.keys(model!.o), ...(Object.keys(model!.w).length ? ['wait'] : []), ...(command === 'logs' ? ['tail'] : [])];
  if (operation === undefined) throw new UsageError('the following arguments are required: operation');
  if (operation === 'help') {
    io.stdout(serviceHelp(command, model));
    return 0;
  }
  if (!operations.includes(operation)) throw new UsageError(invalidChoice('operation', operation, [...operations, 'help']));

  const config = await resolveConfig({
    env: io.env,
    readFile: io.readFile,
    profile: globals.profile,
    region: globals.region,
    output: globals.output,
    endpointUrl: globals.endpointUrl,
    binaryFormat: globals.binaryFormat,
    serviceId: model?.id ?? 'S3',
  });
  const caller = () => connect(command === 's3' ? 's3api' : command, config, io, globals.debug);

  if (command === 's3') {
    if (rest.length === 1 && rest[0] === 'help') {
      io.stdout(serviceHelp('s3'));
      return 0;
    }
    const s3 = await caller();
    const files = io.files && { ...io.files, read: io.readFile, write: io.writeFile };
    const endpoint = config.endpointUrl ?? io.transport.endpoint;
    return runS3(operation, rest, withErrors(s3), {
      region: config.region!,
      stdout: (t) => io.stdout(typeof t === 'string' ? t : new TextDecoder().decode(t)),
      stderr: io.stderr,
      ...(files ? { files } : {}),
      // AWS difference: a profile with role_arn presigns with its source credentials, not the role's.
      ...(config.credentials ? { presign: (bucket, key, expiresIn) => presignUrl({ region: config.region!, credentials: config.credentials!, ...(endpoint ? { endpoint } : {}) }, bucket, key, expiresIn) } : {}),
    });
  }
  const m = model!;
  if (operation === 'wait') return runWait(io, command, m, rest, config, caller);
  if (command === 'logs' && operation === 'tail') {
    const logs = withErrors(await caller());
    return runLogsTail(rest, logs, { stdout: io.stdout, signal: io.signal, color: globals.color === 'on', sleep: (ms) => (io.sleep ?? defaultSleep)(ms, io.signal) });
  }

  const args = argumentTable(m, command, operation, false, globals.paginate);
  if (rest.length === 1 && rest[0] === 'help') {
    io.stdout(operationHelp(command, operation, args));
    return 0;
  }
  const [opName, input, , outputShape] = m.o[operation];
  const parsed = await buildParams(m, args, rest, { cwd: io.cwd, env: io.env, readFile: io.readFile, binaryFormat: config.binaryFormat });
  const params = validateAndConvert(m, input, parsed.params, config.binaryFormat);
  const client = withErrors(await caller());
  const shaped = (r: Record<string, unknown>) => shapeOutput(m, outputShape, r) as Record<string, unknown>;
  const pager = m.p[opName];
  const userPaging = pager && [...[pager.i ?? []].flat(), ...(pager.l ? [pager.l] : [])].some((k) => parsed.given.has(k));
  const shouldPaginate = pager && globals.paginate && !userPaging;
  if (!shouldPaginate) {
    const used = Object.entries(parsed.paging).filter(([, v]) => v !== undefined);
    if (pager && used.length) {
      const names = used.map(([k]) => ({ StartingToken: '--starting-token', PageSize: '--page-size', MaxItems: '--max-items' })[k]).join(', ');
      throw new CliError(`Cannot specify --no-paginate along with pagination arguments: ${names}`, EXIT.general);
    }
  }
  const title = opName;
  const print = async (data: unknown) => {
    let result = data;
    if (globals.query !== undefined) result = jmespath.search(result, globals.query);
    io.stdout(await format(result, { format: config.output, title, color: globals.color === 'on', width: Number(io.env.COLUMNS) || 80 }));
  };

  if (shouldPaginate) {
    const result = await paginate(pager, params, parsed.paging, async (p) => shaped(await client.call(opName, p, io.signal)));
    if (config.output === 'yaml-stream') {
      // Each page as a one-item YAML list, the query applied to each (awscli StreamedYAMLFormatter).
      for (const page of result.pages) {
        const data = globals.query !== undefined ? jmespath.search(page, globals.query) : page;
        io.stdout(dumpYaml([data]));
      }
      return 0;
    }
    if (config.output === 'text') {
      // The text format prints page by page, the query applied to each (awscli TextFormatter).
      result.pages.forEach((page, i) => {
        const current: Record<string, unknown> = {};
        if (i === 0) for (const k of pager.n ?? []) current[k] = page[k] ?? null;
        for (const k of pager.r) current[k] = page[k] ?? null;
        let data: unknown = current;
        if (globals.query !== undefined) data = jmespath.search(data, globals.query);
        io.stdout(formatText(data));
      });
      if (result.resumeToken) {
        let data: unknown = { NextToken: { NextToken: result.resumeToken } };
        if (globals.query !== undefined) data = jmespath.search(data, globals.query);
        io.stdout(formatText(data));
      }
      return 0;
    }
    await print(result.full);
    return 0;
  }
  const response = await client.call(opName, params, io.signal);
  if (parsed.outfile !== undefined) await writeOutfile(io, response, parsed.outfile);
  await print(shaped(response));
  return 0;
}

async function writeOutfile(io: AwsCommandIO, response: Record<string, unknown>, outfile: string): Promise<void> {
  const key = 'Payload' in response ? 'Payload' : 'Body';
  const body = response[key] as { transformToByteArray?: () => Promise<Uint8Array> } | Uint8Array | undefined;
  delete response[key];
  let bytes: Uint8Array = new Uint8Array();
  if (body instanceof Uint8Array) bytes = body;
  else if (body?.transformToByteArray) bytes = await body.transformToByteArray();
  const path = outfile.startsWith('/') ? outfile : `${io.cwd.replace(/\/$/, '')}/${outfile}`;
  await io.writeFile(path, bytes);
}

function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => { clearTimeout(t); resolve(); }, { once: true });
  });
}

async function runWait(
  io: AwsCommandIO,
  service: string,
  model: ServiceModel,
  rest: string[],
  config: ResolvedConfig,
  caller: () => Promise<ServiceCaller>,
): Promise<number> {
  const waiters = Object.keys(model.w);
  const names = waiters.map((w) => kebab(w));
  const [name, ...args] = rest;
  if (name === undefined) throw new UsageError('the following arguments are required: subcommand');
  if (name === 'help') {
    io.stdout(waitHelp(service, model, names));
    return 0;
  }
  if (!names.includes(name)) throw new UsageError(invalidChoice('subcommand', name, [...names, 'help']));
  const waiterName = waiters[names.indexOf(name)];
  const waiter = model.w[waiterName];
  const operation = kebab(waiter.operation);
  const table = argumentTable(model, service, operation, true);
  if (args.length === 1 && args[0] === 'help') {
    io.stdout(operationHelp(service, `wait ${name}`, table));
    return 0;
  }
  const parsed = await buildParams(model, table, args, { cwd: io.cwd, env: io.env, readFile: io.readFile, binaryFormat: config.binaryFormat });
  const params = validateAndConvert(model, model.o[operation][1], parsed.params, config.binaryFormat);
  const client = await caller();
  const sleep = io.sleep ?? defaultSleep;
  await wait(waiterName, waiter, (p) => client.call(waiter.operation, p, io.signal), params, (ms) => sleep(ms, io.signal), io.signal);
  return 0;
}
