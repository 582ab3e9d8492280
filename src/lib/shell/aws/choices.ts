/** argparse's "Invalid choice" message as the CLI writes it (awscli/argparser.py), with difflib's close matches. */

function longestMatch(a: string, b: string, alo: number, ahi: number, blo: number, bhi: number): [number, number, number] {
  let best: [number, number, number] = [alo, blo, 0];
  let lengths = new Map<number, number>();
  for (let i = alo; i < ahi; i++) {
    const next = new Map<number, number>();
    for (let j = blo; j < bhi; j++) {
      if (a[i] !== b[j]) continue;
      const k = (lengths.get(j - 1) ?? 0) + 1;
      next.set(j, k);
      if (k > best[2]) best = [i - k + 1, j - k + 1, k];
    }
    lengths = next;
  }
  return best;
}

function matches(a: string, b: string, alo = 0, ahi = a.length, blo = 0, bhi = b.length): number {
  const [i, j, k] = longestMatch(a, b, alo, ahi, blo, bhi);
  if (!k) return 0;
  return k + matches(a, b, alo, i, blo, j) + matches(a, b, i + k, ahi, j + k, bhi);
}

/** difflib.SequenceMatcher(None, word, possibility).ratio() without junk heuristics (names are short). */
export function ratio(a: string, b: string): number {
  return a.length + b.length ? (2 * matches(b, a)) / (a.length + b.length) : 1;
}

export function closeMatches(word: string, possibilities: string[], n = 3, cutoff = 0.8): string[] {
  return possibilities
    .map((p) => [ratio(word, p), p] as const)
    .filter(([r]) => r >= cutoff)
    .sort((x, y) => y[0] - x[0] || (y[1] > x[1] ? 1 : -1))
    .slice(0, n)
    .map(([, p]) => p);
}

export function invalidChoice(argument: string, value: string, choices: string[]): string {
  const msg = ['Invalid choice, valid choices are:\n'];
  for (let i = 0; i < choices.length; i += 2) msg.push(choices.slice(i, i + 2).map((c) => c.padEnd(40)).join(' | '));
  const possible = closeMatches(value, choices);
  if (possible.length) {
    msg.push(`\n\nInvalid choice: '${value}', maybe you meant:\n`);
    for (const p of possible) msg.push(`  * ${p}`);
  }
  return `argument ${argument}: ${msg.join('\n')}`;
}
