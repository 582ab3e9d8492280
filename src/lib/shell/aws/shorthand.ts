/**
 * The AWS CLI's shorthand syntax (`--tags Key=a,Value=b`), a port of awscli/shorthand.py: a syntactic parser,
 * then the model-driven back-compat pass (scalars become lists where the model wants a list, numbers and booleans
 * are converted).
 */
import type { ServiceModel, ShapeRef } from './model';

export class ShorthandParseError extends Error {}

/** A `key@=file://…` value, resolved after parsing (file reads are asynchronous here). */
export class ParamFileRef {
  constructor(readonly value: string) {}
}

function errorLocation(value: string, index: number): string {
  let consumed = value;
  let remaining = '';
  let numSpaces = index;
  if (value.slice(0, index).includes('\n')) {
    const lastNewline = value.slice(0, index).lastIndexOf('\n');
    numSpaces = index - lastNewline - 1;
  }
  if (value.slice(index).includes('\n')) {
    const nextNewline = index + value.slice(index).indexOf('\n');
    consumed = value.slice(0, nextNewline);
    remaining = value.slice(nextNewline);
  }
  return `${consumed}\n${' '.repeat(numSpaces)}^${remaining}`;
}

function syntaxError(value: string, expected: string, actual: string, index: number): ShorthandParseError {
  // CLI v2's message has a space before the location (awscli/shorthand.py in v2).
  return new ShorthandParseError(`Expected: '${expected}', received: '${actual}' for input:\n ${errorLocation(value, index)}`);
}

