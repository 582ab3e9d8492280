/**
 * A small readline for xterm.js: prompt and PS2 continuation rows, cursor movement and editing keys (Ctrl-A/E/B/F,
 * Ctrl-U/K/W/Y, Alt-B/F, Home/End/Delete), history with Up/Down and Ctrl-R reverse search, Tab completion, Ctrl-L
 * and Ctrl-C, and typeahead while a command runs. The whole (possibly multi-line) command is one buffer, so a
 * pasted block and a recalled multi-line history entry edit alike.
 *
 * Written here rather than taken from xterm-readline because that package targets xterm 5's `ITerminalAddon` and
 * keeps its own line-continuation rules; we need bash's PS2 rules (incomplete.ts) and typeahead, and the editor
 * must be testable without a DOM.
 */
import { needsMore } from './incomplete';
import { splitKeys } from './keys';

export interface EditorTerminal {
  write(data: string): void;
  readonly cols: number;
}

export interface CompletionResult {
  from: number;
  items: string[];
}

export interface LineEditorOptions {
  prompt: () => string;
  ps2?: string;
  history?: string[];
  onSubmit: (text: string) => void;
  onInterrupt?: () => void;
  complete?: (text: string) => Promise<CompletionResult>;
  historyLimit?: number;
}

const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07]*\x07/g;
export const visibleLength = (s: string) => [...s.replace(ANSI, '')].length;

export class LineEditor {
  buffer = '';
  cursor = 0;
  history: string[];
  /** Keys typed while a command runs, replayed at the next prompt. */
  private typeahead: string[] = [];
  private active = false;
  /** Rows between the first row of the input and the row the terminal cursor is on. */
  private cursorRow = 0;
  private historyIndex = -1;
  private draft = '';
  private killRing = '';
  private search: { query: string; index: number; original: string; failed: boolean } | undefined;
  private lastTab = false;
  /** A completion is being computed: keys wait for it, as they wait for bash's. */
  private completing = false;
  /** Whether the last output ended its line. */
  private atLineStart = true;
  private readonly ps2: string;

  constructor(
    private readonly term: EditorTerminal,
    private readonly options: LineEditorOptions,
  ) {
    this.history = options.history ?? [];
    this.ps2 = options.ps2 ?? '> ';
  }

  /** Show the prompt and start reading a line. */
  start(): void {
    // Output that did not end its line would be overwritten by the prompt: finish the line first (as zsh does).
    if (!this.atLineStart) this.term.write('\r\n');
    this.atLineStart = true;
    this.buffer = '';
    this.cursor = 0;
    this.cursorRow = 0;
    this.historyIndex = -1;
    this.active = true;
    this.render();
    this.drainTypeahead();
  }

  get isReading(): boolean {
    return this.active;
  }

  /** Input from the terminal (keys, pastes). */
  handleInput(data: string): void {
    for (const key of splitKeys(data)) {
      if (!this.active && key === '\x03') {
        this.typeahead = [];
        this.options.onInterrupt?.();
        continue;
      }
      this.typeahead.push(key);
    }
    this.drainTypeahead();
  }

  /** Output from elsewhere while reading (e.g. another tab's command): print it above the input line. */
  printAbove(text: string): void {
    if (text) this.atLineStart = /[\r\n]$/.test(text);
    if (!this.active) {
      this.term.write(text);
      return;
    }
    this.clearInput();
    this.term.write(text);
    if (!this.atLineStart) {
      this.term.write('\r\n');
      this.atLineStart = true;
    }
    this.cursorRow = 0;
    this.render();
  }

  /** Add an entry as bash's history does (no consecutive duplicates, none starting with a space). */
  addHistory(text: string): void {
    if (!text.trim() || /^\s/.test(text) || this.history[this.history.length - 1] === text) return;
    this.history.push(text);
    const limit = this.options.historyLimit ?? 1000;
    if (this.history.length > limit) this.history.splice(0, this.history.length - limit);
  }

