/**
 * The workshop in an organization's names. The lab, the lessons and the templates are written with the blog's names
 * (`builder`, `builder-iam`, `/builder_policies/`, `application-boundary`, …); `orgize` rewrites a text from those to
 * the names of the org kit's configuration, and the lab definition, the lessons' MDX (remark-org.mjs), the learner's
 * template files and the clean-up all go through it, so one configuration changes every place at once.
 *
 * Which configuration: `BOUNDARY_LAB_ORG=FILE npm run build` (astro.config.mjs validates FILE and defines
 * __BOUNDARY_LAB_ORG__ for the bundles; vitest.config.ts does the same); Node entry points may set
 * globalThis.__BOUNDARY_LAB_ORG__. Otherwise the shipped boundary-lab.org.json, whose values are the blog's, so the
 * default build is the blog's workshop word for word.
 *
 * With an organization's configuration the builder-iam template is the org kit's model (hardened, with that
 * configuration's names), except that the builder role trusts every principal of the account, as the blog's does, so
 * the learner's own identity can assume it in the workshop.
 */
import shipped from '../boundary-lab.org.json' with { type: 'json' };
import type { OrgConfig } from '../src/lib/kit/config';
import { builderTemplate } from '../src/lib/kit/template';

declare const __BOUNDARY_LAB_ORG__: OrgConfig | undefined;

function chosen(): { config: OrgConfig; custom: boolean } {
  const defined = typeof __BOUNDARY_LAB_ORG__ !== 'undefined' ? __BOUNDARY_LAB_ORG__ : (globalThis as { __BOUNDARY_LAB_ORG__?: OrgConfig }).__BOUNDARY_LAB_ORG__;
  return defined ? { config: defined, custom: true } : { config: shipped as OrgConfig, custom: false };
}

export const { config: orgConfig, custom: isOrgBuild } = chosen();

export interface WorkshopNames {
  organization: string;
  builderStack: string;
  applicationStack: string;
  builderRole: string;
  builderRolePath: string;
  builderPolicy: { name: string; path: string };
  boundary: { name: string; path: string };
  applicationRolesPath: string;
  applicationPoliciesPath: string;
}

export function namesOf(c: OrgConfig): WorkshopNames {
  return {
    organization: c.organization.name,
    builderStack: `${c.organization.prefix}builder-iam`,
    applicationStack: `${c.applicationStackPrefix}application`,
    builderRole: c.builderRole.name,
    builderRolePath: c.builderRole.path,
    builderPolicy: { ...c.builderPolicy },
    boundary: { ...c.boundary },
    applicationRolesPath: c.applicationRoles.path,
    applicationPoliciesPath: c.applicationPolicies.path,
  };
}

/** The blog's names: what the lab, lessons and templates are written with. */
export const BLOG: WorkshopNames = {
  organization: 'AnyCompany',
  builderStack: 'builder-iam',
  applicationStack: 'builder-application',
  builderRole: 'builder',
  builderRolePath: '/',
  builderPolicy: { name: 'builder', path: '/builder_policies/' },
  boundary: { name: 'application-boundary', path: '/permissions_boundaries/' },
  applicationRolesPath: '/application_roles/',
  applicationPoliciesPath: '/application_policies/',
};

export const names: WorkshopNames = namesOf(orgConfig);

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
/** A name that is not part of a longer name (names use letters, digits and + = , . @ _ -). */
const whole = (s: string) => new RegExp(`(?<![\\w+=,.@-])${escape(s)}(?![\\w+=,@-]|\\.(?!json\\b|yml\\b)\\w)`, 'g');

