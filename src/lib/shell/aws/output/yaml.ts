/**
 * `--output yaml` and `yaml-stream` as CLI v2 prints them: ruamel.yaml's safe dumper (v2 pins ruamel.yaml
 * 0.15–0.17.21) with default_flow_style False — block style, mapping keys sorted, sequences not indented under
 * their key, strings quoted when they would read back as another type, plain scalars folded past 80 columns.
 * A top-level scalar is printed as JSON (awscli/formatter.py YAMLDumper).
 */

const RESOLVES_TO_OTHER_TYPE = [
  /^(?:true|True|TRUE|false|False|FALSE)$/,
  /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?|[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)|[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/,
  /^(?:[-+]?0b[0-1_]+|[-+]?0o?[0-7_]+|[-+]?[0-9_]+|[-+]?0x[0-9a-fA-F_]+)$/,
  /^(?:<<)$/,
  /^(?:~|null|Null|NULL|)$/,
  /^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$/,
  /^(?:=)$/,
];

const BREAKS = '\n\x85\u2028\u2029';
const WS = '\0 \t\r\n\x85\u2028\u2029';

/** ruamel's analyze_scalar, reduced to what block output needs. */
function analyze(s: string): { plain: boolean; single: boolean; multiline: boolean } {
  if (!s) return { plain: true, single: true, multiline: false };
  let indicators = s.startsWith('---') || s.startsWith('...');
  let lineBreaks = false;
  let special = false;
  let leading = false;
  let trailing = false;
  let breakSpace = false;
  let spaceBreak = false;
  let prevSpace = false;
  let prevBreak = false;
  let precededByWs = true;
  let followedByWs = s.length === 1 || WS.includes(s[1]);
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (i === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(ch)) indicators = true;
      if ('?:'.includes(ch) && followedByWs) indicators = true;
      if (ch === '-' && followedByWs) indicators = true;
    } else {
      if (ch === ':' && followedByWs) indicators = true;
      if (ch === '#' && precededByWs) indicators = true;
    }
    if (BREAKS.includes(ch)) lineBreaks = true;
    const c = ch.charCodeAt(0);
    if (!(ch === '\n' || (c >= 0x20 && c <= 0x7e))) {
      const printable = c === 0x85 || (c >= 0xa0 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd) || (c >= 0xd800 && c <= 0xdbff) || (c >= 0xdc00 && c <= 0xdfff);
      if (!printable || c === 0xfeff) special = true;
    }
    if (ch === ' ') {
      if (i === 0 || i === s.length - 1) i === 0 ? (leading = true) : (trailing = true);
      if (prevBreak) breakSpace = true;
      prevSpace = true;
      prevBreak = false;
    } else if (BREAKS.includes(ch)) {
      if (i === 0 || i === s.length - 1) i === 0 ? (leading = true) : (trailing = true);
      if (prevSpace) spaceBreak = true;
      prevSpace = false;
      prevBreak = true;
    } else {
      prevSpace = prevBreak = false;
    }
    precededByWs = WS.includes(ch);
    followedByWs = i + 2 >= s.length || WS.includes(s[i + 2]);
  }
  let plain = !(leading || trailing || breakSpace || special || spaceBreak || lineBreaks || indicators);
  let single = !(breakSpace || special || spaceBreak);
  if (s.length === 1 && s === ' ') plain = false;
  if (leading && s.length === 1) single = true;
  return { plain, single, multiline: lineBreaks };
}

class Emitter {
  out = '';
  column = 0;
  whitespace = true;
  indention = true;
  constructor(private width = 80) {}