  private drainTypeahead() {
    while (this.active && !this.completing && this.typeahead.length) this.handleKey(this.typeahead.shift()!);
  }

  private handleKey(key: string): void {
    if (key !== '\t') this.lastTab = false;
    if (this.search) return this.searchKey(key);
    switch (key) {
      case '\r':
        return this.enter();
      case '\x7f':
      case '\b':
        if (this.cursor > 0) this.edit(this.buffer.slice(0, this.cursor - 1) + this.buffer.slice(this.cursor), this.cursor - 1);
        return;
      case '\x1b[3~':
        if (this.cursor < this.buffer.length) this.edit(this.buffer.slice(0, this.cursor) + this.buffer.slice(this.cursor + 1), this.cursor);
        return;
      case '\x04':
        if (this.cursor < this.buffer.length) this.edit(this.buffer.slice(0, this.cursor) + this.buffer.slice(this.cursor + 1), this.cursor);
        return;
      case '\x1b[D':
      case '\x02':
        return this.move(Math.max(0, this.cursor - 1));
      case '\x1b[C':
      case '\x06':
        return this.move(Math.min(this.buffer.length, this.cursor + 1));
      case '\x01':
      case '\x1b[H':
      case '\x1bOH':
      case '\x1b[1~':
        return this.move(this.lineStart());
      case '\x05':
      case '\x1b[F':
      case '\x1bOF':
      case '\x1b[4~':
        return this.move(this.lineEnd());
      case '\x1bb':
      case '\x1b[1;5D':
      case '\x1b[1;3D':
        return this.move(this.wordLeft());
      case '\x1bf':
      case '\x1b[1;5C':
      case '\x1b[1;3C':
        return this.move(this.wordRight());
      case '\x15': {
        const start = this.lineStart();
        this.killRing = this.buffer.slice(start, this.cursor);
        return this.edit(this.buffer.slice(0, start) + this.buffer.slice(this.cursor), start);
      }
      case '\x0b': {
        const end = this.lineEnd();
        this.killRing = this.buffer.slice(this.cursor, end);
        return this.edit(this.buffer.slice(0, this.cursor) + this.buffer.slice(end), this.cursor);
      }
      case '\x17': {
        let i = this.cursor;
        while (i > 0 && /\s/.test(this.buffer[i - 1])) i--;
        while (i > 0 && !/\s/.test(this.buffer[i - 1])) i--;
        this.killRing = this.buffer.slice(i, this.cursor);
        return this.edit(this.buffer.slice(0, i) + this.buffer.slice(this.cursor), i);
      }
      case '\x19':
        return this.insert(this.killRing);
      case '\x0c':
        this.term.write('\x1b[H\x1b[2J');
        this.cursorRow = 0;
        return this.render();
      case '\x03':
        this.move(this.buffer.length);
        this.term.write('^C\r\n');
        this.buffer = '';
        this.cursor = 0;
        this.cursorRow = 0;
        this.historyIndex = -1;
        return this.render();
      case '\x12':
        this.search = { query: '', index: this.history.length, original: this.buffer, failed: false };
        return this.render();
      case '\x1b[A':
      case '\x10':
        return this.historyStep(-1);
      case '\x1b[B':
      case '\x0e':
        return this.historyStep(1);
      case '\t':
        this.completing = true;
        void this.tab()
          .catch(() => undefined)
          .finally(() => {
            this.completing = false;
            this.drainTypeahead();
          });
        return;
      default:
        if (key.length === 1 && key < ' ') return;
        if (key.startsWith('\x1b')) return;
        return this.insert(key);
    }
  }

  private enter() {
    if (needsMore(this.buffer)) return this.insert('\n');
    const text = this.buffer;
    this.move(this.buffer.length);
    this.term.write('\r\n');
    this.active = false;
    this.cursorRow = 0;
    this.addHistory(text);
    this.options.onSubmit(text);
  }

