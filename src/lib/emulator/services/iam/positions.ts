/**
 * Where each statement of a policy document starts and ends (1-based line and column), for the simulator's
 * MatchedStatements StartPosition / EndPosition.
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

export function statementPositions(text: string): { start: Position; end: Position }[] {
  const out: { start: Position; end: Position }[] = [];
  const stack: Frame[] = [];
  let line = 1, col = 0, inString = false, escaped = false, strStart = 0;
  let lastString = '', armed = false;
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
      continue;
    }
    if (ch === '{' || ch === '[') {
      const parent = stack[stack.length - 1];
      const frame: Frame = { ch };
      if (armed && ch === '[') frame.statementArray = true;
      if ((armed && ch === '{') || (ch === '{' && parent?.statementArray)) frame.statement = { Line: line, Column: col };
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