  write(data: string): void {
    this.out += data;
    this.column += data.length;
  }
  lineBreak(): void {
    this.out += '\n';
    this.column = 0;
    this.whitespace = true;
    this.indention = true;
  }
  writeIndent(indent: number): void {
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace)) this.lineBreak();
    if (this.column < indent) {
      this.whitespace = true;
      this.out += ' '.repeat(indent - this.column);
      this.column = indent;
    }
  }
  indicator(text: string, needWhitespace: boolean, whitespace = false, indention = false): void {
    this.write(this.whitespace || !needWhitespace ? text : ` ${text}`);
    this.whitespace = whitespace;
    this.indention = this.indention && indention;
  }

  scalar(s: string, indent: number, split: boolean): void {
    const a = analyze(s);
    const resolves = RESOLVES_TO_OTHER_TYPE.some((r) => r.test(s));
    if (!resolves && a.plain && !(!split && a.multiline)) return this.plain(s, indent, split);
    if (s.includes("'") || s.includes('\n') || !a.single) return this.doubleQuoted(s, indent, split);
    this.singleQuoted(s, indent, split);
  }

  plain(text: string, indent: number, split: boolean): void {
    if (!text) return;
    if (!this.whitespace) this.write(' ');
    this.whitespace = false;
    this.indention = false;
    let spaces = false;
    let start = 0;
    for (let end = 0; end <= text.length; end++) {
      const ch = end < text.length ? text[end] : undefined;
      if (spaces) {
        if (ch !== ' ') {
          if (start + 1 === end && this.column > this.width && split) {
            this.writeIndent(indent);
            this.whitespace = false;
            this.indention = false;
          } else {
            this.write(text.slice(start, end));
          }
          start = end;
        }
      } else if (ch === undefined || ch === ' ') {
        this.write(text.slice(start, end));
        start = end;
      }
      if (ch !== undefined) spaces = ch === ' ';
    }
  }

  singleQuoted(text: string, indent: number, split: boolean): void {
    this.indicator("'", true);
    let spaces = false;
    let start = 0;
    for (let end = 0; end <= text.length; end++) {
      const ch = end < text.length ? text[end] : undefined;
      if (spaces) {
        if (ch === undefined || ch !== ' ') {
          if (start + 1 === end && this.column > this.width && split && start !== 0 && end !== text.length) {
            this.writeIndent(indent);
          } else {
            this.write(text.slice(start, end));
          }
          start = end;
        }
      } else if ((ch === undefined || ch === ' ' || ch === "'") && start < end) {
        this.write(text.slice(start, end));
        start = end;
      }
      if (ch === "'") {
        this.write("''");
        start = end + 1;
      }
      if (ch !== undefined) spaces = ch === ' ';
    }
    this.indicator("'", false);
  }

  doubleQuoted(text: string, indent: number, split: boolean): void {
    const esc: Record<string, string> = { '\0': '0', '\x07': 'a', '\b': 'b', '\t': 't', '\n': 'n', '\v': 'v', '\f': 'f', '\r': 'r', '\x1b': 'e', '"': '"', '\\': '\\', '\x85': 'N', '\xa0': '_', '\u2028': 'L', '\u2029': 'P' };
    this.indicator('"', true);
    let start = 0;
    for (let end = 0; end <= text.length; end++) {
      const ch = end < text.length ? text[end] : undefined;
      const c = ch === undefined ? 0 : ch.charCodeAt(0);
      const printable = (c >= 0x20 && c <= 0x7e) || (c >= 0xa0 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd) || (c >= 0xd800 && c <= 0xdfff);
      if (ch === undefined || '"\\\x85\u2028\u2029\ufeff'.includes(ch) || !printable) {
        if (start < end) {
          this.write(text.slice(start, end));
          start = end;
        }
        if (ch !== undefined) {
          this.write(ch in esc ? `\\${esc[ch]}` : c <= 0xff ? `\\x${c.toString(16).toUpperCase().padStart(2, '0')}` : `\\u${c.toString(16).toUpperCase().padStart(4, '0')}`);
          start = end + 1;
        }
      }
      if (end > 0 && end < text.length - 1 && (ch === ' ' || start >= end) && this.column + (end - start) > this.width && split) {
        const data = `${text.slice(start, end)}\\`;
        if (start < end) start = end;
        this.write(data);
        this.writeIndent(indent);
        this.whitespace = false;
        this.indention = false;
        if (text[start] === ' ') this.write('\\');
      }
    }
    this.indicator('"', false);
  }

  /** Writes a collection whose entries sit at `indent`. */
  node(value: unknown, indent: number): void {
    if (Array.isArray(value)) {
      if (!value.length) return this.indicator('[]', true);
      return this.sequence(value, indent);
    }
    if (value && typeof value === 'object') {
      const keys = Object.keys(value).sort();
      if (!keys.length) return this.indicator('{}', true);
      for (const k of keys) {
        this.writeIndent(indent);
        this.scalar(k, indent, false);
        this.indicator(':', false);
        const v = (value as Record<string, unknown>)[k];
        if (v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length) this.node(v, indent + 2);
        // A sequence under a key is not indented (PyYAML/ruamel "indentless" block sequences).
        else if (Array.isArray(v) && v.length) this.sequence(v, indent);
        else this.leaf(v, indent + 2);
      }
      return;
    }
    this.leaf(value, indent);
  }

  sequence(items: unknown[], indent: number): void {
    for (const item of items) {
      this.writeIndent(indent);
      this.indicator('-', true, false, true);
      if (item && typeof item === 'object' && !Array.isArray(item) && Object.keys(item).length) this.node(item, indent + 2);
      else if (Array.isArray(item) && item.length) this.sequence(item, indent + 2);
      else this.leaf(item, indent + 2);
    }
  }

  leaf(v: unknown, indent: number): void {
    if (Array.isArray(v)) return this.indicator('[]', true);
    if (v && typeof v === 'object') return this.indicator('{}', true);
    if (v === null || v === undefined) return this.plain('null', indent, true);
    if (typeof v === 'boolean') return this.plain(v ? 'true' : 'false', indent, true);
    if (typeof v === 'number') return this.plain(pyNumber(v), indent, true);
    this.scalar(String(v), indent, true);
  }
}

function pyNumber(n: number): string {
  if (Number.isNaN(n)) return '.nan';
  if (!Number.isFinite(n)) return n > 0 ? '.inf' : '-.inf';
  return String(n);
}

export function dumpYaml(value: unknown): string {
  if (value === null || value === undefined || typeof value !== 'object') return `${JSON.stringify(value ?? null)}\n`;
  const e = new Emitter();
  if (Array.isArray(value)) {
    if (!value.length) return '[]\n';
    e.sequence(value, 0);
  } else {
    if (!Object.keys(value).length) return '{}\n';
    e.node(value, 0);
  }
  return `${e.out}\n`;
}
