// The control plane's HTTP app: /healthz, the JSON API under /api/v1 (docs/api.md) and the
// dashboard at /. In-process testable with app.request(); served by serve.ts.
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { secureHeaders } from 'hono/secure-headers';
import { AdvisorScheduler } from './advisor/schedule.js';
import { ApiError, errorResponse, toApiError } from './api-error.js';
import { LoginLimiter } from './auth/login-limiter.js';
import { requireUser } from './auth/user-auth.js';
import type { AppEnv, AppServices, ServerDeps } from './context.js';
import { PolicyHub } from './policy/policy-hub.js';
import { adminRoutes } from './routes/admin-routes.js';
import { alertRoutes } from './routes/alert-routes.js';
import { auditRoutes } from './routes/audit-routes.js';
import { authRoutes } from './routes/auth-routes.js';
import { hostAdminRoutes } from './routes/host-admin-routes.js';
import { hostRoutes } from './routes/host-routes.js';
import { roleRoutes } from './routes/role-routes.js';
import { sessionRoutes } from './routes/session-routes.js';
import { suggestionRoutes } from './routes/suggestion-routes.js';
import { variableRoutes } from './routes/variable-routes.js';
import { DASHBOARD_CSP, webDashboard } from './web-dashboard.js';

const MAX_BODY = 1024 * 1024;
const MAX_UPLOAD = 16 * 1024 * 1024;

export type ServerApp = Hono<AppEnv> & {
  readonly hub: PolicyHub;
  readonly advisor: AdvisorScheduler;
  /** Ends every open event stream and stops listening for changes. */
  close(): void;
};

const tooLarge = (limit: number) => bodyLimit({ maxSize: limit, onError: () => { throw new ApiError(413, 'too_large', `the body is larger than ${limit} bytes`); } });

export function createApp(deps: ServerDeps): ServerApp {
  const now = deps.now ?? Date.now;
  const hub = new PolicyHub(deps.store, deps.logger);
  const advisor = new AdvisorScheduler(deps.store, { ...(deps.logger ? { logger: deps.logger } : {}), now });
  const services: AppServices = { deps, store: deps.store, limiter: new LoginLimiter(deps.store.loginFailures, now), hub, advisor, now };
  const app = new Hono<AppEnv>();

  app.use(async (c, next) => {
    c.set('services', services);
    await next();
  });
  app.use(secureHeaders({ contentSecurityPolicy: DASHBOARD_CSP }));
  app.onError((error, c) => {
    const api = toApiError(error);
    if (api) return errorResponse(c, api);
    deps.logger?.error({ err: error, path: c.req.path, method: c.req.method }, 'request failed');
    return errorResponse(c, new ApiError(500, 'internal', 'the server failed to answer this request'));
  });
  app.notFound((c) => errorResponse(c, new ApiError(404, 'not_found', `no route ${c.req.method} ${c.req.path}`)));

  app.get('/healthz', async (c) => {
    const ok = await deps.store.ping();
    return c.json({ ok, db: deps.store.dialect }, ok ? 200 : 503);
  });

  const api = new Hono<AppEnv>();
  api.use('/host/audit', tooLarge(MAX_UPLOAD));
  api.use(async (c, next) => (c.req.path.endsWith('/host/audit') ? next() : tooLarge(MAX_BODY)(c, next)));
  // Public and host routes first: each answers without reaching the user check below.
  api.route('/', authRoutes());
  api.route('/', hostRoutes());
  const user = new Hono<AppEnv>();
  user.use(requireUser);
  for (const routes of [roleRoutes(), hostAdminRoutes(), variableRoutes(), auditRoutes(), alertRoutes(), sessionRoutes(), adminRoutes(), suggestionRoutes()]) user.route('/', routes);
  api.route('/', user);
  app.route('/api/v1', api);
  app.route('/', webDashboard(deps.webRoot));

  return Object.assign(app, { hub, advisor, close: () => hub.closeAll() });
}
