/** `--output table`, a port of awscli/table.py and the CLI's TableFormatter. */
import { pyStr } from './text';

function textLength(text: string): number {
  let n = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    // East Asian Wide/Fullwidth (approximate ranges of unicodedata's W and F classes).
    const wide =
      (c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0xa4cf) || (c >= 0xac00 && c <= 0xd7a3) ||
      (c >= 0xf900 && c <= 0xfaff) || (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) ||
      (c >= 0xffe0 && c <= 0xffe6) || (c >= 0x1f300 && c <= 0x1faff) || (c >= 0x20000 && c <= 0x3fffd);
    n += wide ? 2 : 1;
  }
  return n;
}

/** Python's round(): halves to even. */
function pyRound(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

function centerText(text: string, length: number, left = '|', right = '|', textLen = textLength(text)): string {
  const charStart = Math.floor(length / 2) - Math.floor(textLen / 2) - 1;
  const soFar = textLength(left) + charStart + textLen;
  return left + ' '.repeat(Math.max(0, charStart)) + text + ' '.repeat(Math.max(0, length - textLength(right) - soFar)) + right;
}

function alignLeft(text: string, length: number, left: string, right: string, textLen: number): string {
  const padding = length - (textLen + 2 + textLength(left) + textLength(right)) >= 0 ? 2 : 0;
  const soFar = left.length + padding + textLen;
  return left + ' '.repeat(padding) + text + ' '.repeat(Math.max(0, length - soFar - right.length)) + right;
}

export interface Styler {
  title(t: string): string;
  header(t: string): string;
  row(t: string): string;
  indent(t: string): string;
}
const plain: Styler = { title: (t) => t, header: (t) => t, row: (t) => t, indent: (t) => t };
const colour: Styler = {
  title: (t) => t,
  header: (t) => t,
  row: (t) => `\x1b[1m\x1b[34m${t}\x1b[0m`,
  indent: (t) => `\x1b[2m\x1b[33m${t}\x1b[0m`,
};

class Section {
  title = '';
  headers: string[] = [];
  rows: string[][] = [];
  indentLevel = 0;
  private maxWidths: number[] = [];

  widths(padding = 0, maxWidth?: number): number[] {
    const unscaled = this.maxWidths.map((w) => w + padding);
    if (maxWidth === undefined || !unscaled.length) return unscaled;
    const factor = maxWidth / unscaled.reduce((a, b) => a + b, 0);
    const scaled = unscaled.map((w) => pyRound(factor * w));
    let offBy = scaled.reduce((a, b) => a + b, 0) - maxWidth;
    while (offBy !== 0) {
      const order = [...scaled.keys()];
      if (offBy < 0) order.reverse();
      for (const i of order) {
        if (offBy > 0) {
          scaled[i]--;
          offBy--;
        } else {
          scaled[i]++;
          offBy++;
        }
        if (offBy === 0) break;
      }
    }
    return scaled;
  }

  totalWidth(padding: number, outer: number): number {
    const total = this.widths().reduce((a, w) => a + w + padding, 0) + 2 + outer * 2;
    return Math.max(textLength(this.title) + 2 + outer * 2, total);
  }

  addHeader(headers: string[]): void {
    this.update(headers);
    this.headers = headers;
  }
  addRow(row: unknown[]): void {
    const r = row.map(pyStr);
    this.rows.push(r);
    this.update(r);
  }
  private update(row: string[]): void {
    if (!this.maxWidths.length) this.maxWidths = row.map(textLength);
    else row.forEach((el, i) => (this.maxWidths[i] = Math.max(textLength(el), this.maxWidths[i] ?? 0)));
  }
}

class MultiTable {
  sections: Section[] = [];
  current!: Section;
  constructor(
    private terminalWidth: number,
    private styler: Styler,
  ) {}

  newSection(title: string, indentLevel = 0): void {
    this.current = new Section();
    this.current.title = title;
    this.current.indentLevel = indentLevel;
    this.sections.push(this.current);
  }

  render(): string {
    let max = this.maxWidth();
    if (max > this.terminalWidth) {
      this.sections = this.sections.map((s) => {
        if (s.rows.length !== 1 || !s.headers.length) return s;
        const n = new Section();
        n.title = s.title;
        n.indentLevel = s.indentLevel;
        s.headers.forEach((h, i) => n.addRow([h, s.rows[0][i]]));
        return n;
      });
      max = this.maxWidth();
    }
    let out = `${'-'.repeat(max)}\n`;
    for (const s of this.sections) out += this.renderSection(s, max);
    return out;
  }

  private maxWidth(): number {
    return Math.max(...this.sections.map((s) => s.totalWidth(4, s.indentLevel)));
  }

  private renderSection(s: Section, maxWidth: number): string {
    const edge = this.styler.indent('|');
    const lines: string[] = [];
    const width = maxWidth - s.indentLevel * 2;
    if (s.title) {
      lines.push(centerText(this.styler.title(s.title), width, '|', '|', textLength(s.title)));
      if (!s.headers.length && !s.rows.length) lines.push(`+${'-'.repeat(width - 2)}+`);
    }
    const lineBreak = (widths: number[]) => widths.map((w, i) => (i === 0 ? `+${'-'.repeat(w - 2)}+` : `${'-'.repeat(w - 1)}+`)).join('');
    if (s.headers.length) {
      const widths = s.widths(4, width);
      lines.push(lineBreak(widths));
      lines.push(widths.map((w, i) => centerText(this.styler.header(s.headers[i]), w, i === 0 ? '|' : '', '|', textLength(s.headers[i]))).join(''));
    }
    if (s.rows.length) {
      const widths = s.widths(4, width);
      if (widths.length) {
        lines.push(lineBreak(widths));
        for (const row of s.rows) {
          lines.push(widths.map((w, i) => alignLeft(this.styler.row(row[i]), w, i === 0 ? '|' : '', '|', textLength(row[i]))).join(''));
        }
        lines.push(lineBreak(widths));
      }
    }
    const ind = edge.repeat(s.indentLevel);
    return lines.map((l) => `${ind}${l}${ind}\n`).join('');
  }
}

const scalar = (v: unknown) => v === null || typeof v !== 'object';

export function formatTable(title: string, data: unknown, opts: { width?: number; color?: boolean } = {}): string {
  const table = new MultiTable(opts.width ?? 80, opts.color ? colour : plain);
  const build = (t: string | undefined, current: unknown, indent = 0): boolean => {
    if (!current || (typeof current === 'object' && Object.keys(current).length === 0)) return false;
    if (t !== undefined) table.newSection(t, indent);
    if (Array.isArray(current)) {
      if (current[0] && typeof current[0] === 'object' && !Array.isArray(current[0])) {
        fromList(current as Record<string, unknown>[], indent, t);
      } else {
        for (const item of current) {
          if (scalar(item)) table.current.addRow([item]);
          else if (Array.isArray(item) && item.every(scalar)) table.current.addRow(item);
          else build(undefined, item);
        }
      }
    } else if (typeof current === 'object') {
      fromDict(current as Record<string, unknown>, indent);
    }
    return true;
  };
  const group = (obj: Record<string, unknown>) => {
    const headers = Object.keys(obj).filter((k) => scalar(obj[k])).sort();
    const more = Object.keys(obj).filter((k) => !scalar(obj[k])).sort();
    return { headers, more };
  };
  const fromDict = (obj: Record<string, unknown>, indent: number) => {
    const { headers, more } = group(obj);
    if (headers.length === 1) table.current.addRow([headers[0], obj[headers[0]]]);
    else if (headers.length) {
      table.current.addHeader(headers);
      table.current.addRow(headers.map((h) => obj[h]));
    }
    for (const k of more) build(k, obj[k], indent + 1);
  };
  const fromList = (list: Record<string, unknown>[], indent: number, t: string | undefined) => {
    const hs = new Set<string>();
    const ms = new Set<string>();
    for (const el of list) {
      const g = group(el);
      g.headers.forEach((h) => hs.add(h));
      g.more.forEach((m) => ms.add(m));
    }
    const headers = [...hs].sort();
    const more = [...ms].sort();
    table.current.addHeader(headers);
    list.forEach((el, i) => {
      if (i > 0 && more.length) {
        table.newSection(t ?? '', indent);
        table.current.addHeader(headers);
      }
      table.current.addRow(headers.map((h) => (h in el ? el[h] : '')));
      for (const k of more) if (k in el) build(k, el[k], indent + 1);
    });
  };
  if (!build(title, data)) return '';
  return table.render();
}
