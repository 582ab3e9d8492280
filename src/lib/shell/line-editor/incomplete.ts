/**
 * Whether a command line needs more input before bash would run it, as bash decides when it prints PS2: a trailing
 * `\`, `|`, `&&` or `||`, an unclosed quote, `$(`, `(` or `{`, an `if`/`for`/`while`/`case` without its end, or a
 * heredoc whose delimiter has not come yet.
 */

const OPENERS: Record<string, string> = { if: 'fi', case: 'esac', for: 'done', while: 'done', until: 'done', select: 'done', '{': '}' };
const COMMAND_START = new Set(['', ';', '&&', '||', '|', '&', '\n', '(', '{', 'then', 'do', 'else', 'elif', '!', ')']);

export function needsMore(text: string): boolean {
  /** Open contexts: double quotes, backquotes, and `$(`/`(` (which return to command syntax, even inside quotes). */
  const stack: ('"' | '`' | '(')[] = [];
  const blocks: string[] = [];
  const heredocs: { delim: string; strip: boolean }[] = [];
  let prevToken = '';
  let word = '';
  let wordStart = true;
  let i = 0;
  const top = () => stack[stack.length - 1];

  const endWord = () => {
    if (!word) return;
    if (COMMAND_START.has(prevToken) || (blocks[blocks.length - 1] === 'esac' && prevToken === ';;')) {
      if (word in OPENERS) blocks.push(OPENERS[word]);
      else if (blocks.length && word === blocks[blocks.length - 1]) blocks.pop();
    }
    prevToken = word === 'in' && blocks[blocks.length - 1] === 'esac' ? ';;' : word;
    word = '';
  };

  while (i < text.length) {
    const c = text[i];
    if (c === '\\') {
      if (i + 1 >= text.length) return true;
      word += text.slice(i, i + 2);
      i += 2;
      continue;
    }
    if (top() === '"' || top() === '`') {
      if (c === top()) stack.pop();
      else if (c === '$' && text[i + 1] === '(') {
        stack.push('(');
        i++;
      } else if (c === '`') stack.push('`');
      i++;
      continue;
    }
    if (c === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0) return true;
      word += text.slice(i, end + 1);
      i = end + 1;
      continue;
    }
    if (c === '"' || c === '`') {
      stack.push(c);
      word += c;
      i++;
      continue;
    }
    if (c === '#' && !word && wordStart) {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    if (c === '$' && text[i + 1] === '(') {
      stack.push('(');
      word += '$(';
      i += 2;
      continue;
    }
    if (c === '(') {
      endWord();
      stack.push('(');
      prevToken = '(';
      i++;
      continue;
    }
    if (c === ')') {
      if (top() === '(') stack.pop();
      endWord();
      prevToken = ')';
      i++;
      continue;
    }
    if (c === '<' && text[i + 1] === '<' && text[i + 2] !== '<') {
      endWord();
      i += 2;
      const strip = text[i] === '-';
      if (strip) i++;
      while (text[i] === ' ' || text[i] === '\t') i++;
      let delim = '';
      while (i < text.length && !/[\s;|&<>()]/.test(text[i])) {
        if (text[i] !== "'" && text[i] !== '"' && text[i] !== '\\') delim += text[i];
        i++;
      }
      if (delim) heredocs.push({ delim, strip });
      prevToken = 'word';
      continue;
    }
    if (c === '\n') {
      endWord();
      if (heredocs.length) {
        i++;
        while (heredocs.length) {
          const { delim, strip } = heredocs[0];
          const end = text.indexOf('\n', i);
          const line = text.slice(i, end < 0 ? text.length : end);
          if (end < 0 && (strip ? line.replace(/^\t+/, '') : line) !== delim) return true;
          if ((strip ? line.replace(/^\t+/, '') : line) === delim) heredocs.shift();
          i = end < 0 ? text.length : end + 1;
          if (end < 0) break;
        }
        prevToken = '\n';
        wordStart = true;
        continue;
      }
      if (!['|', '&&', '||'].includes(prevToken)) prevToken = '\n';
      i++;
      wordStart = true;
      continue;
    }
    if (c === ' ' || c === '\t') {
      endWord();
      wordStart = true;
      i++;
      continue;
    }
    if (c === ';' || c === '|' || c === '&') {
      endWord();
      const two = text.slice(i, i + 2);
      const op = two === '&&' || two === '||' || two === ';;' ? two : c;
      prevToken = op === ';;' ? ';;' : op;
      i += op.length;
      wordStart = true;
      continue;
    }
    word += c;
    wordStart = false;
    i++;
  }
  endWord();
  if (stack.length) return true;
  if (heredocs.length) return true;
  if (blocks.length) return true;
  return prevToken === '|' || prevToken === '&&' || prevToken === '||';
}
