// A static file server for the generated report, on the loopback address only. Allure's report
// is several files that its page fetches, which a browser refuses from file://, hence http.
import { createReadStream, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
};

export interface ReportServer {
  port: number;
  close(done?: () => void): void;
}

/** The file a request path names inside `root`, or undefined for anything outside it. */
export function fileFor(root: string, urlPath: string): string | undefined {
  let path: string;
  try {
    path = decodeURIComponent(urlPath.split('?')[0].split('#')[0]);
  } catch {
    return undefined;
  }
  const file = normalize(join(root, path.endsWith('/') ? `${path}index.html` : path));
  return file === root || file.startsWith(root.endsWith(sep) ? root : root + sep) ? file : undefined;
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolvePort, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolvePort((server.address() as { port: number }).port);
    });
  });
}

/** Serves `root` on 127.0.0.1:port; with `anyPortIfTaken`, on a free port when that one is in use. */
export async function serve(root: string, port: number, anyPortIfTaken = false): Promise<ReportServer> {
  const server = createServer((request, response) => {
    const file = fileFor(root, request.url ?? '/');
    let size: number | undefined;
    try {
      if (file) size = statSync(file).isFile() ? statSync(file).size : undefined;
    } catch {
      size = undefined;
    }
    if (!file || size === undefined) {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found\n');
      return;
    }
    response.writeHead(200, { 'content-type': CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream', 'content-length': size, 'cache-control': 'no-store' });
    createReadStream(file).pipe(response);
  });
  let bound: number;
  try {
    bound = await listen(server, port);
  } catch (e) {
    if (!anyPortIfTaken || (e as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw e;
    bound = await listen(server, 0);
  }
  return { port: bound, close: (done) => server.close(done) };
}
