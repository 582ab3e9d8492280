/**
 * Credentials and configuration as the AWS CLI resolves them: command-line options, then environment variables,
 * then ~/.aws/credentials and ~/.aws/config (botocore's precedence).
 */
import { CliError, EXIT } from './errors';

export type IniFile = Record<string, Record<string, string>>;

/** botocore's INI reading: sections, `key = value`, comments, and indented sub-sections (e.g. `s3 =`) as text. */
export function parseIni(text: string): IniFile {
  const out: IniFile = {};
  let section: Record<string, string> | undefined;
  let lastKey: string | undefined;
  for (const raw of text.split(/\r?\n/)) {
    if (/^\s*([#;].*)?$/.test(raw)) continue;
    const header = /^\[\s*([^\]]*?)\s*\]/.exec(raw);
    if (header) {
      section = out[header[1]] ??= {};
      lastKey = undefined;
      continue;
    }
    if (!section) continue;
    if (/^\s/.test(raw) && lastKey) {
      section[lastKey] = `${section[lastKey]}\n${raw.trim()}`;
      continue;
    }
    const kv = /^([^=:]+?)\s*[=:]\s*(.*)$/.exec(raw);
    if (kv) {
      lastKey = kv[1].trim();
      section[lastKey] = kv[2].replace(/\s+[#;].*$/, '').trim();
    }
  }
  return out;
}

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface ResolvedConfig {
  profile: string;
  region?: string;
  output: string;
  endpointUrl?: string;
  binaryFormat: string;
  credentials?: Credentials;
  /** Where the credentials came from, as `aws configure list` names it. */
  credentialSource?: string;
  /** A profile with role_arn: the CLI calls sts:AssumeRole with the source profile's credentials first. */
  assumeRole?: AssumeRoleConfig;
}

export interface AssumeRoleConfig {
  roleArn: string;
  roleSessionName?: string;
  externalId?: string;
  durationSeconds?: number;
  source: Credentials;
}

export interface ConfigInputs {
  env: Record<string, string | undefined>;
  readFile(path: string): Promise<Uint8Array | undefined>;
  profile?: string;
  region?: string;
  output?: string;
  endpointUrl?: string;
  binaryFormat?: string;
  /** The service's identifier in AWS_ENDPOINT_URL_<SERVICE> (its serviceId, upper snake case). */
  serviceId?: string;
}

function expandHome(path: string, env: Record<string, string | undefined>): string {
  return path.startsWith('~/') && env.HOME ? `${env.HOME.replace(/\/$/, '')}${path.slice(1)}` : path;
}

async function readIni(inputs: ConfigInputs, path: string): Promise<IniFile> {
  const data = await inputs.readFile(expandHome(path, inputs.env));
  return data ? parseIni(new TextDecoder().decode(data)) : {};
}

export const OUTPUT_FORMATS = ['json', 'text', 'table', 'yaml', 'yaml-stream'];

export async function resolveConfig(inputs: ConfigInputs): Promise<ResolvedConfig> {
  const { env } = inputs;
  const explicitProfile = inputs.profile;
  const profile = explicitProfile ?? env.AWS_PROFILE ?? env.AWS_DEFAULT_PROFILE ?? 'default';
  const config = await readIni(inputs, env.AWS_CONFIG_FILE ?? '~/.aws/config');
  const credentialsFile = await readIni(inputs, env.AWS_SHARED_CREDENTIALS_FILE ?? '~/.aws/credentials');
  const section = profile === 'default' ? (config.default ?? config['profile default']) : config[`profile ${profile}`];
  const creds = credentialsFile[profile];
  if (profile !== 'default' && !section && !creds) {
    throw new CliError(`The config profile (${profile}) could not be found`, EXIT.general);
  }
  const cfg = section ?? {};

  const output = inputs.output ?? env.AWS_DEFAULT_OUTPUT ?? cfg.output ?? 'json';
  if (!OUTPUT_FORMATS.includes(output)) {
    // AWS difference: CLI v2 only rejects an unknown output format from configuration when it formats a result.
    throw new CliError(
      `Unknown output type: ${output}`,
      EXIT.general,
    );
  }
  const serviceVar = inputs.serviceId ? `AWS_ENDPOINT_URL_${inputs.serviceId.toUpperCase().replace(/ /g, '_')}` : undefined;
  const ignoreConfiguredEndpoints = (env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS ?? cfg.ignore_configure_endpoint_urls) === 'true';
  const endpointUrl =
    inputs.endpointUrl ??
    (ignoreConfiguredEndpoints ? undefined : ((serviceVar && env[serviceVar]) || env.AWS_ENDPOINT_URL || cfg.endpoint_url || undefined));

  let credentials: Credentials | undefined;
  let credentialSource: string | undefined;
  // botocore drops the environment provider when --profile is given on the command line.
  if (!explicitProfile && env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) {
    credentials = {
      accessKeyId: env.AWS_ACCESS_KEY_ID,
      secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
      sessionToken: env.AWS_SESSION_TOKEN || env.AWS_SECURITY_TOKEN || undefined,
    };
    credentialSource = 'env';
  } else if (cfg.role_arn) {
    credentials = undefined;
    credentialSource = 'assume-role';
  } else if (creds?.aws_access_key_id && creds.aws_secret_access_key) {
    credentials = fromSection(creds);
    credentialSource = 'shared-credentials-file';
  } else if (cfg.aws_access_key_id && cfg.aws_secret_access_key) {
    credentials = fromSection(cfg);
    credentialSource = 'config-file';
  }
  let assumeRole: AssumeRoleConfig | undefined;
  if (credentialSource === 'assume-role') {
    assumeRole = {
      roleArn: cfg.role_arn,
      roleSessionName: cfg.role_session_name,
      externalId: cfg.external_id,
      durationSeconds: cfg.duration_seconds ? Number(cfg.duration_seconds) : undefined,
      source: sourceCredentials(profile, cfg, config, credentialsFile, env),
    };
  }
  // AWS difference: SSO, web identity, credential_process and instance metadata are not resolved here.
  return {
    profile,
    region: inputs.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? cfg.region ?? undefined,
    output,
    endpointUrl,
    binaryFormat: inputs.binaryFormat ?? cfg.cli_binary_format ?? 'base64',
    credentials,
    credentialSource,
    assumeRole,
  };
}

/** The credentials a role profile starts from: source_profile's static keys, or credential_source = Environment. */
function sourceCredentials(profile: string, cfg: Record<string, string>, config: IniFile, credentialsFile: IniFile, env: Record<string, string | undefined>): Credentials {
  if (cfg.credential_source === 'Environment' && env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) {
    return { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY, sessionToken: env.AWS_SESSION_TOKEN || undefined };
  }
  const source = cfg.source_profile;
  if (!source) {
    throw new CliError(`The profile "${profile}" must specify either source_profile or credential_source.`, EXIT.general);
  }
  const fromCreds = credentialsFile[source];
  const fromConfig = source === 'default' ? (config.default ?? config['profile default']) : config[`profile ${source}`];
  if (fromCreds?.aws_access_key_id && fromCreds.aws_secret_access_key) return fromSection(fromCreds);
  if (fromConfig?.aws_access_key_id && fromConfig.aws_secret_access_key) return fromSection(fromConfig);
  // AWS difference: chained role profiles (a source_profile that itself has role_arn) are not followed.
  throw new CliError(`The source_profile "${source}" referenced in the profile "${profile}" does not exist.`, EXIT.general);
}

function fromSection(s: Record<string, string>): Credentials {
  return {
    accessKeyId: s.aws_access_key_id,
    secretAccessKey: s.aws_secret_access_key,
    sessionToken: s.aws_session_token || s.aws_security_token || undefined,
  };
}
