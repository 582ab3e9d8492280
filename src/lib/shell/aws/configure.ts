/**
 * `aws configure list | get | set` (awscli/customizations/configure in CLI v2).
 * AWS difference: the interactive `aws configure` prompts are not available in the sandbox shell.
 */
import { parseIni, resolveConfig, type ConfigInputs } from './config';
import { CliError, EXIT, UsageError } from './errors';

interface ConfigureIO extends Omit<ConfigInputs, 'region' | 'output' | 'endpointUrl' | 'binaryFormat' | 'serviceId'> {
  writeFile(path: string, data: Uint8Array): Promise<void>;
  stdout(text: string): void;
  stderr(text: string): void;
}

const NOT_SET = '<not set>';
const mask = (v: string) => `${'*'.repeat(16)}${v.slice(-4)}`;
const row = (name: string, value: string, type: string, location: string) =>
  `${name.padStart(10)} ${value.padStart(24)} ${type.padStart(16)}    ${location}\n`;

function home(path: string, env: Record<string, string | undefined>): string {
  return path.startsWith('~/') && env.HOME ? `${env.HOME.replace(/\/$/, '')}${path.slice(1)}` : path;
}

export async function runConfigure(argv: string[], io: ConfigureIO): Promise<number> {
  const [sub, ...args] = argv;
  const { env } = io;
  const configPath = env.AWS_CONFIG_FILE ?? '~/.aws/config';
  const credentialsPath = env.AWS_SHARED_CREDENTIALS_FILE ?? '~/.aws/credentials';
  const readIni = async (p: string) => {
    const data = await io.readFile(home(p, env));
    return data ? parseIni(new TextDecoder().decode(data)) : {};
  };
  const profileName = io.profile ?? env.AWS_PROFILE ?? env.AWS_DEFAULT_PROFILE ?? 'default';
  const sectionName = (p: string) => (p === 'default' ? 'default' : `profile ${p}`);

  if (sub === undefined) {
    throw new CliError('The interactive "aws configure" is not available in this sandbox; use "aws configure set <name> <value>".', EXIT.usage);
  }
  if (sub === 'list') {
    if (args.length) throw new UsageError(`Unknown options: ${args.join(', ')}`);
    io.stdout(row('Name', 'Value', 'Type', 'Location'));
    io.stdout(row('----', '-----', '----', '--------'));
    if (io.profile !== undefined) io.stdout(row('profile', io.profile, 'manual', '--profile'));
    else if (env.AWS_PROFILE ?? env.AWS_DEFAULT_PROFILE) io.stdout(row('profile', (env.AWS_PROFILE ?? env.AWS_DEFAULT_PROFILE)!, 'env', "['AWS_PROFILE', 'AWS_DEFAULT_PROFILE']"));
    else io.stdout(row('profile', NOT_SET, 'None', 'None'));
    const resolved = await resolveConfig({ env, readFile: io.readFile, profile: io.profile });
    if (resolved.credentials) {
      io.stdout(row('access_key', mask(resolved.credentials.accessKeyId), resolved.credentialSource!, ''));
      io.stdout(row('secret_key', mask(resolved.credentials.secretAccessKey), resolved.credentialSource!, ''));
    } else {
      io.stdout(row('access_key', NOT_SET, 'None', 'None'));
      io.stdout(row('secret_key', NOT_SET, 'None', 'None'));
    }
    const config = await readIni(configPath);
    const fromFile = config[profileName === 'default' ? 'default' : `profile ${profileName}`]?.region;
    if (env.AWS_REGION ?? env.AWS_DEFAULT_REGION) io.stdout(row('region', (env.AWS_REGION ?? env.AWS_DEFAULT_REGION)!, 'env', "['AWS_REGION', 'AWS_DEFAULT_REGION']"));
    else if (fromFile) io.stdout(row('region', fromFile, 'config-file', configPath));
    else io.stdout(row('region', NOT_SET, 'None', 'None'));
    return 0;
  }
  if (sub === 'get') {
    const [varname] = args;
    if (varname === undefined) throw new UsageError('the following arguments are required: varname');
    const config = await readIni(configPath);
    const credentials = await readIni(credentialsPath);
    const parts = varname.split('.');
    let profile = profileName;
    let key = varname;
    if (parts[0] === 'profile' && parts.length >= 3) [profile, key] = [parts[1], parts.slice(2).join('.')];
    else if (parts.length >= 2 && (parts[0] === 'default' || config[`profile ${parts[0]}`] || credentials[parts[0]])) [profile, key] = [parts[0], parts.slice(1).join('.')];
    // The CLI merges ~/.aws/credentials into the profile it reads.
    const value = credentials[profile]?.[key] ?? config[sectionName(profile)]?.[key];
    if (value === undefined) return 1;
    io.stdout(`${value}\n`);
    return 0;
  }
  if (sub === 'set') {
    const [varname, value] = args;
    if (varname === undefined || value === undefined) throw new UsageError('the following arguments are required: varname, value');
    const parts = varname.split('.');
    let profile = profileName;
    let key = varname;
    if (parts[0] === 'profile' && parts.length >= 3) [profile, key] = [parts[1], parts.slice(2).join('.')];
    else if (parts.length === 2 && !['s3', 'preview', 'plugins'].includes(parts[0])) [profile, key] = parts;
    const credentialKeys = ['aws_access_key_id', 'aws_secret_access_key', 'aws_session_token'];
    const toCredentials = credentialKeys.includes(key);
    const path = toCredentials ? credentialsPath : configPath;
    const section = toCredentials ? profile : sectionName(profile);
    const data = await io.readFile(home(path, env));
    const text = data ? new TextDecoder().decode(data) : '';
    await io.writeFile(home(path, env), new TextEncoder().encode(setIniValue(text, section, key, value)));
    return 0;
  }
  throw new UsageError(`argument subcommand: Invalid choice, valid choices are:\n\nlist                                     | get                                     \nset                                      | help                                    `);
}

/** Updates or adds `key = value` in a section, keeping the rest of the file as written (like ConfigFileWriter). */
export function setIniValue(text: string, section: string, key: string, value: string): string {
  const lines = text === '' ? [] : text.replace(/\n$/, '').split('\n');
  const start = lines.findIndex((l) => new RegExp(`^\\[\\s*${section.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*\\]`).test(l));
  if (start < 0) return `${lines.length ? `${lines.join('\n')}\n` : ''}[${section}]\n${key} = ${value}\n`;
  let end = lines.findIndex((l, i) => i > start && /^\[/.test(l));
  if (end < 0) end = lines.length;
  const existing = lines.findIndex((l, i) => i > start && i < end && new RegExp(`^${key}\\s*=`).test(l));
  if (existing >= 0) lines[existing] = `${key} = ${value}`;
  else {
    let insert = end;
    while (insert > start + 1 && lines[insert - 1].trim() === '') insert--;
    lines.splice(insert, 0, `${key} = ${value}`);
  }
  return `${lines.join('\n')}\n`;
}
