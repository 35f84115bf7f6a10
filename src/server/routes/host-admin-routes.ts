// Hosts as users see them: list, detail, role assignment one by one or in bulk, removal.
import { Hono } from 'hono';
import { z } from 'zod';
import type { HostRecord, RoleRecord } from '../../store/fleet/types.js';
import { orgOf, requireAdmin } from '../auth/user-auth.js';
import type { AppEnv, AppServices } from '../context.js';
import { hostJson } from '../json.js';
import { hostPolicy } from '../policy/host-policy.js';
import { readBody, readQuery } from '../validate.js';

const id = z.string().min(1).max(100);
const listQuery = z.strictObject({ roleId: id.optional(), q: z.string().max(200).optional() });
const assignBody = z.strictObject({ roleId: id.nullable() });
const bulkBody = z.strictObject({ hostIds: z.array(id).min(1).max(1_000), roleId: id.nullable() });

async function hostsJson(s: AppServices, orgId: string, hosts: readonly HostRecord[]) {
  const roles = await s.store.roles.list(orgId);
  const byId = new Map(roles.map((r) => [r.id, r]));
  const fallback: RoleRecord | null = roles.find((r) => r.isDefault) ?? null;
  const now = s.now();
  return hosts.map((h) => hostJson(h, (h.roleId !== null ? byId.get(h.roleId) : undefined) ?? fallback, s.hub.isConnected(h.id), now));
}

export function hostAdminRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/hosts', async (c) => {
    const q = readQuery(c, listQuery);
    const s = c.get('services');
    const hosts = await s.store.hosts.list(orgOf(c), { ...(q.roleId !== undefined ? { roleId: q.roleId } : {}), ...(q.q !== undefined ? { q: q.q } : {}) });
    return c.json({ hosts: await hostsJson(s, orgOf(c), hosts) });
  });

  app.get('/hosts/:id', async (c) => {
    const s = c.get('services');
    const orgId = orgOf(c);
    const host = await s.store.hosts.get(orgId, c.req.param('id'));
    const [[json], policy, checkpoint, openAlerts] = await Promise.all([
      hostsJson(s, orgId, [host]),
      hostPolicy(s.store, host),
      s.store.db.selectFrom('host_checkpoints').select(['seq', 'hash', 'time']).where('host_id', '=', host.id).where('kind', '=', 'checkpoint').orderBy('seq', 'desc').limit(1).executeTakeFirst(),
      s.store.alerts.countOpen(orgId, host.id),
    ]);
    return c.json({ ...json, policyEtag: policy.etag, lastCheckpoint: checkpoint ? { seq: Number(checkpoint.seq), hash: checkpoint.hash, time: checkpoint.time } : null, openAlerts });
  });

  app.put('/hosts/:id/role', requireAdmin, async (c) => {
    const { roleId } = await readBody(c, assignBody);
    const s = c.get('services');
    const orgId = orgOf(c);
    await s.store.hosts.assignRole(orgId, [c.req.param('id')], roleId);
    await s.hub.changed(orgId);
    const [json] = await hostsJson(s, orgId, [await s.store.hosts.get(orgId, c.req.param('id'))]);
    return c.json(json);
  });

  app.post('/hosts/assign-role', requireAdmin, async (c) => {
    const { hostIds, roleId } = await readBody(c, bulkBody);
    const s = c.get('services');
    const orgId = orgOf(c);
    const updated = await s.store.hosts.assignRole(orgId, hostIds, roleId);
    await s.hub.changed(orgId);
    return c.json({ updated });
  });

  app.delete('/hosts/:id', requireAdmin, async (c) => {
    const s = c.get('services');
    const orgId = orgOf(c);
    await s.store.hosts.delete(orgId, c.req.param('id'));
    await s.hub.changed(orgId);
    return c.json({ deleted: true });
  });

  return app;
}
