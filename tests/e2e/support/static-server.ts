/** The project's static-file handler on a port of its own, counting the requests it answers (for caching specs). */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createStaticHandler } from '../../../src/lib/http/static';

export interface CountingServer {
  url: string;
  /** Every request path the server received, in order. */
  requests: string[];
  /** The paths whose response was sent in full. */
  finished: string[];
  close(): Promise<void>;
}

export async function startStaticServer(root: string, base = '/'): Promise<CountingServer> {
  const serve = createStaticHandler({ root, base });
  const requests: string[] = [];
  const finished: string[] = [];
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    requests.push(path);
    res.on('finish', () => finished.push(path));
    void serve(req, res).then((answered) => {
      if (!answered) res.writeHead(405).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${base.replace(/\/?$/, '/')}`,
    requests,
    finished,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Keep-alive connections would otherwise keep answering: the network is off means nothing answers.
        server.closeAllConnections();
      }),
  };
}