const START_WORD = '!#-&(-+\\--<>-Z\\\\-z|-\\uffff';
const FIRST_FOLLOW = '\\s!#-&(-+\\--\\\\^-|~-\\uffff';
const SECOND_FOLLOW = '\\s!#-&(-+\\--<>-\\uffff';
const FIRST_VALUE = new RegExp(`^((\\\\,)|[${START_WORD}])((\\\\,)|[${FIRST_FOLLOW}])*`);
const SECOND_VALUE = new RegExp(`^((\\\\,)|[${START_WORD}])((\\\\,)|[${SECOND_FOLLOW}])*`);
const SINGLE_QUOTED = /^'(?:\\'|[^'])*'/;
const DOUBLE_QUOTED = /^"(?:\\"|[^"])*"/;
const KEY_CHARS = /[A-Za-z0-9\-_.#/:]/;
const WHITESPACE = /[ \t\n\r\x0b\x0c]/;

type Parsed = string | ParamFileRef | Parsed[] | { [k: string]: Parsed };

export class ShorthandParser {
  private s = '';
  private i = 0;
  private resolveFiles = false;

  parse(value: string): Record<string, Parsed> {
    this.s = value;
    this.i = 0;
    this.resolveFiles = false;
    return this.parameter();
  }

  private parameter(): Record<string, Parsed> {
    const params: Record<string, Parsed> = {};
    let [key, val] = this.keyval();
    params[key] = val;
    let lastIndex = this.i;
    while (this.i < this.s.length) {
      this.expect(',', true);
      [key, val] = this.keyval();
      if (key in params) {
        throw new ShorthandParseError(
          `Second instance of key "${key}" encountered for input:\n${errorLocation(this.s, lastIndex + 1)}\n` +
            'This is often because there is a preceding "," instead of a space.',
        );
      }
      params[key] = val;
      lastIndex = this.i;
    }
    return params;
  }

  private keyval(): [string, Parsed] {
    const key = this.key();
    this.resolveFiles = this.tryExpect('@');
    this.expect('=', true);
    return [key, this.values()];
  }

  private tryExpect(ch: string): boolean {
    const save = this.i;
    try {
      this.expect(ch, true);
      return true;
    } catch {
      this.i = save;
      return false;
    }
  }

  private key(): string {
    const start = this.i;
    while (!this.atEof() && KEY_CHARS.test(this.s[this.i])) this.i++;
    return this.s.slice(start, this.i);
  }

  private values(): Parsed {
    if (this.atEof()) return '';
    if (this.current() === '[') return this.explicitList();
    if (this.current() === '{') return this.hashLiteral();
    return this.csvValue();
  }

  private csvValue(): Parsed {
    const first = this.firstValue();
    this.consumeWhitespace();
    if (this.atEof() || this.s[this.i] !== ',') return first;
    this.expect(',', true);
    const list: Parsed[] = [first];
    for (;;) {
      try {
        const current = this.secondValue();
        this.consumeWhitespace();
        if (this.atEof()) {
          list.push(current);
          break;
        }
        this.expect(',', true);
        list.push(current);
      } catch (e) {
        if (!(e instanceof ShorthandParseError) || this.atEof()) throw e;
        this.backtrackTo(',');
        break;
      }
    }
    return list.length === 1 ? first : list;
  }

  private value(): Parsed {
    const m = FIRST_VALUE.exec(this.s.slice(this.i));
    if (!m) return '';
    this.i += m[0].length;
    return this.maybeFile(m[0].replaceAll('\\,', ',').trimEnd());
  }

  private maybeFile(v: string): Parsed {
    return this.resolveFiles && /^(file|fileb):\/\//.test(v) ? new ParamFileRef(v) : v;
  }

  private explicitList(): Parsed[] {
    this.expect('[', true);
    const values: Parsed[] = [];
    while (this.current() !== ']') {
      values.push(this.explicitValues());
      this.consumeWhitespace();
      if (this.current() !== ']') {
        this.expect(',');
        this.consumeWhitespace();
      }
    }
    this.expect(']');
    return values;
  }

  private explicitValues(): Parsed {
    if (this.current() === '[') return this.explicitList();
    if (this.current() === '{') return this.hashLiteral();
    return this.firstValue();
  }

  private hashLiteral(): Record<string, Parsed> {
    this.expect('{', true);
    const keyvals: Record<string, Parsed> = {};
    while (this.current() !== '}') {
      const key = this.key();
      this.resolveFiles = this.tryExpect('@');
      this.expect('=', true);
      const v = this.explicitValues();
      this.consumeWhitespace();
      if (this.current() !== '}') {
        this.expect(',');
        this.consumeWhitespace();
      }
      keyvals[key] = v;
    }
    this.expect('}');
    return keyvals;
  }

  private firstValue(): Parsed {
    if (this.current() === "'") return this.quoted(SINGLE_QUOTED, "'");
    if (this.current() === '"') return this.quoted(DOUBLE_QUOTED, '"');
    return this.value();
  }

  private secondValue(): Parsed {
    if (this.current() === "'") return this.quoted(SINGLE_QUOTED, "'");
    if (this.current() === '"') return this.quoted(DOUBLE_QUOTED, '"');
    const consumed = this.mustConsume(SECOND_VALUE, 'second');
    return this.maybeFile(consumed.replaceAll('\\,', ',').trimEnd());
  }

  private quoted(re: RegExp, ch: string): Parsed {
    const v = this.mustConsume(re, ch === "'" ? 'singled quoted' : 'double quoted')
      .slice(1, -1)
      .replaceAll(`\\${ch}`, ch)
      .replaceAll('\\\\', '\\');
    return this.maybeFile(v);
  }

  private expect(ch: string, consumeWhitespace = false): void {
    if (consumeWhitespace) this.consumeWhitespace();
    if (this.i >= this.s.length) throw syntaxError(this.s, ch, 'EOF', this.i);
    const actual = this.s[this.i];
    if (actual !== ch) throw syntaxError(this.s, ch, actual, this.i);
    this.i++;
    if (consumeWhitespace) this.consumeWhitespace();
  }

  private mustConsume(re: RegExp, name: string): string {
    const m = re.exec(this.s.slice(this.i));
    if (!m) throw syntaxError(this.s, `<${name}>`, '<none>', this.i);
    this.i += m[0].length;
    return m[0];
  }

  private current(): string | undefined {
    return this.i < this.s.length ? this.s[this.i] : undefined;
  }
  private atEof(): boolean {
    return this.i >= this.s.length;
  }
  private backtrackTo(ch: string): void {
    while (this.i >= 0 && this.s[this.i] !== ch) this.i--;
  }
  private consumeWhitespace(): void {
    while (!this.atEof() && WHITESPACE.test(this.s[this.i])) this.i++;
  }
}

/** awscli BackCompatVisitor: wrap scalars in lists where the model has a list, convert numbers and booleans. */
export function backCompat(model: ServiceModel, shape: ShapeRef, value: unknown): unknown {
  if (value === undefined || value === null) return value;
  if (typeof shape === 'string') {
    if (shape === 'd') throw new ShorthandParseError('DOCUMENT');
    if (typeof value !== 'string') return value;
    if (shape === 'i') return pyInt(value);
    if (shape === 'f') return pyFloat(value);
    if (shape === 'b') {
      if (value.toLowerCase() === 'true') return true;
      if (value.toLowerCase() === 'false') return false;
    }
    return value;
  }
  const s = model.s[shape];
  if ('m' in s) {
    if (typeof value !== 'object' || Array.isArray(value) || value instanceof ParamFileRef) return value;
    const obj = value as Record<string, unknown>;
    for (const [name, ref] of s.m) {
      try {
        if (name in obj) obj[name] = backCompat(model, ref, obj[name]);
      } catch (e) {
        if (e instanceof ShorthandParseError && e.message === 'DOCUMENT') {
          throw new ShorthandParseError(
            `Shorthand syntax does not support document types. Use JSON input for top-level argument to specify nested parameter: ${name}`,
          );
        }
        throw e;
      }
    }
    return obj;
  }
  if ('l' in s) {
    // Like awscli, a lone value is wrapped but not converted.
    if (!Array.isArray(value)) return [value];
    return value.map((v) => backCompat(model, s.l, v));
  }
  if (typeof value !== 'object' || Array.isArray(value) || value instanceof ParamFileRef) return value;
  const obj = value as Record<string, unknown>;
  for (const k of Object.keys(obj)) obj[k] = backCompat(model, s.v, obj[k]);
  return obj;
}

export class PyValueError extends Error {}

/** Python's int(str): surrounding whitespace, an optional sign and digits (underscores between digits). */
export function pyInt(v: string): number {
  const t = v.trim();
  if (!/^[+-]?\d+(_\d+)*$/.test(t)) throw new PyValueError(`invalid literal for int() with base 10: '${v}'`);
  return Number(t.replaceAll('_', ''));
}

export function pyFloat(v: string): number {
  const t = v.trim();
  const n = Number(t);
  if (t === '' || Number.isNaN(n)) {
    if (/^[+-]?(nan|inf|infinity)$/i.test(t)) return t.toLowerCase().includes('nan') ? NaN : t.startsWith('-') ? -Infinity : Infinity;
    throw new PyValueError(`could not convert string to float: '${v}'`);
  }
  return n;
}
