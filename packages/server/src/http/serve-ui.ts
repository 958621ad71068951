import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { chooseEncoding, compressedFile } from './compressed-file.js';

/** Overrides where the web UI's built files are read from (a directory holding `index.html`). */
export const UI_DIR_ENV = 'HEADWATER__SERVER__UI_DIR';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** The UI talks to `/graphql` on its own origin only; inline styles are needed by its dialogs. */
const HTML_HEADERS = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
};

/** Imported by name at run time, so the server works (API only) when the UI package is absent. */
const UI_PACKAGE = '@headwater/ui';

let packagedDir: Promise<string | null> | undefined;

/** `@headwater/ui`'s built app, when that package is installed. */
function packagedUiDir(): Promise<string | null> {
  packagedDir ??= import(UI_PACKAGE).then(
    (module: { uiAssetsDir?: unknown }) =>
      typeof module.uiAssetsDir === 'string' ? module.uiAssetsDir : null,
    () => null,
  );
  return packagedDir;
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/**
 * Sends `path` with `headers`, compressed (brotli or gzip) when the client accepts it and the
 * file is text worth compressing; every response says it varies by `accept-encoding`.
 */
async function send(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  headers: Record<string, string>,
): Promise<void> {
  const common = { 'x-content-type-options': 'nosniff', vary: 'accept-encoding', ...headers };
  const encoding = chooseEncoding(path, req.headers);
  const body = encoding ? await compressedFile(path, encoding).catch(() => null) : null;
  if (encoding && body) {
    res.writeHead(200, { ...common, 'content-encoding': encoding, 'content-length': String(body.length) });
    res.end(req.method === 'HEAD' ? undefined : body);
    return;
  }
  res.writeHead(200, common);
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  createReadStream(path)
    .on('error', () => res.destroy())
    .pipe(res);
}

/**
 * Serves the web UI for GET/HEAD requests outside the API: its files (hashed `/assets/*` cached
 * for good; text compressed with brotli or gzip when the client takes it), and `index.html` for
 * any other page path so the app's own routes work on reload. Returns false when the request is not the UI's, leaving it to the API's 404.
 * The files come from `dir` when given, else `$HEADWATER__SERVER__UI_DIR`, else the
 * `@headwater/ui` package; `dir: false` turns the UI off.
 */
export async function serveUi(
  req: IncomingMessage,
  res: ServerResponse,
  pathname: string,
  dir?: string | false,
): Promise<boolean> {
  if (dir === false || (req.method !== 'GET' && req.method !== 'HEAD')) return false;
  const root = dir || process.env[UI_DIR_ENV] || (await packagedUiDir());
  const wantsPage = extname(pathname) === '' && (req.headers.accept ?? '').includes('text/html');
  if (!root || !(await isFile(join(root, 'index.html')))) {
    if (!wantsPage) return false;
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(
      'The Headwater web UI is not available: @headwater/ui is not installed or not built ' +
        '(build it with `pnpm --filter @headwater/ui build`). The API is at /graphql.\n',
    );
    return true;
  }
  let relative: string;
  try {
    relative = decodeURIComponent(pathname);
  } catch {
    return false;
  }
  const base = resolve(root);
  const file = resolve(base, `.${relative}`);
  if (file !== base && !file.startsWith(base + sep)) return false;
  if (relative !== '/' && (await isFile(file))) {
    const immutable = relative.startsWith('/assets/');
    await send(req, res, file, {
      'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
      'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      ...(extname(file) === '.html' ? HTML_HEADERS : {}),
    });
    return true;
  }
  if (!wantsPage && relative !== '/') return false;
  await send(req, res, join(base, 'index.html'), {
    'content-type': CONTENT_TYPES['.html']!,
    'cache-control': 'no-cache',
    ...HTML_HEADERS,
  });
  return true;
}