  private insert(text: string) {
    // Typing at the end of a line that does not wrap: write just the text (the common keystroke, kept cheap).
    if (!this.search && this.cursor === this.buffer.length && !text.includes('\n') && text) {
      const lay = this.layout(this.options.prompt(), this.buffer + text);
      if (lay.endRow === this.cursorRow && lay.endCol < this.term.cols) {
        this.buffer += text;
        this.cursor = this.buffer.length;
        this.term.write(text);
        return;
      }
    }
    this.edit(this.buffer.slice(0, this.cursor) + text + this.buffer.slice(this.cursor), this.cursor + text.length);
  }

  private edit(buffer: string, cursor: number) {
    this.buffer = buffer;
    this.cursor = cursor;
    this.render();
  }

  private move(cursor: number) {
    this.cursor = cursor;
    this.render();
  }

  private lineStart() {
    return this.buffer.lastIndexOf('\n', this.cursor - 1) + 1;
  }

  private lineEnd() {
    const i = this.buffer.indexOf('\n', this.cursor);
    return i < 0 ? this.buffer.length : i;
  }

  private wordLeft() {
    let i = this.cursor;
    while (i > 0 && !/\w/.test(this.buffer[i - 1])) i--;
    while (i > 0 && /\w/.test(this.buffer[i - 1])) i--;
    return i;
  }

  private wordRight() {
    let i = this.cursor;
    while (i < this.buffer.length && !/\w/.test(this.buffer[i])) i++;
    while (i < this.buffer.length && /\w/.test(this.buffer[i])) i++;
    return i;
  }

  private historyStep(dir: number) {
    if (!this.history.length) return;
    if (this.historyIndex === -1) {
      if (dir > 0) return;
      this.draft = this.buffer;
      this.historyIndex = this.history.length;
    }
    const next = this.historyIndex + dir;
    if (next < 0) return;
    if (next >= this.history.length) {
      this.historyIndex = -1;
      return this.edit(this.draft, this.draft.length);
    }
    this.historyIndex = next;
    const entry = this.history[next];
    this.edit(entry, entry.length);
  }

  private searchKey(key: string) {
    const s = this.search!;
    const find = (from: number) => {
      for (let i = from; i >= 0; i--) if (this.history[i].includes(s.query)) return i;
      return -1;
    };
    if (key === '\x12') {
      const i = find(s.index - 1);
      if (i >= 0) s.index = i;
      else s.failed = true;
      return this.render();
    }
    if (key === '\x07' || key === '\x1b') {
      this.search = undefined;
      return this.edit(s.original, s.original.length);
    }
    if (key === '\x03') {
      this.search = undefined;
      this.buffer = '';
      return this.handleKey('\x03');
    }
    if (key === '\x7f' || key === '\b') {
      s.query = s.query.slice(0, -1);
      const i = find(this.history.length - 1);
      s.index = i >= 0 ? i : this.history.length;
      s.failed = i < 0 && !!s.query;
      return this.render();
    }
    if (key.length === 1 && key >= ' ') {
      s.query += key;
      const i = find(Math.min(s.index, this.history.length - 1));
      if (i >= 0) {
        s.index = i;
        s.failed = false;
      } else s.failed = true;
      return this.render();
    }
    // Any other key accepts the match and then does what it does.
    const match = s.index < this.history.length ? this.history[s.index] : s.original;
    this.search = undefined;
    this.buffer = match;
    this.cursor = Math.max(0, match.indexOf(s.query)) + (key === '\r' ? 0 : 0);
    if (key === '\r') {
      this.cursor = match.length;
      this.render();
      return this.enter();
    }
    this.render();
    this.handleKey(key);
  }

