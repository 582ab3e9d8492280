/**
 * The AWS CLI v2's error classes and exit statuses (https://docs.aws.amazon.com/cli/latest/userguide/cli-usage-returncodes.html),
 * with the messages of CLI v2 from 2.x releases before April 2025 (awscli/errorhandler.py, argparser.py at 2.26).
 * AWS difference: later v2 releases reworded them — "Found invalid choice" (2.27), "aws: [ERROR]: …" (2.27.50 for
 * usage errors, 2.34 for all errors), "aws login" instead of "aws configure" (2.32) — and v1, the referee on these
 * machines, agrees with the earlier wording.
 */

export const EXIT = {
  ok: 0,
  /** A general error, e.g. a parameter the CLI could not convert. */
  general: 255,
  /** A service answered with an error (v1 used 255). */
  service: 254,
  /** Invalid configuration or credentials (v1 used 255). */
  config: 253,
  /** Invalid syntax or parameters (v1 used 2 for argparse errors and 255 for the rest). */
  usage: 252,
  interrupted: 130,
} as const;

export const USAGE =
  'usage: aws [options] <command> <subcommand> [<subcommand> ...] [parameters]\n' +
  'To see help text, you can run:\n\n' +
  '  aws help\n' +
  '  aws <command> help\n' +
  '  aws <command> <subcommand> help\n';

/** An argparse error: the usage lines, then `aws: error: …` (exit 252). */
export class UsageError extends Error {}

/** Unknown options, printed after the usage lines as `Unknown options: a, b` (exit 252). */
export class UnknownOptionsError extends Error {}

/** Printed as `\n<message>\n` with an exit status. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

export function paramError(cliName: string, message: string): CliError {
  return new CliError(`Error parsing parameter '${cliName}': ${message}`, EXIT.usage);
}
