/**
 * Keys, tokens and codes of the room service, and the guard against guessing them.
 * - The instructor key and learner tokens are 256 random bits (base64url); only their SHA-256 is stored and compared,
 *   in constant time.
 * - Join codes are short on purpose (typed from a projector), so failed look-ups are rate-limited per client address.
 */
import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { CODE_ALPHABET } from '../protocol';

export const newSecret = (): string => randomBytes(32).toString('base64url');
export const hashSecret = (secret: string): string => createHash('sha256').update(secret, 'utf8').digest('hex');
export const newId = (): string => randomBytes(12).toString('base64url');

export function newCode(): string {
  let code = '';
  for (let i = 0; i < 6; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return code;
}

/** Compares a presented secret with a stored hash in constant time (both sides hashed, so lengths match). */
export function secretMatches(presented: string | undefined, storedHash: string): boolean {
  if (!presented) return false;
  const a = Buffer.from(hashSecret(presented), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Counts failed look-ups (unknown room, wrong key or token) per client in a sliding window; past the limit every room
 * request from that client answers 429 until the window has passed. Successful requests are never counted, so a room
 * of learners behind one NAT address joins freely.
 */
export class FailureLimiter {
  private readonly failures = new Map<string, number[]>();
  constructor(
    private readonly limit = 20,
    private readonly windowMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  private recent(client: string): number[] {
    const cutoff = this.now() - this.windowMs;
    const list = (this.failures.get(client) ?? []).filter((t) => t > cutoff);
    if (list.length) this.failures.set(client, list);
    else this.failures.delete(client);
    return list;
  }
  /** Seconds until the client may try again, or 0 when it is not limited. */
  retryAfter(client: string): number {
    const list = this.recent(client);
    if (list.length < this.limit) return 0;
    return Math.max(1, Math.ceil((list[0] + this.windowMs - this.now()) / 1000));
  }
  fail(client: string): void {
    const list = this.recent(client);
    list.push(this.now());
    this.failures.set(client, list);
  }
}
