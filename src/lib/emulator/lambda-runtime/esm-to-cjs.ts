/**
 * Turns an ES module (index.mjs) into a CommonJS body the worker can evaluate with its own `require`, so
 * `import { S3Client } from '@aws-sdk/client-s3'` resolves from the worker's module map in browsers and
 * Node alike (a Blob/data: URL module could not resolve bare specifiers in a Worker).
 * Covers the static forms handlers use: default/named/namespace imports, `import 'm'`, `export`
 * declarations, `export { a as b }`, `export … from`, `export default`, `import()` and `import.meta`.
 * Top-level await works because the body runs inside an async function.
 * AWS difference: exports are copied when the module finishes evaluating, not live bindings.
 */

const FROM = String.raw`\s*from\s*['"]([^'"]+)['"]\s*;?`;

function destructure(list: string): string {
  return list
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => s.replace(/\s+as\s+/, ': '))
    .join(', ');
}

export function esmToCjs(source: string): string {
  const exported: string[] = [];
  let body = source;

  body = body.replace(new RegExp(String.raw`^([ \t]*)import\s+([\s\S]*?)` + FROM, 'gm'), (_m, indent, clause, spec) => {
    const req = `require(${JSON.stringify(spec)})`;
    const parts: string[] = [];
    let rest = String(clause).trim();
    const def = /^([A-Za-z_$][\w$]*)\s*(,|$)/.exec(rest);
    if (def) {
      parts.push(`const ${def[1]} = __esmDefault(${req});`);
      rest = rest.slice(def[0].length).trim();
    }
    const ns = /^\*\s+as\s+([A-Za-z_$][\w$]*)/.exec(rest);
    if (ns) parts.push(`const ${ns[1]} = ${req};`);
    const named = /^\{([\s\S]*)\}$/.exec(rest);
    if (named) parts.push(`const { ${destructure(named[1])} } = ${req};`);
    return indent + parts.join(' ');
  });
  body = body.replace(/^([ \t]*)import\s*['"]([^'"]+)['"]\s*;?/gm, (_m, indent, spec) => `${indent}require(${JSON.stringify(spec)});`);

  body = body.replace(new RegExp(String.raw`^([ \t]*)export\s*\*\s*` + FROM, 'gm'), (_m, indent, spec) =>
    `${indent}Object.assign(exports, require(${JSON.stringify(spec)}));`,
  );
  body = body.replace(new RegExp(String.raw`^([ \t]*)export\s*\{([^}]*)\}` + FROM, 'gm'), (_m, indent, list, spec) => {
    const assigns = String(list)
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)
      .map((s) => {
        const [local, as] = s.split(/\s+as\s+/);
        return `exports[${JSON.stringify(as ?? local)}] = __m[${JSON.stringify(local)}];`;
      });
    return `${indent}{ const __m = require(${JSON.stringify(spec)}); ${assigns.join(' ')} }`;
  });
  body = body.replace(/^([ \t]*)export\s*\{([^}]*)\}\s*;?/gm, (_m, indent, list) => {
    for (const s of String(list).split(',').map((x) => x.trim()).filter(Boolean)) {
      const [local, as] = s.split(/\s+as\s+/);
      exported.push(`${JSON.stringify(as ?? local)}: () => ${local}`);
    }
    return indent;
  });
  body = body.replace(/^([ \t]*)export\s+default\s+/gm, '$1exports.default = ');
  body = body.replace(
    /^([ \t]*)export\s+((?:async\s+)?function\s*\*?\s*|class\s+|const\s+|let\s+|var\s+)([A-Za-z_$][\w$]*)/gm,
    (_m, indent, kind, name) => {
      exported.push(`${JSON.stringify(name)}: () => ${name}`);
      return `${indent}${kind}${name}`;
    },
  );
  body = body.replace(/\bimport\.meta\b/g, '__importMeta');
  body = body.replace(/\bimport\s*\(/g, '__dynamicImport(');

  return [
    'return (async () => {',
    body,
    `;__exportAll({ ${exported.join(', ')} });`,
    '})();',
  ].join('\n');
}
