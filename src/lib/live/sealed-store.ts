/**
 * The live terminal's saved state (files, variables, history — where an exported AWS_SECRET_ACCESS_KEY or an edited
 * ~/.aws/credentials would sit), sealed with AES-GCM under a key that only the running live server holds. When the
 * server stops, the key is gone and what IndexedDB kept can no longer be read: it is wiped in effect, and wiped in
 * fact the next time a terminal opens. The sandbox's own persistence does not use this.
 */
import type { PersistenceAdapter } from '../emulator/state/persistence';
import { fromBase64, toBase64 } from '../emulator/protocol/values';

const MARK = 'boundary-lab-sealed:v1:';

export class SealedPersistence implements PersistenceAdapter {
  private key?: Promise<CryptoKey>;

  constructor(
    private readonly inner: PersistenceAdapter,
    /** 32 random bytes, base64, from the live server's /__live/status. */
    private readonly keyBase64: string,
  ) {}

  private cryptoKey(): Promise<CryptoKey> {
    const raw = fromBase64(this.keyBase64);
    if (!raw || raw.length !== 32) throw new Error('The live server gave no valid key for the terminal state');
    return (this.key ??= crypto.subtle.importKey('raw', raw as Uint8Array<ArrayBuffer>, 'AES-GCM', false, ['encrypt', 'decrypt']));
  }

  async load(): Promise<string | undefined> {
    const text = await this.inner.load();
    if (text === undefined) return undefined;
    const sealed = text.startsWith(MARK) ? fromBase64(text.slice(MARK.length)) : undefined;
    if (sealed && sealed.length > 12) {
      try {
        const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: sealed.slice(0, 12) }, await this.cryptoKey(), sealed.slice(12));
        return new TextDecoder().decode(plain);
      } catch {
        // Sealed by an earlier run of the server, whose key is gone.
      }
    }
    await this.inner.clear();
    return undefined;
  }

  async save(snapshot: string): Promise<void> {
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const cipher = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, await this.cryptoKey(), new TextEncoder().encode(snapshot)));
    const sealed = new Uint8Array(12 + cipher.length);
    sealed.set(iv);
    sealed.set(cipher, 12);
    await this.inner.save(MARK + toBase64(sealed));
  }

  clear(): Promise<void> {
    return this.inner.clear();
  }
}
