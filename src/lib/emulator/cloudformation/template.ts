/**
 * Template parsing and the structural checks CloudFormation makes before it accepts a stack, with its wording
 * ("Template format error: …"). A template is kept as the plain JSON value it parses to.
 */
import { parseYamlTemplate } from './yaml';
import { templateFormatError, validationError } from '../services/cloudformation/errors';

export interface ParameterDeclaration {
  Type: string;
  Default?: unknown;
  AllowedValues?: unknown[];
  AllowedPattern?: string;
  MinLength?: number | string;
  MaxLength?: number | string;
  MinValue?: number | string;
  MaxValue?: number | string;
  NoEcho?: boolean | string;
  Description?: string;
  ConstraintDescription?: string;
}

export interface ResourceDeclaration {
  Type: string;
  Properties?: Record<string, unknown>;
  DependsOn?: string | string[];
  Condition?: string;
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
  Metadata?: unknown;
}

export interface OutputDeclaration {
  Value: unknown;
  Description?: unknown;
  Export?: { Name: unknown };
  Condition?: string;
}

export interface Template {
  AWSTemplateFormatVersion?: string;
  Description?: string;
  Metadata?: unknown;
  Parameters?: Record<string, ParameterDeclaration>;
  Rules?: unknown;
  Mappings?: Record<string, Record<string, Record<string, unknown>>>;
  Conditions?: Record<string, unknown>;
  Transform?: string | string[];
  Resources: Record<string, ResourceDeclaration>;
  Outputs?: Record<string, OutputDeclaration>;
}

const SECTIONS = new Set([
  'AWSTemplateFormatVersion', 'Description', 'Metadata', 'Parameters', 'Rules', 'Mappings', 'Conditions',
  'Transform', 'Resources', 'Outputs', 'Hooks',
]);

const RESOURCE_ATTRIBUTES = new Set([
  'Type', 'Properties', 'DependsOn', 'Condition', 'DeletionPolicy', 'UpdateReplacePolicy', 'Metadata',
  'CreationPolicy', 'UpdatePolicy', 'Version', 'Description',
]);

export const PARAMETER_TYPES = new Set([
  'String', 'Number', 'List<Number>', 'CommaDelimitedList',
  'AWS::EC2::AvailabilityZone::Name', 'AWS::EC2::Image::Id', 'AWS::EC2::Instance::Id', 'AWS::EC2::KeyPair::KeyName',
  'AWS::EC2::SecurityGroup::GroupName', 'AWS::EC2::SecurityGroup::Id', 'AWS::EC2::Subnet::Id', 'AWS::EC2::Volume::Id',
  'AWS::EC2::VPC::Id', 'AWS::Route53::HostedZone::Id',
]);

export function isListParameterType(type: string): boolean {
  return type === 'CommaDelimitedList' || type.startsWith('List<');
}

function isKnownParameterType(type: string): boolean {
  if (PARAMETER_TYPES.has(type)) return true;
  const list = /^List<(.+)>$/.exec(type);
  if (list && (list[1] === 'Number' || PARAMETER_TYPES.has(list[1]))) return true;
  return /^AWS::SSM::Parameter::(Name|Value<.+>)$/.test(type);
}

/** Maximum TemplateBody size CloudFormation accepts. */
export const MAX_TEMPLATE_BODY = 51_200;

