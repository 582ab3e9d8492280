/** `aws help`, `aws <service> help`, `aws <service> <operation> help` and `aws --version`, for what this `aws` supports. */
import { SERVICE_NAMES, type ServiceModel } from './model';
import type { CliArgument } from './params';
import { S3_COMMANDS } from './s3';

// AWS difference: the real CLI prints its man pages; the sandbox lists what it supports.
export const VERSION = 'aws-cli/2.26.7 Python/3.13.2 Linux/sandbox exe/x86_64 prompt/off (Boundary Lab sandbox: an emulation of AWS CLI v2 on SDK v3)';

export function topHelp(): string {
  return [
    'AWS()',
    '',
    'NAME',
    '       aws -',
    '',
    'DESCRIPTION',
    '       The  AWS  Command  Line  Interface is a unified tool to manage your AWS',
    '       services. In this sandbox it supports the commands below.',
    '',
    'SYNOPSIS',
    '          aws [options] <command> <subcommand> [parameters]',
    '',
    'GLOBAL OPTIONS',
    '       --debug, --endpoint-url, --no-paginate, --output (json | text | table | yaml | yaml-stream),',
    '       --query, --profile, --region, --color (on | off | auto), --no-cli-pager, --cli-binary-format',
    '',
    'AVAILABLE SERVICES',
    ...SERVICE_NAMES.map((s) => `       o ${s}`),
    '',
    '       o configure',
    '       o help',
    '',
  ].join('\n');
}

export function serviceHelp(service: string, model?: ServiceModel): string {
  const commands = service === 's3' ? S3_COMMANDS : [...Object.keys(model!.o), ...(Object.keys(model!.w).length ? ['wait'] : []), ...(service === 'logs' ? ['tail'] : [])];
  return [`${service.toUpperCase()}()`, '', 'AVAILABLE COMMANDS', ...commands.map((c) => `       o ${c}`), '', '       o help', ''].join('\n');
}

export function waitHelp(service: string, model: ServiceModel, kebabNames: string[]): string {
  void model;
  return [`WAIT()`, '', `       aws ${service} wait <waiter> [parameters]`, '', 'AVAILABLE WAITERS', ...kebabNames.map((w) => `       o ${w}`), ''].join('\n');
}

export function operationHelp(service: string, operation: string, args: CliArgument[]): string {
  const lines = args.map((a) => {
    if (a.kind === 'positional') return `          <${a.name}>`;
    if (a.kind === 'negated-flag') return undefined;
    if (a.kind === 'flag') return `          [--${a.name} | --no-${a.name}]`;
    const v = `--${a.name} <value>`;
    return a.required ? `          ${v}` : `          [${v}]`;
  });
  return [`${operation.toUpperCase()}()`, '', 'SYNOPSIS', `            ${operation}`, ...lines.filter(Boolean), '', `       aws ${service} ${operation}`, ''].join('\n');
}
