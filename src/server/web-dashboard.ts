// The dashboard at /: the single-page app Vite built into build/web. Files are served with their
// content type and cache headers (hashed assets for a year, the page itself revalidated), every
// other GET outside /api/ gets index.html so the app's own routes load, and nothing is served from
// outside the build directory. When it was not built, / says how to build it.
import { readFile, realpath, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import { Hono, type Context } from 'hono';
import type { AppEnv } from './context.js';

/** The page's script, styles, images and API calls come from this server only; no inline code, no frames. */
export const DASHBOARD_CSP = {
  defaultSrc: ["'none'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  manifestSrc: ["'self'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';
const SHORT = 'public, max-age=3600';

const NOT_BUILT = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Warden</title></head>
<body><h1>Warden control plane</h1>
<p>The API is running under <code>/api/v1</code> (docs/api.md). The dashboard has not been built:
run <code>npm run build</code> and restart the server.</p></body></html>`;

/** The file under root a URL path names, or null for anything that would leave root. */
function fileFor(root: string, urlPath: string): string | null {
  let path: string;
  try {
    path = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (path.includes('\0') || path.includes('\\')) return null;
  const file = resolve(root, `.${path}`);
  return file === root || file.startsWith(root + sep) ? file : null;
}

/** The file's bytes when it is a regular file that really lies under root (no link out of it). */
async function readRegular(root: string, file: string): Promise<Buffer | null> {
  try {
    const real = await realpath(file);
    const realRoot = await realpath(root);
    if (!real.startsWith(realRoot + sep) || !(await stat(real)).isFile()) return null;
    return await readFile(real);
  } catch {
    return null;
  }
}

function send(c: Context<AppEnv>, body: Buffer | string, type: string, cache: string, status: 200 | 404 = 200): Response {
  c.header('content-type', type);
  c.header('cache-control', cache);
  c.header('x-content-type-options', 'nosniff');
  if (c.req.method === 'HEAD') return c.body(null, status);
  return typeof body === 'string' ? c.body(body, status) : c.body(new Uint8Array(body), status);
}

export function webDashboard(webRoot: string | undefined): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const root = webRoot ? resolve(webRoot) : null;

  app.on(['GET', 'HEAD'], '*', async (c, next) => {
    const path = c.req.path;
    if (path === '/api' || path.startsWith('/api/')) return next();
    if (!root) return path === '/' ? send(c, NOT_BUILT, TYPES['.html']!, REVALIDATE) : next();
    const index = () => readRegular(root, join(root, 'index.html'));

    if (path !== '/' && !path.endsWith('/')) {
      const file = fileFor(root, path);
      const body = file ? await readRegular(root, file) : null;
      if (file && body) {
        const ext = extname(file).toLowerCase();
        const cache = ext === '.html' ? REVALIDATE : path.startsWith('/assets/') ? IMMUTABLE : SHORT;
        return send(c, body, TYPES[ext] ?? 'application/octet-stream', cache);
      }
      // A missing file (a name with an extension) is a 404, not the app: a script tag must never get HTML.
      if (extname(path)) return next();
    }
    const page = await index();
    return page ? send(c, page, TYPES['.html']!, REVALIDATE) : send(c, NOT_BUILT, TYPES['.html']!, REVALIDATE);
  });

  return app;
}