/** Parse a JSON or YAML body (JSON when it starts with `{`, as CloudFormation decides) and check its structure. */
export function parseTemplate(body: string | undefined): Template {
  if (body == null || body.trim() === '') throw validationError('Either Template URL or Template Body must be specified.');
  const raw = body.trimStart().startsWith('{') ? parseJson(body) : parseYamlTemplate(body);
  return checkStructure(raw);
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch (e) {
    const message = e instanceof Error ? e.message : '';
    let line: number | undefined;
    let column: number | undefined;
    const lc = /line (\d+) column (\d+)/.exec(message);
    const pos = /position (\d+)/.exec(message);
    if (pos) {
      const before = body.slice(0, Number(pos[1]));
      line = before.split('\n').length;
      column = Number(pos[1]) - (before.lastIndexOf('\n') + 1) + 1;
    } else if (lc) {
      line = Number(lc[1]);
      column = Number(lc[2]);
    } else if (/end of JSON input/i.test(message)) {
      const lines = body.split('\n');
      line = lines.length;
      column = lines[lines.length - 1].length + 1;
    }
    // AWS difference: CloudFormation's JSON parser may report a slightly different column for some errors.
    throw templateFormatError(
      line === undefined ? 'JSON not well-formed.' : `JSON not well-formed. (line ${line}, column ${column})`,
    );
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function checkStructure(raw: unknown): Template {
  if (!isObject(raw)) throw templateFormatError('template must be an object');
  const unknown = Object.keys(raw).filter((k) => !SECTIONS.has(k));
  if (unknown.length) throw templateFormatError(`Invalid template property or properties [${unknown.join(', ')}]`);
  if (raw.AWSTemplateFormatVersion !== undefined && String(raw.AWSTemplateFormatVersion) !== '2010-09-09') {
    throw templateFormatError(`'${String(raw.AWSTemplateFormatVersion)}' is not a valid template version`);
  }
  if (raw.Description !== undefined && typeof raw.Description !== 'string') {
    throw templateFormatError('Every Description member must be a string.');
  }
  for (const section of ['Parameters', 'Mappings', 'Conditions', 'Outputs', 'Resources']) {
    if (raw[section] !== undefined && raw[section] !== null && !isObject(raw[section])) {
      throw templateFormatError(`Every ${section} member must be an object.`);
    }
  }
  const resources = (raw.Resources ?? {}) as Record<string, unknown>;
  if (Object.keys(resources).length === 0) throw templateFormatError('At least one Resources member must be defined.');
  for (const [id, res] of Object.entries(resources)) {
    if (!isObject(res)) throw templateFormatError(`[/Resources/${id}] Every Resources member must be an object.`);
    if (typeof res.Type !== 'string' || res.Type === '') {
      throw templateFormatError(`[/Resources/${id}] Every Resources object must contain a Type member.`);
    }
    for (const key of Object.keys(res)) {
      if (!RESOURCE_ATTRIBUTES.has(key)) throw templateFormatError(`Invalid template resource property '${key}'`);
    }
    if (res.Properties !== undefined && res.Properties !== null && !isObject(res.Properties)) {
      throw templateFormatError(`[/Resources/${id}/Properties] Every Properties member must be an object.`);
    }
    if (res.DependsOn !== undefined) {
      const deps = Array.isArray(res.DependsOn) ? res.DependsOn : [res.DependsOn];
      if (!deps.every((d) => typeof d === 'string')) {
        throw templateFormatError(`[/Resources/${id}/DependsOn] DependsOn must be a string or a list of strings.`);
      }
    }
  }
  for (const [name, p] of Object.entries((raw.Parameters ?? {}) as Record<string, unknown>)) {
    if (!isObject(p)) throw templateFormatError(`[/Parameters/${name}] Every Parameters member must be an object.`);
    if (typeof p.Type !== 'string') throw templateFormatError('Every Parameters object must contain a Type member.');
    if (!isKnownParameterType(p.Type)) throw templateFormatError(`Unrecognized parameter type: ${p.Type}`);
    if (p.AllowedValues !== undefined && !Array.isArray(p.AllowedValues)) {
      throw templateFormatError(`Every AllowedValues member of parameter ${name} must be a list.`);
    }
  }
  for (const [name, o] of Object.entries((raw.Outputs ?? {}) as Record<string, unknown>)) {
    if (!isObject(o) || o.Value === undefined || o.Value === null) {
      throw templateFormatError(`Every Outputs member must contain a Value object`);
    }
    if (o.Export !== undefined && (!isObject(o.Export) || o.Export.Name === undefined)) {
      throw templateFormatError(`Output ${name} is malformed. The Name field of every Export member is required.`);
    }
  }
  for (const [name, m] of Object.entries((raw.Mappings ?? {}) as Record<string, unknown>)) {
    if (!isObject(m) || !Object.values(m).every(isObject)) {
      throw templateFormatError(`Mappings attribute for ${name} must be a map of maps`);
    }
  }
  return raw as unknown as Template;
}

/** The resource types a template declares that need CAPABILITY_IAM, and whether any is named (CAPABILITY_NAMED_IAM). */
const IAM_TYPES: Record<string, string | undefined> = {
  'AWS::IAM::Role': 'RoleName',
  'AWS::IAM::ManagedPolicy': 'ManagedPolicyName',
  'AWS::IAM::User': 'UserName',
  'AWS::IAM::Group': 'GroupName',
  'AWS::IAM::InstanceProfile': 'InstanceProfileName',
  'AWS::IAM::Policy': undefined,
  'AWS::IAM::AccessKey': undefined,
  'AWS::IAM::UserToGroupAddition': undefined,
  'AWS::IAM::RolePolicy': undefined,
  'AWS::IAM::UserPolicy': undefined,
  'AWS::IAM::GroupPolicy': undefined,
};

export interface CapabilityRequirement {
  capability?: 'CAPABILITY_IAM' | 'CAPABILITY_NAMED_IAM';
  /** "The following resource(s) require capabilities: [AWS::IAM::Role]" */
  reason?: string;
}

export function requiredCapabilities(template: Template): CapabilityRequirement {
  const types = new Set<string>();
  let named = false;
  for (const res of Object.values(template.Resources)) {
    if (!(res.Type in IAM_TYPES)) continue;
    types.add(res.Type);
    const nameProp = IAM_TYPES[res.Type];
    if (nameProp && res.Properties && res.Properties[nameProp] !== undefined) named = true;
  }
  if (!types.size) return {};
  return {
    capability: named ? 'CAPABILITY_NAMED_IAM' : 'CAPABILITY_IAM',
    reason: `The following resource(s) require capabilities: [${[...types].sort().join(', ')}]`,
  };
}

/** The transforms a template declares (ValidateTemplate's DeclaredTransforms). */
export function declaredTransforms(template: Template): string[] {
  if (template.Transform === undefined) return [];
  return Array.isArray(template.Transform) ? template.Transform.map(String) : [String(template.Transform)];
}
