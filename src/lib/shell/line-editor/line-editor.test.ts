import { describe, expect, it } from 'vitest';
import { LineEditor } from './line-editor';

function setup(history: string[] = [], complete?: (t: string) => Promise<{ from: number; items: string[] }>) {
  const out: string[] = [];
  const submitted: string[] = [];
  let interrupted = 0;
  const ed = new LineEditor({ write: (d) => out.push(d), cols: 80 }, { prompt: () => '$ ', history, onSubmit: (t) => submitted.push(t), onInterrupt: () => interrupted++, complete });
  ed.start();
  return { ed, out, submitted, interrupted: () => interrupted };
}

describe('LineEditor', () => {
  it('edits with Ctrl-A/E/U/K/W/Y and arrow keys', () => {
    const { ed } = setup();
    ed.handleInput('world');
    ed.handleInput('\x01hello ');
    expect(ed.buffer).toBe('hello world');
    ed.handleInput('\x05\x17');
    expect(ed.buffer).toBe('hello ');
    ed.handleInput('\x19');
    expect(ed.buffer).toBe('hello world');
    ed.handleInput('\x1b[D\x1b[D\x0b');
    expect(ed.buffer).toBe('hello wor');
    ed.handleInput('\x1b[D\x1b[D\x15');
    expect(ed.buffer).toBe('or');
    ed.handleInput('\x1b[C\x7f');
    expect(ed.buffer).toBe('r');
  });

  it('submits on Enter and asks for more (PS2) when the command is incomplete', () => {
    const { ed, submitted, out } = setup();
    ed.handleInput('aws cloudformation create-stack \\\r');
    expect(submitted).toEqual([]);
    expect(out.join('')).toContain('\r\n> ');
    ed.handleInput('--stack-name builder-iam\r');
    expect(submitted).toEqual(['aws cloudformation create-stack \\\n--stack-name builder-iam']);
    expect(ed.isReading).toBe(false);
  });

  it('treats a pasted block line by line and keeps typeahead for after the running command', () => {
    const { ed, submitted } = setup();
    ed.handleInput('echo one\necho two\ncat <<EOF\nx\nEOF\n');
    expect(submitted).toEqual(['echo one']);
    ed.start();
    expect(submitted).toEqual(['echo one', 'echo two']);
    ed.start();
    expect(submitted[2]).toBe('cat <<EOF\nx\nEOF');
  });

  it('recalls history with Up/Down and keeps the draft', () => {
    const { ed } = setup(['first', 'second']);
    ed.handleInput('dra');
    ed.handleInput('\x1b[A');
    expect(ed.buffer).toBe('second');
    ed.handleInput('\x1b[A\x1b[A');
    expect(ed.buffer).toBe('first');
    ed.handleInput('\x1b[B\x1b[B');
    expect(ed.buffer).toBe('dra');
  });

  it('searches history backwards with Ctrl-R', () => {
    const { ed, submitted } = setup(['aws sts get-caller-identity', 'ls', 'aws iam get-role --role-name builder', 'pwd']);
    ed.handleInput('\x12aws');
    ed.handleInput('\x12');
    ed.handleInput('\r');
    expect(submitted).toEqual(['aws sts get-caller-identity']);
    ed.start();
    ed.handleInput('\x12role\x05 x');
    expect(ed.buffer).toBe('aws iam get-role --role-name builder x');
    ed.handleInput('\x12zzz\x07');
    expect(ed.buffer).toBe('aws iam get-role --role-name builder x');
  });

  it('Ctrl-C drops the line while reading and interrupts while a command runs', () => {
    const { ed, submitted, interrupted } = setup();
    ed.handleInput('half typed\x03');
    expect(ed.buffer).toBe('');
    expect(submitted).toEqual([]);
    ed.handleInput('sleep 100\r');
    ed.handleInput('queued\x03');
    expect(interrupted()).toBe(1);
    ed.start();
    expect(ed.buffer).toBe('');
  });

  it('records history without duplicates or lines starting with a space', () => {
    const { ed } = setup();
    for (const l of ['a\r', 'a\r', ' secret\r', 'b\r']) {
      ed.handleInput(l);
      ed.start();
    }
    expect(ed.history).toEqual(['a', 'b']);
  });

  it('completes a unique match and the common prefix of several', async () => {
    const { ed } = setup([], async (line) => {
      const from = line.lastIndexOf(' ') + 1;
      const word = line.slice(from);
      return { from, items: ['cloudformation', 'cloudtrail'].filter((s) => s.startsWith(word)) };
    });
    ed.handleInput('aws clo\t');
    await new Promise((r) => setTimeout(r, 0));
    expect(ed.buffer).toBe('aws cloud');
    ed.handleInput('f\t');
    await new Promise((r) => setTimeout(r, 0));
    expect(ed.buffer).toBe('aws cloudformation ');
  });
});

describe('LineEditor typeahead during completion', () => {
  it('applies keys typed while a completion is computed after it, in order', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const { ed } = setup([], async () => {
      await gate;
      return { from: 4, items: ['cloudformation'] };
    });
    ed.handleInput('aws clo\tdescribe-stacks');
    expect(ed.buffer).toBe('aws clo');
    release();
    await new Promise((r) => setTimeout(r, 0));
    expect(ed.buffer).toBe('aws cloudformation describe-stacks');
  });
});
