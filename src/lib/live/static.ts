/**
 * The live server's static files: the built workshop through the project's shared static-file module (immutable
 * caching for hashed assets, revalidation and compression for the rest), with each HTML page marked as live mode and
 * given a CSP that hashes its inline scripts.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createStaticHandler, type StaticHandler } from '../http/static';
import { contentSecurityPolicy } from './csp';

const handlers = new Map<string, StaticHandler>();

export async function serveStatic(distDir: string, _pathname: string, req: IncomingMessage, res: ServerResponse, connect: string[] = []): Promise<void> {
  const key = `${distDir}\n${connect.join(' ')}`;
  let files = handlers.get(key);
  if (!files) {
    files = createStaticHandler({
      root: distDir,
      html: (text) => {
        const body = text.replace('<head>', '<head><meta name="boundary-lab-mode" content="live">');
        return { body, headers: { 'content-security-policy': contentSecurityPolicy(body, connect) } };
      },
    });
    handlers.set(key, files);
  }
  if (await files(req, res)) return;
  res.writeHead(405, { 'content-type': 'text/plain; charset=utf-8', allow: 'GET, HEAD' });
  res.end('Method not allowed');
}
