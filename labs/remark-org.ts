/**
 * A remark plugin: the lessons' code blocks, inline code and text in an organization's names (labs/org.ts), so that
 * what a lesson shows is what its Run button, Solve and the checks use. Without a configuration it does nothing.
 */
import type { OrgConfig } from '../src/lib/kit/config';
import { BLOG, namesOf, orgize } from './org';

interface Node {
  type: string;
  value?: string;
  children?: Node[];
}

export function remarkOrg(options: { config?: OrgConfig } = {}) {
  const to = options.config ? namesOf(options.config) : undefined;
  return (tree: Node) => {
    if (!to) return;
    const walk = (n: Node) => {
      if ((n.type === 'code' || n.type === 'inlineCode' || n.type === 'text') && typeof n.value === 'string') {
        // `builder` alone in inline code is the builder role's name.
        n.value = n.type === 'inlineCode' && n.value === BLOG.builderRole ? to.builderRole : orgize(n.value, to);
      }
      n.children?.forEach(walk);
    };
    walk(tree);
  };
}
