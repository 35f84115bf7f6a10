// The dashboard at /: the built single-page app (web/dist) with its own routes falling back to
// index.html, or, when it was not built, a page that says how to build it.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import type { AppEnv } from './context.js';

const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>Warden</title>
<body style="font-family:system-ui;margin:4rem auto;max-width:40rem;color:#1f2937">
<h1>Warden control plane</h1>
<p>The API is running under <code>/api/v1</code> (see docs/api.md). The dashboard has not been built:
run <code>npm run build:web</code> and restart the server.</p></body>`;

export function dashboardRoutes(webRoot: string | undefined): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const index = webRoot ? join(webRoot, 'index.html') : null;
  if (!webRoot || !index || !existsSync(index)) {
    app.get('/', (c) => c.html(NOT_BUILT));
    return app;
  }
  app.use('/*', serveStatic({ root: webRoot }));
  app.get('*', (c) => (c.req.path.startsWith('/api/') ? c.notFound() : c.html(readFileSync(index, 'utf8'))));
  return app;
}
