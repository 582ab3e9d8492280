/** Split terminal input into keys: escape sequences stay whole, everything else is one code point per key. */
export function splitKeys(data: string): string[] {
  const keys: string[] = [];
  let i = 0;
  while (i < data.length) {
    if (data[i] === '\x1b') {
      if (data.startsWith('\x1b[200~', i)) {
        const end = data.indexOf('\x1b[201~', i);
        const body = data.slice(i + 6, end < 0 ? data.length : end);
        // Bracketed paste: the text as typed keys (newlines act as Enter).
        keys.push(...splitKeys(body.replace(/\r\n?/g, '\n')).map((k) => (k === '\n' ? '\r' : k)));
        i = end < 0 ? data.length : end + 6;
        continue;
      }
      const csi = /^\x1b\[[0-9;?]*[ -/]*[@-~]/.exec(data.slice(i));
      const ss3 = /^\x1bO./.exec(data.slice(i));
      const m = csi ?? ss3;
      if (m) {
        keys.push(m[0]);
        i += m[0].length;
      } else if (i + 1 < data.length) {
        keys.push(data.slice(i, i + 2));
        i += 2;
      } else {
        keys.push('\x1b');
        i++;
      }
      continue;
    }
    const cp = data.codePointAt(i)!;
    const ch = String.fromCodePoint(cp);
    keys.push(ch === '\n' ? '\r' : ch);
    i += ch.length;
  }
  return keys;
}
