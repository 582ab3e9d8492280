/**
 * The built workshop (dist/), served under the site's base path beside the room API so that learners' pages and the
 * API share one origin, through the project's shared static-file module (caching, revalidation, compression).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createStaticHandler } from '../../http/static';

export function siteHandler(distDir: string, basePath: string) {
  const files = createStaticHandler({ root: distDir, base: basePath });
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (await files(req, res)) return;
    res.writeHead(405, { allow: 'GET, HEAD' });
    res.end();
  };
}
