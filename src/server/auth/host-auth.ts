// Host routes: `authorization: Bearer <host token>` and nothing else.
import type { MiddlewareHandler } from 'hono';
import { hashSecret } from '../../store/fleet/ids.js';
import { unauthorized } from '../api-error.js';
import type { AppEnv } from '../context.js';

/** How often a host's last-seen time is written at most. */
const TOUCH_EVERY_MS = 30_000;
const touched = new WeakMap<object, Map<string, number>>();

export const requireHost: MiddlewareHandler<AppEnv> = async (c, next) => {
  const m = /^Bearer\s+(wht_[A-Za-z0-9_-]{20,100})$/.exec(c.req.header('authorization') ?? '');
  if (!m) throw unauthorized('host routes need authorization: Bearer <host token>');
  const services = c.get('services');
  const host = await services.store.hosts.byTokenHash(hashSecret(m[1]!));
  if (!host) throw unauthorized('unknown host token; enroll the host again');
  const seen = touched.get(services) ?? new Map<string, number>();
  touched.set(services, seen);
  const now = services.now();
  if (now - (seen.get(host.id) ?? 0) > TOUCH_EVERY_MS) {
    seen.set(host.id, now);
    await services.store.hosts.touch(host.id, new Date(now).toISOString());
  }
  c.set('host', host);
  await next();
};
