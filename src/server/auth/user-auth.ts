// User routes: a live session cookie, a matching x-csrf-token on every state-changing request,
// and the user's role checked per route.
import { timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { hashSecret } from '../../store/fleet/ids.js';
import { ApiError, forbidden, unauthorized } from '../api-error.js';
import type { AppEnv } from '../context.js';
import { CSRF_HEADER, sessionCookie } from './cookies.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

const sameText = (a: string, b: string): boolean => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

export const requireUser: MiddlewareHandler<AppEnv> = async (c, next) => {
  const token = sessionCookie(c);
  if (!token) throw unauthorized();
  const { store, now } = c.get('services');
  const session = await store.loginSessions.get(hashSecret(token), new Date(now()).toISOString());
  if (!session) throw unauthorized('the session has ended; sign in again');
  if (!SAFE_METHODS.has(c.req.method)) {
    const header = c.req.header(CSRF_HEADER);
    if (!header || !sameText(header, session.csrfToken)) throw new ApiError(403, 'csrf', `a state-changing request needs the ${CSRF_HEADER} header from login`);
  }
  c.set('session', session);
  c.set('user', session.user);
  await next();
};

export const requireAdmin: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (c.get('user').role !== 'admin') throw forbidden('only an admin may do this');
  await next();
};

export const orgOf = (c: Context<AppEnv>): string => c.get('user').orgId;
