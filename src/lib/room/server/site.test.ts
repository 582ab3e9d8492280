/** The room server serves the workshop as the other servers do: immutable hashed assets, revalidated pages, compression. */
import { describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTestRoomServer, throwawaySite } from './testing';

describe('the room server\'s static files', () => {
  it('caches hashed assets for good, revalidates pages (304) and compresses', async () => {
    const site = throwawaySite();
    mkdirSync(join(site, '_astro'));
    writeFileSync(join(site, '_astro', 'app.Ab12Cd34.js'), 'console.log("x");'.repeat(200));
    const server = await startTestRoomServer({ distDir: site });
    const url = `http://127.0.0.1:${server.port}`;
    try {
      const asset = await fetch(`${url}/_astro/app.Ab12Cd34.js`, { headers: { 'accept-encoding': 'gzip' } });
      expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(asset.headers.get('content-encoding')).toBe('gzip');
      const page = await fetch(`${url}/`);
      expect(page.headers.get('cache-control')).toBe('no-cache');
      const etag = page.headers.get('etag')!;
      expect((await fetch(`${url}/`, { headers: { 'if-none-match': etag } })).status).toBe(304);
    } finally {
      await server.close();
    }
  });
});
