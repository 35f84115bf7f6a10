// Login, logout and who am I.
import { Hono } from 'hono';
import { z } from 'zod';
import { hashSecret, newSecret } from '../../store/fleet/ids.js';
import { ApiError } from '../api-error.js';
import { clearSessionCookies, SESSION_TTL_MS, sessionCookie, setSessionCookies } from '../auth/cookies.js';
import { DECOY_HASH, verifyPassword } from '../auth/passwords.js';
import { requireUser } from '../auth/user-auth.js';
import { clientAddress } from '../client-address.js';
import type { AppEnv } from '../context.js';
import { orgJson, userJson } from '../json.js';
import { readBody } from '../validate.js';

const loginBody = z.strictObject({ email: z.string().min(1).max(320), password: z.string().min(1).max(1_000) });

export function authRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.post('/auth/login', async (c) => {
    const { email, password } = await readBody(c, loginBody);
    const { store, limiter, now } = c.get('services');
    const address = clientAddress(c);
    const wait = await limiter.retryAfter(address, email);
    if (wait > 0) throw new ApiError(429, 'rate_limited', `too many failed logins; try again in ${wait} s`, undefined, { 'retry-after': String(wait) });
    const found = await store.users.byEmail(email.trim());
    const ok = await verifyPassword(password, found?.passwordHash ?? DECOY_HASH);
    if (!found || !ok) {
      await limiter.fail(address, email);
      throw new ApiError(401, 'unauthorized', 'wrong email or password');
    }
    await limiter.succeed(address, email);
    const session = newSecret('wds');
    const csrf = newSecret('wds').slice(4);
    await store.loginSessions.create(found.user, hashSecret(session), csrf, new Date(now() + SESSION_TTL_MS).toISOString());
    setSessionCookies(c, session, csrf);
    return c.json({ user: userJson(found.user), org: orgJson(await store.orgs.get(found.user.orgId)), csrfToken: csrf });
  });

  app.post('/auth/logout', requireUser, async (c) => {
    const token = sessionCookie(c);
    if (token) await c.get('services').store.loginSessions.delete(hashSecret(token));
    clearSessionCookies(c);
    return c.json({ ok: true });
  });

  app.get('/me', requireUser, async (c) => {
    const user = c.get('user');
    return c.json({ user: userJson(user), org: orgJson(await c.get('services').store.orgs.get(user.orgId)), csrfToken: c.get('session').csrfToken });
  });

  return app;
}