  private async tab() {
    const complete = this.options.complete;
    if (!complete) return;
    const before = this.buffer.slice(0, this.cursor);
    const line = before.slice(before.lastIndexOf('\n') + 1);
    const lineOffset = this.cursor - line.length;
    const bufferAtStart = this.buffer;
    const result = await complete(line);
    if (!this.active || this.buffer !== bufferAtStart) return;
    const word = line.slice(result.from);
    const items = result.items;
    if (!items.length) return;
    let common = items[0];
    for (const s of items) while (!s.startsWith(common)) common = common.slice(0, -1);
    if (items.length === 1) {
      const done = items[0];
      const suffix = done.endsWith('/') ? '' : ' ';
      this.edit(this.buffer.slice(0, lineOffset + result.from) + done + suffix + this.buffer.slice(this.cursor), lineOffset + result.from + done.length + suffix.length);
      return;
    }
    if (common.length > word.length) {
      this.edit(this.buffer.slice(0, lineOffset + result.from) + common + this.buffer.slice(this.cursor), lineOffset + result.from + common.length);
      this.lastTab = true;
      return;
    }
    if (!this.lastTab) {
      this.lastTab = true;
      this.term.write('\x07');
      return;
    }
    // Second Tab: list the candidates in columns, as bash does, and redraw the prompt below them.
    const width = Math.max(...items.map((s) => visibleLength(s))) + 2;
    const perRow = Math.max(1, Math.floor(this.term.cols / width));
    const rows: string[] = [];
    for (let i = 0; i < items.length; i += perRow) rows.push(items.slice(i, i + perRow).map((s) => s.padEnd(width)).join('').trimEnd());
    this.move(this.buffer.length);
    this.term.write(`\r\n${rows.join('\r\n')}\r\n`);
    this.cursorRow = 0;
    this.render();
  }

  /** Layout positions (row, col) of each buffer index, with the prompt and PS2 rows, wrapping at cols. */
  private layout(prompt: string, text: string): { rows: number[]; cols: number[]; endRow: number; endCol: number } {
    const width = Math.max(1, this.term.cols);
    let row = 0;
    let col = visibleLength(prompt);
    const rows: number[] = [];
    const cols: number[] = [];
    const ps2 = visibleLength(this.ps2);
    for (const ch of text) {
      if (col >= width) {
        row++;
        col -= width;
      }
      rows.push(row);
      cols.push(col);
      for (let k = 1; k < ch.length; k++) {
        rows.push(row);
        cols.push(col);
      }
      if (ch === '\n') {
        row++;
        col = ps2;
      } else col++;
    }
    if (col >= width) {
      row++;
      col -= width;
    }
    return { rows, cols, endRow: row, endCol: col };
  }

  private clearInput() {
    if (this.cursorRow > 0) this.term.write(`\x1b[${this.cursorRow}A`);
    this.term.write('\r\x1b[J');
    this.cursorRow = 0;
  }

  private render() {
    let prompt = this.options.prompt();
    let text = this.buffer;
    let cursor = this.cursor;
    if (this.search) {
      const s = this.search;
      const match = s.index < this.history.length ? this.history[s.index] : '';
      prompt = `(${s.failed ? 'failed ' : ''}reverse-i-search)\`${s.query}': `;
      text = match;
      cursor = Math.max(0, match.indexOf(s.query));
    }
    this.clearInput();
    const shown = text.replace(/\n/g, `\r\n${this.ps2}`);
    this.term.write(prompt + shown);
    const lay = this.layout(prompt, text);
    // A row filled to the edge leaves xterm's cursor pending a wrap: make the wrap real.
    if (lay.endCol === 0 && lay.endRow > 0 && !text.endsWith('\n')) this.term.write(' \r');
    const target = cursor < text.length ? { row: lay.rows[cursor], col: lay.cols[cursor] } : { row: lay.endRow, col: lay.endCol };
    const up = lay.endRow - target.row;
    if (up > 0) this.term.write(`\x1b[${up}A`);
    this.term.write(`\r${target.col > 0 ? `\x1b[${target.col}C` : ''}`);
    this.cursorRow = target.row;
  }
}
