// The fleet audit log: filtered pages and exports in every format `warden audit export` writes.
import { Hono } from 'hono';
import { stream } from 'hono/streaming';
import { z } from 'zod';
import { EXPORT_FORMATS, exportRecords } from '../../audit/export/export.js';
import { ApiError } from '../api-error.js';
import { auditFilterQuery, fleetFilter, pageQuery } from '../audit-query-params.js';
import { orgOf } from '../auth/user-auth.js';
import type { AppEnv } from '../context.js';
import { entryJson } from '../json.js';
import { readQuery } from '../validate.js';

const listQuery = z.strictObject({ ...auditFilterQuery, ...pageQuery });
const exportQuery = z.strictObject({ ...auditFilterQuery, format: z.enum(EXPORT_FORMATS) });

const CONTENT_TYPES = { csv: 'text/csv; charset=utf-8', json: 'application/json', ndjson: 'application/x-ndjson', sarif: 'application/sarif+json' } as const;

function filterOrThrow(q: Parameters<typeof fleetFilter>[0], now: number) {
  const f = fleetFilter(q, now);
  if ('error' in f) throw new ApiError(400, 'invalid_request', f.error);
  return f;
}

export function auditRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/audit', async (c) => {
    const q = readQuery(c, listQuery);
    const s = c.get('services');
    const page = await s.store.queryAudit(orgOf(c), filterOrThrow(q, s.now()), { limit: q.limit, cursor: q.cursor ?? null });
    return c.json({ entries: page.entries.map(entryJson), nextCursor: page.nextCursor });
  });

  app.get('/audit/export', (c) => {
    const q = readQuery(c, exportQuery);
    const s = c.get('services');
    const filter = filterOrThrow(q, s.now());
    const orgId = orgOf(c);
    c.header('content-type', CONTENT_TYPES[q.format]);
    c.header('content-disposition', `attachment; filename="warden-audit.${q.format === 'sarif' ? 'sarif.json' : q.format}"`);
    return stream(c, async (out) => {
      await exportRecords(q.format, s.store.iterateAudit(orgId, filter), (chunk) => out.write(chunk).then(() => undefined), { toolVersion: '0.1.0' });
    });
  });

  return app;
}
