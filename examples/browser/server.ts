/**
 * The local server of the browser example: serves the built package (`dist/`) and the page,
 * with the two headers that make the page cross-origin isolated, without which a browser
 * has no `SharedArrayBuffer`. `npm run example:browser` builds the package and starts it.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The headers of a cross-origin isolated page. */
export const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
} as const;

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

/** What {@link serve} serves, and how. */
export interface ServeOptions {
  /** Folders by the URL path that serves them (`'/dist/'`); `index.html` for a folder. */
  readonly folders: Readonly<Record<string, URL>>;
  /** Where `/` redirects to. */
  readonly home: string;
  /** Whether to send the isolation headers (default `true`). */
  readonly isolated?: boolean;
  /** The port on 127.0.0.1; 0 (the default) takes a free one. */
  readonly port?: number;
}

/** The file that `pathname` names in `folders`, if any (never one outside them). */
function fileFor(folders: ServeOptions['folders'], pathname: string): URL | undefined {
  for (const [prefix, folder] of Object.entries(folders)) {
    if (!pathname.startsWith(prefix)) continue;
    const file = new URL(`.${pathname.slice(prefix.length - 1)}`, folder);
    if (!file.href.startsWith(folder.href)) return undefined;
    return file.href.endsWith('/') ? new URL('index.html', file) : file;
  }
  return undefined;
}

/** Starts the server; resolves with it and its address once it listens. */
export async function serve(options: ServeOptions): Promise<{ server: Server; origin: string }> {
  const headers = options.isolated === false ? {} : ISOLATION_HEADERS;
  const server = createServer(async (request, response) => {
    const { pathname } = new URL(request.url ?? '/', 'http://localhost');
    if (pathname === '/') {
      response.writeHead(302, { location: options.home }).end();
      return;
    }
    const file = fileFor(options.folders, pathname);
    try {
      if (file === undefined) throw new Error('not served');
      const body = await readFile(file);
      const type = CONTENT_TYPES[extname(file.pathname)] ?? 'application/octet-stream';
      response.writeHead(200, { ...headers, 'content-type': type }).end(body);
    } catch {
      response.writeHead(404, headers).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, origin: `http://127.0.0.1:${port}` };
}

/** The package's folder: the nearest one above this module that holds the built package. */
export function packageFolder(): URL {
  for (let folder = new URL('./', import.meta.url); ; folder = new URL('../', folder)) {
    if (existsSync(new URL('dist/browser.js', folder))) return folder;
    if (folder.pathname === '/') throw new Error('dist/browser.js not found: run npm run build');
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const root = packageFolder();
  const { origin } = await serve({
    folders: {
      '/dist/': new URL('dist/', root),
      '/examples/browser/': new URL('examples/browser/', root),
      '/src/': new URL('src/', root), // the sources that dist's source maps name
    },
    home: '/examples/browser/',
    port: Number(process.env.PORT ?? 8000),
  });
  console.log(`Serving ${fileURLToPath(root)} at ${origin}/ (Ctrl-C stops)`);
}
