/** IpAddress / NotIpAddress: IPv4 and IPv6 addresses and CIDR blocks (RFC 4632). */

function parseV4(s: string): bigint | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  let n = 0n;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return undefined;
    n = (n << 8n) | BigInt(Number(p));
  }
  return n;
}

function parseV6(s: string): bigint | undefined {
  if (!/^[0-9a-fA-F:.]+$/.test(s) || s.includes(':::')) return undefined;
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const groups = (h: string) => (h === '' ? [] : h.split(':'));
  let head = groups(halves[0]);
  let tail = halves.length === 2 ? groups(halves[1]) : [];
  const expand = (gs: string[]): string[] | undefined => {
    const last = gs[gs.length - 1];
    if (last && last.includes('.')) {
      const v4 = parseV4(last);
      if (v4 === undefined) return undefined;
      return [...gs.slice(0, -1), ((v4 >> 16n) & 0xffffn).toString(16), (v4 & 0xffffn).toString(16)];
    }
    return gs;
  };
  if (halves.length === 2) {
    const t = expand(tail);
    if (!t) return undefined;
    tail = t;
  } else {
    const h = expand(head);
    if (!h) return undefined;
    head = h;
  }
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const all = [...head, ...Array(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  let n = 0n;
  for (const g of all) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
    n = (n << 16n) | BigInt(parseInt(g, 16));
  }
  return n;
}

interface Address { v6: boolean; n: bigint }
const parseAddress = (s: string): Address | undefined => {
  const v4 = parseV4(s);
  if (v4 !== undefined) return { v6: false, n: v4 };
  const v6 = parseV6(s);
  return v6 === undefined ? undefined : { v6: true, n: v6 };
};

/** Whether `request` lies in the block `policy` (an address or a CIDR); undefined when the policy value is not one. */
export function ipMatches(policy: string, request: string): boolean | undefined {
  const slash = policy.indexOf('/');
  const base = parseAddress(slash === -1 ? policy : policy.slice(0, slash));
  if (!base) return undefined;
  const bits = base.v6 ? 128 : 32;
  const prefix = slash === -1 ? bits : Number(policy.slice(slash + 1));
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > bits) return undefined;
  const addr = parseAddress(request);
  if (!addr) return undefined;
  if (addr.v6 !== base.v6) return false;
  const shift = BigInt(bits - prefix);
  return addr.n >> shift === base.n >> shift;
}
