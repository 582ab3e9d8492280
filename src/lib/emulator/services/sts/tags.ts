/**
 * Session tags as STS checks them (AssumeRole, GetFederationToken): keys unique without regard to case, transitive
 * keys among the requested tags, and no tag over a transitive tag the calling session passed on. STS refuses each
 * with InvalidParameterValue. https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html
 */
import type { Tag } from '../iam/model';
import { invalidParameterValue } from './errors';

export function checkSessionTags(tags: Tag[], transitive: string[] | undefined, inheritedTransitive: string[]) {
  const keys = new Set(tags.map((t) => t.Key.toLowerCase()));
  if (keys.size !== tags.length) throw invalidParameterValue('Duplicate tag keys found. Please note that Tag keys are case insensitive.');
  for (const k of transitive ?? []) {
    if (!keys.has(String(k).toLowerCase())) throw invalidParameterValue('The specified transitive tag key must be included in the requested tags.');
  }
  // A chained session may not set again a key the calling session passed on as transitive (AWS: "you can't
  // override the value of a transitive tag").
  const inherited = new Set(inheritedTransitive.map((k) => k.toLowerCase()));
  if (tags.some((t) => inherited.has(t.Key.toLowerCase()))) {
    throw invalidParameterValue("One of the specified transitive tag keys can't be set because it conflicts with a transitive tag key from the calling session.");
  }
  return keys;
}
