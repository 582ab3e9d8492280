/**
 * The org kit's configuration (`boundary-lab.org.json`): one file that names an organization's builder model — who
 * may become the builder, where builders' roles and policies live, the boundary, the services builders may use, the
 * regions and the tags. Validated with zod; every error names the field and the rule, in words a platform engineer
 * understands. The JSON Schema beside the repository's file is generated from this one (npm run kit -- --schema).
 */
import { z } from 'zod';

/** IAM's own rules (CreateRole, CreatePolicy): names and paths as IAM would accept them. */
const IAM_NAME = /^[\w+=,.@-]+$/;
const PATH = /^\/(?:[\x21-\x7E]*\/)?$/;

const path = (what: string) =>
  z
    .string()
    .max(512, `${what} must be at most 512 characters (IAM's limit)`)
    .refine((p) => p.startsWith('/') && p.endsWith('/'), `${what} must start and end with "/" (IAM paths look like /application_roles/)`)
    // Only said of a path that starts and ends well, so one mistake gets one message.
    .refine((p) => !(p.startsWith('/') && p.endsWith('/')) || PATH.test(p), `${what} may contain only printable ASCII characters without spaces`)
    .describe(`${what}: an IAM path, starting and ending with "/"`);

const roleName = z
  .string()
  .min(1, 'a role name must not be empty')
  .max(64, 'a role name must be at most 64 characters (IAM\'s limit)')
  .regex(IAM_NAME, 'a role name may contain only letters, digits and + = , . @ _ - (IAM\'s rule)');
const policyName = z
  .string()
  .min(1, 'a policy name must not be empty')
  .max(128, 'a policy name must be at most 128 characters (IAM\'s limit)')
  .regex(IAM_NAME, 'a policy name may contain only letters, digits and + = , . @ _ - (IAM\'s rule)');

/** The services a builder model can grant: control plane to the builder, data plane to application roles. */
export const SERVICES = ['lambda', 'states', 'logs', 's3', 'dynamodb', 'sqs', 'sns', 'xray'] as const;
export type Service = (typeof SERVICES)[number];

const REGION = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/;
const ARN_PATTERN = /^arn:aws[a-z-]*:(iam|sts)::(\d{12}|\*|\$\{AWS::AccountId\}):(role|user|assumed-role)\/.+$/;

export const OrgConfig = z.strictObject({
  $schema: z.string().optional(),
  organization: z.strictObject({
    name: z.string().min(1, 'the organization name must not be empty').max(64).describe('Shown in the generated README and the workshop.'),
    prefix: z
      .string()
      .max(20, 'the prefix must be at most 20 characters')
      .regex(/^([a-z][a-z0-9-]*-)?$/, 'the prefix must be empty, or lowercase letters, digits and "-", starting with a letter and ending with "-" (e.g. "acme-")')
      .describe('Put before the names of the stacks the kit makes (e.g. "acme-" makes the stack acme-builder-iam).'),
  }),
  builderRole: z.strictObject({
    name: roleName.describe('The role builders assume.'),
    path: path('builderRole.path'),
    trustedPrincipalArns: z
      .array(z.string().regex(ARN_PATTERN, 'each trusted principal must be an IAM role or user ARN (wildcards allowed after the type, e.g. arn:aws:iam::${AWS::AccountId}:role/aws-reserved/sso.amazonaws.com/*/AWSReservedSSO_Builder_*)'))
      .max(20)
      .describe('Who may assume the builder role (an SSO permission set role, a CI role). Empty: any principal of the account, as the blog does.'),
  }),
  builderPolicy: z.strictObject({ name: policyName, path: path('builderPolicy.path') }),
  boundary: z.strictObject({
    name: policyName,
    path: path('boundary.path'),
    actions: z
      .partialRecord(z.enum(SERVICES), z.array(z.string().regex(/^[a-z0-9-]+:[A-Za-z0-9*]+$/, 'each boundary action must look like service:Action')).min(1))
      .optional()
      .describe('Data-plane actions application roles may use, by service. Omitted: the kit\'s defaults for each listed service.'),
  }),
  applicationRoles: z.strictObject({ path: path('applicationRoles.path') }),
  applicationPolicies: z.strictObject({ path: path('applicationPolicies.path') }),
  applicationStackPrefix: z
    .string()
    .min(1)
    .max(40)
    .regex(/^[A-Za-z][A-Za-z0-9-]*$/, 'the application stack prefix must be letters, digits and "-", starting with a letter (CloudFormation stack names)')
    .describe('Builders may create and change only stacks (and so functions, buckets, tables, queues, topics) whose names start with this.'),
  services: z
    .array(z.enum(SERVICES, { error: (i) => `"${String(i.input)}" is not a service the kit knows (${SERVICES.join(', ')})` }))
    .min(1, 'list at least one service builders may use')
    .describe('The services builders may use.'),
  regions: z
    .array(z.string().regex(REGION, 'each region must be an AWS Region code such as us-east-1'))
    .describe('Regions builders may work in. Empty: every Region.'),
  tags: z
    .record(z.string().min(1).max(128).regex(/^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$/u, 'a tag key may contain letters, digits, spaces and _ . : / = + - @'), z.string().max(256))
    .refine((t) => Object.keys(t).length <= 50, 'at most 50 tags')
    .describe('Tags on the builder role and the stacks the kit makes.'),
  administratorRoleArns: z
    .array(z.string().regex(ARN_PATTERN, 'each administrator must be an IAM role or user ARN pattern'))
    .min(1, 'name at least one administrator role: the service control policy lets only these change boundaries and builder policies')
    .describe('Roles the service control policy still lets change boundaries and builder policies (e.g. the StackSets execution role).'),
});
export type OrgConfig = z.infer<typeof OrgConfig>;

