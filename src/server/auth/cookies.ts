// The session and CSRF cookies: HttpOnly session, SameSite=Strict both, Secure over https.
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { AppEnv } from '../context.js';

export const SESSION_COOKIE = 'warden_session';
export const CSRF_COOKIE = 'warden_csrf';
export const CSRF_HEADER = 'x-csrf-token';
export const SESSION_TTL_MS = 12 * 3_600_000;

function secure(c: Context<AppEnv>): boolean {
  const { deps } = c.get('services');
  if (deps.secureCookies !== undefined) return deps.secureCookies;
  if (new URL(c.req.url).protocol === 'https:') return true;
  return deps.trustProxy === true && c.req.header('x-forwarded-proto') === 'https';
}

export function setSessionCookies(c: Context<AppEnv>, session: string, csrf: string): void {
  const common = { path: '/', sameSite: 'Strict' as const, secure: secure(c), maxAge: SESSION_TTL_MS / 1000 };
  setCookie(c, SESSION_COOKIE, session, { ...common, httpOnly: true });
  setCookie(c, CSRF_COOKIE, csrf, common);
}

export function clearSessionCookies(c: Context<AppEnv>): void {
  const opts = { path: '/', sameSite: 'Strict' as const, secure: secure(c) };
  deleteCookie(c, SESSION_COOKIE, { ...opts, httpOnly: true });
  deleteCookie(c, CSRF_COOKIE, opts);
}

export const sessionCookie = (c: Context<AppEnv>): string | undefined => getCookie(c, SESSION_COOKIE);
