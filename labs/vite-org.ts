/**
 * A Vite plugin: the lessons' MDX in an organization's names (labs/org.ts), so that what a lesson shows is what its
 * Run button, Solve and the checks use. It rewrites the MDX source before Astro compiles it — Astro 7's default
 * Markdown processor runs no remark plugins — and relies on orgize's rules touching only whole names (a step id such
 * as `create-builder-iam-stack` or a lesson link is left alone). Without a configuration it does nothing.
 */
import type { OrgConfig } from '../src/lib/kit/config';
import { BLOG, namesOf, orgize } from './org';

export function orgizeMdx(source: string, config: OrgConfig): string {
  const to = namesOf(config);
  // `builder` alone in inline code is the builder role's name.
  return orgize(source, to).replace(new RegExp(`\`${BLOG.builderRole}\``, 'g'), `\`${to.builderRole}\``);
}

export function viteOrg(config: OrgConfig | undefined) {
  return {
    name: 'boundary-lab-org',
    enforce: 'pre' as const,
    transform(code: string, id: string) {
      if (!config || !/\/src\/content\/docs\/.*\.mdx$/.test(id.split('?')[0])) return undefined;
      return { code: orgizeMdx(code, config), map: null };
    },
  };
}