export class OrgConfigError extends Error {
  override name = 'OrgConfigError';
}

/** Checks that no zod schema can express: the boundary must cover every listed service, and only those. */
function crossChecks(c: OrgConfig): string[] {
  const errors: string[] = [];
  for (const [service, actions] of Object.entries(c.boundary.actions ?? {})) {
    if (!c.services.includes(service as never)) errors.push(`boundary.actions.${service}: "${service}" is not in services, so builders could not use it`);
    const foreign = (actions ?? []).filter((a) => a.split(':')[0] !== (service === 'states' ? 'states' : service));
    if (foreign.length) errors.push(`boundary.actions.${service}: ${foreign.join(', ')} ${foreign.length > 1 ? 'are' : 'is'} not an action of ${service}`);
  }
  if (c.boundary.actions) {
    for (const s of c.services) {
      if (s === 'logs') continue; // logs are always allowed to application roles: every function writes them
      if (!c.boundary.actions[s]) errors.push(`boundary.actions: the boundary would not cover the listed service "${s}" (add boundary.actions.${s} or remove it from services)`);
    }
  }
  const paths = { 'applicationRoles.path': c.applicationRoles.path, 'builderRole.path': c.builderRole.path };
  if (paths['applicationRoles.path'] === '/') errors.push('applicationRoles.path: must not be "/": builders could then make roles anywhere');
  if (c.applicationPolicies.path === '/') errors.push('applicationPolicies.path: must not be "/": builders could then change any policy');
  for (const [field, p] of [['builderPolicy.path', c.builderPolicy.path], ['boundary.path', c.boundary.path]] as const) {
    if (p === c.applicationPolicies.path) errors.push(`${field}: must differ from applicationPolicies.path, or builders could change it`);
  }
  if (c.builderRole.path === c.applicationRoles.path) errors.push('builderRole.path: must differ from applicationRoles.path, or builders could change their own role');
  return errors;
}

/** Parses and validates a configuration; throws OrgConfigError listing every problem, each naming its field. */
export function parseOrgConfig(text: string, name = 'boundary-lab.org.json'): OrgConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new OrgConfigError(`${name}: not valid JSON: ${(e as Error).message}`);
  }
  const r = OrgConfig.safeParse(raw);
  if (!r.success) {
    const lines = r.error.issues.map((i) => {
      const field = i.path.join('.') || '(top level)';
      if (i.code === 'unrecognized_keys') return `${field === '(top level)' ? '' : `${field}: `}unknown field${i.keys.length > 1 ? 's' : ''} ${i.keys.map((k) => `"${k}"`).join(', ')}`;
      if (i.code === 'invalid_type' && i.input === undefined) return `${field}: is required`;
      return `${field}: ${i.message}`;
    });
    throw new OrgConfigError(`${name} is not a valid configuration:\n  - ${lines.join('\n  - ')}`);
  }
  const cross = crossChecks(r.data);
  if (cross.length) throw new OrgConfigError(`${name} is not a valid configuration:\n  - ${cross.join('\n  - ')}`);
  return r.data;
}

/** The JSON Schema of the configuration, for editors and the repository's boundary-lab.org.schema.json. */
export function orgConfigJsonSchema(): object {
  return { title: 'Boundary Lab org kit configuration', ...z.toJSONSchema(OrgConfig) };
}