/** The rewrite rules from the blog's names to `to`'s, longest and most specific first. */
function rules(to: WorkshopNames): [RegExp, string][] {
  const from = BLOG;
  const roleArnPart = `${to.builderRolePath.slice(1)}${to.builderRole}`;
  return [
    [new RegExp(escape(`${from.builderPolicy.path}${from.builderPolicy.name}`) + '(?![\\w+=,.@-])', 'g'), `${to.builderPolicy.path}${to.builderPolicy.name}`],
    [new RegExp(escape(`${from.boundary.path}${from.boundary.name}`) + '(?![\\w+=,.@-])', 'g'), `${to.boundary.path}${to.boundary.name}`],
    [new RegExp(escape(from.builderPolicy.path), 'g'), to.builderPolicy.path],
    [new RegExp(escape(from.boundary.path), 'g'), to.boundary.path],
    [new RegExp(escape(from.applicationRolesPath), 'g'), to.applicationRolesPath],
    [new RegExp(escape(from.applicationPoliciesPath), 'g'), to.applicationPoliciesPath],
    // The workshop's template files keep their names (labs/builder-iam.json); the stacks are renamed.
    [/(?<![\w.-])builder-iam(?!\.json)(?![\w-])/g, to.builderStack],
    [/(?<![\w.-])builder-application(?!-\d\.yml)(?![\w])/g, to.applicationStack],
    [whole(from.boundary.name), to.boundary.name],
    // The builder role: in ARNs (a path goes between role/ and the name), session ARNs, and where commands name it.
    [/assumed-role\/builder(?=\/)/g, `assumed-role/${to.builderRole}`],
    [/(?<=:role\/)builder(?![\w+=,.@-])/g, roleArnPart],
    [/(?<=--role-name |role=|RoleName==?"?)builder(?![\w+=,.@-])/g, to.builderRole],
  ];
}

const sameNames = (a: WorkshopNames, b: WorkshopNames) => JSON.stringify(a) === JSON.stringify(b);

/** Rewrites a text written with the blog's names into the configuration's. The identity for the blog's names. */
export function orgize(text: string, to: WorkshopNames = names): string {
  if (sameNames(to, BLOG)) return text;
  return rules(to).reduce((t, [re, by]) => t.replace(re, by), text);
}

/** Fields of the lab definition that hold names rather than prose or commands, rewritten by exact value. */
function byField(key: string, value: string, to: WorkshopNames): string | undefined {
  if (key === 'roleName' || key === 'role') return value === BLOG.builderRole ? to.builderRole : undefined;
  // The only root path in the lab is the builder role's.
  if (key === 'path' && value === BLOG.builderRolePath) return to.builderRolePath;
  if (key === 'policyName') {
    if (value === BLOG.builderPolicy.name) return to.builderPolicy.name;
    if (value === BLOG.boundary.name) return to.boundary.name;
  }
  return undefined;
}
/** Fields that are the lab's own vocabulary (ids, slugs, identity kinds), never names. */
const KEEP = new Set(['id', 'lesson', 'identity', 'kind', 'sessionName', 'logicalId', 'status', 'eventName']);

/** The lab definition (or any part of it) in the configuration's names. */
export function orgizeLab<T>(value: T, to: WorkshopNames = names, key = ''): T {
  if (sameNames(to, BLOG)) return value;
  if (typeof value === 'string') return (KEEP.has(key) ? value : (byField(key, value, to) ?? orgize(value, to))) as T;
  if (Array.isArray(value)) return value.map((v) => orgizeLab(v, to, key)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, orgizeLab(v, to, k)])) as T;
  }
  return value;
}

/** The learner's ~/labs files for this build: the org kit's model as builder-iam.json, the others rewritten. */
export function orgLabFiles(files: Record<string, string>, config: OrgConfig = orgConfig, custom = isOrgBuild): Record<string, string> {
  if (!custom) return files;
  const to = namesOf(config);
  const out: Record<string, string> = {};
  for (const [name, text] of Object.entries(files)) {
    if (name === 'builder-iam.json') {
      const workshopConfig = { ...config, builderRole: { ...config.builderRole, trustedPrincipalArns: [] } };
      out[name] = JSON.stringify(builderTemplate(workshopConfig), null, 2) + '\n';
    } else out[name] = orgize(text, to);
  }
  return out;
}
