/** A local web server for the browser to visit: every path answers a page whose title the test chose. */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface PageServer {
  port: number;
  /** `http://127.0.0.1:PORT` + path, or another host name (resolved to 127.0.0.1 by the browser's rules). */
  url(path: string, host?: string): string;
  close(): Promise<void>;
}

/** Serves `<title>` = titles[path without query] (or the path itself) on 127.0.0.1, on a free port. */
export async function startPageServer(titles: Record<string, string>): Promise<PageServer> {
  const server = http.createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    const title = titles[path] ?? path;
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    response.end(`<!doctype html><html><head><title>${title}</title></head><body><h1>${title}</h1></body></html>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: (path, host = '127.0.0.1') => `http://${host}:${port}${path}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
