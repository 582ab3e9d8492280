/**
 * Trust policies hold principals by unique id, as IAM does. When a trust policy is saved, every user or role of this
 * account that it names must exist (otherwise MalformedPolicyDocument `Invalid principal in policy: "AWS":"<arn>"`)
 * and is bound to its unique id. When that user or role is deleted, the policy shows the unique id where the ARN was,
 * so a new user or role with the same name is not trusted by the old policy.
 */
import { malformedPolicy } from './errors';
import { findRole, findUser, roleArn, userArn, type IamState, type Role } from './model';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const IAM_ARN = /^arn:aws:iam::(\d{12}):(.*)$/;
const USER_OR_ROLE = /^(user|role)\/(?:.*\/)?([^/]*)$/;

function principalArns(doc: Json): string[] {
  const out: string[] = [];
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) return out;
  const statements = Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
  for (const s of statements) {
    if (!s || typeof s !== 'object' || Array.isArray(s)) continue;
    for (const p of [s.Principal, s.NotPrincipal]) {
      if (!p || typeof p !== 'object' || Array.isArray(p)) continue;
      const aws = p.AWS;
      for (const a of Array.isArray(aws) ? aws : [aws]) if (typeof a === 'string') out.push(a);
    }
  }
  return out;
}

/**
 * The unique ids of the users and roles a (valid) trust policy names. Throws MalformedPolicyDocument for one of this
 * account's user or role ARNs that names nobody (a deleted user, a path that does not match, a wildcard).
 * AWS difference: principals in other accounts are accepted as written; AWS checks that they exist there too.
 */
export function bindTrustPrincipals(state: IamState, accountId: string, text: string): Record<string, string> {
  const bound: Record<string, string> = {};
  for (const arn of principalArns(JSON.parse(text) as Json)) {
    const invalid = () => malformedPolicy(`Invalid principal in policy: "AWS":"${arn}"`);
    const iam = IAM_ARN.exec(arn);
    if (!iam || iam[2] === 'root') continue;
    // Of IAM's own ARNs only an account's root, users and roles can be principals (not groups or policies).
    const m = USER_OR_ROLE.exec(iam[2]);
    if (!m) throw invalid();
    if (iam[1] !== accountId) continue;
    const entity = m[1] === 'role' ? findRole(state, m[2]) : findUser(state, m[2]);
    const actual = entity && (m[1] === 'role' ? roleArn(accountId, entity as Role) : userArn(accountId, entity as never));
    if (!entity || actual !== arn) throw invalid();
    bound[arn] = 'RoleId' in entity ? entity.RoleId : entity.UserId;
  }
  return bound;
}

/** Put the unique id in place of `arn` wherever a trust policy names it as a principal. */
function replacePrincipal(text: string, arn: string, id: string): string {
  const literal = JSON.stringify(arn);
  if (text.includes(literal)) return text.split(literal).join(JSON.stringify(id));
  // The ARN was written with JSON escapes: rewrite the document (its layout is lost, its meaning kept).
  const doc = JSON.parse(text) as Json;
  const swap = (v: Json): Json => (Array.isArray(v) ? v.map(swap) : v === arn ? id : v);
  for (const s of Array.isArray((doc as any).Statement) ? (doc as any).Statement : [(doc as any).Statement]) {
    for (const k of ['Principal', 'NotPrincipal']) if (s?.[k]?.AWS !== undefined) s[k].AWS = swap(s[k].AWS);
  }
  return JSON.stringify(doc);
}

/** A user or role was deleted: every trust policy bound to it now shows its unique id instead of its ARN. */
export function orphanTrustPrincipal(state: IamState, arn: string, id: string) {
  for (const role of Object.values(state.roles)) {
    if (role.TrustPrincipals?.[arn] !== id) continue;
    role.AssumeRolePolicyDocument = replacePrincipal(role.AssumeRolePolicyDocument, arn, id);
    delete role.TrustPrincipals[arn];
  }
}
