// Agent sessions: the list, and one session's timeline of every call, verdict and pause.
import { Hono } from 'hono';
import { z } from 'zod';
import type { FleetEntry } from '../../store/fleet/audit-query.js';
import { ApiError } from '../api-error.js';
import { fleetFilter, pageQuery } from '../audit-query-params.js';
import { orgOf } from '../auth/user-auth.js';
import type { AppEnv } from '../context.js';
import { entryJson } from '../json.js';
import { readQuery } from '../validate.js';

/** A pause this long between two calls shows as a gap. */
export const GAP_MS = 5 * 60_000;
const MAX_CALLS = 5_000;

const listQuery = z.strictObject({ hostId: z.string().max(100).optional(), since: z.string().max(100).optional(), until: z.string().max(100).optional(), ...pageQuery });
const timelineQuery = z.strictObject({ hostId: z.string().max(100).optional() });

type Item = { kind: 'call'; entry: ReturnType<typeof entryJson> } | { kind: 'gap'; from: string; to: string; seconds: number };

export function timeline(calls: readonly FleetEntry[]): Item[] {
  const items: Item[] = [];
  calls.forEach((e, i) => {
    const prev = calls[i - 1];
    if (prev) {
      const ms = Date.parse(e.time) - Date.parse(prev.time);
      if (ms >= GAP_MS) items.push({ kind: 'gap', from: prev.time, to: e.time, seconds: Math.round(ms / 1000) });
    }
    items.push({ kind: 'call', entry: entryJson(e) });
  });
  return items;
}

export function sessionRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/sessions', async (c) => {
    const q = readQuery(c, listQuery);
    const s = c.get('services');
    const f = fleetFilter({ since: q.since, until: q.until }, s.now());
    if ('error' in f) throw new ApiError(400, 'invalid_request', f.error);
    const page = await s.store.listSessions(orgOf(c), { limit: q.limit, cursor: q.cursor ?? null, ...(q.hostId ? { hostId: q.hostId } : {}), ...(f.since ? { since: f.since } : {}), ...(f.until ? { until: f.until } : {}) });
    return c.json({ sessions: page.sessions, nextCursor: page.nextCursor });
  });

  app.get('/sessions/:session', async (c) => {
    const q = readQuery(c, timelineQuery);
    const calls = await c.get('services').store.sessionCalls(orgOf(c), c.req.param('session'), q.hostId, MAX_CALLS);
    const first = calls[0];
    if (!first) throw new ApiError(404, 'not_found', 'no such session');
    const hosts = new Set(calls.map((e) => e.hostId));
    if (hosts.size > 1) throw new ApiError(409, 'conflict', 'this session id was recorded on several hosts; pass hostId', [...hosts].map((h) => ({ path: 'hostId', message: h })));
    const host = await c.get('services').store.hosts.get(orgOf(c), first.hostId).catch(() => null);
    return c.json({ session: c.req.param('session'), hostId: first.hostId, hostname: host?.hostname ?? first.host, agent: first.agent, items: timeline(calls) });
  });

  return app;
}
