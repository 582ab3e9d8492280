/**
 * Where each statement of a policy document starts and ends (1-based line and column), for the simulator's
 * MatchedStatements StartPosition / EndPosition, as IAM reports them: a statement starts right after the token
 * before it (the Statement array's `[`, the `,` after the previous statement, or the `:` of a lone statement
 * object) and ends right after its `}`. Checked against AWS's answers: AdministratorAccess (two-space JSON) gives
 * 3:17–8:6; a one-line `{"Version": "2012-10-17", "Statement": [{…` starts at 1:41, without the blanks at 1:38.
 */
export interface Position {
  Line: number;
  Column: number;
}

interface Frame {
  ch: '{' | '[';
  statementArray?: boolean;
  statement?: Position;
}

const after = (line: number, col: number): Position => ({ Line: line, Column: col + 1 });

export function statementPositions(text: string): { start: Position; end: Position }[] {
  const out: { start: Position; end: Position }[] = [];
  const stack: Frame[] = [];
  let line = 1, col = 0, inString = false, escaped = false, strStart = 0;
  let lastString = '', armed = false;
  // Where the token before the next statement ended.
  let before: Position = { Line: 1, Column: 1 };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\n') {
      line++;
      col = 0;
      continue;
    }
    col++;
    if (inString) {
      if (escaped) escaped = false;
      else if (ch === '\\') escaped = true;
      else if (ch === '"') {
        inString = false;
        lastString = text.slice(strStart, i);
      }
      continue;
    }
    if (ch === ' ' || ch === '\t' || ch === '\r') continue;
    if (ch === '"') {
      inString = true;
      strStart = i + 1;
      if (armed) armed = false;
      continue;
    }
    if (ch === ':') {
      armed = stack.length === 1 && lastString === 'Statement';
      if (armed) before = after(line, col);
      continue;
    }
    if (ch === ',' && stack[stack.length - 1]?.statementArray) {
      before = after(line, col);
      continue;
    }
    if (ch === '{' || ch === '[') {
      const parent = stack[stack.length - 1];
      const frame: Frame = { ch };
      if (armed && ch === '[') {
        frame.statementArray = true;
        before = after(line, col);
      }
      if ((armed && ch === '{') || (ch === '{' && parent?.statementArray)) frame.statement = before;
      armed = false;
      stack.push(frame);
      continue;
    }
    armed = false;
    if (ch === '}' || ch === ']') {
      const frame = stack.pop();
      if (frame?.statement) out.push({ start: frame.statement, end: { Line: line, Column: col + 1 } });
    }
  }
  return out;
}
